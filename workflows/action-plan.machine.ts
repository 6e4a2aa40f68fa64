import { assign, setup } from 'xstate';
import type { Check, Workflow } from './workflow.js';

export interface ActionPlanFacts {
  areaCount: number;
  /** References and titles of draft areas that have no action with an owner and a due date. */
  areasNotReady: string[];
  /** Areas not yet closed by the scrutiny committee. */
  areasOpen: number;
  planDueOn: string | null;
  today: string;
}

export type ActionPlanEventType = 'APPROVE' | 'RETURN_TO_DRAFT' | 'SUBMIT' | 'CLOSE' | 'DEADLINE_PASSED';
export type ActionPlanEvent = ActionPlanFacts & { type: ActionPlanEventType };

export type ActionPlanContext = {
  approvedOn: string | null;
  /** The day the service found the statutory deadline passed with the plan unsubmitted. */
  deadlineMissedOn: string | null;
  submittedOn: string | null;
  submittedLate: boolean;
};

export const ACTION_PLAN_STATES = { draft: 'draft', approved: 'approved', submitted: 'submitted', closed: 'closed' } as const;
export type ActionPlanState = (typeof ACTION_PLAN_STATES)[keyof typeof ACTION_PLAN_STATES];
/** Not yet sent to Ofsted: the statutory deadline still matters, and its reminders still go out. */
export const UNSUBMITTED_PLAN_STATES: readonly ActionPlanState[] = [ACTION_PLAN_STATES.draft, ACTION_PLAN_STATES.approved];
/** Sent to Ofsted and not yet closed: the scrutiny committee reviews it. */
export const REVIEWED_PLAN_STATES: readonly ActionPlanState[] = [ACTION_PLAN_STATES.submitted];

const checks = {
  planReady: (event) => {
    if (event.areaCount === 0) return 'The plan has no improvement areas yet.';
    if (event.areasNotReady.length === 0) return null;
    return `Each area needs at least one action with an owner and a due date. Not ready: ${event.areasNotReady.join('; ')}.`;
  },
  areasClosed: (event) =>
    event.areasOpen === 0 ? null : `${event.areasOpen} improvement area${event.areasOpen === 1 ? ' is' : 's are'} not closed yet.`,
  deadlineJustMissed: (event, context) => {
    if (context.deadlineMissedOn) return `The missed deadline was already recorded on ${context.deadlineMissedOn}.`;
    if (event.planDueOn === null) return 'The plan has no statutory deadline.';
    return event.today > event.planDueOn ? null : `The deadline, ${event.planDueOn}, has not passed.`;
  },
} satisfies Record<string, Check<ActionPlanEvent, ActionPlanContext>>;

export const actionPlanMachine = setup({
  types: { context: {} as ActionPlanContext, events: {} as ActionPlanEvent },
  guards: {
    planReady: ({ event }) => checks.planReady(event) === null,
    areasClosed: ({ event }) => checks.areasClosed(event) === null,
    deadlineJustMissed: ({ event, context }) => checks.deadlineJustMissed(event, context) === null,
  },
  actions: {
    recordApproval: assign({ approvedOn: ({ event }) => event.today }),
    recordMissedDeadline: assign({ deadlineMissedOn: ({ event }) => event.today }),
    recordSubmission: assign({
      submittedOn: ({ event }) => event.today,
      submittedLate: ({ event }) => event.planDueOn !== null && event.today > event.planDueOn,
    }),
  },
}).createMachine({
  id: 'actionPlan',
  initial: 'draft',
  context: { approvedOn: null, deadlineMissedOn: null, submittedOn: null, submittedLate: false },
  states: {
    draft: {
      description: 'Areas and actions are being written.',
      on: {
        APPROVE: { target: 'approved', guard: 'planReady', actions: 'recordApproval' },
        // Sent by the service, not a person: the plan stays where it is, but the record shows the deadline was missed.
        DEADLINE_PASSED: { guard: 'deadlineJustMissed', actions: 'recordMissedDeadline' },
      },
    },
    approved: {
      description: 'Approved by cabinet (or the executive) for submission to Ofsted.',
      on: {
        RETURN_TO_DRAFT: { target: 'draft' },
        SUBMIT: { target: 'submitted', guard: 'planReady', actions: 'recordSubmission' },
        DEADLINE_PASSED: { guard: 'deadlineJustMissed', actions: 'recordMissedDeadline' },
      },
    },
    submitted: {
      description: 'Sent to Ofsted; every area is being delivered and reviewed.',
      on: { CLOSE: { target: 'closed', guard: 'areasClosed' } },
    },
    closed: {
      type: 'final',
      description: 'Every improvement area is closed.',
    },
  },
});

export const actionPlanWorkflow: Workflow<typeof actionPlanMachine> = {
  version: 1,
  machine: actionPlanMachine,
  checks,
  serviceEvents: ['DEADLINE_PASSED'],
};
