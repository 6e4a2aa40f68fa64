import { setup } from 'xstate';
import type { Check, Workflow } from './workflow.js';

export interface ActionFacts {
  /** Why the change is being made, as typed by the person making it. */
  comment: string;
}

export type ActionEventType = 'START' | 'COMPLETE' | 'BLOCK' | 'UNBLOCK' | 'CANCEL' | 'REOPEN';
export type ActionEvent = ActionFacts & { type: ActionEventType };

const checks = {
  // Blocking, cancelling and reopening change what the committee will read: the record must say why.
  reasonGiven: (event) => (event.comment.trim().length > 0 ? null : `Give a reason (comment) to ${event.type.toLowerCase()} an action.`),
} satisfies Record<string, Check<ActionEvent>>;

export const actionMachine = setup({
  types: { events: {} as ActionEvent },
  guards: {
    reasonGiven: ({ event }) => checks.reasonGiven(event) === null,
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
export const FINISHED_ACTION_STATES: readonly string[] = ['completed', 'cancelled'];

/** Whether a move finishes an action or reopens one: the only moves that change its reminders or its area's open actions. */
export function finishesOrReopens(from: string, to: string): boolean {
  return FINISHED_ACTION_STATES.includes(from) !== FINISHED_ACTION_STATES.includes(to);
}
