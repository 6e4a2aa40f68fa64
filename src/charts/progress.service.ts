import { Injectable } from '@nestjs/common';
import { KeptByPlanVersion } from '../audit/kept-by-plan-version.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { changesSinceLastReview } from '../reports/committee-paper.js';
import { PlanModelService } from '../reports/plan-model.service.js';
import { ReportsService } from '../reports/reports.service.js';
import { documentUnavailable, WorkerPool } from '../worker-pool/worker-pool.service.js';
import type { ChartDrawings } from '../worker-pool/tasks.worker.js';
import { ChartDrawingStore } from './chart-drawings.service.js';
import { chartsOfPlan, type Chart } from './progress-charts.js';

export type DrawnChart = Omit<Chart, 'spec'> & {
  svg: string;
  /** Its size in CSS pixels, from the drawing, so a page can keep its room before the image arrives. */
  width: number;
  height: number;
};

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
    private readonly drawings: ChartDrawingStore,
  ) {}

  /** Kept while the plan, its snapshots and the day are the same: the page is read far more often than the plan changes. */
  async ofPlan(inspectionId: string) {
    const version = await this.unitOfWork.read((manager) => this.model.version(manager, inspectionId));
    return PROGRESS.get(
      inspectionId,
      version,
      () => this.work(inspectionId),
      () => this.unitOfWork.read((manager) => this.model.entryCounts(manager, inspectionId)),
    );
  }

  private async work(inspectionId: string) {
    const model = await this.reports.plan(inspectionId);
    const { plan: planCharts, charts, keys } = chartsOfPlan(model);
    // A plan with no actions yet would chart only months of nothing: its page says so instead. Its charts come first.
    const plan = model.totals.actions > 0 ? planCharts : [];
    const leftOut = planCharts.length - plan.length;
    const drawn = await this.draw(inspectionId, charts.slice(leftOut), keys.slice(leftOut));
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
      // What the committee's paper says has changed since the last review, in its words.
      sinceLastReview: model.sinceLastReview ? changesSinceLastReview(model.sinceLastReview, model) : null,
    };
  }

  /** The charts drawn before (for this plan or any with the same figures) as they were, the rest drawn now and kept. */
  private async draw(inspectionId: string, charts: Chart[], keys: string[]): Promise<Map<string, DrawnChart>> {
    const kept = await this.drawings.of(inspectionId, keys, { pictures: false });
    const missing = keys.flatMap((key, index) => (kept.has(key) ? [] : [{ key, chart: charts[index] }]));
    const drawn =
      missing.length > 0
        ? await this.workers.charts(missing.map(({ chart }) => chart)).catch(documentUnavailable)
        : { ok: true as const, value: [] };
    // The charts come from the database, never from the request: a refusal is a fault in the code.
    if (!drawn.ok) throw new Error(`The charts task refused the plan's charts: ${JSON.stringify(drawn.error)}`);
    const fresh: ChartDrawings = new Map(missing.map(({ key }, index) => [key, { svg: drawn.value[index] }]));
    const shown: ChartDrawings = new Map(keys.map((key) => [key, kept.get(key) ?? fresh.get(key)!]));
    await this.drawings.keep(inspectionId, shown, fresh);
    return new Map(
      charts.map(
        (chart, index) =>
          [
            chart.id,
            { id: chart.id, title: chart.title, summary: chart.summary, table: chart.table, ...drawing(shown.get(keys[index])!.svg) },
          ] as const,
      ),
    );
  }
}

/** The drawing and its size, read from its root element. */
function drawing(svg: string): Pick<DrawnChart, 'svg' | 'width' | 'height'> {
  const size = /^<svg[^>]*?\swidth="(\d+)"[^>]*?\sheight="(\d+)"/.exec(svg);
  return { svg, width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0) };
}
