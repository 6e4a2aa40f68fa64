import { PlanSnapshot } from '../../src/snapshots/plan-snapshot.entity.js';
import { ImprovementArea } from '../../src/improvement-areas/improvement-area.entity.js';
import type { scenario } from './scenario.js';
import type { TestApp } from './test-app.js';

/** Issue 18's sizes: 2 measures in each of the large plan's 20 areas, 24 monthly values each, 12 snapshots. */
export const LARGE_MEASURES = { perArea: 2, months: 24, snapshots: 12 };

/** What seeding measured: the size of each snapshot's frozen model, and the database's growth while they were taken. */
export interface SnapshotStorage {
  count: number;
  modelBytesMax: number;
  modelBytesMean: number;
  /** SQLite: pages added by the snapshots' writes; PostgreSQL: plan_snapshots' size with its TOAST and indexes. Per snapshot. */
  databaseBytesPerSnapshot: number;
}

/** "2022-05" plus `months` months. */
function periodAfter(start: string, months: number): string {
  const [year, month] = start.split('-').map(Number);
  const index = year * 12 + (month - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function lastDayOf(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

async function databaseBytes(t: TestApp): Promise<number> {
  if (t.dataSource.options.type === 'postgres') {
    const [row] = await t.dataSource.query<Array<{ bytes: string }>>(`SELECT pg_total_relation_size('plan_snapshots') AS bytes`);
    return Number(row.bytes);
  }
  const [pages] = await t.dataSource.query<Array<{ page_count: number }>>('PRAGMA page_count');
  const [size] = await t.dataSource.query<Array<{ page_size: number }>>('PRAGMA page_size');
  return pages.page_count * size.page_size;
}

/**
 * Measures on the large plan, with values and snapshots spread over two years as a real plan
 * gathers them: the clock starts at the first month's end and moves a month at a time, each
 * month's values entered just after it ends, and a snapshot at each of the last 12 month ends.
 * The baseline is the month before the first value (values must come after it). Through the API,
 * so the values are validated and rated as a council's would be. Leaves the clock after the last month.
 */
export async function largeMeasures(t: TestApp, s: ReturnType<typeof scenario>, inspectionId: string, firstPeriod: string) {
  const areas = await t.dataSource.getRepository(ImprovementArea).find({ where: { inspectionId }, order: { position: 'ASC' } });
  const baselineOn = lastDayOf(periodAfter(firstPeriod, -1));
  const lastPeriod = periodAfter(firstPeriod, LARGE_MEASURES.months - 1);
  const targetOn = lastDayOf(periodAfter(lastPeriod, 6));
  t.clock.set(`${lastDayOf(firstPeriod)}T12:00:00Z`);
  const measures: string[] = [];
  for (const area of areas) {
    for (let i = 0; i < LARGE_MEASURES.perArea; i += 1) {
      const measure = await s.post(`/api/areas/${area.id}/measures`, {
        name: `Area ${area.position} measure ${i + 1}: children seen within 5 working days of a strategy discussion`,
        definition: 'Of the strategy discussions held in the month, the share whose child was seen within 5 working days.',
        unit: 'percent',
        direction: 'higher',
        baseline: { value: 55, on: baselineOn },
        target: { value: 85, on: targetOn },
        milestones: [{ value: 70, on: lastDayOf(periodAfter(firstPeriod, 11)) }],
        dataSource: 'Liquidlogic, monthly performance report',
        owner: { name: 'Sam Patel', email: 'sam.patel@oxfordshire.gov.uk' },
        frequency: 'monthly',
      });
      measures.push(measure.id as string);
    }
  }

  const sizes: number[] = [];
  let grown = 0;
  for (let month = 0; month < LARGE_MEASURES.months; month += 1) {
    const period = periodAfter(firstPeriod, month);
    // The day after the month ends, when its figures come in.
    t.clock.set(`${lastDayOf(period)}T12:00:00Z`);
    t.clock.set(new Date(t.clock.now().getTime() + 86_400_000).toISOString());
    for (const [n, id] of measures.entries()) {
      // A spread of values, some under the trajectory and some over, so the ratings vary.
      await s.post(`/api/measures/${id}/values`, { period, value: 50 + ((month * 7 + n * 3) % 40), note: 'From the monthly report.' });
    }
    if (month >= LARGE_MEASURES.months - LARGE_MEASURES.snapshots) {
      const before = await databaseBytes(t);
      await s.post(`/api/inspections/${inspectionId}/snapshots`, {});
      grown += (await databaseBytes(t)) - before;
    }
  }

  const rows = await t.dataSource.getRepository(PlanSnapshot).find({ where: { inspectionId }, select: { model: true } });
  for (const row of rows) sizes.push(Buffer.byteLength(row.model, 'utf8'));
  const storage: SnapshotStorage = {
    count: rows.length,
    modelBytesMax: Math.max(...sizes),
    modelBytesMean: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length),
    databaseBytesPerSnapshot: Math.round((t.dataSource.options.type === 'postgres' ? await databaseBytes(t) : grown) / rows.length),
  };
  return { measureIds: measures, storage };
}
