import { setup } from 'xstate';
import { REASON_GIVEN, type Check, type Workflow } from './workflow.js';

export interface ActionFacts {
  /** Why the change is being made, as typed by the person making it. */
  comment: string;
}

export type ActionEventType = 'START' | 'COMPLETE' | 'BLOCK' | 'UNBLOCK' | 'CANCEL' | 'REOPEN';
export type ActionEvent = ActionFacts & { type: ActionEventType };

export const ACTION_STATES = {
  notStarted: 'not_started',
  inProgress: 'in_progress',
  blocked: 'blocked',
  completed: 'completed',
  cancelled: 'cancelled',
} as const;
export type ActionState = (typeof ACTION_STATES)[keyof typeof ACTION_STATES];

const checks = {
  // Blocking, cancelling and reopening change what the committee will read: the record must say why.
  [REASON_GIVEN]: (event) => (event.comment.trim().length > 0 ? null : `Give a reason to ${event.type.toLowerCase()} an action.`),
} satisfies Record<string, Check<ActionEvent>>;

export const actionMachine = setup({
  types: { events: {} as ActionEvent },
  guards: {
    [REASON_GIVEN]: ({ event }) => checks[REASON_GIVEN](event) === null,
  },
}).createMachine({
  id: 'action',
  initial: 'not_started',
  states: {
    not_started: {
      description: 'Agreed but not yet begun.',
      on: {
        START: { target: 'in_progress' },
        COMPLETE: { target: 'completed' },
        BLOCK: { target: 'blocked', guard: 'reasonGiven' },
        CANCEL: { target: 'cancelled', guard: 'reasonGiven' },
      },
    },
    in_progress: {
      description: 'Being delivered by its owner.',
      on: {
        COMPLETE: { target: 'completed' },
        BLOCK: { target: 'blocked', guard: 'reasonGiven' },
        CANCEL: { target: 'cancelled', guard: 'reasonGiven' },
      },
    },
    blocked: {
      description: 'Cannot progress until something outside the owner’s control changes.',
      on: {
        UNBLOCK: { target: 'in_progress' },
        CANCEL: { target: 'cancelled', guard: 'reasonGiven' },
      },
    },
    completed: {
      description: 'Done, with its success measure met.',
      on: { REOPEN: { target: 'in_progress', guard: 'reasonGiven' } },
    },
    cancelled: {
      type: 'final',
      description: 'No longer needed; the reason is in the history.',
    },
  },
});

export const actionWorkflow: Workflow<typeof actionMachine> = {
  version: 1,
  machine: actionMachine,
  checks,
};

/** States in which an action needs nothing more: no reminders, no progress updates, not open in its area. */
export const FINISHED_ACTION_STATES: readonly ActionState[] = [ACTION_STATES.completed, ACTION_STATES.cancelled];
/** States in which nothing stands in the way of its owner but the work itself. */
export const BLOCKED_ACTION_STATES: readonly ActionState[] = [ACTION_STATES.blocked];

/** Whether a move finishes an action or reopens one: the only moves that change its reminders or its area's open actions. */
export function finishesOrReopens(from: string, to: string): boolean {
  return isFinishedAction(from) !== isFinishedAction(to);
}

export function isFinishedAction(state: string): boolean {
  return (FINISHED_ACTION_STATES as readonly string[]).includes(state);
}
