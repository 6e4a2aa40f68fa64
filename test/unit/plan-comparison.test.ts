import type { RagStatus } from '../../src/rag/rag-rules.js';
import type { PlanAction, PlanModel } from '../../src/reports/plan-model.service.js';
import { comparePlans, unchanged } from '../../src/snapshots/plan-comparison.js';

const LABELS: Record<RagStatus, string> = {
  complete: 'Complete',
  awaiting_sign_off: 'Awaiting sign-off',
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  overdue: 'Overdue',
  cancelled: 'Cancelled',
};

const action = (id: string, reference: string, status: RagStatus, over: Partial<PlanAction> = {}): PlanAction => ({
  id,
  reference,
  title: `Action ${id}`,
  owner: null,
  dueOn: '2025-03-31',
  dueAfterArea: false,
  successMeasure: null,
  state: status === 'complete' ? 'completed' : status === 'cancelled' ? 'cancelled' : 'in_progress',
  rating: { status, colour: 'green', label: LABELS[status], rule: 'rule', reason: 'reason' },
  latestUpdate: null,
  ...over,
});

/** Only what the comparison reads: the areas' actions. */
const plan = (...actions: PlanAction[]) => ({ areas: [{ actions }] }) as unknown as PlanModel;

describe('comparing two snapshots of a plan', () => {
  it('finds nothing between a plan and itself', () => {
    const model = plan(action('a', '1.1', 'on_track'), action('b', '1.2', 'overdue'));
    expect(unchanged(comparePlans(model, model))).toBe(true);
  });

  it('says which ratings got better and which worse, from what to what', () => {
    const changes = comparePlans(
      plan(action('a', '1.1', 'at_risk'), action('b', '1.2', 'on_track'), action('c', '1.3', 'on_track')),
      plan(action('a', '1.1', 'on_track'), action('b', '1.2', 'off_track'), action('c', '1.3', 'on_track')),
    );
    expect(changes.better).toEqual([
      { reference: '1.1', title: 'Action a', from: { status: 'at_risk', label: 'At risk' }, to: { status: 'on_track', label: 'On track' } },
    ]);
    expect(changes.worse).toEqual([
      {
        reference: '1.2',
        title: 'Action b',
        from: { status: 'on_track', label: 'On track' },
        to: { status: 'off_track', label: 'Off track' },
      },
    ]);
  });

  it('lists an action newly overdue, and not one that was overdue already', () => {
    const changes = comparePlans(
      plan(action('a', '1.1', 'at_risk'), action('b', '1.2', 'overdue')),
      plan(action('a', '1.1', 'overdue'), action('b', '1.2', 'overdue')),
    );
    expect(changes.newlyOverdue).toEqual([{ reference: '1.1', title: 'Action a' }]);
    expect(changes.worse.map((move) => move.reference)).toEqual(['1.1']);
  });

  it('lists actions completed and cancelled; a cancellation is neither better nor worse', () => {
    const changes = comparePlans(
      plan(action('a', '1.1', 'on_track'), action('b', '1.2', 'at_risk'), action('c', '1.3', 'complete')),
      plan(action('a', '1.1', 'complete'), action('b', '1.2', 'cancelled'), action('c', '1.3', 'complete')),
    );
    expect(changes.completed).toEqual([{ reference: '1.1', title: 'Action a' }]);
    expect(changes.cancelled).toEqual([{ reference: '1.2', title: 'Action b' }]);
    expect(changes.better.map((move) => move.reference)).toEqual(['1.1']);
    expect(changes.worse).toEqual([]);
  });

  it('lists due dates moved, from and to, including an action given or losing a date', () => {
    const changes = comparePlans(
      plan(action('a', '1.1', 'on_track'), action('b', '1.2', 'on_track', { dueOn: null }), action('c', '1.3', 'on_track')),
      plan(
        action('a', '1.1', 'on_track', { dueOn: '2025-06-30' }),
        action('b', '1.2', 'on_track', { dueOn: '2025-04-30' }),
        action('c', '1.3', 'on_track'),
      ),
    );
    expect(changes.dueDatesMoved).toEqual([
      { reference: '1.1', title: 'Action a', from: '2025-03-31', to: '2025-06-30', times: null },
      { reference: '1.2', title: 'Action b', from: null, to: '2025-04-30', times: null },
    ]);
  });

  it('lists actions added, matched by id so that one renumbered is not taken for a new one', () => {
    const changes = comparePlans(
      plan(action('a', '1.1', 'on_track'), action('b', '1.2', 'on_track')),
      plan(action('b', '1.1', 'on_track'), action('c', '1.2', 'on_track')),
    );
    expect(changes.added).toEqual([{ reference: '1.2', title: 'Action c' }]);
    expect(unchanged({ ...changes, added: [] })).toBe(true);
  });

  it('gives each measure’s latest figure beside its figure then, and whether it moved the way its measure says is better', () => {
    const measure = (id: string, direction: 'higher' | 'lower', latest: { period: string; value: number } | null) => ({
      id,
      name: `Measure ${id}`,
      unit: 'percent' as const,
      direction,
      target: { value: 90, on: '2027-03-31' },
      rating: { label: 'Slightly behind', latest },
    });
    const withMeasures = (...measures: Array<ReturnType<typeof measure>>) =>
      ({ areas: [{ reference: '1', actions: [], measures }] }) as unknown as PlanModel;
    const changes = comparePlans(
      withMeasures(
        measure('rising', 'higher', { period: '2026-10', value: 72 }),
        measure('falling', 'higher', { period: '2026-10', value: 63 }),
        measure('lower', 'lower', { period: '2026-10', value: 30 }),
        measure('still', 'higher', { period: '2026-10', value: 50 }),
        measure('none', 'higher', null),
      ),
      withMeasures(
        measure('rising', 'higher', { period: '2027-04', value: 86 }),
        measure('falling', 'higher', { period: '2027-04', value: 60 }),
        measure('lower', 'lower', { period: '2027-04', value: 25 }),
        measure('still', 'higher', { period: '2026-10', value: 50 }),
        measure('none', 'higher', null),
        measure('new', 'higher', { period: '2027-04', value: 10 }),
      ),
    );
    expect(changes.measures!.map((move) => [move.name, move.from?.value ?? null, move.to.value, move.better])).toEqual([
      ['Measure rising', 72, 86, true],
      ['Measure falling', 63, 60, false],
      ['Measure lower', 30, 25, true],
      ['Measure still', 50, 50, null],
      ['Measure new', null, 10, null],
    ]);
    expect(unchanged({ ...changes, measures: changes.measures!.filter((move) => move.name === 'Measure still') })).toBe(true);
    expect(unchanged(changes)).toBe(false);
    // Against a snapshot that kept no measures, no figure is taken for a first one.
    expect(comparePlans(plan(), withMeasures(measure('rising', 'higher', { period: '2027-04', value: 86 }))).measures).toBeUndefined();
  });
});
