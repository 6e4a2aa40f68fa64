import { Injectable, StreamableFile } from '@nestjs/common';
import { ChartDrawingStore } from '../charts/chart-drawings.service.js';
import { chartsOfPlan } from '../charts/progress-charts.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { TaskOutcome } from '../worker-pool/tasks.worker.js';
import { documentUnavailable, WorkerPool } from '../worker-pool/worker-pool.service.js';
import { PlanModelService, type PlanModel } from './plan-model.service.js';
import { planCsv } from './plan-rows.js';

export interface ReportFile {
  body: Buffer;
  type: string;
  fileName: string;
}

/** A document as an answer that browsers save under its name. */
export function download(file: ReportFile): StreamableFile {
  return new StreamableFile(file.body, {
    type: file.type,
    disposition: `attachment; filename="${file.fileName}"`,
    length: file.body.length,
  });
}

type PaperTask = 'scrutinyDocx' | 'scrutinyHtml';

/**
 * A snapshot's plan as its paper is built from it: the JSON it is kept in, which only the worker parses (1.3 MB for a
 * large plan, and the garbage its objects make), with the keys of the charts it shows, to find those drawn before.
 */
export interface FrozenPlan {
  json: string;
  chartKeys: readonly string[];
}

/** The plan's documents, each built from one read of the plan so that they agree with each other. */
@Injectable()
export class ReportsService {
  /**
   * The committee papers built of each version of a plan (the plan as PlanModelService keeps it, which is the same
   * object until the plan or the day changes): the next person to ask, on this instance, has the paper at once, and
   * people asking together wait for one build. A paper that fails is built again at the next asking.
   */
  private readonly papersBuilt = new WeakMap<PlanModel, Map<PaperTask, Promise<Buffer | string>>>();

  constructor(
    private readonly model: PlanModelService,
    private readonly unitOfWork: UnitOfWork,
    private readonly workers: WorkerPool,
    private readonly drawings: ChartDrawingStore,
  ) {}

  async planSpreadsheet(inspectionId: string): Promise<ReportFile> {
    const model = await this.load(inspectionId);
    return {
      body: this.bytes('planXlsx', await this.workers.planXlsx(model).catch(documentUnavailable)),
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: fileName('action-plan', model, 'xlsx'),
    };
  }

  async planCsv(inspectionId: string): Promise<ReportFile> {
    const model = await this.load(inspectionId);
    return { body: Buffer.from(planCsv(model), 'utf8'), type: 'text/csv; charset=utf-8', fileName: fileName('action-plan', model, 'csv') };
  }

  async scrutinyDocx(inspectionId: string): Promise<ReportFile> {
    const model = await this.load(inspectionId);
    return {
      body: await this.currentPaper<Buffer>('scrutinyDocx', inspectionId, model),
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      fileName: fileName('scrutiny-report', model, 'docx'),
    };
  }

  async scrutinyHtml(inspectionId: string): Promise<string> {
    return this.currentPaper<string>('scrutinyHtml', inspectionId, await this.load(inspectionId));
  }

  /** Builds the plan's Word paper as it now stands, unless it has been built already: ready before anyone asks (ChartsDrawnAhead). */
  async scrutinyDocxAhead(inspectionId: string, model: PlanModel): Promise<void> {
    await this.currentPaper('scrutinyDocx', inspectionId, model);
  }

  /** A frozen plan's committee paper (a snapshot's), from it alone: the DOCX carries the time it was frozen (`takenAt`). */
  frozenPaperDocx(snapshotId: string, frozen: FrozenPlan, takenAt: string): Promise<Buffer> {
    return this.paper('scrutinyDocx', snapshotId, frozen.json, frozen.chartKeys, takenAt);
  }

  frozenPaperHtml(snapshotId: string, frozen: FrozenPlan): Promise<string> {
    return this.paper<string>('scrutinyHtml', snapshotId, frozen.json, frozen.chartKeys);
  }

  /** The plan as every document reads it, for the printable page. */
  plan(inspectionId: string): Promise<PlanModel> {
    return this.load(inspectionId);
  }

  private currentPaper<T extends string | Buffer>(task: PaperTask, inspectionId: string, model: PlanModel): Promise<T> {
    const papers = this.papersBuilt.get(model) ?? new Map<PaperTask, Promise<Buffer | string>>();
    this.papersBuilt.set(model, papers);
    const built = papers.get(task);
    if (built) return built as Promise<T>;
    // A copy of the document alone: what the worker answers is one buffer with the charts it drew.
    const building = this.paper<T>(task, inspectionId, model, chartsOfPlan(model).keys).then(
      (file) => (typeof file === 'string' ? file : Buffer.from(file)) as T,
    );
    papers.set(task, building);
    building.catch(() => papers.get(task) === building && papers.delete(task));
    return building;
  }

  /**
   * Built in the worker pool: a large plan's paper takes seconds of CPU that the event loop cannot spare. Its
   * charts drawn before, for this plan or snapshot or for any other with the same figures, are not drawn again.
   */
  private async paper<T extends string | Buffer = Buffer>(
    task: PaperTask,
    drawingsOf: string,
    model: PlanModel | string,
    keys: readonly string[],
    takenAt?: string,
  ): Promise<T> {
    const given = await this.drawings.of(drawingsOf, keys, { pictures: task === 'scrutinyDocx' });
    const built = await this.workers.paper<Uint8Array | string>(task, { model, takenAt, drawings: given }).catch(documentUnavailable);
    const { file, shown, drawn } = this.value(task, built);
    await this.drawings.keep(drawingsOf, new Map(shown.map((key) => [key, drawn.get(key) ?? given.get(key)!])), drawn);
    return asBytes<T>(file);
  }

  private bytes<T extends string | Buffer = Buffer>(task: string, built: TaskOutcome<Uint8Array | string>): T {
    return asBytes<T>(this.value(task, built));
  }

  private value<T>(task: string, built: TaskOutcome<T>): T {
    // The model comes from the database, never from the request: a refusal here is a fault in the code.
    if (!built.ok) throw new Error(`The ${task} task refused the plan: ${JSON.stringify(built.error)}`);
    return built.value;
  }

  private load(inspectionId: string): Promise<PlanModel> {
    return this.unitOfWork.read((manager) => this.model.current(manager, inspectionId));
  }
}

function asBytes<T extends string | Buffer>(value: Uint8Array | string): T {
  return (typeof value === 'string' ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)) as T;
}

/** "action-plan-oxfordshire-county-council-2024-11-04.xlsx": who, and as of when. */
export function fileName(kind: string, model: PlanModel, extension: string, when = model.today): string {
  const authority = model.authority
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${kind}-${authority}-${when}.${extension}`;
}
