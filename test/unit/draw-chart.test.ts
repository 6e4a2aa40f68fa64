import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import { chartSvg } from '../../src/charts/draw-chart.js';
import { measureCharts, type Chart } from '../../src/charts/progress-charts.js';
import type { PlanMeasure, PlanModel } from '../../src/reports/plan-model.service.js';

/** A measure of a council's children's services, with a year of monthly values from `first`. */
function measure(id: string, name: string, first: number): PlanMeasure {
  return {
    id,
    name,
    unit: 'percent',
    direction: 'higher_is_better',
    frequency: 'monthly',
    baseline: { on: '2024-03-31', value: first },
    target: { on: '2025-09-30', value: 85 },
    milestones: [],
    owner: { id: 'owner', name: 'Head of Service' },
    values: Array.from({ length: 12 }, (_, month) => ({
      period: `${month < 9 ? 2024 : 2025}-${String(((month + 3) % 12) + 1).padStart(2, '0')}`,
      value: first + month * 2,
    })),
    rating: { status: 'amber', label: 'Behind trajectory', reason: 'Below its trajectory' },
  } as unknown as PlanMeasure;
}

/** The chart straight from its own specification, compiled and parsed for it alone, as the paper's picture shows it. */
async function drawnAlone(chart: Chart): Promise<string> {
  const view = new View(parse(compile(chart.spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg.replace(/\s(?:role|aria-[\w-]+)="[^"]*"/g, '').replace(/^<svg[^>]*>/, '');
}

const body = (svg: string) => svg.replace(/^<svg[^>]*><title[^>]*>[^<]*<\/title><desc[^>]*>[^<]*<\/desc>/, '');

describe('a chart drawn after another of its kind', () => {
  it('is the drawing its own specification gives, with its own figures', async () => {
    const model = {
      areas: [{ reference: '1', measures: [measure('a', 'Children seen within 5 working days', 40), measure('b', 'Visits on time', 70)] }],
    } as unknown as PlanModel;
    const [first, second] = measureCharts(model);

    const drawn = [await chartSvg(first), await chartSvg(second)];

    expect(body(drawn[1])).toBe(await drawnAlone(second));
    expect(body(drawn[0])).toBe(await drawnAlone(first));
    expect(drawn[0]).not.toBe(drawn[1]);
  });
});

describe('a measure’s chart', () => {
  it('draws each month’s value above that month’s name on the axis, not beside the next month’s', async () => {
    const model = {
      areas: [{ reference: '1', measures: [measure('a', 'Children seen within 5 working days', 40)] }],
    } as unknown as PlanModel;
    const svg = await chartSvg(measureCharts(model)[0]);

    const shownLabels = [...svg.matchAll(/<text [^>]*transform="translate\(([\d.]+),7\)[^>]*opacity="1">([A-Z][a-z]{2} \d{4})<\/text>/g)];
    const points = /<g class="mark-symbol[^"]*"[^>]*>([\s\S]*?)<\/g>/.exec(svg)![1];
    const pointsAt = [...points.matchAll(/transform="translate\(([\d.]+),/g)].map(([, x]) => Number(x));
    // The baseline (March 2024), a year of values from April and the target (September 2025): each of their months
    // named on the axis has a point above its name.
    const short = (year: number, month: number) =>
      `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][month]} ${year}`;
    const withPoints = new Set([...Array.from({ length: 13 }, (_, i) => short(2024 + Math.floor((i + 2) / 12), (i + 2) % 12)), 'Sep 2025']);
    const named = shownLabels.filter(([, , month]) => withPoints.has(month));
    expect(named.length).toBeGreaterThan(3);
    for (const [, x, month] of named)
      expect({ month, pointAbove: pointsAt.some((at) => Math.abs(at - Number(x)) < 0.5) }).toEqual({ month, pointAbove: true });
  });
});
