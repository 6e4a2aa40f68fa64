import { ACTION_PLAN_STATES } from '../../workflows/action-plan.machine.js';
import { planTaskList, planTaskStatuses } from '../../src/web/plan-tasks.js';

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

  it('links each step that can start to where it is done, for whoever may take it, and gives a reader the statuses alone', () => {
    const progress = {
      planState: draft,
      areas: [
        { id: 'a1', ...led },
        { id: 'a2', ...unled },
      ],
    };
    const links = (may: { change: boolean; decide: boolean }) =>
      planTaskList('p1', progress, may).map((task) => [task.title.text, 'href' in task ? task.href : null]);
    expect(links({ change: true, decide: false })).toEqual([
      ['Import the report and check its dates', '/inspections/p1/letter'],
      ['Name a lead officer for each area', '/areas/a2'],
      ['Add actions, each with an owner and a due date', '/areas/a1'],
      ['Check the plan and record cabinet approval', null],
      ['Check the plan and record it as sent to Ofsted', null],
    ]);
    expect(links({ change: false, decide: true })).toEqual([
      ['Import the report and check its dates', null],
      ['Name a lead officer for each area', null],
      ['Add actions, each with an owner and a due date', null],
      ['Check the plan and record cabinet approval', '/inspections/p1/check/approve'],
      ['Check the plan and record it as sent to Ofsted', null],
    ]);
    expect(links({ change: false, decide: false }).every(([, href]) => href === null)).toBe(true);
    // Whoever may not take the director's steps is told who does.
    const hints = (may: { change: boolean; decide: boolean }) => planTaskList('p1', progress, may).map((task) => task.hint?.text ?? null);
    expect(hints({ change: true, decide: false })).toEqual([
      null,
      null,
      null,
      'Only a director can do this. They check the whole plan first.',
      'Only a director can do this. They check the whole plan first.',
    ]);
    expect(hints({ change: false, decide: true }).every((hint) => hint === null)).toBe(true);
  });
});
