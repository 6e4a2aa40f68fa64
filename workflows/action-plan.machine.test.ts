import { replayEveryPath, transitionTable } from '../test/support/workflow-paths.js';
import { actionPlanWorkflow, type ActionPlanEvent, type ActionPlanFacts } from './action-plan.machine.js';
import { startWorkflow, stepWorkflow } from './workflow.js';

const facts: ActionPlanFacts = { areaCount: 4, areasNotReady: [], areasOpen: 0, planDueOn: '2024-07-18', today: '2024-07-10' };
const event = (type: ActionPlanEvent['type'], over: Partial<ActionPlanFacts> = {}): ActionPlanEvent => ({ type, ...facts, ...over });

describe('action plan workflow', () => {
  it('is approved before it is submitted, and closes when its areas have', () => {
    expect(transitionTable(actionPlanWorkflow)).toEqual({
      draft: { APPROVE: 'approved', DEADLINE_PASSED: 'draft' },
      approved: { RETURN_TO_DRAFT: 'draft', SUBMIT: 'submitted', DEADLINE_PASSED: 'approved' },
      submitted: { CLOSE: 'closed' },
      closed: {},
    });
  });

  it('reaches every state along every path, and persistence never changes where a path ends', () => {
    const events = [
      event('APPROVE'),
      event('APPROVE', { areaCount: 0 }),
      event('RETURN_TO_DRAFT'),
      event('SUBMIT'),
      event('SUBMIT', { areasNotReady: ['2 Supervision'] }),
      event('CLOSE'),
      event('CLOSE', { areasOpen: 1 }),
      event('DEADLINE_PASSED', { today: '2024-07-19' }),
    ];
    const paths = replayEveryPath(actionPlanWorkflow, events);
    for (const path of paths) expect(path.replayedState).toBe(path.graphState);
    expect(new Set(paths.map((p) => p.graphState))).toEqual(new Set(Object.keys(actionPlanWorkflow.machine.states)));
    for (const path of paths.filter((p) => p.graphState === 'submitted')) expect(path.trail).toContain('approved');
  });

  it('names the areas that are not ready', () => {
    const result = stepWorkflow(
      actionPlanWorkflow,
      startWorkflow(actionPlanWorkflow),
      event('APPROVE', { areasNotReady: ['1 Placement sufficiency', '3 Supervision'] }),
    );
    expect(result).toMatchObject({
      outcome: 'refused',
      reasons: ['Each area needs at least one action with an owner and a due date. Not ready: 1 Placement sufficiency; 3 Supervision.'],
    });
  });

  it('records a missed deadline once, and only once it has passed', () => {
    const draft = startWorkflow(actionPlanWorkflow);
    expect(stepWorkflow(actionPlanWorkflow, draft, event('DEADLINE_PASSED', { today: '2024-07-19' }))).toEqual({
      outcome: 'not_accepted',
      state: 'draft',
      accepted: ['APPROVE'],
    });
    expect(stepWorkflow(actionPlanWorkflow, draft, event('DEADLINE_PASSED', { today: '2024-07-18' }), 'service')).toMatchObject({
      outcome: 'refused',
      reasons: ['The deadline, 2024-07-18, has not passed.'],
    });
    const missed = stepWorkflow(actionPlanWorkflow, draft, event('DEADLINE_PASSED', { today: '2024-07-19' }), 'service');
    expect(missed).toMatchObject({
      outcome: 'moved',
      from: 'draft',
      to: 'draft',
      persisted: { context: { deadlineMissedOn: '2024-07-19' } },
    });
    if (missed.outcome !== 'moved') return;
    expect(stepWorkflow(actionPlanWorkflow, missed.persisted, event('DEADLINE_PASSED', { today: '2024-07-22' }), 'service')).toMatchObject({
      outcome: 'refused',
      reasons: ['The missed deadline was already recorded on 2024-07-19.'],
    });
  });

  it('an empty plan cannot be approved', () => {
    const result = stepWorkflow(actionPlanWorkflow, startWorkflow(actionPlanWorkflow), event('APPROVE', { areaCount: 0 }));
    expect(result).toMatchObject({ outcome: 'refused', reasons: ['The plan has no improvement areas yet.'] });
  });
});
