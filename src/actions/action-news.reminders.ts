import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ACTION_STATES, BLOCKED_ACTION_STATES, isFinishedAction } from '../../workflows/action.machine.js';
import { Clock } from '../common/clock.js';
import { Policy } from '../config/policy.js';
import { areaRepository } from '../improvement-areas/area.repository.js';
import { asSentence, type RagStatus } from '../rag/rag-rules.js';
import { RagService } from '../rag/rag.service.js';
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
import { User, type Person } from '../users/user.entity.js';
import type {} from './action.changes.js';
import type { Action } from './action.entity.js';
import { actionRepository } from './action.repository.js';
import { actionLabel, namedActions, remindedActions } from './reminded-actions.js';

/** What happened to the action, as its row's recipientRole records it: each is told while it is still so. */
type Happened = 'block' | 'red' | 'signoff' | 'complete' | 'cancel';

/** Whether what happened is still so when the email goes: `rating` is the action's, by the rules every page uses. */
const STILL_SO: Record<Happened, (action: Action, rating: RagStatus | undefined) => boolean> = {
  block: (action) => action.state === ACTION_STATES.blocked,
  // Its owner's latest word is still red, and it is not done.
  red: (action) => action.rag === 'red' && !isFinishedAction(action.state),
  // Reported done, and not since corrected downwards nor finished.
  signoff: (_action, rating) => rating === 'awaiting_sign_off',
  complete: (action) => action.state === ACTION_STATES.completed,
  cancel: (action) => action.state === ACTION_STATES.cancelled,
};

const MOVED_TO: Partial<Record<string, Happened>> = {
  [ACTION_STATES.blocked]: 'block',
  [ACTION_STATES.completed]: 'complete',
  [ACTION_STATES.cancelled]: 'cancel',
};

/**
 * The deputy director who assigned an action hears, in the next sending window, when someone else blocks it, rates it
 * red, reports it done (it then waits for their sign-off), completes it or cancels it: each needs them, or changes what
 * they answer for. Only the latest is told; one that is no longer so (unblocked, reopened) is withdrawn.
 */
@Injectable()
@RemindsOf()
@FollowsChanges()
export class ActionNewsReminders implements ReminderKind, FollowUp {
  readonly subject = 'actionnews';
  readonly news: Record<Happened, string> = {
    block: 'Blocked',
    red: 'Rated red by its owner',
    signoff: 'Reported done, waiting for sign-off',
    complete: 'Completed',
    cancel: 'Cancelled',
  };

  readonly follows: FollowUpHandlers = {
    'action:moved': async (manager, { record, move, actor }) => {
      const happened = MOVED_TO[move.to];
      if (happened) await this.tell(manager, record, happened, actor);
    },
    // Told when a report first reaches "done", not again with each report at 100%.
    'action:progress': async (manager, { record, percentComplete, actor }) => {
      const done = (percent: number | undefined) => percent !== undefined && percent >= this.policy.rag.awaitingSignOff.percentComplete;
      const [, previous] = await actionRepository.progressUpdates(manager, [record.id]);
      if (done(percentComplete) && !done(previous?.percentComplete) && !isFinishedAction(record.state))
        await this.tell(manager, record, 'signoff', actor);
    },
    // The owner's own rating changes only with a progress update: told when it turns red, not again while it stays so.
    // A blocked action's news is its block, with why: a red rating would take its place, and the reason with it.
    'action:written': async (manager, { record, changed, actor }) => {
      if (
        changed.includes('rag') &&
        record.rag === 'red' &&
        !isFinishedAction(record.state) &&
        !BLOCKED_ACTION_STATES.includes(record.state)
      )
        await this.tell(manager, record, 'red', actor);
    },
  };

  constructor(
    private readonly clock: Clock,
    private readonly policy: Policy,
    private readonly rag: RagService,
    private readonly schedule: ReminderSchedule,
  ) {}

  private async tell(manager: EntityManager, action: Action, happened: Happened, actor: Person): Promise<void> {
    // Nobody is told of what they did themselves, nor someone who has left: they could not act on it.
    if (!action.assignedById || action.assignedById === actor.id) return;
    if (!(await manager.findOneBy(User, { id: action.assignedById }))?.active) return;
    const area = (await areaRepository.byId(manager, action.areaId))!;
    await this.schedule.keep(manager, {
      subject: this.subject,
      subjectId: action.id,
      inspectionId: area.inspectionId,
      dueOn: this.clock.today(),
      reminders: [{ recipientId: action.assignedById, recipientRole: happened, step: 0, sendOn: this.schedule.firstSendingDay() }],
    });
  }

  /** A notice is planned when its news happens; nothing follows it. */
  async replan(): Promise<void> {}

  name(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderSubjectName>> {
    return namedActions(manager, reminders);
  }

  async describe(manager: EntityManager, reminders: readonly Reminder[]): Promise<Map<string, ReminderLine | null>> {
    const { actions, areas } = await remindedActions(manager, reminders);
    const facts = await this.rag.factsOf(manager, [...actions.values()]);
    const reasons = facts.stateReasons;
    const ratings = this.rag.rate([...actions.values()], facts);
    const people = await peopleById(
      manager,
      [...actions.values()].flatMap((action) => [action.ownerId, action.assignedById]),
    );
    return new Map(
      reminders.map((reminder) => {
        const action = actions.get(reminder.subjectId);
        const happened = reminder.recipientRole as Happened;
        if (
          !action ||
          action.assignedById !== reminder.recipientId ||
          !people.get(reminder.recipientId)?.active ||
          !STILL_SO[happened]?.(action, ratings.get(action.id)?.rating.status)
        )
          return [reminder.id, null];
        const on = longDate(reminder.dueOn);
        const reason = reasons.get(action.id);
        const news = {
          block: `Marked as blocked on ${on}.${reason ? ` Why: ${asSentence(reason)}` : ''}`,
          red: `Rated red by its owner on ${on}${action.ragReason ? `: ${asSentence(action.ragReason)}` : '.'}`,
          signoff: `Reported as done on ${on}: it is waiting for you to sign it off as completed, or to say what is still missing.`,
          complete: `Marked as completed on ${on}.${reason ? ` How its success measure was met: ${asSentence(reason)}` : ''}`,
          cancel: `Cancelled on ${on}.${reason ? ` Why: ${asSentence(reason)}` : ''}`,
        }[happened];
        return [
          reminder.id,
          {
            label: actionLabel(action, areas.get(action.areaId)!),
            title: action.title,
            path: `/actions/${action.id}`,
            ownerName: people.get(action.ownerId ?? '')?.name ?? null,
            rag: null,
            ragReason: null,
            news,
            ofWorkTheyAssigned: true,
            dueOn: action.dueOn,
            ...(isFinishedAction(action.state) ? { when: '' } : {}),
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
