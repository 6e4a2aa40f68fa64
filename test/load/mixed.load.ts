import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { drivers } from '../support/databases.js';
import { missingWrites, preparePlan, runMixedLoad, type LoadReport } from '../support/load.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** LOAD_SECONDS=60 for the full run; CI runs the short form. */
const SECONDS = Number(process.env.LOAD_SECONDS ?? 15);
const CLIENTS = 50;
const reports: Record<string, unknown> = {};

afterAll(() => {
  const file = resolve('data/load/results.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(reports, null, 2)}\n`);
});

describe.each(drivers)('50 signed-in clients at once on %s', (driver) => {
  const instances: TestApp[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    // PostgreSQL: three instances on one database, as behind a load balancer. SQLite: one process owns the file.
    for (let i = 0; i < (driver === 'postgres' ? 3 : 1); i += 1) {
      const t = await createTestApp(driver, { sharing: instances[0] });
      await t.app.listen(0, '127.0.0.1');
      instances.push(t);
      urls.push(`http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`);
    }
  });
  afterAll(async () => {
    for (const t of instances.reverse()) await t.close();
  });

  it(
    `reads, reports progress and moves actions for ${SECONDS} s: no 5xx, and every acknowledged write is stored and audited`,
    async () => {
      const plan = await preparePlan(instances[0], 4, 10, CLIENTS);
      const report: LoadReport = await runMixedLoad(urls, plan, SECONDS);
      const { acknowledged, ...figures } = report;
      reports[driver] = {
        instances: urls.length,
        clients: CLIENTS,
        seconds: SECONDS,
        ...figures,
        requestsPerSecond: Math.round(report.requests / SECONDS),
      };
      console.warn(`Load on ${driver}: ${JSON.stringify(reports[driver])}`);

      expect(Object.keys(report.byStatus).filter((status) => Number(status) >= 500)).toEqual([]);
      expect(report.networkErrors).toBe(0);
      // A stale version is the only refusal a well-behaved client meets.
      expect(Object.keys(report.byStatus).filter((status) => !['200', '201', '409'].includes(status))).toEqual([]);
      expect(report.byStatus[201]).toBeGreaterThan(0);
      expect(await missingWrites(instances[0], acknowledged)).toEqual([]);
    },
    (SECONDS + 120) * 1000,
  );
});
