import fc from 'fast-check';
import { resolve } from 'node:path';
import { loadPolicy } from '../../src/config/policy.js';
import {
  expectedValue,
  figureAsTyped,
  missingData,
  periodToChase,
  periodEnd,
  periodFromText,
  rateMeasure,
  type MeasureFacts,
  type MeasureUnit,
} from '../../src/measures/measure-rating.js';

const policy = loadPolicy(resolve(import.meta.dirname, '../../config')).measures;

/** 55% in March 2024 to 85% by September 2025, through 70% at the end of March 2025. */
const seenOnTime: MeasureFacts = {
  unit: 'percent',
  direction: 'higher',
  frequency: 'monthly',
  baseline: { value: 55, on: '2024-03-31' },
  target: { value: 85, on: '2025-09-30' },
  milestones: [{ value: 70, on: '2025-03-31' }],
};
const rate = (values: Array<{ period: string; value: number }>, measure: MeasureFacts = seenOnTime, today = '2025-04-10') =>
  rateMeasure(measure, values, today, policy);

describe('a figure as typed', () => {
  it('takes commas, and a % sign only for a percentage; anything else, or a number too big to be one, is no figure', () => {
    expect(figureAsTyped(' 1,250 ', 'count')).toBe(1250);
    expect(figureAsTyped('62%', 'percent')).toBe(62);
    expect(figureAsTyped('62 %', 'percent')).toBe(62);
    expect(figureAsTyped('62%', 'rate_per_10000')).toBeNull();
    expect(figureAsTyped('sixty', 'count')).toBeNull();
    expect(figureAsTyped('1e3', 'count')).toBeNull();
    expect(figureAsTyped('9'.repeat(400), 'count')).toBeNull();
  });
});

describe('a month as written', () => {
  it('reads 2025-03, March 2025, Mar-25, mar 2025, Sept 2024 and 03/2025, and nothing that is not a month', () => {
    expect(['2025-03', 'March 2025', 'Mar-25', 'mar 2025', 'MARCH-2025', '03/2025', '3/2025'].map(periodFromText)).toEqual(
      Array(7).fill('2025-03'),
    );
    expect(periodFromText('Sept 2024')).toBe('2024-09');
    expect(['2025-13', 'Spring 2025', 'Ma 2025', '13/2025', '0/2025', 'March', '2025', ''].map(periodFromText)).toEqual(
      Array(8).fill(null),
    );
  });
});

describe('the trajectory of a measure', () => {
  it('runs straight from the baseline to each milestone and on to the target, and stays at the target after its date', () => {
    expect(expectedValue(seenOnTime, '2024-01-31')).toBe(55);
    expect(expectedValue(seenOnTime, '2024-03-31')).toBe(55);
    expect(expectedValue(seenOnTime, '2025-03-31')).toBe(70);
    expect(expectedValue(seenOnTime, '2025-09-30')).toBe(85);
    expect(expectedValue(seenOnTime, '2026-12-31')).toBe(85);
    // Half way in days from 31 March to 30 September 2025 (183 days): 15 July 2025 is 106 days in.
    expect(expectedValue(seenOnTime, '2025-07-15')).toBeCloseTo(70 + (15 * 106) / 183, 9);
    expect(expectedValue({ ...seenOnTime, milestones: [] }, '2024-09-30')).toBeCloseTo(55 + (30 * 183) / 548, 9);
  });
});

describe('rating a measure (config/rag.yaml, measures)', () => {
  it.each([
    [
      [],
      'no_data',
      'No value entered yet; target 85% by September 2025. The value for February 2025 was due on 20 March 2025 and has not been entered.',
    ],
    [[{ period: '2025-03', value: 70 }], 'green', '70% against a trajectory of 70% for March 2025; target 85% by September 2025.'],
    [[{ period: '2025-03', value: 72.25 }], 'green', '72.3% against a trajectory of 70% for March 2025; target 85% by September 2025.'],
    [[{ period: '2025-03', value: 65 }], 'amber', '65% against a trajectory of 70% for March 2025; target 85% by September 2025.'],
    [[{ period: '2025-03', value: 62 }], 'red', '62% against a trajectory of 70% for March 2025; target 85% by September 2025.'],
    // The latest period is rated, whatever order the values come in.
    [
      [
        { period: '2025-03', value: 62 },
        { period: '2025-02', value: 90 },
      ],
      'red',
      '62% against a trajectory of 70% for March 2025; target 85% by September 2025.',
    ],
  ])('rates %j %s: %s', (values, status, reason) => {
    expect(rate(values)).toMatchObject({ status, reason, label: policy.ratings[status as 'green'].label });
  });

  it('says which due value is missing, with its date in words', () => {
    // March's value was due 20 days after the month ended: on 20 April 2025, so missing from the 21st.
    expect(rate([{ period: '2025-02', value: 69 }], seenOnTime, '2025-04-20').missing).toBeNull();
    const late = rate([{ period: '2025-02', value: 69 }], seenOnTime, '2025-04-21');
    expect(late.missing).toEqual({ period: '2025-03', dueOn: '2025-04-20' });
    expect(late.reason).toBe(
      '69% against a trajectory of 68.7% for February 2025; target 85% by September 2025. The value for March 2025 was due on 20 April 2025 and has not been entered.',
    );
    // A quarterly measure is due for the quarter's last month only.
    const quarterly = { ...seenOnTime, frequency: 'quarterly' as const };
    expect(missingData(quarterly, [{ period: '2025-03' }], '2025-06-30', policy)).toBeNull();
    expect(missingData(quarterly, [], '2025-05-10', policy)).toEqual({ period: '2025-03', dueOn: '2025-04-20' });
  });

  it('chases the missing value first, and otherwise asks for the next one to fall due', () => {
    expect(periodToChase(seenOnTime, [], '2025-04-25', policy)).toBe('2025-03');
    expect(periodToChase(seenOnTime, [{ period: '2025-03' }], '2025-04-25', policy)).toBe('2025-04');
    // On its due date a value is not late yet: it is the one asked for.
    expect(periodToChase(seenOnTime, [{ period: '2025-02' }], '2025-04-20', policy)).toBe('2025-03');
    expect(periodToChase({ ...seenOnTime, frequency: 'quarterly' }, [{ period: '2025-03' }], '2025-04-25', policy)).toBe('2025-06');
  });

  it('words values in their units', () => {
    const days = {
      ...seenOnTime,
      unit: 'days' as const,
      direction: 'lower' as const,
      baseline: { value: 40, on: '2024-03-31' },
      target: { value: 20, on: '2025-09-30' },
      milestones: [],
    };
    expect(rate([{ period: '2025-10', value: 21 }], days, '2025-11-01').reason).toBe(
      'Target missed: 21 days in October 2025; the target was 20 days by September 2025.',
    );
    const rate10k = { ...days, unit: 'rate_per_10000' as const };
    expect(rate([], rate10k, '2024-04-30').reason).toBe('No value entered yet; target 20 per 10,000 children by September 2025.');
  });
});

/** A measure with its dates within a few years, values within a few hundred, either way better. */
const measures = fc
  .record({
    unit: fc.constantFrom<MeasureUnit>('percent', 'count', 'days', 'rate_per_10000'),
    direction: fc.constantFrom<'higher' | 'lower'>('higher', 'lower'),
    baselineMonth: fc.integer({ min: 0, max: 36 }),
    months: fc.integer({ min: 1, max: 36 }),
    baselineValue: fc.integer({ min: 0, max: 500 }),
    targetValue: fc.integer({ min: 0, max: 500 }),
  })
  .map(({ unit, direction, baselineMonth, months, baselineValue, targetValue }): MeasureFacts => {
    const month = (index: number) => `${2023 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    return {
      unit,
      direction,
      frequency: 'monthly',
      baseline: { value: baselineValue, on: periodEnd(month(baselineMonth)) },
      target: { value: targetValue, on: periodEnd(month(baselineMonth + months)) },
      milestones: [],
    };
  });
/** A month from before the baseline to well after the target. */
const periods = fc
  .integer({ min: 0, max: 84 })
  .map((index) => `${2023 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
const worse = (measure: MeasureFacts, expected: number, by: number) => (measure.direction === 'higher' ? expected - by : expected + by);
const statusOf = (measure: MeasureFacts, period: string, value: number) => rate([{ period, value }], measure, '2031-01-01').status;

describe('rating at the boundaries (property tests)', () => {
  it('rates a value on the line green', () => {
    fc.assert(
      fc.property(measures, periods, (measure, period) => statusOf(measure, period, expectedValue(measure, periodEnd(period))) === 'green'),
    );
  });

  it('rates a value better than the line green, whichever way is better', () => {
    fc.assert(
      fc.property(measures, periods, fc.double({ min: 0.001, max: 100, noNaN: true }), (measure, period, by) => {
        const expected = expectedValue(measure, periodEnd(period));
        return statusOf(measure, period, worse(measure, expected, -by)) === 'green';
      }),
    );
  });

  it('rates a value worse by exactly the tolerance amber, and by any more red', () => {
    fc.assert(
      fc.property(measures, periods, fc.double({ min: 0.001, max: 100, noNaN: true }), (measure, period, beyond) => {
        const expected = expectedValue(measure, periodEnd(period));
        const tolerance = policy.tolerance[measure.unit];
        return (
          statusOf(measure, period, worse(measure, expected, tolerance)) === 'amber' &&
          statusOf(measure, period, worse(measure, expected, tolerance + beyond)) === 'red'
        );
      }),
    );
  });

  it('rates against the target itself after the target date', () => {
    fc.assert(
      fc.property(measures, fc.integer({ min: 1, max: 24 }), (measure, after) => {
        const [year, month] = measure.target.on.split('-').map(Number);
        const index = year * 12 + month - 1 + after;
        const period = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
        const rating = rate([{ period, value: measure.target.value }], measure, '2031-01-01');
        return rating.status === 'green' && rating.expected === measure.target.value && rating.reason.startsWith('Target met: ');
      }),
    );
  });

  it('turns a rating round when the direction is reversed', () => {
    fc.assert(
      fc.property(measures, periods, fc.double({ min: 0.001, max: 100, noNaN: true }), (measure, period, by) => {
        const expected = expectedValue(measure, periodEnd(period));
        const value = expected + policy.tolerance[measure.unit] + by;
        const higher = statusOf({ ...measure, direction: 'higher' }, period, value);
        const lower = statusOf({ ...measure, direction: 'lower' }, period, value);
        return higher === 'green' && lower === 'red';
      }),
    );
  });
});
