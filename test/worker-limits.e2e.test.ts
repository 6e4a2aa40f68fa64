import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readdirSync, readFileSync } from 'node:fs';
import { Policy } from '../src/config/policy.js';
import { UnitOfWork } from '../src/database/unit-of-work.js';
import { PlanModelService, type PlanModel } from '../src/reports/plan-model.service.js';
import { DEFAULT_WORKER_LIMITS, WorkerPool, WorkerRefusal } from '../src/worker-pool/worker-pool.service.js';
import { drivers, type Driver } from './support/databases.js';
import { largePlan } from './support/large-plan.js';
import { binary } from './support/binary.js';
import { fixture } from './support/reports.js';
import { scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { LONG_TASK_LIMIT_MS } from './support/test-clock.js';

/**
 * A test app on `driver`, with the pool's limits as `options` say, and the large plan: set up before the
 * block's tests, closed after. With the pool, the large plan's model as a paper is given it, and the
 * Oxfordshire report as the pool is given it to read.
 */
function appWithLargePlan(driver: Driver, options: Parameters<typeof createTestApp>[1] = {}) {
  const app = {
    pool: () => app.t.app.get(WorkerPool),
    model: () => app.t.app.get(UnitOfWork).read((manager) => app.t.app.get(PlanModelService).load(manager, app.planId)),
    authorityRead: () =>
      app
        .pool()
        .readReport(fixture('ofsted-ilacs-oxfordshire-2024.md'), { fileName: 'report.md' }, app.t.app.get(Policy).frameworks)
        .then((read) => read.ok && read.value.report.authority),
  } as {
    t: TestApp;
    planId: string;
    pool: () => WorkerPool;
    model: () => Promise<PlanModel>;
    /** The authority Oxfordshire's report is read as through the pool: false if the task refused it. */
    authorityRead: () => Promise<string | false>;
  };
  beforeAll(async () => {
    app.t = await createTestApp(driver, options);
    app.planId = await largePlan(app.t);
  }, LONG_TASK_LIMIT_MS);
  afterAll(() => app.t.close());
  return app;
}

/**
 * The worker pool with its real limits, on the largest plan it is sized for: the limits stop work
 * that has gone wrong, never a real plan's documents.
 */
describe.each(drivers)('the worker limits on %s', (driver) => {
  const app = appWithLargePlan(driver);

  it(
    'build the committee paper and the spreadsheet of a plan of 20 areas × 100 actions',
    async () => {
      const { t, planId } = app;
      const docx = await t.http.get(`/api/inspections/${planId}/reports/scrutiny.docx`).set(t.as('viewer'));
      expect(docx.status).toBe(200);
      expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');

      const html = await t.http.get(`/api/inspections/${planId}/reports/scrutiny.html`).set(t.as('viewer'));
      expect(html.status).toBe(200);
      expect(html.text).toContain('Action 100');

      const xlsx = await t.http.get(`/api/inspections/${planId}/plan.xlsx`).set(t.as('viewer'));
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    },
    LONG_TASK_LIMIT_MS,
  );
});

describe('a task waiting for a worker', () => {
  // One worker, and a limit for reading a report far above the work reading one takes but below the
  // work of the papers queued ahead of it.
  const app = appWithLargePlan('sqlite', { workerLimits: { workers: 1, readReportMs: 5_000 } });

  it(
    'has its time limit counted from when a worker starts it, not from when it was queued',
    async () => {
      const model = await app.model();
      const pool = app.pool();
      // Queued in this order: the report waits behind five papers, each of them seconds of work.
      const papers = Array.from({ length: 5 }, () => pool.paper('scrutinyDocx', { model, drawings: new Map() }));
      const authority = app.authorityRead();

      expect((await Promise.all(papers)).map((paper) => paper.ok)).toEqual([true, true, true, true, true]);
      expect(await authority).toBe('Oxfordshire');
    },
    LONG_TASK_LIMIT_MS,
  );
});

describe('a task that waits too long for a worker', () => {
  let t: TestApp;

  beforeAll(async () => {
    // No worker can start in a millisecond (the pool has none until its first task), so every task waits too long.
    t = await createTestApp('sqlite', { workerLimits: { queueWaitMs: 1 } });
  });
  afterAll(() => t.close());

  it('is refused with 503, a plain message and when to try again', async () => {
    const sent = await t.http
      .post('/api/imports')
      .set(t.as('deputy_director'))
      .attach('file', fixture('ofsted-ilacs-oxfordshire-2024.md'), { filename: 'report.md', contentType: 'text/markdown' });
    expect(sent.status).toBe(503);
    expect(sent.body.message).toBe('Many reports are being read just now. Try again in a minute.');
    expect(sent.headers['retry-after']).toBe('60');
    expect((await t.http.get('/health')).status).toBe(200);
  });
});

describe('a task that runs past its work limit', () => {
  // One worker. No paper of 2,000 actions is built in a millisecond of a worker's time: every one passes the
  // limit. A task queued behind one waits long enough for any worker.
  const app = appWithLargePlan('sqlite', { workerLimits: { workers: 1, documentMs: 1, queueWaitMs: 60_000 } });

  it(
    'has its worker stopped and replaced, and the service carries on',
    async () => {
      const { t, planId } = app;
      const paper = await t.http.get(`/api/inspections/${planId}/reports/scrutiny.docx`).set(t.as('viewer'));
      expect(paper.status).toBe(503);
      expect(paper.body.message).toBe('This document could not be built just now: the service is busy. Try again in a minute.');
      expect((await t.http.get('/health')).status).toBe(200);

      // The next task gets a fresh worker.
      const sent = await t.http
        .post('/api/imports')
        .set(t.as('deputy_director'))
        .attach('file', fixture('ofsted-ilacs-oxfordshire-2024.md'), { filename: 'report.md', contentType: 'text/markdown' });
      expect(sent.status).toBe(201);
      expect(sent.body.authority).toBe('Oxfordshire');
    },
    LONG_TASK_LIMIT_MS,
  );

  it(
    'leaves the task queued behind it to a fresh worker, with no other task to start one',
    async () => {
      const model = await app.model();
      const pool = app.pool();
      const paper = pool.paper('scrutinyDocx', { model, drawings: new Map() });
      const authority = app.authorityRead();

      await expect(paper).rejects.toEqual(new WorkerRefusal('time_limit'));
      expect(await authority).toBe('Oxfordshire');
    },
    LONG_TASK_LIMIT_MS,
  );
});

describe('a task that passes its heap limit', () => {
  // Room for the libraries a paper needs and for the paper of the 2,000 actions (about 40 MB), not for one of ten times as many.
  const app = appWithLargePlan('sqlite', { workerLimits: { heapMb: 96 } });

  it(
    'is refused for want of memory, its worker replaced, and the next task is served',
    async () => {
      const large = await app.model();
      const model = { ...large, areas: Array.from({ length: 10 }, () => large.areas).flat() };
      const pool = app.pool();
      await expect(pool.paper('scrutinyDocx', { model, drawings: new Map() })).rejects.toEqual(new WorkerRefusal('memory'));

      expect(await app.authorityRead()).toBe('Oxfordshire');
    },
    LONG_TASK_LIMIT_MS,
  );
});

describe("the pool's worker processes", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  /** The worker processes this one has started (Linux's /proc), by their command line. */
  function workerProcesses(): string[] {
    return readdirSync('/proc/self/task')
      .flatMap((thread) => readFileSync(`/proc/self/task/${thread}/children`, 'utf8').split(' ').filter(Boolean))
      .filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('tinypool'));
  }

  /** The scheduling policy of each thread of a process: 5 is SCHED_IDLE, 0 the usual. */
  function threadPolicies(pid: string): number[] {
    return readdirSync(`/proc/${pid}/task`).map((thread) => {
      // The fields after the command's name, which is in brackets and may hold spaces: the policy is the 41st field in all.
      const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]);
    });
  }

  it('run only when no other thread wants a core, every thread of them, those started for pictures too', async () => {
    // Other tests' workers may still be on their way out.
    const before = new Set(workerProcesses());
    const s = scenario(t);
    const inspection = await s.inspection();
    await s.action((await s.area(inspection.id)).id);
    // The paper's pictures are rasterised on threads its worker starts for them, after it was put under SCHED_IDLE.
    const paper = await t.http
      .get(`/api/inspections/${inspection.id}/reports/scrutiny.docx`)
      .set(t.as('viewer'))
      .buffer(true)
      .parse(binary);
    expect(paper.status).toBe(200);
    const zip = await JSZip.loadAsync(paper.body as Buffer);
    expect(Object.keys(zip.files).filter((name) => name.startsWith('word/media/'))).not.toHaveLength(0);

    // The worker stays a minute after its task, so it is still there to be read.
    const started = workerProcesses().filter((pid) => !before.has(pid));
    expect(started).toHaveLength(1);
    const policies = threadPolicies(started[0]);
    expect(policies.length).toBeGreaterThan(1);
    expect(new Set(policies)).toEqual(new Set([5]));
  });
});

describe('a worker that cannot start', () => {
  it(
    'refuses its task as failed at once, not as busy once the wait is over, and the pool serves tasks once workers start again',
    async () => {
      // Past the test's own limit, so a task left waiting would fail the test by its refusal, "busy", not by a timeout.
      const pool = new WorkerPool({ ...DEFAULT_WORKER_LIMITS, queueWaitMs: LONG_TASK_LIMIT_MS / 2, workers: 1 });
      const sheet = new ExcelJS.Workbook();
      sheet.addWorksheet('Values').addRows([
        ['Measure', 'Month', 'Value'],
        ['1.1', '2025-01', 62],
      ]);
      const workbook = new Uint8Array(await sheet.xlsx.writeBuffer());
      // Node loads this before anything of the worker's own: as a worker whose modules are missing or broken fails.
      process.env.NODE_OPTIONS = '--require /nonexistent/preload.cjs';
      try {
        await expect(pool.valueWorkbook(workbook)).rejects.toEqual(new WorkerRefusal('failed'));
        await expect(pool.valueWorkbook(workbook)).rejects.toEqual(new WorkerRefusal('failed'));
      } finally {
        delete process.env.NODE_OPTIONS;
      }
      try {
        const read = await pool.valueWorkbook(workbook);
        expect(read.ok && read.value.split(/\r?\n/)[0]).toBe('Measure,Month,Value');
      } finally {
        await pool.onApplicationShutdown();
      }
    },
    LONG_TASK_LIMIT_MS,
  );
});
