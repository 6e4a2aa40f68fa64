import { inWords as dateInWords, monthInWords, monthNumberOfName } from '../../workflows/workflow.js';
import type { IsoDate } from '../common/dates.js';

/**
 * How a measure of impact is rated: pure, with no Nest, no database and no clock of its own, so the
 * same measure, values and day always give the same rating, and every rating says why in words.
 */

export const MEASURE_UNITS = ['percent', 'count', 'days', 'rate_per_10000'] as const;
export type MeasureUnit = (typeof MEASURE_UNITS)[number];

export const MEASURE_DIRECTIONS = ['higher', 'lower'] as const;
/** Which way is better: a higher value (children seen on time) or a lower one (days waiting). */
export type MeasureDirection = (typeof MEASURE_DIRECTIONS)[number];

export const MEASURE_FREQUENCIES = ['monthly', 'quarterly'] as const;
export type MeasureFrequency = (typeof MEASURE_FREQUENCIES)[number];

export const MEASURE_STATUSES = ['green', 'amber', 'red', 'no_data'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

/** A month a value is for, written YYYY-MM (2025-03 is March 2025). */
export type Period = string;

export interface MeasurePolicy {
  ratings: Record<MeasureStatus, { colour: string; label: string }>;
  /** How far worse than the trajectory a value may be and still be amber, in each unit (percentage points for percent). */
  tolerance: Record<MeasureUnit, number>;
  /** Days after a period ends by which its value is due. */
  dataDueDaysAfterPeriod: number;
}

export interface Point {
  on: IsoDate;
  value: number;
}

export interface MeasureFacts {
  unit: MeasureUnit;
  direction: MeasureDirection;
  frequency: MeasureFrequency;
  baseline: Point;
  target: Point;
  milestones: readonly Point[];
}

export interface MeasureRating {
  status: MeasureStatus;
  colour: string;
  label: string;
  /** The latest value rated, and what the trajectory expected at the end of its period. */
  latest: { period: Period; value: number } | null;
  expected: number | null;
  /** The latest period whose value is due and has not been entered: the measure is missing data. */
  missing: { period: Period; dueOn: IsoDate } | null;
  reason: string;
}

/** What the rating reads of a measure as it is stored. */
export function measureFacts(measure: {
  unit: MeasureUnit;
  direction: MeasureDirection;
  frequency: MeasureFrequency;
  baselineValue: number;
  baselineOn: IsoDate;
  targetValue: number;
  targetOn: IsoDate;
  milestones: readonly Point[];
}): MeasureFacts {
  return {
    unit: measure.unit,
    direction: measure.direction,
    frequency: measure.frequency,
    baseline: { value: measure.baselineValue, on: measure.baselineOn },
    target: { value: measure.targetValue, on: measure.targetOn },
    milestones: measure.milestones,
  };
}

/** Differences smaller than this are the arithmetic's, not the data's: a value on the line is on the line. */
const EPSILON = 1e-9;

export const isPeriod = (value: unknown): value is Period => typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

/**
 * A month as a person or a spreadsheet writes it: 2025-03, March 2025, Mar-25 (a date cell formatted mmm-yy, as
 * Excel saves it to CSV) or 03/2025. Null when it is not one.
 */
export function periodFromText(text: string): Period | null {
  const typed = text.trim();
  if (isPeriod(typed)) return typed;
  const named = /^([a-z]+)\.?[\s/-]+(\d{2}|\d{4})$/i.exec(typed);
  const numbered = /^(\d{1,2})[/.-](\d{4})$/.exec(typed);
  if (!named && !numbered) return null;
  const month = named ? monthNumberOfName(named[1]) : Number(numbered![1]);
  const year = Number(named ? named[2] : numbered![2]);
  const period = `${year < 100 ? 2000 + year : year}-${String(month).padStart(2, '0')}`;
  return isPeriod(period) ? period : null;
}

/** Made once: making a formatter costs far more than using one, and a Progress page words thousands of values. */
const NUMBER_WORDS = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/**
 * A figure as a person typed it, on a page or in a spreadsheet: its number, or null when it reads as none. Thousands
 * may be written with commas, and a percentage with its sign ("62%"); a figure of another unit may not carry one.
 */
export function figureAsTyped(typed: string, unit: string | undefined): number | null {
  const written = typed.trim().replace(/,/g, '');
  const figure = unit === 'percent' ? written.replace(/\s*%$/, '') : written;
  // Hundreds of digits read as a number too, as Infinity: not a figure.
  return /^-?\d+(\.\d+)?$/.test(figure) && Number.isFinite(Number(figure)) ? Number(figure) : null;
}

/** Why a figure cannot be a value in this unit, or null: a percentage lies between 0 and 100, and nothing here counts below 0. */
export function outOfRange(value: number, unit: MeasureUnit): string | null {
  if (unit === 'percent' && (value < 0 || value > 100)) return 'A percentage must be between 0 and 100';
  if (value < 0) return 'The value must be 0 or more';
  return null;
}

/**
 * What is wrong with a measure's line, by the API's field paths: a figure its unit cannot take, a target date not after
 * the baseline's, a milestone not between them, two milestones on one day. A part not given is passed over (the form
 * asks for it), so the form and the service give the same words for the same line.
 */
export function lineProblems(
  line: { baseline: Partial<Point>; target: Partial<Point>; milestones: ReadonlyArray<Partial<Point>> },
  unit: MeasureUnit | undefined,
): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const { baseline, target, milestones } = line;
  const figure = (path: string, label: string, value: number | undefined) => {
    if (value === undefined || !unit || !outOfRange(value, unit)) return;
    fields[path] = [
      unit === 'percent' ? `The ${label} must be between 0% and 100%, as it is a percentage` : `The ${label} must be 0 or more`,
    ];
  };
  figure('baseline.value', 'baseline', baseline.value);
  figure('target.value', 'target', target.value);
  milestones.forEach((point, index) => figure(`milestones.${index}.value`, `value of milestone ${index + 1}`, point.value));
  if (baseline.on && target.on && target.on <= baseline.on) fields['target.on'] = ['The target date must be after the baseline date'];
  milestones.forEach((point, index) => {
    if (point.on && baseline.on && target.on && (point.on <= baseline.on || point.on >= target.on)) {
      fields[`milestones.${index}.on`] = [
        `The date of milestone ${index + 1}, ${dateInWords(point.on)}, must be between the baseline date and the target date`,
      ];
    }
  });
  const days = milestones.flatMap((point) => (point.on ? [point.on] : []));
  if (new Set(days).size < days.length) fields.milestones = ['Give each milestone a different date'];
  return fields;
}

/** A value in its unit's words: "62%", "14 days", "38.5 per 10,000 children". */
export function valueInWords(value: number, unit: MeasureUnit): string {
  const number = NUMBER_WORDS.format(value);
  switch (unit) {
    case 'percent':
      return `${number}%`;
    case 'days':
      return `${number} ${value === 1 ? 'day' : 'days'}`;
    case 'rate_per_10000':
      return `${number} per 10,000 children`;
    case 'count':
      return number;
  }
}

/** The latest month whose value can be entered in `current`: the last month over, a quarter's last for a quarterly measure. */
export function latestEnterableMonth(current: Period, frequency: MeasureFrequency): Period {
  let latest = previousMonth(current);
  while (!takesPeriod(frequency, latest)) latest = previousMonth(latest);
  return latest;
}

/** Why a value cannot be entered yet for `period`, this month or later: only a month that has ended has its figure. */
export function unfinishedMonth(period: Period, current: Period, frequency: MeasureFrequency = 'monthly'): string {
  if (period === current) return `${monthInWords(period)} has not ended yet: enter its value once the month is over`;
  return `${monthInWords(period)} has not started yet: enter a value for ${monthInWords(latestEnterableMonth(current, frequency))} or earlier`;
}

/** The last day of a period's month. */
export function periodEnd(period: Period): IsoDate {
  const [year, month] = period.split('-').map(Number);
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

export const periodOf = (date: IsoDate): Period => date.slice(0, 7);

function nextMonth(period: Period): Period {
  const [year, month] = period.split('-').map(Number);
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

function previousMonth(period: Period): Period {
  const [year, month] = period.split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

const daysBetween = (from: IsoDate, to: IsoDate) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

function addDays(date: IsoDate, days: number): IsoDate {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/** Whether a value may be given for this period: every month for a monthly measure, a quarter's last month for a quarterly one. */
export function takesPeriod(frequency: MeasureFrequency, period: Period): boolean {
  return frequency === 'monthly' || Number(period.slice(5, 7)) % 3 === 0;
}

/** The periods whose values were due before `today`: every one from the first after the baseline, the target's and after included. */
export function duePeriods(
  measure: Pick<MeasureFacts, 'frequency' | 'baseline'>,
  today: IsoDate,
  policy: Pick<MeasurePolicy, 'dataDueDaysAfterPeriod'>,
): Period[] {
  const periods: Period[] = [];
  for (let period = nextMonth(periodOf(measure.baseline.on)); dataDueOn(period, policy) < today; period = nextMonth(period)) {
    if (takesPeriod(measure.frequency, period)) periods.push(period);
  }
  return periods;
}

/** When a period's value is due. */
export function dataDueOn(period: Period, policy: Pick<MeasurePolicy, 'dataDueDaysAfterPeriod'>): IsoDate {
  return addDays(periodEnd(period), policy.dataDueDaysAfterPeriod);
}

/** The points the trajectory passes through, in date order: baseline, milestones, target. */
function trajectoryPoints(measure: Pick<MeasureFacts, 'baseline' | 'target' | 'milestones'>): Point[] {
  const between = measure.milestones.filter((point) => point.on > measure.baseline.on && point.on < measure.target.on);
  return [measure.baseline, ...[...between].sort((a, b) => a.on.localeCompare(b.on)), measure.target];
}

/**
 * The value the measure should have on a date: a straight line from the baseline to the target, through
 * each milestone; the baseline before it starts, and the target itself once its date has passed.
 */
export function expectedValue(measure: Pick<MeasureFacts, 'baseline' | 'target' | 'milestones'>, on: IsoDate): number {
  const points = trajectoryPoints(measure);
  if (on <= points[0].on) return points[0].value;
  for (let i = 1; i < points.length; i += 1) {
    const [from, to] = [points[i - 1], points[i]];
    if (on <= to.on) {
      const span = daysBetween(from.on, to.on);
      return span === 0 ? to.value : from.value + ((to.value - from.value) * daysBetween(from.on, on)) / span;
    }
  }
  return measure.target.value;
}

/**
 * Rates a measure on `today` from its values: green at or better than the trajectory at the end of the
 * latest value's period, amber when worse by no more than the unit's tolerance, red beyond it, and
 * "no data" without a value. A due period with no value is named as missing, whatever the rating.
 */
export function rateMeasure(
  measure: MeasureFacts,
  values: ReadonlyArray<{ period: Period; value: number }>,
  today: IsoDate,
  policy: MeasurePolicy,
): MeasureRating {
  const unit = (value: number) => valueInWords(value, measure.unit);
  const target = `target ${unit(measure.target.value)} by ${monthInWords(measure.target.on)}`;
  const latest = [...values].sort((a, b) => b.period.localeCompare(a.period))[0] ?? null;
  const missing = missingData(measure, values, today, policy);
  const missingWords = missing
    ? ` The value for ${monthInWords(missing.period)} was due on ${dateInWords(missing.dueOn)} and has not been entered.`
    : '';
  const rate = (status: MeasureStatus, expected: number | null, reason: string): MeasureRating => ({
    status,
    ...policy.ratings[status],
    latest: latest ? { period: latest.period, value: latest.value } : null,
    expected,
    missing,
    reason: `${reason}${missingWords}`,
  });

  if (!latest) return rate('no_data', null, `No value entered yet; ${target}.`);
  const end = periodEnd(latest.period);
  const expected = expectedValue(measure, end);
  const shortfall = measure.direction === 'higher' ? expected - latest.value : latest.value - expected;
  // From the target's own month on, the question is no longer the trajectory but whether the target was met.
  const reason =
    end >= measure.target.on
      ? `Target ${shortfall <= EPSILON ? 'met' : 'missed'}: ${unit(latest.value)} in ${monthInWords(latest.period)}; the ${target.replace('target', 'target was')}.`
      : `${unit(latest.value)} against a trajectory of ${unit(expected)} for ${monthInWords(latest.period)}; ${target}.`;
  const tolerance = policy.tolerance[measure.unit];
  if (shortfall <= EPSILON) return rate('green', expected, reason);
  if (shortfall <= tolerance + EPSILON) return rate('amber', expected, reason);
  return rate('red', expected, reason);
}

/** The latest period whose value was due before `today` and is not there, nor any later one; null when the figures are up to date. */
export function missingData(
  measure: Pick<MeasureFacts, 'frequency' | 'baseline'>,
  values: ReadonlyArray<{ period: Period }>,
  today: IsoDate,
  policy: Pick<MeasurePolicy, 'dataDueDaysAfterPeriod'>,
): { period: Period; dueOn: IsoDate } | null {
  const latestDue = duePeriods(measure, today, policy).at(-1);
  // A value for the period or a later one: the figures are up to date.
  if (!latestDue || values.some((value) => value.period >= latestDue)) return null;
  return { period: latestDue, dueOn: dataDueOn(latestDue, policy) };
}

/**
 * The period whose value its owner is to be asked for: the one missing, if a due value is; otherwise
 * the first not yet entered whose value falls due today or later.
 */
export function periodToChase(
  measure: Pick<MeasureFacts, 'frequency' | 'baseline'>,
  values: ReadonlyArray<{ period: Period }>,
  today: IsoDate,
  policy: Pick<MeasurePolicy, 'dataDueDaysAfterPeriod'>,
): Period {
  const missing = missingData(measure, values, today, policy);
  if (missing) return missing.period;
  const entered = new Set(values.map((value) => value.period));
  let period = nextMonth(periodOf(measure.baseline.on));
  while (dataDueOn(period, policy) < today || entered.has(period) || !takesPeriod(measure.frequency, period)) period = nextMonth(period);
  return period;
}
