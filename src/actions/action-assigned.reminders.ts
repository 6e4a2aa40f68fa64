import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isFinishedAction } from '../../workflows/action.machine.js';
import { Clock } from '../common/clock.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import { FollowsChanges, type FollowUp, type FollowUpHandlers } from '../moves/follow-ups.js';
import {
  RemindsOf,
  type CalendarDate,
  type ReminderKind,
  type ReminderLine,
  type ReminderSubjectName,
} from '../reminders/reminder-kind.js';
import { longDate } from '../reminders/reminder-messages.js';
import type { Reminder } from '../reminders/reminder.entity.js';
import { ReminderSchedule } from '../reminders/reminder-schedule.js';
import { peopleById } from '../users/people.js';
import type {} from './action.changes.js';
import type { Action } from './action.entity.js';
import { actionLabel, namedActions, remindedActions } from './reminded-actions.js';

/**
 * An action given to someone: its new owner is told in the next sending window, so they hear of it
 * from the service, not first from a reminder before its due date. The notice is about the day it
 * was assigned (its rows' dueOn): reassigning the action before it goes withdraws it, and a later
 * reassignment sends a new one. Nobody is told of an action they gave themselves.
 */
@Injectable()
@RemindsOf()
@FollowsChanges()
export class ActionAssignedReminders implements ReminderKind, FollowUp {
  readonly subject = 'assigned';
  readonly news = 'Newly assigned';

  readonly follows: FollowUpHandlers = {
    'action:written': async (manager, { record, created, changed }) => {
      if (created || changed.includes('ownerId')) await this.plan(manager, record);
    },
    'action:removed': (manager, { record }) => this.plan(manager, record, { removed: true }),
  };

  constructor(
    private readonly clock: Clock,
    private readonly schedule: ReminderSchedule,
  ) {}

  private async plan(manager: EntityManager, action: Action, { removed = false } = {}): Promise<void> {
    const area = (await areaRepository.byId(manager, action.areaId))!;
    const told = !removed && action.ownerId !== null && action.ownerId !== action.assignedById && !isFinishedAction(action.state);
    await this.schedule.keep(manager, {
      subject: this.subject,
      subjectId: action.id,
      inspectionId: area.inspectionId,
      dueOn: this.clock.today(),
      reminders: told ? [{ recipientId: action.ownerId!, recipientRole: 'owner', step: 0, sendOn: this.schedule.firstSendingDay() }] : [],
    });
  }

  /** A notice is planned once, when the owner changes; nothing follows it. */
  async replan(): Promise<void> {}

  name(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderSubjectName>> {
    return namedActions(manager, reminders);
  }

  async describe(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderLine | null>> {
    const { actions, areas } = await remindedActions(manager, reminders);
    const assigners = await peopleById(
      manager,
      [...actions.values()].map((action) => action.assignedById),
    );
    return new Map(
      reminders.map((reminder) => {
        const action = actions.get(reminder.subjectId);
        if (!action || isFinishedAction(action.state) || action.ownerId !== reminder.recipientId) return [reminder.id, null];
        const assigner = assigners.get(action.assignedById ?? '');
        return [
          reminder.id,
          {
            label: actionLabel(action, areas.get(action.areaId)!),
            title: action.title,
            path: `/actions/${action.id}`,
            ownerName: null,
            rag: null,
            ragReason: null,
            news: `${assigner ? `${assigner.name} assigned it to you` : 'It was assigned to you'} on ${longDate(reminder.dueOn)}.${action.successMeasure ? ` Success measure: ${action.successMeasure}` : ''}`,
            dueOn: action.dueOn,
          },
        ];
      }),
    );
  }

  /** The action's due date is in the feed already, as ActionDueReminders gives it. */
  calendar(): Promise<CalendarDate[]> {
    return Promise.resolve([]);
  }
}
