import type { IsoDate } from '../common/dates.js';
import { periodOf, type Period } from '../measures/measure-rating.js';
import type { RagStatus } from '../rag/rag-rules.js';

/**
 * The plan's progress over time, worked out from what was frozen (month-end and review snapshots) and
 * what the audit trail says was completed when. Pure, so a snapshot can carry it and its paper draws
 * the same charts however often it is rebuilt.
 */
export interface PlanProgress {
  /** The words and colour of each rating, as the council's policy said when this was worked out. */
  ratings: Record<RagStatus, { label: string; colour: string }>;
  /** Month by month, oldest first: how many actions had each rating at the month's last snapshot (the current month: now). */
  ratingsByMonth: Array<{ period: Period; counts: Record<RagStatus, number> }>;
  /**
   * The burn-up, month by month: actions due by the end of each month (cumulative, cancelled ones left out),
   * and actions completed by then; completed is null for months still to come.
   */
  burnUp: Array<{ period: Period; due: number; completed: number | null }>;
}

/** The longest run of months a chart shows: two years of six-monthly reviews and more. */
const MONTHS_SHOWN = 36;

export function nextPeriod(period: Period): Period {
  const [year, month] = period.split('-').map(Number);
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

/** Each month's latest snapshot gives that month (a month end's, its own month); the plan as it stands now gives the current month. */
export function ratingsByMonth(
  snapshots: ReadonlyArray<{ takenAt: string; takenOn: IsoDate; period?: Period | null; counts: Record<RagStatus, number> }>,
  now: { today: IsoDate; counts: Record<RagStatus, number> },
): PlanProgress['ratingsByMonth'] {
  const current = periodOf(now.today);
  const byMonth = new Map<Period, { takenAt: string; takenOn: IsoDate; counts: Record<RagStatus, number> }>();
  for (const snapshot of snapshots) {
    // A month-end snapshot taken late is its month's.
    const period = snapshot.period ?? periodOf(snapshot.takenOn);
    if (period >= current) continue;
    const held = byMonth.get(period);
    // One taken within the month speaks for it before one taken late; then the later of two.
    const rank = (one: { takenAt: string; takenOn: IsoDate }) => `${Number(periodOf(one.takenOn) === period)} ${one.takenAt}`;
    if (!held || rank(held) < rank(snapshot)) byMonth.set(period, snapshot);
  }
  return [...byMonth.entries()]
    .map(([period, { counts }]) => ({ period, counts }))
    .concat({ period: current, counts: now.counts })
    .sort((a, b) => a.period.localeCompare(b.period))
    .slice(-MONTHS_SHOWN);
}

/**
 * From the month of the first due date (or of the report's publication, if earlier) to the month of
 * the last due date or this month, whichever is later.
 */
export function burnUp(
  actions: ReadonlyArray<{ dueOn: IsoDate | null; cancelled: boolean; completedOn: IsoDate | null }>,
  publishedOn: IsoDate,
  today: IsoDate,
): PlanProgress['burnUp'] {
  const live = actions.filter((action) => !action.cancelled);
  const dueMonths = live.flatMap((action) => (action.dueOn ? [periodOf(action.dueOn)] : []));
  const current = periodOf(today);
  const first = [periodOf(publishedOn), ...dueMonths].sort()[0];
  const last = [current, ...dueMonths].sort().at(-1)!;
  const months: Period[] = [];
  for (let period = first; period <= last; period = nextPeriod(period)) months.push(period);
  return months.slice(-MONTHS_SHOWN).map((period) => ({
    period,
    due: dueMonths.filter((due) => due <= period).length,
    completed:
      period > current ? null : live.filter((action) => action.completedOn !== null && periodOf(action.completedOn) <= period).length,
  }));
}
