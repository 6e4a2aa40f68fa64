/**
 * The work that would stall the event loop, run in the pool's worker processes: reading and parsing
 * an uploaded report or workbook of measures' values, and building the plan's documents and charts. The heavy
 * libraries (pdf.js, docx, exceljs, vega) are loaded here, and only here. Every task answers with a plain result: a domain error
 * does not survive the trip between processes as its own class, so it travels as its fields.
 */
import { chartKey, type Chart } from '../charts/progress-charts.js';
import { DomainError, InvalidInputError, UnusableDocumentError } from '../common/errors.js';
import type { FrameworkPolicy } from '../config/policy.js';
import { readReportText, type DocumentHints, type ReportFormat } from '../imports/report-document.js';
import { parseReport, type ParsedReport } from '../imports/report-parser.js';
import { committeePaper, type CommitteePaper } from '../reports/committee-paper.js';
import { paperDocx, type DrawnChart } from '../reports/paper-docx.js';
import { paperHtml } from '../reports/paper-html.js';
import type { PlanModel } from '../reports/plan-model.service.js';
import type { TaskStarted } from './worker-messages.js';

export type TaskOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: { kind: 'invalid_input'; fields: Record<string, string[]> } }
  | { ok: false; error: { kind: 'unusable_document'; problem: UnusableDocumentError['problem']; message: string } };

export interface ReadReportInput {
  bytes: Uint8Array;
  hints: DocumentHints;
  frameworks: ReadonlyMap<string, FrameworkPolicy>;
}

export interface ReadReportOutput {
  format: ReportFormat;
  report: ParsedReport;
}

export const readReport = timed(async (input: ReadReportInput): Promise<ReadReportOutput> => {
  const { format, text } = await readReportText(input.bytes, input.hints);
  return { format, report: parseReport(text, input.frameworks) };
});

// exceljs takes a few hundred milliseconds to load: a worker started for a paper or a report does without it.
export const valueWorkbook = timed(async (bytes: Uint8Array) => (await import('../measures/value-workbook.js')).valueWorkbookAsCsv(bytes));

/**
 * A chart drawn, as SVG and, once a Word paper has needed it, as a picture. The service keeps drawings between
 * tasks, by what each chart shows (ChartDrawingStore): a worker that stood idle is stopped and its memory
 * freed, and drawing a large plan's charts again takes seconds.
 */
export interface ChartDrawing {
  svg: string;
  picture?: DrawnChart;
}

export type ChartDrawings = Map<string, ChartDrawing>;

export interface PaperInput {
  /** The plan, or a snapshot's plan as the JSON it is kept in: parsed here, not on the service's event loop. */
  model: PlanModel | string;
  /** The plan's charts drawn before: those the paper needs are used, the rest are drawn. */
  drawings: ChartDrawings;
  /** A snapshot's time, which its paper carries instead of the time it is built, so that it is the same bytes every time. */
  takenAt?: string;
}

/**
 * The paper, which charts it shows (by what each shows), and those of them drawn for it: the main process
 * keeps what the paper showed, the rest of it from what it gave. What it gave does not travel back.
 */
export interface PaperOutput<T> {
  file: T;
  shown: string[];
  drawn: ChartDrawings;
}

export const scrutinyDocx = timed(async ({ model, drawings, takenAt }: PaperInput): Promise<PaperOutput<Buffer>> => {
  const paper = committeePaper(planOf(model));
  const { byId, shown, drawn } = await drawnFor(chartsOf(paper), drawings, 'picture');
  const pictures = new Map([...byId].map(([id, drawing]) => [id, drawing.picture!]));
  return { file: await paperDocx(paper, { at: takenAt ? new Date(takenAt) : undefined, charts: pictures }), shown, drawn };
});

export const scrutinyHtml = timed(async ({ model, drawings }: PaperInput): Promise<PaperOutput<string>> => {
  const paper = committeePaper(planOf(model));
  const { byId, shown, drawn } = await drawnFor(chartsOf(paper), drawings, 'svg');
  return { file: paperHtml(paper, new Map([...byId].map(([id, drawing]) => [id, drawing.svg]))), shown, drawn };
});

const planOf = (model: PlanModel | string): PlanModel => (typeof model === 'string' ? (JSON.parse(model) as PlanModel) : model);

/** Charts for a page, as SVG, in the order given. */
export const charts = timed(async (charts: Chart[]) => {
  const { chartSvg } = await drawingLibraries();
  return Promise.all(charts.map(chartSvg));
});

/** Charts drawn ahead of a page or paper: each as SVG (unless given) and as a picture, by what it shows. */
export const chartPictures = timed(async ({ charts, drawings }: { charts: Chart[]; drawings: ChartDrawings }) => {
  const { drawn } = await drawnFor(charts, drawings, 'picture');
  return drawn;
});

export const planXlsx = timed(async (model: PlanModel) => (await import('../reports/plan-spreadsheet.js')).planWorkbook(model));

/** The charts a paper shows, in its order. */
const chartsOf = (paper: CommitteePaper): Chart[] => paper.blocks.flatMap((block) => (block.kind === 'chart' ? [block.chart] : []));

/**
 * Charts, each from `drawings` where it was drawn before, otherwise drawn now (and as a picture if `as` asks): by
 * chart, which were shown (by what each shows), and which were drawn or given a picture now.
 */
async function drawnFor(charts: Chart[], drawings: ChartDrawings, as: 'svg' | 'picture') {
  const byId = new Map<string, ChartDrawing>();
  const drawn: ChartDrawings = new Map();
  const pictures: Array<Promise<unknown>> = [];
  const shown = new Set<string>();
  for (const chart of charts) {
    const key = chartKey(chart);
    const given = drawings.get(key);
    let drawing = drawn.get(key) ?? (given && (as === 'svg' || given.picture) ? given : undefined);
    if (!drawing) {
      const { chartSvg, chartPng } = await drawingLibraries();
      const fresh: ChartDrawing = { svg: given?.svg ?? (await chartSvg(chart)) };
      // Not awaited here: the picture is rasterised off this thread while the next chart is drawn.
      if (as === 'picture') pictures.push(chartPng(fresh.svg).then((picture) => (fresh.picture = picture)));
      drawn.set(key, (drawing = fresh));
    }
    byId.set(chart.id, drawing);
    shown.add(key);
  }
  await Promise.all(pictures);
  return { byId, shown: [...shown], drawn };
}

/**
 * vega and resvg are loaded by the first chart drawn: not by a worker that only reads an upload, nor for a paper whose
 * charts were all kept (as the next one is, once its worker has been let go when idle: 0.2 s sooner).
 */
const drawingLibraries = () => import('../charts/draw-chart.js');

/** A task that tells the pool it has started, so that its limit counts its work from then and not from when it was queued. */
function timed<Input, Output>(work: (input: Input) => Promise<Output>) {
  return (input: Input): Promise<TaskOutcome<Output>> => {
    // Run anywhere but in a pool's process (as the tests do), a task has no pool to tell.
    if (inPoolProcess()) process.send!({ taskStarted: true, pid: process.pid } satisfies TaskStarted);
    return outcome(() => work(input));
  };
}

/** tinypool marks its worker processes so. */
function inPoolProcess(): boolean {
  return (process as { __tinypool_state__?: { isChildProcess?: boolean } }).__tinypool_state__?.isChildProcess === true;
}

async function outcome<T>(work: () => Promise<T>): Promise<TaskOutcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof InvalidInputError) return { ok: false, error: { kind: 'invalid_input', fields: error.fields } };
    if (error instanceof UnusableDocumentError)
      return { ok: false, error: { kind: 'unusable_document', problem: error.problem, message: error.message } };
    // Anything else is a fault in the code: thrown on, so the pool reports it as one.
    throw error instanceof DomainError ? new Error(error.message) : error;
  }
}
