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
