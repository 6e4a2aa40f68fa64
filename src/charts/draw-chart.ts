/**
 * Drawing charts: Vega-Lite compiled to Vega, rendered headless to SVG (no canvas, no browser), and
 * that SVG rasterised by resvg to PNG for Word, which shows SVG unreliably. Loaded only in the
 * worker pool: vega is large, and drawing dozens of charts is CPU the event loop cannot spare.
 */
import { renderAsync } from '@resvg/resvg-js';
import { parse, View, type Runtime } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CHART_FONTS } from './chart-fonts.js';
import type { Chart } from './progress-charts.js';

const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The chart as SVG, named by its title and described by its summary for screen readers; decorations inside are hidden. */
export async function chartSvg(chart: Chart): Promise<string> {
  const { runtime, values } = compiled(chart.spec);
  const view = new View(runtime, { renderer: 'none' }).data(DATA, values);
  try {
    // Vega names each group of marks for assistive technology; the chart is one picture, named by its title and summary.
    const svg = (await view.toSVG()).replace(/\s(?:role|aria-[\w-]+)="[^"]*"/g, '');
    return svg.replace(
      /^<svg([^>]*)>/,
      (_, attributes: string) =>
        `<svg${attributes.replace(/\sclass="[^"]*"/, '')} class="chart" role="img" focusable="false" aria-labelledby="${chart.id}-title ${chart.id}-desc">` +
        `<title id="${chart.id}-title">${escape(chart.title)}</title><desc id="${chart.id}-desc">${escape(chart.summary)}</desc>`,
    );
  } finally {
    view.finalize();
  }
}

const DATA = 'values';
const RUNTIMES_KEPT = 64;
const runtimes = new Map<string, Runtime>();

/**
 * The chart's specification compiled to Vega and parsed, without its figures, and those figures. Compiling and
 * parsing is two thirds of drawing a chart, and charts of one kind differ only in their figures (every measure
 * of a unit has the same chart), so each kind is compiled once and given each chart's figures.
 */
function compiled(spec: TopLevelSpec): { runtime: Runtime; values: unknown } {
  const { data, ...kind } = spec as TopLevelSpec & { data: { values: unknown } };
  const key = JSON.stringify(kind);
  let runtime = runtimes.get(key);
  if (!runtime) {
    if (runtimes.size >= RUNTIMES_KEPT) runtimes.clear();
    runtime = parse(compile({ ...kind, data: { name: DATA } }).spec);
    runtimes.set(key, runtime);
  }
  return { runtime, values: data.values };
}

/** Twice the drawn size, so the chart stays sharp when printed. */
const PNG_SCALE = 2;

/**
 * The chart as a picture, rasterised on one of libuv's threads: a paper starts each of its pictures as soon as
 * its SVG is drawn and draws the next chart meanwhile, so that its charts take every core the machine gives it.
 */
export async function chartPng(svg: string): Promise<{ png: Uint8Array; width: number; height: number }> {
  const drawn = await renderAsync(svg, { fitTo: { mode: 'zoom', value: PNG_SCALE }, font: CHART_FONTS });
  return { png: drawn.asPng(), width: drawn.width / PNG_SCALE, height: drawn.height / PNG_SCALE };
}
