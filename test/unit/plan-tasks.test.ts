import { ACTION_PLAN_STATES } from '../../workflows/action-plan.machine.js';
import { planTaskStatuses } from '../../src/web/plan-tasks.js';

const { draft, approved, submitted, closed } = ACTION_PLAN_STATES;
const led = { hasLeadOfficer: true, readyActions: 1 };
const unled = { hasLeadOfficer: false, readyActions: 1 };
const actionless = { hasLeadOfficer: true, readyActions: 0 };

describe('the task list for building a plan', () => {
  it('cannot start on lead officers, actions or approval while the plan has no areas', () => {
    expect(planTaskStatuses({ planState: draft, areas: [] })).toEqual({
      import: 'done',
      leadOfficers: 'cannotStartYet',
      actions: 'cannotStartYet',
      approval: 'cannotStartYet',
      submission: 'cannotStartYet',
    });
  });

  it('keeps approval waiting until every area has an action, whoever leads the areas', () => {
    expect(planTaskStatuses({ planState: draft, areas: [led, actionless] })).toEqual({
      import: 'done',
      leadOfficers: 'done',
      actions: 'incomplete',
      approval: 'cannotStartYet',
      submission: 'cannotStartYet',
    });
    expect(planTaskStatuses({ planState: draft, areas: [led, unled] })).toMatchObject({
      leadOfficers: 'incomplete',
      actions: 'done',
      approval: 'incomplete',
      submission: 'cannotStartYet',
    });
  });

  it('opens submission once the plan is approved, and completes both once it is sent', () => {
    expect(planTaskStatuses({ planState: approved, areas: [led] })).toMatchObject({ approval: 'done', submission: 'incomplete' });
    for (const planState of [submitted, closed])
      expect(planTaskStatuses({ planState, areas: [led] })).toMatchObject({
        actions: 'done',
        approval: 'done',
        submission: 'done',
      });
  });
});
