import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { monthInWords } from '../../workflows/workflow.js';
import { expectedValue, periodEnd, valueInWords, type Period } from '../measures/measure-rating.js';
import { RAG_STATUSES, type RagStatus } from '../rag/rag-rules.js';
import type { PlanMeasure, PlanModel } from '../reports/plan-model.service.js';
import { RAG_FILLS } from '../reports/plan-rows.js';
import { CHART_FONTS } from './chart-fonts.js';

/**
 * A chart as the GOV.UK Analysis Function asks: a title, one sentence saying what it shows, and its
 * data as a table beneath. The drawing is a Vega-Lite specification, drawn to SVG in the worker pool;
 * everything here is pure, so the same plan (or snapshot) always gives the same chart.
 */
export interface Chart {
  /** Unique on a page, for the SVG's title and description ids. */
  id: string;
  title: string;
  summary: string;
  table: { headers: string[]; rows: string[][] };
  spec: TopLevelSpec;
}

/** Short month words for an axis ("Mar 2025"); tables and summaries use the full words. */
const axisMonth = (period: Period) => {
  const [year, month] = period.split('-').map(Number);
  return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][month - 1]} ${year}`;
};
const monthWords = monthInWords;

/** Ratings are told apart by shape and line pattern as well as colour (WCAG 1.4.1). */
const SHAPES = ['circle', 'square', 'diamond', 'triangle-up', 'cross', 'triangle-down', 'stroke'];
const DASHES = [
  [1, 0],
  [8, 4],
  [2, 3],
  [12, 3, 2, 3],
  [6, 6],
  [1, 5],
  [14, 4],
];

/** Text is 12 px at least, in a face every machine that draws it has (the PNG is drawn on the server). */
const CONFIG = {
  font: 'Arial, Liberation Sans, DejaVu Sans, sans-serif',
  aria: false,
  background: 'white',
  axis: { labelFontSize: 12, titleFontSize: 13, labelColor: '#0b0c0c', titleColor: '#0b0c0c', gridColor: '#dddddd' },
  legend: { labelFontSize: 12, titleFontSize: 13, orient: 'bottom', direction: 'horizontal', columns: 3, symbolSize: 120 },
  title: { fontSize: 14 },
} as const;

const WIDTH = 560;
const HEIGHT = 220;

/** Months by name, leaving out a name that would overlap the one before (a plan of years has dozens). */
const MONTHS_AXIS = { labelAngle: -40, labelOverlap: 'greedy' } as const;
/** Counts of actions are whole numbers, and none at all still has an axis from 0 to 1, not a row of "0.000000". */
const COUNT_AXIS = { tickMinStep: 1, format: 'd' } as const;
// Given whole: a line drawn with its points is two layers, and each asking for the union of its figures with 0 to 1 would conflict.
const countScale = (values: number[]) => ({ domain: [0, Math.max(1, ...values)], nice: true });

/**
 * How charts are drawn: the libraries that draw them, the fonts, and our own way of using them (draw-chart.ts),
 * as a number to raise when that changes. Part of every chart's key, so that drawings kept in the database by
 * an earlier release, or by an instance drawing otherwise, are not shown as this one's.
 */
const DRAWN_AS = ['vega', 'vega-lite', '@resvg/resvg-js']
  .map((name) => `${name}@${versionOf(name)}`)
  .concat(`fonts:${CHART_FONTS.defaultFontFamily}`, 'draw-chart:1')
  .join(' ');

/** An installed package's version, from the package.json above its entry (vega's exports leave its package.json out). */
function versionOf(name: string): string {
  for (let folder = dirname(createRequire(import.meta.url).resolve(name)); folder !== dirname(folder); folder = dirname(folder)) {
    const file = join(folder, 'package.json');
    const found = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }) : {};
    if (found.name === name) return found.version ?? 'unknown';
  }
  return 'unknown';
}

/** What a chart shows, as a key: the same figures give the same drawing, wherever and whenever it was drawn. */
export const chartKey = (chart: Chart): string =>
  createHash('sha256')
    .update(`${DRAWN_AS}\n${JSON.stringify(chart)}`)
    .digest('base64');

interface PlanChartSet {
  /** The plan's own charts, then its measures': all of them, in that order, with their keys. */
  plan: Chart[];
  measures: Chart[];
  charts: Chart[];
  keys: string[];
}

const OF_MODEL = new WeakMap<PlanModel, PlanChartSet>();

/**
 * Every chart of a plan, with their keys: worked out once for each model (a model is never changed), as it holds the
 * event loop for 20 to 40 ms for a large plan.
 */
export function chartsOfPlan(model: PlanModel): PlanChartSet {
  let found = OF_MODEL.get(model);
  if (!found) {
    const [plan, measures] = [planCharts(model), measureCharts(model)];
    const charts = [...plan, ...measures];
    OF_MODEL.set(model, (found = { plan, measures, charts, keys: charts.map(chartKey) }));
  }
  return found;
}

/** The plan's charts: ratings by month, the burn-up, overdue actions over time (none for a snapshot older than them). */
export function planCharts(model: PlanModel): Chart[] {
  const progress = model.progress;
  if (!progress) return [];
  return [ratingsChart(model, progress.ratingsByMonth), burnUpChart(progress.burnUp, model), overdueChart(progress.ratingsByMonth)];
}

/** Each measure against its trajectory, referenced by its area and its place in it. */
export function measureCharts(model: PlanModel): Chart[] {
  return model.areas.flatMap((area) =>
    (area.measures ?? []).map((measure, index) => measureChart(measure, `${area.reference}.${index + 1}`)),
  );
}

function ratingsChart(model: PlanModel, months: NonNullable<PlanModel['progress']>['ratingsByMonth']): Chart {
  const shown = RAG_STATUSES.filter((status) => status !== 'cancelled' && months.some((month) => month.counts[status] > 0));
  const { ratings } = model.progress!;
  const last = months.at(-1)!;
  const first = months[0];
  const total = (counts: Record<RagStatus, number>) => shown.reduce((sum, status) => sum + counts[status], 0);
  const good = (counts: Record<RagStatus, number>) => counts.complete + counts.on_track + counts.awaiting_sign_off;
  const share = (counts: Record<RagStatus, number>) => `${good(counts)} of ${total(counts)} action${total(counts) === 1 ? '' : 's'}`;
  const summary =
    months.length > 1
      ? `In ${monthWords(last.period)}, ${share(last.counts)} ${total(last.counts) === 1 ? 'was' : 'were'} complete or on track, against ${share(first.counts)} in ${monthWords(first.period)}.`
      : `In ${monthWords(last.period)}, ${share(last.counts)} ${total(last.counts) === 1 ? 'is' : 'are'} complete or on track; earlier months appear once snapshots are taken.`;
  return {
    id: 'ratings-by-month',
    title: 'Actions by rating, month by month',
    summary,
    table: {
      headers: ['Month', ...shown.map((status) => ratings[status].label)],
      rows: months.map((month) => [monthWords(month.period), ...shown.map((status) => String(month.counts[status]))]),
    },
    spec: lineSpec(
      months.flatMap((month) =>
        shown.map((status) => ({ month: axisMonth(month.period), series: ratings[status].label, value: month.counts[status] })),
      ),
      {
        title: 'Actions',
        series: 'Rating',
        domain: shown.map((status) => ratings[status].label),
        colours: shown.map((status) => `#${RAG_FILLS[ratings[status].colour] ?? '505a5f'}`),
      },
    ),
  };
}

function burnUpChart(burnUp: NonNullable<PlanModel['progress']>['burnUp'], model: Pick<PlanModel, 'paperEdition' | 'today'>): Chart {
  const now = burnUp.filter((month) => month.completed !== null).at(-1);
  // The month under way is not over (paper edition 8): what is done so far, and what is due by its end.
  const underWay = now !== undefined && (model.paperEdition ?? 1) >= 8 && now.period === model.today.slice(0, 7);
  const summary = !now
    ? 'No action is due yet.'
    : underWay
      ? `So far in ${monthWords(now.period)}, ${now.completed} action${now.completed === 1 ? ' has' : 's have'} been completed, and ${now.due} ${now.due === 1 ? 'is' : 'are'} due by its end; ${burnUp.at(-1)!.due} ${burnUp.at(-1)!.due === 1 ? 'is' : 'are'} due in all.`
      : `By the end of ${monthWords(now.period)}, ${now.completed} action${now.completed === 1 ? ' had' : 's had'} been completed, and ${now.due} ${now.due === 1 ? 'was' : 'were'} due by then; ${burnUp.at(-1)!.due} are due in all.`;
  return {
    id: 'burn-up',
    title: 'Actions completed against actions due',
    summary,
    table: {
      headers: ['Month', 'Due by the end of the month', 'Completed by the end of the month'],
      rows: burnUp.map((month) => [monthWords(month.period), String(month.due), month.completed === null ? '' : String(month.completed)]),
    },
    spec: lineSpec(
      burnUp.flatMap((month) => [
        { month: axisMonth(month.period), series: 'Due', value: month.due },
        ...(month.completed === null ? [] : [{ month: axisMonth(month.period), series: 'Completed', value: month.completed }]),
      ]),
      { title: 'Actions (running total)', series: null, domain: ['Due', 'Completed'], colours: ['#505a5f', '#1d70b8'] },
    ),
  };
}

function overdueChart(months: NonNullable<PlanModel['progress']>['ratingsByMonth']): Chart {
  const last = months.at(-1)!;
  const peak = months.reduce((most, month) => (month.counts.overdue > most.counts.overdue ? month : most), months[0]);
  return {
    id: 'overdue-over-time',
    title: 'Overdue actions over time',
    summary:
      months.length > 1
        ? `${last.counts.overdue} action${last.counts.overdue === 1 ? ' is' : 's are'} overdue in ${monthWords(last.period)}; the most was ${peak.counts.overdue}, in ${monthWords(peak.period)}.`
        : `${last.counts.overdue} action${last.counts.overdue === 1 ? ' is' : 's are'} overdue in ${monthWords(last.period)}.`,
    table: { headers: ['Month', 'Overdue actions'], rows: months.map((month) => [monthWords(month.period), String(month.counts.overdue)]) },
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: HEIGHT,
      config: CONFIG,
      data: { values: months.map((month) => ({ month: axisMonth(month.period), value: month.counts.overdue })) },
      layer: [
        { mark: { type: 'bar', color: '#d4351c' } },
        { mark: { type: 'text', dy: -8, fontSize: 12, color: '#0b0c0c' }, encoding: { text: { field: 'value', type: 'quantitative' } } },
      ],
      encoding: {
        x: { field: 'month', type: 'ordinal', sort: null, title: null, axis: MONTHS_AXIS },
        y: {
          field: 'value',
          type: 'quantitative',
          title: 'Overdue actions',
          axis: COUNT_AXIS,
          scale: countScale([peak.counts.overdue]),
        },
      },
    },
  };
}

/** Its values against the straight line from baseline to target (through any milestones), and the target itself. */
function measureChart(measure: PlanMeasure, reference: string): Chart {
  const unit = (value: number) => valueInWords(value, measure.unit);
  const line = [
    measure.baseline,
    ...measure.milestones.filter((point) => point.on > measure.baseline.on && point.on < measure.target.on),
    measure.target,
  ].sort((a, b) => a.on.localeCompare(b.on));
  const points = [
    ...line.map((point) => ({ date: point.on, series: 'Trajectory', value: point.value })),
    ...measure.values.map((value) => ({ date: periodEnd(value.period), series: 'Actual', value: value.value })),
  ];
  return {
    id: `measure-${measure.id}`,
    title: `Measure ${reference}: ${measure.name}`,
    summary: `${measure.rating.label}: ${measure.rating.reason}`,
    table: {
      headers: ['Month', 'Value', 'Trajectory'],
      rows: [
        [`Baseline, ${monthWords(measure.baseline.on)}`, unit(measure.baseline.value), unit(measure.baseline.value)],
        ...measure.values.map((value) => [monthWords(value.period), unit(value.value), expectedWords(measure, value.period, unit)]),
        [`Target, ${monthWords(measure.target.on)}`, '', unit(measure.target.value)],
      ],
    },
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: WIDTH,
      height: HEIGHT,
      config: CONFIG,
      data: { values: points },
      mark: { type: 'line', point: { size: 60, filled: true } },
      encoding: {
        // A value is for its month (and a baseline, target or milestone for the month of its date): each is drawn at
        // the start of its month, where the axis names it, not at the month's last day, beside the next month's name.
        x: {
          field: 'date',
          type: 'temporal',
          timeUnit: 'yearmonth',
          title: null,
          axis: { format: '%b %Y', labelAngle: -40, tickCount: 'month', labelOverlap: 'greedy' },
        },
        y: {
          field: 'value',
          type: 'quantitative',
          title: unitTitle(measure),
          scale: { zero: measure.unit !== 'days' && measure.unit !== 'rate_per_10000' ? true : false },
        },
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: { domain: ['Actual', 'Trajectory'], range: ['#1d70b8', '#505a5f'] },
        },
        strokeDash: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: {
            domain: ['Actual', 'Trajectory'],
            range: [
              [1, 0],
              [8, 4],
            ],
          },
        },
        shape: { field: 'series', type: 'nominal', title: null, scale: { domain: ['Actual', 'Trajectory'], range: ['circle', 'square'] } },
      },
    },
  };
}

function expectedWords(measure: PlanMeasure, period: Period, unit: (value: number) => string): string {
  return unit(expectedValue(measure, periodEnd(period)));
}

function unitTitle(measure: PlanMeasure): string {
  return { percent: 'Per cent', count: 'Number', days: 'Days', rate_per_10000: 'Per 10,000 children' }[measure.unit];
}

function lineSpec(
  values: Array<{ month: string; series: string; value: number }>,
  { title, series, domain, colours: range }: { title: string; series: string | null; domain: string[]; colours: string[] },
): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    data: { values },
    mark: { type: 'line', point: { size: 60, filled: true } },
    encoding: {
      x: { field: 'month', type: 'ordinal', sort: null, title: null, axis: MONTHS_AXIS },
      y: { field: 'value', type: 'quantitative', title, axis: COUNT_AXIS, scale: countScale(values.map(({ value }) => value)) },
      color: { field: 'series', type: 'nominal', title: series, scale: { domain, range } },
      shape: { field: 'series', type: 'nominal', title: series, scale: { domain, range: SHAPES.slice(0, domain.length) } },
      strokeDash: { field: 'series', type: 'nominal', title: series, scale: { domain, range: DASHES.slice(0, domain.length) } },
    },
  };
}
