import { Injectable } from '@nestjs/common';
import type { IsoDate } from '../common/dates.js';
import type { EntityManager } from 'typeorm';
import { finishesOrReopens, isFinishedAction } from '../../workflows/action.machine.js';
import { Policy, type DeadlineReminders } from '../config/policy.js';
import { RagService } from '../rag/rag.service.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
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
import { ReminderSchedule, type PlannedReminder } from '../reminders/reminder-schedule.js';
import { peopleById } from '../users/people.js';
import type {} from './action.changes.js';
import type { Action } from './action.entity.js';
import { actionRepository } from './action.repository.js';
import { actionLabel, namedActions, remindedActions } from './reminded-actions.js';

/** What its reminders depend on besides its state: to whom they go, and when. */
const WHO_AND_WHEN = ['ownerId', 'assignedById', 'dueOn'];

/**
 * An action falling due: its owner is reminded ahead, on the day and while it is overdue, unless they have reported it
 * done and it waits for someone else's sign-off; the deputy director who assigned it is copied once it is late, while
 * their account is active. Rules: actionDue in config/reminders.yaml.
 */
@Injectable()
@RemindsOf()
@FollowsChanges()
export class ActionDueReminders implements ReminderKind, FollowUp {
  readonly subject = 'action';
  private readonly rules: DeadlineReminders;

  readonly follows: FollowUpHandlers = {
    'action:written': async (manager, { record, created, changed }) => {
      if (created || changed.some((field) => WHO_AND_WHEN.includes(field))) await this.plan(manager, record);
    },
    'action:removed': async (manager, { record }) => {
      const area = (await areaRepository.byId(manager, record.areaId))!;
      await this.schedule.keep(manager, {
        subject: this.subject,
        subjectId: record.id,
        inspectionId: area.inspectionId,
        dueOn: null,
        reminders: [],
      });
    },
    // Only finishing or reopening changes what an action's reminders are: other moves leave them be.
    'action:moved': async (manager, { record, move }) => {
      if (finishesOrReopens(move.from, move.to)) await this.plan(manager, record);
    },
  };

  constructor(
    private readonly policy: Policy,
    private readonly rag: RagService,
    private readonly schedule: ReminderSchedule,
  ) {
    this.rules = policy.reminderRules('actionDue');
  }

  async plan(manager: EntityManager, action: Action): Promise<void> {
    const reminders: PlannedReminder[] = [];
    if (!isFinishedAction(action.state) && action.ownerId && action.dueOn) {
      const steps = this.schedule.steps(action.dueOn, this.rules);
      reminders.push(...steps.map((step) => ({ ...step, recipientId: action.ownerId!, recipientRole: 'owner' })));
      const copyFrom = this.rules.copyAssignerFromWorkingDaysOverdue;
      if (action.assignedById && action.assignedById !== action.ownerId && copyFrom !== undefined) {
        reminders.push(
          ...steps
            .filter((step) => step.step >= copyFrom)
            .map((step) => ({ ...step, recipientId: action.assignedById!, recipientRole: 'assigner' })),
        );
      }
    }
    const area = (await areaRepository.byId(manager, action.areaId))!;
    await this.schedule.keep(manager, {
      subject: this.subject,
      subjectId: action.id,
      inspectionId: area.inspectionId,
      dueOn: action.dueOn,
      reminders,
    });
  }

  async replan(manager: EntityManager, actionId: string): Promise<void> {
    const action = await actionRepository.byId(manager, actionId);
    if (action) await this.plan(manager, action);
  }

  name(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderSubjectName>> {
    return namedActions(manager, reminders);
  }

  async describe(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderLine | null>> {
    const { actions, areas } = await remindedActions(manager, reminders);
    const people = await peopleById(
      manager,
      [...actions.values()].flatMap((action) => [action.ownerId, action.assignedById]),
    );
    // Whoever assigned it signs it off: while they can, an owner who has reported it done has nothing left to do.
    const signedOffByOther = (action: Action) =>
      action.assignedById !== null && action.assignedById !== action.ownerId && people.get(action.assignedById)?.active === true;
    // The rules' rating, as the pages and papers show it, not the owner's own last word.
    const rated = await this.rag.rateActions(manager, [...actions.values()]);
    const awaitingSignOff = (action: Action) => rated.get(action.id)!.rating.status === 'awaiting_sign_off';
    const reportedDoneOn = await this.reportedDoneOn(manager, [...actions.values()].filter(awaitingSignOff));
    return new Map(
      reminders.map((reminder) => {
        const action = actions.get(reminder.subjectId);
        const applies =
          action !== undefined &&
          !isFinishedAction(action.state) &&
          action.dueOn === reminder.dueOn &&
          (reminder.recipientRole === 'owner' ? action.ownerId : action.assignedById) === reminder.recipientId &&
          // Copies go only to an assigner still here; an owner who reported it done waits for their sign-off.
          (reminder.recipientRole === 'owner'
            ? !(awaitingSignOff(action) && signedOffByOther(action))
            : people.get(reminder.recipientId)?.active === true);
        if (!applies) return [reminder.id, null];
        const line: ReminderLine = {
          label: actionLabel(action, areas.get(action.areaId)!),
          title: action.title,
          path: `/actions/${action.id}`,
          ownerName: reminder.recipientRole === 'assigner' ? (people.get(action.ownerId ?? '')?.name ?? null) : null,
          rag: rated.get(action.id)!.rating.label,
          ragReason: rated.get(action.id)!.rating.reason,
        };
        // Past its date only for want of their sign-off: the copy asks for that, rather than calling the work overdue.
        const doneOn = reportedDoneOn.get(action.id);
        if (reminder.recipientRole === 'assigner' && doneOn)
          return [reminder.id, { ...line, ...this.stillToSignOff(action.dueOn!, doneOn), rag: null, ragReason: null }];
        return [reminder.id, line];
      }),
    );
  }

  /**
   * The day each of these actions, rated as awaiting sign-off, was first reported done: the earliest of its latest run
   * of updates at done, so that a later report at 100% does not make work done in time read as late.
   */
  private async reportedDoneOn(manager: EntityManager, actions: readonly Action[]): Promise<Map<string, IsoDate>> {
    const done = this.policy.rag.awaitingSignOff.percentComplete;
    const doneOn = new Map<string, IsoDate>();
    const pastRun = new Set<string>();
    // Newest first: each action's run at done ends at its first update below it.
    for (const update of await actionRepository.progressUpdates(
      manager,
      actions.map((action) => action.id),
    )) {
      if (pastRun.has(update.actionId)) continue;
      if (update.percentComplete < done) pastRun.add(update.actionId);
      else doneOn.set(update.actionId, update.reportedOn);
    }
    return doneOn;
  }

  private stillToSignOff(dueOn: IsoDate, doneOn: IsoDate): Pick<ReminderLine, 'news' | 'ofWorkTheyAssigned' | 'when'> {
    return {
      news: `Reported as done on ${longDate(doneOn)}: it is still waiting for you to sign it off as completed, or to say what is still missing.`,
      ofWorkTheyAssigned: true,
      when: `${doneOn <= dueOn ? 'Done in time' : 'Done late'}: it was due on ${longDate(dueOn)}.`,
    };
  }

  /** The due date of each open action the person owns. */
  async calendar(manager: EntityManager, userId: string): Promise<CalendarDate[]> {
    const actions = (await actionRepository.openOwnedBy(manager, userId)).filter((action) => action.dueOn !== null);
    const areas = new Map((await areaRepository.byIds(manager, [...new Set(actions.map((a) => a.areaId))])).map((a) => [a.id, a]));
    const councilOf = await inspectionRepository.councilsOf(
      manager,
      [...areas.values()].map((area) => area.inspectionId),
    );
    return actions.map((action) => {
      const area = areas.get(action.areaId)!;
      return {
        uid: `action-${action.id}`,
        date: action.dueOn!,
        title: `Action ${area.position}.${action.position} due: ${action.title}`,
        description: `${councilOf.get(area.inspectionId)}, improvement area ${area.position}: ${area.title}${action.successMeasure ? `\nSuccess measure: ${action.successMeasure}` : ''}`,
        path: `/actions/${action.id}`,
      };
    });
  }
}
