import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { londonDate, londonInstant, londonTime, type IsoDate } from '../common/dates.js';
import { Policy, type DeadlineReminders } from '../config/policy.js';
import { WorkingDays } from '../working-days/working-days.service.js';
import { Reminder } from './reminder.entity.js';

/** One email a deadline calls for: to whom, why them, and on which working day. */
export interface PlannedReminder {
  recipientId: string;
  /** Why this person gets it, in the kind's own words: owner, assigner, plan_lead, clerk… */
  recipientRole: string;
  /** Working days from the deadline: negative before it, 0 on the day, positive overdue. */
  step: number;
  sendOn: IsoDate;
}

/** A deadline's reminders as its kind wants them now: all of them, for one subject. */
export interface ReminderPlan {
  subject: string;
  subjectId: string;
  inspectionId: string;
  /** The date the reminders are about; null when there is none (nothing is planned). */
  dueOn: IsoDate | null;
  reminders: PlannedReminder[];
}

/** Overdue reminders repeat without end; only the next ones are planned, the rest follow as each is sent. */
const OVERDUE_PLANNED_AHEAD = 2;

/**
 * Keeps the reminders table in step with each kind's deadlines. A kind calls `keep` in the same
 * transaction as any change to its date, its people or its state, so a reminder is never left
 * pointing at an old date: what is no longer wanted is cancelled, what is new is added, what was
 * sent stays sent.
 */
@Injectable()
export class ReminderSchedule {
  constructor(
    private readonly clock: Clock,
    private readonly policy: Policy,
    private readonly workingDays: WorkingDays,
  ) {}

  /** The reminders a deadline calls for from today on: one per working day at most, the one nearest the deadline. */
  steps(dueOn: IsoDate, rules: Omit<DeadlineReminders, 'copyAssignerFromWorkingDaysOverdue'>): Array<{ step: number; sendOn: IsoDate }> {
    return reminderSteps(dueOn, rules, this.clock.today(), this.workingDays);
  }

  /** The first day news can still go out: today if it is a working day not yet past its sending hours, otherwise the next working day. */
  firstSendingDay(): IsoDate {
    const today = this.clock.today();
    const stillSending = this.workingDays.isWorkingDay(today) && londonTime(this.clock.now()) < this.policy.reminders.stopSendingAt;
    return stillSending ? today : this.workingDays.addWorkingDays(today, 1);
  }

  async keep(manager: EntityManager, plan: ReminderPlan): Promise<void> {
    const { subject, subjectId, inspectionId, dueOn } = plan;
    // Of this kind only: one subject (a plan) can have reminders of several kinds (its deadline, its draft).
    const existing = new Map(
      (await manager.findBy(Reminder, { subject, subjectId })).map((reminder) => [reminder.idempotencyKey, reminder]),
    );
    const wanted = new Set<string>();
    const today = this.clock.today();
    // Whom an email about this date reached today, or is reaching now: after days when nothing could be sent, it tells them how late it is now.
    const toldToday = new Set(
      [...existing.values()]
        .filter(
          (row) =>
            row.dueOn === dueOn &&
            (row.status === 'claimed' || (row.status === 'sent' && row.sentAt && londonDate(new Date(row.sentAt)) === today)),
        )
        .map((row) => row.recipientId),
    );
    for (const reminder of dueOn ? plan.reminders : []) {
      const idempotencyKey = `${subject}:${subjectId}:${reminder.recipientRole}:${reminder.recipientId}:${dueOn}:${reminder.step}`;
      wanted.add(idempotencyKey);
      // An overdue reminder for today, planned as that email went, would say the same again: the next one follows it.
      if (reminder.step > 0 && reminder.sendOn === today && toldToday.has(reminder.recipientId)) continue;
      const row = existing.get(idempotencyKey);
      const sendAfter = () => londonInstant(reminder.sendOn, this.policy.reminders.sendAt).toISOString();
      if (!row) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(Reminder)
          .values({
            id: randomUUID(),
            idempotencyKey,
            subject,
            subjectId,
            inspectionId,
            ...reminder,
            dueOn: dueOn!,
            sendAfter: sendAfter(),
            status: 'pending',
            attempts: 0,
            lastError: null,
            claimToken: null,
            leaseUntil: null,
            sentAt: null,
            messageId: null,
            createdAt: this.clock.now().toISOString(),
          })
          .orIgnore()
          .execute();
      } else if (row.status === 'cancelled') {
        // Wanted again (an action reopened, a date moved back): the same reminder, re-armed.
        // Only while it is still cancelled: another instance may have just re-armed and sent it.
        await manager.update(
          Reminder,
          { id: row.id, status: 'cancelled' },
          { status: 'pending', sendOn: reminder.sendOn, sendAfter: sendAfter(), attempts: 0, lastError: null },
        );
      }
    }
    const unwanted = [...existing.values()].filter((row) => row.status === 'pending' && !wanted.has(row.idempotencyKey));
    for (const row of unwanted) await manager.update(Reminder, { id: row.id, status: 'pending' }, { status: 'cancelled' });
  }
}

/**
 * Pure: the working days a deadline's reminders go out on, from `today` on. Ahead of it (each of
 * workingDaysBefore), on the day, then every overdueEveryWorkingDays while it is missed (the next
 * two only). Two reminders falling on one day become the one nearer the deadline.
 */
export function reminderSteps(
  dueOn: IsoDate,
  rules: Omit<DeadlineReminders, 'copyAssignerFromWorkingDaysOverdue'>,
  today: IsoDate,
  workingDays: Pick<WorkingDays, 'addWorkingDays' | 'shiftWorkingDays'>,
): Array<{ step: number; sendOn: IsoDate }> {
  const byDay = new Map<IsoDate, number>();
  const add = (step: number, sendOn: IsoDate) => {
    if (sendOn >= today && !(byDay.has(sendOn) && byDay.get(sendOn)! > step)) byDay.set(sendOn, step);
  };
  for (const daysBefore of rules.workingDaysBefore) add(-daysBefore, workingDays.shiftWorkingDays(dueOn, -daysBefore));
  if (rules.onTheDay) add(0, workingDays.shiftWorkingDays(dueOn, 0));

  let overdueBy = 1;
  let sendOn = workingDays.addWorkingDays(dueOn, 1);
  while (sendOn < today) {
    overdueBy += rules.overdueEveryWorkingDays;
    sendOn = workingDays.addWorkingDays(sendOn, rules.overdueEveryWorkingDays);
  }
  for (let planned = 0; planned < OVERDUE_PLANNED_AHEAD; planned += 1) {
    add(overdueBy, sendOn);
    overdueBy += rules.overdueEveryWorkingDays;
    sendOn = workingDays.addWorkingDays(sendOn, rules.overdueEveryWorkingDays);
  }
  return [...byDay].map(([day, step]) => ({ step, sendOn: day }));
}
