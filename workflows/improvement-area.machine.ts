import { assign, setup } from 'xstate';
import type { Check, Workflow } from './workflow.js';

/** Facts the server reads from the database and attaches to every event, so guards stay pure. */
export interface ImprovementAreaFacts {
  /** Actions that have an owner and a due date: an area is not ready for Ofsted without one. */
  actionsReady: number;
  /** Actions neither completed nor cancelled. */
  actionsOpen: number;
  /** Whether the area's action plan has gone to Ofsted: until it has, its draft areas go with it, not on their own. */
  planSent: boolean;
  planDueOn: string | null;
  today: string;
  /** The day the step actually happened: for a submission, the day the plan it went with was sent. */
  happenedOn: string;
}

export type ImprovementAreaEventType =
  'SUBMIT' | 'START_DELIVERY' | 'SEND_TO_SCRUTINY' | 'ASSURE_PROGRESS' | 'REQUEST_FURTHER_ASSURANCE' | 'ESCALATE' | 'CLOSE';
export type ImprovementAreaEvent = ImprovementAreaFacts & { type: ImprovementAreaEventType };

export type ImprovementAreaContext = {
  submittedOn: string | null;
  submittedLate: boolean;
  reviewsHeld: number;
};

export const IMPROVEMENT_AREA_STATES = {
  draft: 'draft',
  submitted: 'submitted',
  inProgress: 'in_progress',
  underReview: 'under_review',
  closed: 'closed',
} as const;
export type ImprovementAreaState = (typeof IMPROVEMENT_AREA_STATES)[keyof typeof IMPROVEMENT_AREA_STATES];
/** Still being written: submitted with the plan, and counted by the plan's readiness check. */
export const DRAFT_AREA_STATES: readonly ImprovementAreaState[] = [IMPROVEMENT_AREA_STATES.draft];
/** Whose delivery has started: the scrutiny committee can review them. */
export const REVIEWABLE_AREA_STATES: readonly ImprovementAreaState[] = [
  IMPROVEMENT_AREA_STATES.inProgress,
  IMPROVEMENT_AREA_STATES.underReview,
];
/** Closed for good: no new actions, no more reviews, its lead no longer asked for updates. */
export const CLOSED_AREA_STATES: readonly ImprovementAreaState[] = [IMPROVEMENT_AREA_STATES.closed];

/** Why an area with open actions cannot close, or null: the guard's words, which a review's form gives beside its other problems, to the committee's clerk. */
export const openActionsRefusal = (actionsOpen: number): string | null =>
  actionsOpen === 0
    ? null
    : `The area still has ${actionsOpen} open action${actionsOpen === 1 ? '' : 's'}, so it cannot close yet: record “Assured on progress” or “Further assurance requested” instead, or ask its lead officer to complete or cancel ${actionsOpen === 1 ? 'it' : 'them'} first.`;

/** Why a draft area of an unsent plan cannot be submitted alone: pages that already say so leave it out. */
export const GOES_WITH_PLAN = 'The area goes to Ofsted with its action plan: it is marked as sent when the plan is.';

const checks = {
  // Readiness first: it is what the area itself still needs, whoever sends it.
  readyToSubmit: (event) => {
    if (event.actionsReady === 0) return 'The area needs at least one action with an owner and a due date before it can be submitted.';
    return event.planSent ? null : GOES_WITH_PLAN;
  },
  actionsFinished: (event) => openActionsRefusal(event.actionsOpen),
} satisfies Record<string, Check<ImprovementAreaEvent>>;

export const improvementAreaMachine = setup({
  types: { context: {} as ImprovementAreaContext, events: {} as ImprovementAreaEvent },
  guards: {
    readyToSubmit: ({ event }) => checks.readyToSubmit(event) === null,
    actionsFinished: ({ event }) => checks.actionsFinished(event) === null,
  },
  actions: {
    recordSubmission: assign({
      submittedOn: ({ event }) => event.happenedOn,
      // Late submission is allowed (the plan still has to reach Ofsted) but must be on record.
      submittedLate: ({ event }) => event.planDueOn !== null && event.happenedOn > event.planDueOn,
    }),
    countReview: assign({ reviewsHeld: ({ context }) => context.reviewsHeld + 1 }),
  },
}).createMachine({
  id: 'improvementArea',
  initial: 'draft',
  context: { submittedOn: null, submittedLate: false, reviewsHeld: 0 },
  states: {
    draft: {
      description: 'Being written: actions, owners, due dates and success measures are being agreed.',
      on: { SUBMIT: { target: 'submitted', guard: 'readyToSubmit', actions: 'recordSubmission' } },
    },
    submitted: {
      description: 'Sent to Ofsted as part of the action plan.',
      on: { START_DELIVERY: { target: 'in_progress' } },
    },
    in_progress: {
      description: 'Actions are being delivered and progress reported.',
      on: { SEND_TO_SCRUTINY: { target: 'under_review' } },
    },
    under_review: {
      description: 'With the scrutiny committee for its review of progress.',
      on: {
        // Assured by the progress made, with work still to do: delivery goes on, with nothing asked of it.
        ASSURE_PROGRESS: { target: 'in_progress', actions: 'countReview' },
        REQUEST_FURTHER_ASSURANCE: { target: 'in_progress', actions: 'countReview' },
        // The committee refers the area up (to cabinet or the improvement board); delivery carries on meanwhile.
        ESCALATE: { target: 'in_progress', actions: 'countReview' },
        CLOSE: { target: 'closed', guard: 'actionsFinished', actions: 'countReview' },
      },
    },
    closed: {
      type: 'final',
      description: 'The committee is assured and the area is closed.',
    },
  },
});

export const improvementAreaWorkflow: Workflow<typeof improvementAreaMachine> = {
  version: 1,
  machine: improvementAreaMachine,
  checks,
};
