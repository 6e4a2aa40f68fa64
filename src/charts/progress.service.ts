import { Injectable } from '@nestjs/common';
import { KeptByPlanVersion } from '../audit/kept-by-plan-version.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DocumentUnavailableError } from '../common/errors.js';
import { PlanModelService } from '../reports/plan-model.service.js';
import { ReportsService } from '../reports/reports.service.js';
import { WorkerPool } from '../worker-pool/worker-pool.service.js';
import { chartKey, measureCharts, planCharts, type Chart } from './progress-charts.js';

export type DrawnChart = Omit<Chart, 'spec'> & {
  svg: string;
  /** Its size in CSS pixels, from the drawing, so a page can keep its room before the image arrives. */
  width: number;
  height: number;
};

/** Charts drawn, by what they show: the same figures are not drawn twice while they are remembered. */
const DRAWN = new Map<string, string>();
const DRAWN_KEPT = 2000;

const PROGRESS = new KeptByPlanVersion<Awaited<ReturnType<ProgressService['work']>>>(100);

/**
 * A plan's progress over time, as the Progress page and the API show it: the same charts, from the
 * same plan model, that the committee paper draws. Drawing happens in the worker pool.
 */
@Injectable()
export class ProgressService {
  constructor(
    private readonly model: PlanModelService,
    private readonly reports: ReportsService,
    private readonly unitOfWork: UnitOfWork,
    private readonly workers: WorkerPool,
  ) {}

  /** Kept while the plan, its snapshots and the day are the same: the page is read far more often than the plan changes. */
  async ofPlan(inspectionId: string) {
    const version = await this.unitOfWork.read((manager) => this.model.version(manager, inspectionId));
    return PROGRESS.get(inspectionId, version, () => this.work(inspectionId));
  }

  private async work(inspectionId: string) {
    const model = await this.reports.plan(inspectionId);
    const plan = planCharts(model);
    const measures = measureCharts(model);
    const drawn = await this.draw([...plan, ...measures]);
    return {
      inspectionId,
      authority: model.authority,
      asOf: model.today,
      areas: model.areas.map((area) => ({
        reference: area.reference,
        title: area.title,
        rating: area.rating,
        measures: (area.measures ?? []).map((measure) => drawn.get(`measure-${measure.id}`)!),
      })),
      charts: plan.map((chart) => drawn.get(chart.id)!),
    };
  }

  private async draw(charts: Chart[]): Promise<Map<string, DrawnChart>> {
    const wanted = charts.map((chart) => ({ chart, key: chartKey(chart) }));
    const svgs = new Map(wanted.flatMap(({ key }) => (DRAWN.has(key) ? [[key, DRAWN.get(key)!] as const] : [])));
    const missing = wanted.filter(({ key }) => !svgs.has(key));
    if (missing.length > 0) {
      const outcome = await this.workers.charts(missing.map(({ chart }) => chart)).catch((): never => {
        throw new DocumentUnavailableError();
      });
      // The charts come from the database, never from the request: a refusal is a fault in the code.
      if (!outcome.ok) throw new Error(`The charts task refused the plan's charts: ${JSON.stringify(outcome.error)}`);
      missing.forEach(({ key }, index) => {
        if (DRAWN.size >= DRAWN_KEPT) DRAWN.delete(DRAWN.keys().next().value!);
        DRAWN.set(key, outcome.value[index]);
        svgs.set(key, outcome.value[index]);
      });
    }
    return new Map(
      wanted.map(
        ({ chart, key }) =>
          [chart.id, { id: chart.id, title: chart.title, summary: chart.summary, table: chart.table, ...drawing(svgs.get(key)!) }] as const,
      ),
    );
  }
}

/** The drawing and its size, read from its root element. */
function drawing(svg: string): Pick<DrawnChart, 'svg' | 'width' | 'height'> {
  const size = /^<svg[^>]*?\swidth="(\d+)"[^>]*?\sheight="(\d+)"/.exec(svg);
  return { svg, width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0) };
}
