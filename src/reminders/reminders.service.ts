import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work.js';
import { User } from '../users/user.entity.js';
import type { ReminderQuery } from './reminders.dto.js';
import { Reminder } from './reminder.entity.js';

@Injectable()
export class RemindersService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  list(query: ReminderQuery) {
    return this.unitOfWork.read(async (manager) => {
      const reminders = await manager.find(Reminder, {
        where: query.status ? { status: query.status } : {},
        order: { sendAfter: 'ASC', id: 'ASC' },
        take: query.limit ?? 100,
      });
      const people = new Map(
        (await manager.findBy(User, { id: In([...new Set(reminders.map((r) => r.recipientId))]) })).map((u) => [u.id, u]),
      );
      return reminders.map((reminder) => ({
        id: reminder.id,
        status: reminder.status,
        subject: reminder.subject,
        subjectId: reminder.subjectId,
        inspectionId: reminder.inspectionId,
        recipient: { name: people.get(reminder.recipientId)?.name, email: people.get(reminder.recipientId)?.email },
        recipientRole: reminder.recipientRole,
        dueOn: reminder.dueOn,
        workingDaysFromDue: reminder.step,
        sendOn: reminder.sendOn,
        sendAfter: reminder.sendAfter,
        attempts: reminder.attempts,
        lastError: reminder.lastError,
        sentAt: reminder.sentAt,
        messageId: reminder.messageId,
      }));
    });
  }
}
