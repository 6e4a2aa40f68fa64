import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import request from 'supertest';
import ts from 'typescript';
import { ReportImport } from '../src/imports/report-import.entity.js';
import { compressionBombPdf, manyPagesPdf } from './support/hostile-pdfs.js';
import { fixture, oxfordshirePdf } from './support/reports.js';
import { scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Uploads and documents that once stalled the whole service: each is now read or built in the
 * worker pool, and a hostile one is refused with a message a council officer can act on.
 */
describe('heavy work in the worker pool', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  const upload = (bytes: Buffer, filename: string, contentType = 'application/pdf') =>
    t.http.post('/api/imports').set(t.as('deputy_director')).attach('file', bytes, { filename, contentType });
  const imports = () => t.dataSource.getRepository(ReportImport).count();

  it('refuses a 1 MB PDF whose page unpacks to 1,000 MB, before reading it, with 413 and a plain message', async () => {
    const bomb = await compressionBombPdf(1000);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const sent = await upload(bomb, 'report.pdf');
    expect(sent.status).toBe(413);
    expect(sent.body.message).toBe(
      'This PDF unpacks to more than 64 MB, far more than an inspection report. Upload the report as Ofsted published it.',
    );
    expect(await imports()).toBe(0);
  }, 120_000);

  it('refuses a PDF of 20,000 pages by its page count, with 413', async () => {
    const sent = await upload(manyPagesPdf(20_000), 'report.pdf');
    expect(sent.status).toBe(413);
    expect(sent.body.message).toBe(
      'This PDF has 20,000 pages. An import reads reports of up to 300 pages: upload the report as Ofsted published it.',
    );
    expect(await imports()).toBe(0);
  }, 120_000);

  it('reads a megabyte of "[" lines as what it is, not a report', async () => {
    const sent = await t.http
      .post('/api/imports')
      .set(t.as('deputy_director'))
      .set('Content-Type', 'text/markdown')
      .send(`${'['.repeat(9_999)}\n`.repeat(100));
    expect(sent.status).toBe(422);
    expect(sent.body.message).toMatch(/^This does not look like an Ofsted inspection report/);
  }, 120_000);

  it('takes one upload at a time from each person, from before the body is read', async () => {
    // The first upload's body is held back, so the first is certainly under way while the second arrives.
    const held = request(t.app.getHttpServer())
      .post('/api/imports')
      .set(t.as('deputy_director'))
      .set('Content-Type', 'text/markdown')
      .set('Content-Length', String(Buffer.byteLength(fixture('ofsted-ilacs-oxfordshire-2024.md'))));
    const first = held.write(fixture('ofsted-ilacs-oxfordshire-2024.md').subarray(0, 100));
    expect(first).toBeTruthy();
    const second = () => t.http.post('/api/imports').set(t.as('deputy_director')).set('Content-Type', 'text/markdown').send('');
    let answer = await second();
    // Until the server has the first request's headers, the second is just an empty upload.
    while (answer.status === 400) answer = await second();
    expect(answer.status).toBe(429);
    expect(answer.body.message).toBe('You are already importing a report. Wait until it has been read, then try again.');
    expect(answer.headers['retry-after']).toBe('10');
    // Someone else is not held up.
    expect((await t.http.post('/api/imports').set(t.as('director')).set('Content-Type', 'text/markdown').send('')).status).toBe(400);

    held.write(fixture('ofsted-ilacs-oxfordshire-2024.md').subarray(100));
    expect((await held).status).toBe(201);
    expect((await second()).status).toBe(400);
  });

  it('refuses multipart fields beside the file, without reading them into memory', async () => {
    const sent = await t.http
      .post('/api/imports')
      .set(t.as('deputy_director'))
      .field('padding', 'x'.repeat(1024 * 1024))
      .attach('file', fixture('ofsted-ilacs-oxfordshire-2024.md'), { filename: 'report.md', contentType: 'text/markdown' });
    expect(sent.status).toBe(400);
    expect(sent.body.fields).toEqual({ file: ['Send only the report, as one file in the form field "file", and nothing else with it.'] });

    const oversized = await t.http
      .post('/api/imports')
      .set(t.as('deputy_director'))
      .set('Content-Type', 'multipart/form-data; boundary=x')
      .set('Content-Length', String(150 * 1024 * 1024));
    expect(oversized.status).toBe(413);
    expect(await imports()).toBe(1);
  });
});

describe('a worker past its time limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    // No report can be read in a millisecond: every upload passes the limit, and documents keep theirs.
    t = await createTestApp('sqlite', { workerLimits: { readReportMs: 1 } });
  });
  afterAll(() => t.close());

  it('is stopped, the upload refused with 422, and the pool goes on building documents', async () => {
    const sent = await t.http
      .post('/api/imports')
      .set(t.as('deputy_director'))
      .attach('file', await oxfordshirePdf(), { filename: 'report.pdf', contentType: 'application/pdf' });
    expect(sent.status).toBe(422);
    expect(sent.body.message).toBe(
      'Reading this file took far longer than reading a report does, so it was stopped. Upload the report as Ofsted published it, or paste its text.',
    );
    expect((await t.http.get('/health')).status).toBe(200);

    const inspection = await scenario(t).inspection({});
    const paper = await t.http.get(`/api/inspections/${inspection.id}/reports/scrutiny.docx`).set(t.as('viewer'));
    expect(paper.status).toBe(200);
    expect(paper.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });
});

describe("the service's own thread", () => {
  /** Every package the service's main thread loads, following the imports that survive compilation from src/main.ts. */
  function packagesLoadedFrom(entry: string): Set<string> {
    const packages = new Set<string>();
    const seen = new Set<string>();
    const pending = [entry];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, isolatedModules: true },
      });
      for (const [, specifier] of outputText.matchAll(/^(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]/gm)) {
        if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
        else packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
      }
    }
    return packages;
  }

  it('never loads pdf.js, docx or exceljs: only the worker pool does', () => {
    const packages = packagesLoadedFrom(resolve('src/main.ts'));
    expect(packages).toContain('@nestjs/core');
    expect(packages).toContain('tinypool');
    expect([...packages].filter((name) => ['pdf-parse', 'docx', 'exceljs'].includes(name))).toEqual([]);
  });

  it('loads pg only when PostgreSQL is configured, not at start', () => {
    expect(packagesLoadedFrom(resolve('src/main.ts'))).not.toContain('pg');
  });
});
