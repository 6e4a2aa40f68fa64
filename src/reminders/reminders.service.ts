import { Injectable } from '@nestjs/common';
import { In, type FindOptionsWhere } from 'typeorm';
import { grantOf } from '../auth/permissions.js';
import type { SignedInUser } from '../common/actor.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { User } from '../users/user.entity.js';
import type { ReminderQuery } from './reminders.dto.js';
import { ReminderKinds, type ReminderLine, type ReminderSubjectName } from './reminder-kind.js';
import { Reminder } from './reminder.entity.js';
import { whichReminder } from './reminder-words.js';

@Injectable()
export class RemindersService {
  constructor(
    private readonly kinds: ReminderKinds,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * Reminders soonest first, each naming what it is about and linking its page. An administrator,
   * who looks after delivery, sees everyone's; anyone else only their own.
   */
  list(query: ReminderQuery, viewer: SignedInUser) {
    return this.unitOfWork.read(async (manager) => {
      const where: FindOptionsWhere<Reminder> = {
        ...(query.status ? { status: query.status } : {}),
        ...(grantOf(viewer.role, 'users:manage') ? {} : { recipientId: viewer.id }),
      };
      const reminders = await manager.find(Reminder, { where, order: { sendAfter: 'ASC', id: 'ASC' }, take: query.limit ?? 100 });
      const people = new Map(
        (await manager.findBy(User, { id: In([...new Set(reminders.map((r) => r.recipientId))]) })).map((u) => [u.id, u]),
      );
      const lines = new Map<string, ReminderLine | null>();
      const names = new Map<string, ReminderSubjectName>();
      for (const subject of new Set(reminders.map((reminder) => reminder.subject))) {
        const kind = this.kinds.of(subject);
        const ofKind = reminders.filter((reminder) => reminder.subject === subject);
        for (const [id, line] of await kind.describe(manager, ofKind)) lines.set(id, line);
        // One that no longer applies is still named, where what it was about is still there.
        const stale = ofKind.filter((reminder) => !lines.get(reminder.id));
        if (stale.length > 0) for (const [id, name] of await kind.name(manager, stale)) names.set(id, name);
      }
      return reminders.map((reminder) => {
        const line = lines.get(reminder.id) ?? null;
        const name = names.get(reminder.id);
        const kindNews = this.kinds.of(reminder.subject).news;
        const news = (typeof kindNews === 'string' ? kindNews : kindNews?.[reminder.recipientRole]) ?? null;
        const workingDaysFromDue = line?.workingDaysFromDue ?? name?.workingDaysFromDue ?? reminder.step;
        return {
          id: reminder.id,
          status: reminder.status,
          subject: reminder.subject,
          subjectId: reminder.subjectId,
          inspectionId: reminder.inspectionId,
          /** False for a reminder still pending whose item has since moved on: the next sweep withdraws it unsent. */
          applies: line !== null,
          about: line
            ? { label: line.label, title: line.title, path: line.path }
            : name
              ? { label: name.label, title: `${name.title} (no longer applies)`, path: name.path }
              : { label: 'No longer applies', title: 'Its item has since changed', path: `/inspections/${reminder.inspectionId}` },
          recipient: { name: people.get(reminder.recipientId)?.name, email: people.get(reminder.recipientId)?.email },
          recipientRole: reminder.recipientRole,
          /** Which of its date's reminders it is, in words: "3 working days overdue". */
          which: whichReminder(workingDaysFromDue, { news, ownerName: line?.ownerName ?? null }),
          // A notice's own date is the day it was made: the date that matters to the person is when the work is due,
          // which a notice that no longer applies does not know.
          dueOn: line
            ? line.dueOn === undefined
              ? reminder.dueOn
              : line.dueOn
            : name?.dueOn !== undefined
              ? name.dueOn
              : news
                ? null
                : reminder.dueOn,
          workingDaysFromDue,
          sendOn: reminder.sendOn,
          sendAfter: reminder.sendAfter,
          attempts: reminder.attempts,
          lastError: reminder.lastError,
          sentAt: reminder.sentAt,
          messageId: reminder.messageId,
        };
      });
    });
  }
}
