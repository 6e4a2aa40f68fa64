import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { Tinypool } from 'tinypool';
import { DocumentUnavailableError, InvalidInputError, UnusableDocumentError } from '../common/errors.js';
import type { FrameworkPolicy } from '../config/policy.js';
import type { DocumentHints } from '../imports/report-document.js';
import type { Chart } from '../charts/progress-charts.js';
import type { PlanModel } from '../reports/plan-model.service.js';
import { isTaskStarted, isWorkerFault } from './worker-messages.js';
import type * as Tasks from './tasks.worker.js';
import type { ChartDrawings, PaperInput, PaperOutput, ReadReportOutput, TaskOutcome } from './tasks.worker.js';
import { workLimit } from './work-limit.js';
import { WorkerSlots } from './worker-slots.js';

/**
 * How much work (CPU time) a task may do once a worker has started it, and how much heap its worker
 * may use, before the worker is stopped and replaced; how long a task may wait for a free worker; how
 * many workers. Each worker is a process of its own.
 */
export interface WorkerLimits {
  readReportMs: number;
  documentMs: number;
  heapMb: number;
  queueWaitMs: number;
  workers: number;
}

export const WORKER_LIMITS = Symbol('WorkerLimits');

/**
 * Far more than a real report (the Oxfordshire PDF reads in 50 ms) or a real plan's paper (2 s for
 * 20 areas of 100 actions) needs on this machine, even when it is busy; far less than "stalled".
 * The heap: docx holds the whole paper as a tree of objects before writing it, and the paper of
 * 20 areas × 100 actions, worded like a real plan's, needed between 192 and 224 MB (160 MB refused
 * every such paper). 384 MB leaves room for progress updates and longer wording; a hostile PDF
 * is stopped long before, by the 64 MB budget for its unpacked streams.
 */
export const DEFAULT_WORKER_LIMITS: WorkerLimits = {
  readReportMs: 20_000,
  documentMs: 60_000,
  heapMb: 384,
  // Sixteen tasks queued (the most the pool takes) are some minutes of work at worst: past two, the answer is "busy, try again".
  queueWaitMs: 120_000,
  // One core is left to the event loop.
  workers: Math.max(1, availableParallelism() - 1),
};

/** Why the pool gave no answer: the task ran out of time or memory, failed, or too much work was already waiting. */
export class WorkerRefusal extends Error {
  constructor(readonly reason: 'time_limit' | 'memory' | 'busy' | 'failed') {
    super(`The worker pool refused the task: ${reason}.`);
  }
}

type TaskName = keyof typeof Tasks;

/**
 * Runs what would stall the event loop (reading uploads, building documents) in worker processes,
 * through tinypool, so the service keeps answering everyone else. Each task has a limit on the work
 * it may do (its worker's CPU time, from when the worker starts it) and each worker a heap limit: a
 * worker that passes either is stopped, the task refused, and a fresh worker serves the next task.
 * A task that waits too long for a free worker is refused as "busy".
 *
 * Processes rather than threads: a worker process asks Linux to run it only when no other thread
 * wants a core (pool-process.ts), and its garbage collector's helper threads with it. A worker
 * thread shared the service's helpers, which ran at normal priority, so the requests answered
 * while a paper was built waited behind its garbage (measured: the dashboard's p99 went from 37
 * to 50–65 ms beside two papers built back to back; 35–44 ms with worker processes).
 */
@Injectable()
export class WorkerPool implements OnApplicationShutdown {
  private readonly logger = new Logger(WorkerPool.name);
  private readonly pool: Tinypool;
  // Past 16 tasks waiting (some minutes of work at worst), more work answers "busy" at once.
  private readonly slots: WorkerSlots;
  /**
   * How to refuse each task handed to tinypool that no worker has started. A worker that dies while it starts
   * (a module it cannot load) takes no task with it: tinypool keeps the task queued, and starts no other
   * worker for it, so it would wait for the "busy" answer.
   */
  private readonly unstarted = new Set<(cause: string) => void>();

  constructor(@Inject(WORKER_LIMITS) private readonly limits: WorkerLimits) {
    this.pool = new Tinypool({
      filename: workerScript(),
      runtime: 'child_process',
      // Maps, dates and bytes cross between processes as they are, as they did between threads.
      serialization: 'advanced',
      // A process's own flags, so nothing given to the service's process (its heap settings) reaches the workers.
      execArgv: [`--max-old-space-size=${limits.heapMb}`],
      // tinypool gives a worker process only the variables it is handed (no PATH, no TZ) unless handed the service's.
      env: process.env as Record<string, string>,
      // No worker until the first task, so the service starts without loading pdf.js, docx or exceljs at all.
      minThreads: 0,
      maxThreads: limits.workers,
      // An idle worker goes, and with it the memory its libraries held.
      idleTimeout: 60_000,
    });
    this.slots = new WorkerSlots(limits.workers, 16);
    // A worker that dies between tasks, or while starting, has no task of its own to reject: the log says so,
    // and the tasks waiting for a worker are refused now rather than left waiting.
    this.pool.on('error', (error: unknown) => {
      const cause = error instanceof Error ? error.message : String(error);
      this.logger.warn(`A worker stopped: ${cause}`);
      for (const refuse of [...this.unstarted]) refuse(cause);
    });
  }

  readReport(bytes: Uint8Array, hints: DocumentHints, frameworks: ReadonlyMap<string, FrameworkPolicy>) {
    return this.run<ReadReportOutput>(
      'readReport',
      { bytes, hints: { fileName: hints.fileName ?? null, mediaType: hints.mediaType ?? null }, frameworks },
      this.limits.readReportMs,
    );
  }

  /** An Excel workbook of measures' values, as CSV text: as long as a report may take to read. */
  valueWorkbook(bytes: Uint8Array): Promise<TaskOutcome<string>> {
    return this.run<string>('valueWorkbook', bytes, this.limits.readReportMs);
  }

  planXlsx(model: PlanModel): Promise<TaskOutcome<Uint8Array>> {
    return this.run<Uint8Array>('planXlsx', model, this.limits.documentMs);
  }

  /**
   * The committee paper, drawing only the charts it is not given drawn, with the keys of the charts it showed
   * and those it drew (or gave a picture) for it. A snapshot's paper carries its time, `takenAt`.
   */
  async paper<T extends Uint8Array | string>(
    task: 'scrutinyDocx' | 'scrutinyHtml',
    input: PaperInput,
  ): Promise<TaskOutcome<PaperOutput<T>>> {
    const built = await this.run<PaperOutput<T>>(task, input, this.limits.documentMs);
    if (!built.ok) return built;
    return { ok: true, value: { ...built.value, drawn: owned(built.value.drawn) } };
  }

  /** Charts for a page, as SVG, in the order given. */
  charts(charts: Chart[]): Promise<TaskOutcome<string[]>> {
    return this.run<string[]>('charts', charts, this.limits.documentMs);
  }

  /** Charts drawn ahead of the pages and papers that will show them: as SVG (unless given) and as pictures, by what each shows. */
  async chartPictures(charts: Chart[], drawings: ChartDrawings): Promise<TaskOutcome<ChartDrawings>> {
    const drawn = await this.run<ChartDrawings>('chartPictures', { charts, drawings }, this.limits.documentMs);
    return drawn.ok ? { ok: true, value: owned(drawn.value) } : drawn;
  }

  /** Whether a worker is free now: work that can wait (a paper built ahead) waits rather than hold up a person's. */
  hasFreeWorker(): boolean {
    return this.slots.free;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
  }

  private async run<T>(name: TaskName, input: unknown, workLimitMs: number): Promise<TaskOutcome<T>> {
    const stop = new AbortController();
    let settled = false;
    let stopWorkLimit: (() => void) | undefined;
    let release: (() => void) | null = null;
    let fault: string | undefined;
    let started = false;
    const refuseUnstarted = (cause: string) => {
      fault = `A worker stopped before it started the task: ${cause}`;
      stop.abort('failed' satisfies WorkerRefusal['reason']);
    };
    const waitLimit = setTimeout(() => stop.abort('busy' satisfies WorkerRefusal['reason']), this.limits.queueWaitMs);
    // The worker says when it starts the task, so that its limit counts from then and not from when it was queued.
    const channel = {
      postMessage: (message: unknown) => {
        if (isWorkerFault(message)) fault = message.workerFault;
        if (settled || !isTaskStarted(message)) return;
        started = true;
        this.unstarted.delete(refuseUnstarted);
        clearTimeout(waitLimit);
        stopWorkLimit = workLimit(message.pid, workLimitMs, () => stop.abort('time_limit' satisfies WorkerRefusal['reason']));
      },
    };
    try {
      release = await this.slots.take(stop.signal);
      if (!release) throw new WorkerRefusal('busy');
      this.unstarted.add(refuseUnstarted);
      return (await this.pool.run(input, { name, signal: stop.signal, channel })) as TaskOutcome<T>;
    } catch (error) {
      const refusal =
        error instanceof WorkerRefusal
          ? error
          : new WorkerRefusal(
              stop.signal.aborted ? (stop.signal.reason as WorkerRefusal['reason']) : fault || !started ? 'failed' : reasonFor(error),
            );
      if (refusal.reason === 'failed') this.logger.error(`Task ${name} failed: ${fault ?? described(error)}`);
      else this.logger.warn(`Task ${name} refused: ${refusal.reason}.`);
      throw refusal;
    } finally {
      settled = true;
      this.unstarted.delete(refuseUnstarted);
      release?.();
      clearTimeout(waitLimit);
      stopWorkLimit?.();
    }
  }
}

/** A document the pool could not build, as the person asking is told (503, try again), keeping why for what tries again itself. */
export function documentUnavailable(error: unknown): never {
  throw new DocumentUnavailableError(error instanceof WorkerRefusal ? error.reason : undefined);
}

/**
 * Drawings as kept after the answer that brought them has gone: what crosses from a worker arrives as views into the one
 * buffer of its whole answer (a paper with it), so each picture is copied to hold on to itself alone.
 */
function owned(drawings: ChartDrawings): ChartDrawings {
  return new Map(
    [...drawings].map(([key, { svg, picture }]) => [key, { svg, picture: picture && { ...picture, png: picture.png.slice() } }]),
  );
}

/** A task's error as the log should show it: it crosses from the worker as a plain object, with its stack. */
function described(error: unknown): string {
  const { stack, message } = (error ?? {}) as { stack?: unknown; message?: unknown };
  if (typeof stack === 'string') return stack;
  if (typeof message === 'string') return message;
  return JSON.stringify(error);
}

/**
 * A task's value, or the error it refused its input with, thrown again as its own class: a domain error
 * crosses between processes as its fields.
 */
export function valueOf<T>(outcome: TaskOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  if (outcome.error.kind === 'invalid_input') throw new InvalidInputError(outcome.error.fields);
  throw new UnusableDocumentError(outcome.error.problem, outcome.error.message);
}

function reasonFor(error: unknown): WorkerRefusal['reason'] {
  const { message } = (error ?? {}) as { message?: unknown };
  // A worker process that dies in the middle of a task has passed its heap limit: anything else that would
  // end it (an error thrown outside a task) it reports before it goes (pool-process.ts).
  if (typeof message === 'string' && /worker exited unexpectedly/i.test(message)) return 'memory';
  return 'failed';
}

/**
 * The compiled worker beside this file; run from TypeScript source (the tests), the workers load
 * the source through a loader of their own, as Jest's transform does not reach other processes.
 */
function workerScript(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? '../../test/support/typescript-worker.mjs' : './pool-process.js', import.meta.url);
}
