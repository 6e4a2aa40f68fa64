import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from '../src/database/migrations/index.js';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { oxfordshireAreas, oxfordshirePdf } from './support/reports.js';
import { OXFORDSHIRE_INSPECTION } from './support/scenario.js';
import { freePort } from './support/smtp-inbox.js';
import { LONG_TASK_LIMIT_MS } from './support/test-clock.js';

// The other tests run the service from its TypeScript; this one runs what `npm start` builds and starts: tsc's output
// bundled by esbuild into dist/src/main.js, with the worker pool's script, the views and the migrations found from there.
describe('npm start', () => {
  let database: TestDatabase;
  let stop: () => Promise<void>;
  let url: string;
  let log = '';

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // A process group of its own: npm starts a shell, which starts Node, and all of them go at the end.
    const child = spawn('npm', ['start'], {
      detached: true,
      env: {
        ...process.env,
        ADMIN_EMAIL: 'admin@example.gov.uk',
        ADMIN_PASSWORD: 'start start start',
        DATA_DIR: database.dataDir,
        DATABASE_URL: '',
        PORT: String(port),
        REMINDER_SWEEP_SECONDS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    stop = async () => {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    };
    let ended = false;
    void exited.then(() => (ended = true));
    while (
      !(await fetch(`${url}/health`).then(
        (response) => response.ok,
        () => false,
      ))
    ) {
      if (ended) throw new Error(`npm start stopped before answering /health:\n${log}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }, LONG_TASK_LIMIT_MS);
  afterAll(async () => {
    await stop?.();
    await database?.drop();
  });

  it('runs one bundled file, which made the new SQLite file with every migration', () => {
    const bundle = readFileSync('dist/src/main.js', 'utf8');
    expect(bundle).not.toMatch(/^import .* from '\.{1,2}\//m);
    // One byte a character, so that V8 holds the source it keeps in half the memory.
    expect(bundle.match(/[\u0100-\uffff]/g)).toBeNull();
    const file = new Database(join(database.dataDir, 'app.sqlite'), { readonly: true });
    try {
      const ran = file.prepare('SELECT name FROM migrations ORDER BY id').all() as { name: string }[];
      expect(ran.map((row) => row.name)).toEqual(migrations.map((migration) => migration.name));
    } finally {
      file.close();
    }
  });

  it('signs the first admin in, validates what it is sent, reads a PDF and builds a paper and a spreadsheet in the worker pool, and serves pages and docs', async () => {
    const call = async (method: string, path: string, token: string | null, body?: object) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body && JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const login = await call('POST', '/api/auth/login', null, { email: 'admin@example.gov.uk', password: 'start start start' });
    expect(login.status).toBe(200);
    const admin = login.body.token as string;
    // class-validator's rules, read from the DTOs' decorators: one copy of it, shared with Nest's ValidationPipe.
    const refused = await call('POST', '/api/users', admin, { name: 'Kit', email: 'not an address', role: 'deputy_director', extra: 1 });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body.fields as object).sort()).toEqual(['email', 'extra']);
    const robot = await call('POST', '/api/users', admin, {
      name: 'Plan robot',
      email: 'plan.robot@example.gov.uk',
      role: 'deputy_director',
      serviceAccount: true,
    });
    expect(robot.status).toBe(201);
    const token = (await call('POST', '/api/api-tokens', admin, { userId: robot.body.id, name: 'Start test' })).body.token as string;
    // And the rules UpdateActionDto inherits through PartialType (@nestjs/mapped-types), checked before the action is sought.
    const update = await call('PATCH', '/api/actions/00000000-0000-4000-8000-000000000000', token, { title: 7, version: 1 });
    expect(update.status).toBe(400);
    expect(Object.keys(update.body.fields as object)).toEqual(['title']);
    const inspection = await call('POST', '/api/inspections', token, OXFORDSHIRE_INSPECTION);
    expect(inspection.status).toBe(201);

    const paper = await fetch(`${url}/api/inspections/${inspection.body.id as string}/reports/scrutiny.docx`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(paper.status).toBe(200);
    expect(paper.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    // A Word file is a zip: it starts "PK".
    expect(
      Buffer.from(await paper.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    // The built worker's other roads: pdf.js reading an upload, and exceljs writing the plan's spreadsheet.
    const form = new FormData();
    form.append('file', new Blob([await oxfordshirePdf()], { type: 'application/pdf' }), 'oxfordshire-2024.pdf');
    const read = await fetch(`${url}/api/imports`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(read.status).toBe(201);
    expect(((await read.json()) as { improvementAreas: Array<{ title: string }> }).improvementAreas.map(({ title }) => title)).toEqual(
      oxfordshireAreas,
    );
    const workbook = await fetch(`${url}/api/inspections/${inspection.body.id as string}/plan.xlsx`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(workbook.status).toBe(200);
    expect(
      Buffer.from(await workbook.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    const signIn = await fetch(`${url}/sign-in`);
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain('govuk-template');
    expect((await fetch(`${url}/assets/app.css`)).status).toBe(200);
    const docs = (await (await fetch(`${url}/api/docs-json`)).json()) as { components: { schemas: Record<string, unknown> } };
    // Swagger names each schema after its DTO class: the bundle keeps the classes' names.
    expect(Object.keys(docs.components.schemas)).toContain('CreateInspectionDto');
  });
});
