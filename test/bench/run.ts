import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { drivers } from '../support/databases.js';
import { benchmarkDashboardGrowth, benchmarkHttp, serviceNodeFlags } from './http.bench.js';
import { benchmarkProgress } from './progress.bench.js';
import { benchmarkReminderClaims, benchmarkSending } from './reminders.bench.js';
import { benchmarkColdStart, benchmarkImportParse } from './startup.bench.js';

/**
 * `npm run bench`: speed figures on this machine, on SQLite and, with TEST_DATABASE_URL, on
 * PostgreSQL. Prints one JSON document and writes it to data/bench/results.json.
 * BENCH_ONLY=progress runs only issue 18's figures (progress.bench.ts), a few minutes instead of the whole bench.
 */
async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  if (only && only !== 'progress') throw new Error(`BENCH_ONLY=${only}: the only part that runs alone is "progress".`);
  const results: Record<string, unknown> = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    // The service and the bench's servers run with the flags npm start gives Node.
    nodeFlags: serviceNodeFlags(),
  };
  if (only === 'progress') {
    for (const driver of drivers) results[driver] = { progress: await benchmarkProgress(driver) };
    // Its own file, so that a partial run does not replace the whole bench's figures.
    return write(results, 'data/bench/progress-results.json');
  }
  results.importParse = await benchmarkImportParse();
  for (const driver of drivers) {
    const claims = await benchmarkReminderClaims(driver, [10_000, 100_000, 1_000_000], 10_000);
    const dashboardGrowth = await benchmarkDashboardGrowth(driver, [10, 100]);
    const http = await benchmarkHttp(driver);
    results[driver] = {
      coldStart: await benchmarkColdStart(driver),
      http,
      dashboardGrowth: dashboardGrowth.map((run) => ({ ...run, p99VsScale1: Math.round((run.p99Ms / http.dashboard.p99Ms) * 100) / 100 })),
      reminderClaims: claims.map((run) => ({ ...run, msVsSmallest: Math.round((run.ms / claims[0].ms) * 100) / 100 })),
      reminderSending: await benchmarkSending(driver, 1_000),
      progress: await benchmarkProgress(driver),
    };
  }
  write(results, 'data/bench/results.json');
}

function write(results: Record<string, unknown>, path: string): void {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.warn(JSON.stringify(results, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
