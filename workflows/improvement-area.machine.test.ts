import { replayEveryPath, transitionTable } from '../test/support/workflow-paths.js';
import {
  GOES_WITH_PLAN,
  improvementAreaWorkflow,
  type ImprovementAreaEvent,
  type ImprovementAreaFacts,
} from './improvement-area.machine.js';
import { startWorkflow, stepWorkflow } from './workflow.js';

const facts: ImprovementAreaFacts = {
  actionsReady: 1,
  actionsOpen: 0,
  planDueOn: '2024-07-18',
  planSent: true,
  today: '2024-07-01',
  happenedOn: '2024-07-01',
};
const event = (type: ImprovementAreaEvent['type'], over: Partial<ImprovementAreaFacts> = {}): ImprovementAreaEvent => ({
  type,
  ...facts,
  ...over,
});

describe('improvement area workflow', () => {
  it('has exactly the lifecycle the council follows', () => {
    expect(transitionTable(improvementAreaWorkflow)).toEqual({
      draft: { SUBMIT: 'submitted' },
      submitted: { START_DELIVERY: 'in_progress' },
      in_progress: { SEND_TO_SCRUTINY: 'under_review' },
      under_review: { ASSURE_PROGRESS: 'in_progress', REQUEST_FURTHER_ASSURANCE: 'in_progress', ESCALATE: 'in_progress', CLOSE: 'closed' },
      closed: {},
    });
  });

  it('reaches every state along every path, and persistence never changes where a path ends', () => {
    const events = [
      event('SUBMIT'),
      event('SUBMIT', { actionsReady: 0 }),
      event('SUBMIT', { planSent: false }),
      event('START_DELIVERY'),
      event('SEND_TO_SCRUTINY'),
      event('ASSURE_PROGRESS'),
      event('REQUEST_FURTHER_ASSURANCE'),
      event('ESCALATE'),
      event('CLOSE'),
      event('CLOSE', { actionsOpen: 2 }),
    ];
    const paths = replayEveryPath(improvementAreaWorkflow, events);
    for (const path of paths) expect(path.replayedState).toBe(path.graphState);
    expect(new Set(paths.map((p) => p.graphState))).toEqual(new Set(Object.keys(improvementAreaWorkflow.machine.states)));
    // No path closes an area without a scrutiny review.
    for (const path of paths.filter((p) => p.graphState === 'closed')) {
      expect(path.trail).toContain('under_review');
      expect(path.context.reviewsHeld).toBeGreaterThanOrEqual(1);
    }
  });

  it('refuses to submit an area without a ready action, and says why', () => {
    const result = stepWorkflow(improvementAreaWorkflow, startWorkflow(improvementAreaWorkflow), event('SUBMIT', { actionsReady: 0 }));
    expect(result).toEqual({
      outcome: 'refused',
      state: 'draft',
      accepted: ['SUBMIT'],
      reasons: ['The area needs at least one action with an owner and a due date before it can be submitted.'],
    });
  });

  it('refuses to send a draft area on its own while its plan has not gone to Ofsted, after saying what the area itself needs', () => {
    const submit = (over: Partial<ImprovementAreaFacts>) =>
      stepWorkflow(improvementAreaWorkflow, startWorkflow(improvementAreaWorkflow), event('SUBMIT', { planSent: false, ...over }));
    expect(submit({})).toMatchObject({ outcome: 'refused', reasons: [GOES_WITH_PLAN] });
    expect(submit({ actionsReady: 0 })).toMatchObject({
      outcome: 'refused',
      reasons: ['The area needs at least one action with an owner and a due date before it can be submitted.'],
    });
    expect(submit({ planSent: true })).toMatchObject({ outcome: 'moved', to: 'submitted' });
  });

  it('lists the events it does accept when given one it does not', () => {
    const result = stepWorkflow(improvementAreaWorkflow, startWorkflow(improvementAreaWorkflow), event('CLOSE'));
    expect(result).toEqual({ outcome: 'not_accepted', state: 'draft', accepted: ['SUBMIT'] });
  });

  it.each([
    ['2024-07-18', false],
    ['2024-07-19', true],
  ])('submitting on %s, recorded on 22 July, records late = %s against a deadline of 18 July 2024', (happenedOn, late) => {
    const result = stepWorkflow(
      improvementAreaWorkflow,
      startWorkflow(improvementAreaWorkflow),
      event('SUBMIT', { today: '2024-07-22', happenedOn }),
    );
    expect(result.outcome).toBe('moved');
    if (result.outcome === 'moved') expect(result.persisted.context).toMatchObject({ submittedOn: happenedOn, submittedLate: late });
  });

  it('will not close an area with open actions', () => {
    const underReview = { value: 'under_review', context: { submittedOn: '2024-07-01', submittedLate: false, reviewsHeld: 0 } };
    const result = stepWorkflow(improvementAreaWorkflow, underReview, event('CLOSE', { actionsOpen: 1 }));
    expect(result).toMatchObject({
      outcome: 'refused',
      reasons: [
        'The area still has 1 open action, so it cannot close yet: record “Assured on progress” or “Further assurance requested” instead, or ask its lead officer to complete or cancel it first.',
      ],
    });
  });

  it('sends an escalated area back to delivery and counts the review', () => {
    const underReview = { value: 'under_review', context: { submittedOn: '2024-07-01', submittedLate: false, reviewsHeld: 1 } };
    const result = stepWorkflow(improvementAreaWorkflow, underReview, event('ESCALATE', { actionsOpen: 3 }));
    expect(result).toMatchObject({ outcome: 'moved', to: 'in_progress', persisted: { context: { reviewsHeld: 2 } } });
  });
});
