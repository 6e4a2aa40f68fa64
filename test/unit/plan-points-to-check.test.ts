import type { PlanModel } from '../../src/reports/plan-model.service.js';
import { pointsToCheck } from '../../src/web/plan-points-to-check.js';

/** The parts of a plan the points read: one measured area whose lead and owners can sign in. */
const planWith = (actions: Array<{ reference: string; state: string; status: string }>) =>
  ({
    planLead: null,
    areas: [
      {
        reference: '1',
        leadOfficer: null,
        measures: [{ name: 'Visits on time', owner: null }],
        actions: actions.map(({ reference, state, status }) => ({
          reference,
          state,
          dueOn: '2024-06-28',
          owner: null,
          rating: { status },
        })),
      },
    ],
  }) as unknown as Pick<PlanModel, 'areas' | 'planLead'>;

describe('the points a director checks before recording approval or submission', () => {
  const check = (plan: Pick<PlanModel, 'areas' | 'planLead'>) =>
    pointsToCheck(
      plan,
      () => true,
      () => null,
    );

  it('names the actions already past their due dates, and those blocked', () => {
    expect(
      check(
        planWith([
          { reference: '1.1', state: 'in_progress', status: 'overdue' },
          { reference: '1.2', state: 'blocked', status: 'at_risk' },
          { reference: '1.3', state: 'not_started', status: 'overdue' },
          { reference: '1.4', state: 'in_progress', status: 'on_track' },
        ]),
      ),
    ).toEqual(['Actions 1.1 and 1.3 are already past their due dates, and not done.', 'Action 1.2 is blocked: the reason is on its page.']);
  });

  it('says nothing of a plan on track', () => {
    expect(check(planWith([{ reference: '1.1', state: 'in_progress', status: 'on_track' }]))).toEqual([]);
  });
});
