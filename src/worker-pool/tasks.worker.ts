/**
 * The work that would stall the event loop, run in the pool's worker threads: reading and parsing
 * an uploaded report or workbook of measures' values, and building the plan's documents and charts. The heavy
 * libraries (pdf.js, docx, exceljs, vega) are loaded here, and only here. Every task answers with a plain result: a domain error
 * does not survive the trip between threads as its own class, so it travels as its fields.
 */
import { createHash } from 'node:crypto';
import type { MessagePort } from 'node:worker_threads';
import type { Chart } from '../charts/progress-charts.js';
import { DomainError, InvalidInputError, UnusableDocumentError } from '../common/errors.js';
import type { FrameworkPolicy } from '../config/policy.js';
import { readReportText, type DocumentHints, type ReportFormat } from '../imports/report-document.js';
import { parseReport, type ParsedReport } from '../imports/report-parser.js';
import { valueWorkbookAsCsv } from '../measures/value-workbook.js';
import { committeePaper, type CommitteePaper } from '../reports/committee-paper.js';
import { paperDocx, type DrawnChart } from '../reports/paper-docx.js';
import { paperHtml } from '../reports/paper-html.js';
import type { PlanModel } from '../reports/plan-model.service.js';
import { planWorkbook } from '../reports/plan-spreadsheet.js';

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

/**
 * What the pool hands a task: its input, and a port on which the task says it has started, so that
 * its time limit counts from then and not from when it was queued behind other work.
 */
export interface Task<Input> {
  input: Input;
  started: MessagePort;
}

export const readReport = timed(async (input: ReadReportInput): Promise<ReadReportOutput> => {
  const { format, text } = await readReportText(input.bytes, input.hints);
  return { format, report: parseReport(text, input.frameworks) };
});

export const valueWorkbook = timed(valueWorkbookAsCsv);

export const scrutinyDocx = timed(async (model: PlanModel) => {
  const paper = committeePaper(model);
  return paperDocx(paper, { charts: await drawnAsPng(paper) });
});

/** A snapshot's paper: stamped with the snapshot's time, so that it is the same bytes however often it is built. */
export const snapshotDocx = timed(async ({ model, takenAt }: { model: PlanModel; takenAt: string }) => {
  const paper = committeePaper(model);
  return paperDocx(paper, { at: new Date(takenAt), charts: await drawnAsPng(paper) });
});

export const scrutinyHtml = timed(async (model: PlanModel) => {
  const paper = committeePaper(model);
  return paperHtml(paper, await drawnAsSvg(paper));
});

/** Charts for a page, as SVG, in the order given. */
export const charts = timed((charts: Chart[]) => Promise.all(charts.map(drawSvg)));

export const planXlsx = timed((model: PlanModel) => planWorkbook(model));

const chartsOf = (paper: CommitteePaper) => paper.blocks.flatMap((block) => (block.kind === 'chart' ? [block.chart] : []));

async function drawnAsSvg(paper: CommitteePaper): Promise<Map<string, string>> {
  return new Map(await Promise.all(chartsOf(paper).map(async (chart) => [chart.id, await drawSvg(chart)] as const)));
}

async function drawnAsPng(paper: CommitteePaper): Promise<Map<string, DrawnChart>> {
  const { chartPng } = await drawing();
  return new Map(
    await Promise.all(
      chartsOf(paper).map(async (chart) => {
        const svg = await drawSvg(chart);
        return [chart.id, await kept(PNGS, PNGS_KEPT, svg, () => Promise.resolve(chartPng(svg)))] as const;
      }),
    ),
  );
}

/** vega is loaded by the first chart, not by a worker that only reads an upload. */
const drawing = () => import('../charts/draw-chart.js');

/**
 * Each worker keeps the charts it has drawn, and their pictures, by what they show: a plan's charts
 * change once a month or when a figure is entered, and every visit to its Progress page or paper
 * draws them all (a picture for Word takes longer than its SVG).
 */
const SVGS = new Map<string, string>();
const SVGS_KEPT = 500;
const PNGS = new Map<string, DrawnChart>();
const PNGS_KEPT = 200;

function drawSvg(chart: Chart): Promise<string> {
  return kept(SVGS, SVGS_KEPT, JSON.stringify(chart), async () => (await drawing()).chartSvg(chart));
}

async function kept<T>(store: Map<string, T>, most: number, what: string, make: () => Promise<T>): Promise<T> {
  const key = createHash('sha256').update(what).digest('base64');
  const held = store.get(key);
  if (held) return held;
  const made = await make();
  if (store.size >= most) store.delete(store.keys().next().value!);
  store.set(key, made);
  return made;
}

function timed<Input, Output>(work: (input: Input) => Promise<Output>) {
  return (task: Task<Input>): Promise<TaskOutcome<Output>> => {
    task.started.postMessage('started');
    task.started.close();
    return outcome(() => work(task.input));
  };
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
