import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadPolicy } from '../../src/config/policy.js';
import { readReportText } from '../../src/imports/report-document.js';
import { parseReport } from '../../src/imports/report-parser.js';
import { createTestDatabase, type Driver } from '../support/databases.js';
import { reportPdf } from '../support/reports.js';
import { freePort } from '../support/smtp-inbox.js';
import { rssMiB, serviceNodeFlags } from './http.bench.js';

/**
 * The real service, as `npm start` runs it (`node <its flags> dist/src/main.js`): from spawn to the
 * first 200 from /health, on a new database (migrations run) and again on the same one, and its
 * memory once idle.
 */
export async function benchmarkColdStart(driver: Driver) {
  const database = await createTestDatabase(driver);
  try {
    const starts = [];
    for (const run of ['new database', 'existing database']) {
      const port = await freePort();
      const started = performance.now();
      const child = spawn(process.execPath, [...serviceNodeFlags(), resolve('dist/src/main.js')], {
        env: {
          ...process.env,
          ADMIN_EMAIL: 'admin@localhost',
          ADMIN_PASSWORD: 'bench bench bench',
          DATA_DIR: database.dataDir,
          DATABASE_URL: database.databaseUrl ?? '',
          PORT: String(port),
          REMINDER_SWEEP_SECONDS: '0',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      try {
        const ms = await Promise.race([
          firstHealth(port, started),
          exited.then(() => Promise.reject(new Error('The service stopped before answering /health.'))),
        ]);
        // Settled: a moment for start-up garbage to go, then what it holds while nothing happens.
        await new Promise((done) => setTimeout(done, 2000));
        starts.push({ run, msToFirstHealth: Math.round(ms), idleRssMiB: rssMiB(child.pid!) });
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
    }
    return starts;
  } finally {
    await database.drop();
  }
}

async function firstHealth(port: number, started: number): Promise<number> {
  while (performance.now() - started < 60_000) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return performance.now() - started;
    await new Promise((done) => setTimeout(done, 10));
  }
  throw new Error('The service did not answer /health within 60 s.');
}

/** Reading the Oxfordshire report, as text and as a PDF: the median of several runs, after a warm-up. */
export async function benchmarkImportParse(runs = 20) {
  const frameworks = loadPolicy(resolve('config')).frameworks;
  const markdown = readFileSync(resolve('test/fixtures/ofsted-ilacs-oxfordshire-2024.md'));
  const pdf = await reportPdf(markdown.toString('utf8'), "Inspection of Oxfordshire local authority children's services");
  const time = async (bytes: Uint8Array, hints: { fileName: string }) => {
    const samples = [];
    for (let i = 0; i <= runs; i += 1) {
      const started = performance.now();
      parseReport((await readReportText(bytes, hints)).text, frameworks);
      if (i > 0) samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    return { bytes: bytes.length, medianMs: Math.round(samples[Math.floor(samples.length / 2)] * 10) / 10 };
  };
  return { text: await time(markdown, { fileName: 'oxfordshire.md' }), pdf: await time(pdf, { fileName: 'oxfordshire.pdf' }) };
}
