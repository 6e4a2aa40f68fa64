import { Injectable } from '@nestjs/common';
import { KeptByPlanVersion } from '../audit/kept-by-plan-version.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DocumentUnavailableError } from '../common/errors.js';
import { PlanModelService } from '../reports/plan-model.service.js';
import { ReportsService } from '../reports/reports.service.js';
import { WorkerPool } from '../worker-pool/worker-pool.service.js';
import { measureCharts, planCharts, type Chart } from './progress-charts.js';

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
    const plan = planCharts(model);
    const measures = measureCharts(model);
    const drawn = await this.draw(inspectionId, [...plan, ...measures]);
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

  private async draw(inspectionId: string, charts: Chart[]): Promise<Map<string, DrawnChart>> {
    const drawn = await this.workers.chartSvgs(inspectionId, charts).catch((): never => {
      throw new DocumentUnavailableError();
    });
    // The charts come from the database, never from the request: a refusal is a fault in the code.
    if (!drawn.ok) throw new Error(`The charts task refused the plan's charts: ${JSON.stringify(drawn.error)}`);
    return new Map(
      charts.map(
        (chart, index) =>
          [
            chart.id,
            { id: chart.id, title: chart.title, summary: chart.summary, table: chart.table, ...drawing(drawn.value[index]) },
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
