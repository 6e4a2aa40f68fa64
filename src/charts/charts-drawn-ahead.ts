import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { REVIEWED_PLAN_STATES } from '../../workflows/action-plan.machine.js';
import { DocumentUnavailableError } from '../common/errors.js';
import { ENVIRONMENT } from '../config/config.module.js';
import type { Environment } from '../config/environment.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { inspectionRepository } from '../inspections/inspection.repository.js';
import { PlanModelService, type PlanModel } from '../reports/plan-model.service.js';
import { ReportsService } from '../reports/reports.service.js';
import type { ChartDrawings } from '../worker-pool/tasks.worker.js';
import { WorkerPool, WorkerRefusal } from '../worker-pool/worker-pool.service.js';
import { ChartDrawingStore } from './chart-drawings.service.js';
import { chartsOfPlan } from './progress-charts.js';
import { onEachSweep } from '../scheduling/each-sweep.js';

/** Charts drawn in one task: a second or two of a worker, so that another plan's paper or an upload asked for meanwhile waits little behind them. */
const CHARTS_A_TASK = 8;

/**
 * Each submitted plan's charts, drawn with their pictures soon after the plan changes rather than when someone asks
 * for its committee paper or its Progress page: a large plan's 43 charts take a worker some 6 seconds of CPU, which
 * the person asking would otherwise wait for. Every REMINDER_SWEEP_SECONDS each instance looks at the plans whose
 * version has moved since it last drew them; what another instance drew meanwhile is found in the database. A page
 * or paper of a plan whose charts are being drawn waits for them rather than drawing them a second time. Then the
 * plan's Word paper is built, which takes a large plan's worker two seconds more, and kept for whoever asks next.
 */
@Injectable()
export class ChartsDrawnAhead implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChartsDrawnAhead.name);
  /** The version of each plan whose charts this instance last drew, or found drawn. */
  private readonly drawnFor = new Map<string, string>();
  private pass: Promise<number> | null = null;
  private stopping = false;

  constructor(
    private readonly drawings: ChartDrawingStore,
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    private readonly model: PlanModelService,
    private readonly registry: SchedulerRegistry,
    private readonly reports: ReportsService,
    private readonly unitOfWork: UnitOfWork,
    private readonly workers: WorkerPool,
  ) {}

  onApplicationBootstrap(): void {
    onEachSweep(this.environment, this.registry, 'charts-drawn-ahead', this.logger, () => this.draw());
  }

  /** A pass under way ends after the batch it is drawing, or the paper it is building, before the worker pool and the database close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.pass?.catch(() => undefined);
  }

  /** Draws what is missing of the charts of each submitted plan changed since the last pass; answers how many it drew. One pass at a time. */
  draw(): Promise<number> {
    if (this.stopping) return Promise.resolve(0);
    this.pass ??= this.eachPlan().finally(() => (this.pass = null));
    return this.pass;
  }

  private async eachPlan(): Promise<number> {
    const plans = (await this.unitOfWork.read((manager) => inspectionRepository.all(manager))).filter((plan) =>
      REVIEWED_PLAN_STATES.includes(plan.state),
    );
    let drawn = 0;
    for (const plan of plans) {
      if (this.stopping) break;
      try {
        drawn += await this.drawPlan(plan.id);
      } catch (error) {
        // A busy pool is tried again at the next pass; one plan that cannot be drawn must not stop the others.
        if (waitsForWorker(error)) this.logger.warn(`The charts and paper of inspection ${plan.id} wait for a free worker.`);
        else
          this.logger.error(
            `Could not draw the charts or build the paper of inspection ${plan.id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
      }
    }
    return drawn;
  }

  private async drawPlan(inspectionId: string): Promise<number> {
    // With the counts of its entries: on PostgreSQL a change can commit below the latest entry the version names.
    const { version, model } = await this.unitOfWork.read(async (manager) => {
      const version = `${await this.model.version(manager, inspectionId)} ${await this.model.entryCounts(manager, inspectionId)}`;
      return { version, model: this.drawnFor.get(inspectionId) === version ? null : await this.model.current(manager, inspectionId) };
    });
    if (!model) return 0;
    try {
      const drawn = await this.drawings.drawingAheadOf(inspectionId, () => this.drawMissing(model));
      // The paper holds a worker for seconds: only one free now takes it, or it is built at a later pass.
      if (this.stopping || !this.workers.hasFreeWorker()) return drawn;
      await this.reports.scrutinyDocxAhead(inspectionId, model);
      this.drawnFor.set(inspectionId, version);
      return drawn;
    } catch (error) {
      // Only a busy pool is tried again at the next pass: charts or a paper that fail to be drawn would fail again until the plan changes.
      if (!waitsForWorker(error)) this.drawnFor.set(inspectionId, version);
      throw error;
    }
  }

  /** What is missing of a plan's charts, drawn with their pictures a few at a time, each batch saved as it is drawn. */
  private async drawMissing(model: PlanModel): Promise<number> {
    const { charts, keys } = chartsOfPlan(model);
    const { pictured, svgOnly } = await this.drawings.alreadyDrawn(keys);
    const missing = keys.flatMap((key, index) => (pictured.has(key) ? [] : [{ key, chart: charts[index] }]));
    for (let start = 0; start < missing.length && !this.stopping; start += CHARTS_A_TASK) {
      const batch = missing.slice(start, start + CHARTS_A_TASK);
      const given: ChartDrawings = new Map(batch.flatMap(({ key }) => (svgOnly.has(key) ? [[key, svgOnly.get(key)!] as const] : [])));
      const drawn = await this.workers.chartPictures(
        batch.map(({ chart }) => chart),
        given,
      );
      // The charts come from the database, never from a request: a refusal is a fault in the code.
      if (!drawn.ok) throw new Error(`The chartPictures task refused the plan's charts: ${JSON.stringify(drawn.error)}`);
      await this.drawings.save(drawn.value);
    }
    return this.stopping ? 0 : missing.length;
  }
}

/** A worker pool with no worker free: the plan is tried again at the next pass. */
const waitsForWorker = (error: unknown) =>
  (error instanceof WorkerRefusal && error.reason === 'busy') || (error instanceof DocumentUnavailableError && error.because === 'busy');
