import { assign, setup } from 'xstate';
import { inWords, type Check, type Workflow } from './workflow.js';

export interface ActionPlanFacts {
  areaCount: number;
  /** References and titles of draft areas that have no action with an owner and a due date. */
  areasNotReady: string[];
  /** Areas not yet closed by the scrutiny committee. */
  areasOpen: number;
  /** The date the draft plan is due with Ofsted; null when none is asked for (only a focused visit with areas for priority action asks). */
  draftPlanDueOn: string | null;
  planDueOn: string | null;
  today: string;
  /**
   * The day the step actually happened (cabinet approved, the plan or its draft was sent): today unless
   * the person recording it says otherwise. Lateness is judged on it, not on the day it was recorded.
   */
  happenedOn: string;
}

export type ActionPlanEventType = 'APPROVE' | 'RETURN_TO_DRAFT' | 'SUBMIT' | 'CLOSE' | 'DEADLINE_PASSED' | 'SEND_DRAFT';
export type ActionPlanEvent = ActionPlanFacts & { type: ActionPlanEventType };

/** The steps that record the day they happened (ActionPlanFacts.happenedOn), which may be before the day they are recorded. */
export const DATED_PLAN_EVENTS: readonly ActionPlanEventType[] = ['APPROVE', 'SUBMIT', 'SEND_DRAFT'];

export type ActionPlanContext = {
  approvedOn: string | null;
  /** The day the service found the statutory deadline passed with the plan unsubmitted. */
  deadlineMissedOn: string | null;
  /**
   * The day the draft plan went to Ofsted, and whether after its date. Snapshots saved before the
   * draft step existed lack both: read as not sent, which is what they meant, so the version stands.
   */
  draftSentOn?: string | null;
  draftSentLate?: boolean;
  submittedOn: string | null;
  submittedLate: boolean;
};

export const ACTION_PLAN_STATES = { draft: 'draft', approved: 'approved', submitted: 'submitted', closed: 'closed' } as const;
export type ActionPlanState = (typeof ACTION_PLAN_STATES)[keyof typeof ACTION_PLAN_STATES];
/** Not yet sent to Ofsted: the statutory deadline still matters, and its reminders still go out. */
export const UNSUBMITTED_PLAN_STATES: readonly ActionPlanState[] = [ACTION_PLAN_STATES.draft, ACTION_PLAN_STATES.approved];
/** Whether the plan has gone to Ofsted (and may since have closed): its draft areas no longer go with it. */
export const planSent = (state: ActionPlanState): boolean => !UNSUBMITTED_PLAN_STATES.includes(state);
/** Sent to Ofsted and not yet closed: the scrutiny committee reviews it. */
export const REVIEWED_PLAN_STATES: readonly ActionPlanState[] = [ACTION_PLAN_STATES.submitted];

const late = (happenedOn: string, dueOn: string | null) => dueOn !== null && happenedOn > dueOn;

const checks = {
  planReady: (event) => {
    if (event.areaCount === 0) return 'The plan has no improvement areas yet.';
    if (event.areasNotReady.length === 0) return null;
    return `Each area needs at least one action with an owner and a due date. Not ready: ${event.areasNotReady.join('; ')}.`;
  },
  areasClosed: (event) =>
    event.areasOpen === 0 ? null : `${event.areasOpen} improvement area${event.areasOpen === 1 ? ' is' : 's are'} not closed yet.`,
  deadlineJustMissed: (event, context) => {
    if (context.deadlineMissedOn) return `The missed deadline was already recorded on ${inWords(context.deadlineMissedOn)}.`;
    if (event.planDueOn === null) return 'The plan has no statutory deadline.';
    return event.today > event.planDueOn ? null : `The deadline, ${inWords(event.planDueOn)}, has not passed.`;
  },
  draftAskedFor: (event, context) => {
    if (context.draftSentOn) return `The draft plan was already sent to Ofsted on ${inWords(context.draftSentOn)}.`;
    return event.draftPlanDueOn === null
      ? 'Ofsted has not asked for a draft plan: only a focused visit with areas for priority action does.'
      : null;
  },
} satisfies Record<string, Check<ActionPlanEvent, ActionPlanContext>>;

export const actionPlanMachine = setup({
  types: { context: {} as ActionPlanContext, events: {} as ActionPlanEvent },
  guards: {
    planReady: ({ event }) => checks.planReady(event) === null,
    areasClosed: ({ event }) => checks.areasClosed(event) === null,
    deadlineJustMissed: ({ event, context }) => checks.deadlineJustMissed(event, context) === null,
    draftAskedFor: ({ event, context }) => checks.draftAskedFor(event, context) === null,
  },
  actions: {
    recordApproval: assign({ approvedOn: ({ event }) => event.happenedOn }),
    recordDraftSent: assign({
      draftSentOn: ({ event }) => event.happenedOn,
      draftSentLate: ({ event }) => late(event.happenedOn, event.draftPlanDueOn),
    }),
    recordMissedDeadline: assign({ deadlineMissedOn: ({ event }) => event.today }),
    recordSubmission: assign({
      submittedOn: ({ event }) => event.happenedOn,
      submittedLate: ({ event }) => late(event.happenedOn, event.planDueOn),
      // Sent by its deadline but recorded after it: the deadline was not missed after all (the audit trail keeps what the service saw).
      deadlineMissedOn: ({ event, context }) => (late(event.happenedOn, event.planDueOn) ? context.deadlineMissedOn : null),
    }),
  },
}).createMachine({
  id: 'actionPlan',
  initial: 'draft',
  context: { approvedOn: null, deadlineMissedOn: null, draftSentOn: null, draftSentLate: false, submittedOn: null, submittedLate: false },
  states: {
    draft: {
      description: 'Areas and actions are being written.',
      on: {
        APPROVE: { target: 'approved', guard: 'planReady', actions: 'recordApproval' },
        // A focused visit's draft plan goes to Ofsted while the final plan is still being written: the plan stays where it is.
        SEND_DRAFT: { guard: 'draftAskedFor', actions: 'recordDraftSent' },
        // Sent by the service, not a person: the plan stays where it is, but the record shows the deadline was missed.
        DEADLINE_PASSED: { guard: 'deadlineJustMissed', actions: 'recordMissedDeadline' },
      },
    },
    approved: {
      description: 'Approved by cabinet (or the executive) for submission to Ofsted.',
      on: {
        RETURN_TO_DRAFT: { target: 'draft' },
        SUBMIT: { target: 'submitted', guard: 'planReady', actions: 'recordSubmission' },
        SEND_DRAFT: { guard: 'draftAskedFor', actions: 'recordDraftSent' },
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
  // Still 1: the draft step added a context field that old snapshots read as "not sent", and changed no state's meaning.
  version: 1,
  machine: actionPlanMachine,
  checks,
  serviceEvents: ['DEADLINE_PASSED'],
};
