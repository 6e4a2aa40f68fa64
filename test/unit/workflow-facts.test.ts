import { actionWorkflow } from '../../workflows/action.machine.js';
import { actionPlanWorkflow } from '../../workflows/action-plan.machine.js';
import { improvementAreaWorkflow } from '../../workflows/improvement-area.machine.js';
import { eventsNeedingComment, finalStates, stepWorkflow, startWorkflow } from '../../workflows/workflow.js';
import { areaFacts } from '../../src/improvement-areas/move-area.js';
import { planFacts } from '../../src/inspections/move-plan.js';

const area = (position: number, state: 'draft' | 'submitted' | 'in_progress' | 'closed', title = `Area ${position}`) => ({
  id: `area-${position}`,
  position,
  title,
  state,
});

describe('the facts each workflow’s guards read', () => {
  it('counts a plan’s draft areas without a ready action as not ready, and every area not closed as open', () => {
    const facts = planFacts(
      { actionPlanDueOn: '2024-07-18', draftPlanDueOn: null },
      [area(1, 'draft', 'Supervision'), area(2, 'draft', 'Care leavers'), area(3, 'in_progress'), area(4, 'closed')],
      new Map([['area-2', { ready: 1, open: 1 }]]),
      '2024-05-01',
    );
    expect(facts).toEqual({
      areaCount: 4,
      areasNotReady: ['1 Supervision'],
      areasOpen: 3,
      draftPlanDueOn: null,
      planDueOn: '2024-07-18',
      today: '2024-05-01',
      happenedOn: '2024-05-01',
    });
  });

  it('lets the machine refuse approval with the areas that are not ready, in words', () => {
    const facts = planFacts({ actionPlanDueOn: null, draftPlanDueOn: null }, [area(1, 'draft', 'Supervision')], new Map(), '2024-05-01');
    expect(stepWorkflow(actionPlanWorkflow, startWorkflow(actionPlanWorkflow), { type: 'APPROVE', ...facts })).toMatchObject({
      outcome: 'refused',
      reasons: ['Each area needs at least one action with an owner and a due date. Not ready: 1 Supervision.'],
    });
  });

  it('gives an area with no actions counted none ready and none open', () => {
    expect(areaFacts({ actionPlanDueOn: '2024-07-18', state: 'draft' }, undefined, '2024-05-01')).toEqual({
      actionsReady: 0,
      actionsOpen: 0,
      planDueOn: '2024-07-18',
      planSent: false,
      today: '2024-05-01',
      happenedOn: '2024-05-01',
    });
  });

  it('gives each step the day it happened, and today when none is said', () => {
    expect(
      planFacts({ actionPlanDueOn: '2024-07-18', draftPlanDueOn: '2024-05-08' }, [], new Map(), '2024-07-19', '2024-07-18'),
    ).toMatchObject({
      draftPlanDueOn: '2024-05-08',
      today: '2024-07-19',
      happenedOn: '2024-07-18',
    });
    expect(areaFacts({ actionPlanDueOn: '2024-07-18', state: 'submitted' }, undefined, '2024-07-19', '2024-07-18')).toMatchObject({
      planSent: true,
      today: '2024-07-19',
      happenedOn: '2024-07-18',
    });
  });
});

describe('what the pages read from the machines', () => {
  it('asks for a reason exactly where a machine’s guard requires one', () => {
    expect(eventsNeedingComment(actionWorkflow)).toEqual(['BLOCK', 'CANCEL', 'REOPEN']);
    // Neither needs a reason in the machines, so no page may demand one.
    expect(eventsNeedingComment(improvementAreaWorkflow)).toEqual([]);
    expect(eventsNeedingComment(actionPlanWorkflow)).toEqual([]);
  });

  it('knows the states no event leaves', () => {
    expect(finalStates(actionPlanWorkflow)).toEqual(['closed']);
    expect(finalStates(improvementAreaWorkflow)).toEqual(['closed']);
    expect(finalStates(actionWorkflow)).toEqual(['cancelled']);
  });
});
