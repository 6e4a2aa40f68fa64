import { burnUp, ratingsByMonth } from '../../src/reports/plan-progress.js';
import { trend } from '../../src/reports/committee-paper.js';
import type { RagStatus } from '../../src/rag/rag-rules.js';

const counts = (over: Partial<Record<RagStatus, number>>): Record<RagStatus, number> => ({
  complete: 0,
  awaiting_sign_off: 0,
  on_track: 0,
  at_risk: 0,
  off_track: 0,
  overdue: 0,
  cancelled: 0,
  ...over,
});

describe('progress over time', () => {
  it('takes each month from its latest snapshot, and the current month from the plan now', () => {
    const months = ratingsByMonth(
      [
        { takenAt: '2025-01-31T18:00:00Z', takenOn: '2025-01-31', counts: counts({ on_track: 3 }) },
        { takenAt: '2025-01-16T15:00:00Z', takenOn: '2025-01-16', counts: counts({ on_track: 1 }) },
        { takenAt: '2024-12-31T18:00:00Z', takenOn: '2024-12-31', counts: counts({ overdue: 2 }) },
        // Taken this month: the plan now speaks for it.
        { takenAt: '2025-03-02T10:00:00Z', takenOn: '2025-03-02', counts: counts({ at_risk: 9 }) },
      ],
      { today: '2025-03-10', counts: counts({ complete: 1 }) },
    );
    expect(months).toEqual([
      { period: '2024-12', counts: counts({ overdue: 2 }) },
      { period: '2025-01', counts: counts({ on_track: 3 }) },
      { period: '2025-03', counts: counts({ complete: 1 }) },
    ]);
  });

  it('gives a month end taken late to its own month, unless one was taken within the month', () => {
    const late = { takenAt: '2025-02-03T09:00:00Z', takenOn: '2025-02-03', period: '2025-01', counts: counts({ overdue: 4 }) };
    expect(ratingsByMonth([late], { today: '2025-03-10', counts: counts({}) }).map((month) => month.period)).toEqual([
      '2025-01',
      '2025-03',
    ]);
    const within = { takenAt: '2025-01-20T10:00:00Z', takenOn: '2025-01-20', counts: counts({ on_track: 2 }) };
    expect(ratingsByMonth([late, within], { today: '2025-03-10', counts: counts({}) })[0]).toEqual({
      period: '2025-01',
      counts: counts({ on_track: 2 }),
    });
  });

  it('counts actions due and completed by the end of each month, leaving out cancelled ones and months to come', () => {
    const months = burnUp(
      [
        { dueOn: '2024-05-31', cancelled: false, completedOn: '2024-06-03' },
        { dueOn: '2024-06-28', cancelled: false, completedOn: null },
        { dueOn: '2024-06-28', cancelled: true, completedOn: null },
        { dueOn: '2024-09-30', cancelled: false, completedOn: null },
        { dueOn: null, cancelled: false, completedOn: '2024-05-10' },
      ],
      '2024-04-09',
      '2024-07-15',
    );
    expect(months).toEqual([
      { period: '2024-04', due: 0, completed: 0 },
      { period: '2024-05', due: 1, completed: 1 },
      { period: '2024-06', due: 2, completed: 2 },
      { period: '2024-07', due: 2, completed: 2 },
      { period: '2024-08', due: 2, completed: null },
      { period: '2024-09', due: 3, completed: null },
    ]);
  });

  it('says which way a measure is going, as the measure counts better', () => {
    const values = [
      { period: '2025-01', value: 20 },
      { period: '2025-02', value: 18 },
      { period: '2025-03', value: 15 },
    ];
    expect(trend({ values, unit: 'days', direction: 'lower' })).toBe(
      'Better: 20 days in January 2025, 18 days in February 2025, 15 days in March 2025',
    );
    expect(trend({ values, unit: 'days', direction: 'higher' })).toMatch(/^Worse: /);
    expect(trend({ values: values.slice(0, 1), unit: 'days', direction: 'lower' })).toBe('One value so far');
    expect(trend({ values: [], unit: 'days', direction: 'lower' })).toBe('No values yet');
  });
});
