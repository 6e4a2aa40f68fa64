import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { Action } from '../../src/actions/action.entity.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { Reminder } from '../../src/reminders/reminder.entity.js';
import { drivers } from '../support/databases.js';
import { missingWrites, preparePlan, runMixedLoad, type Acknowledged } from '../support/load.js';
import { seedOwnersWithActionsDue } from '../support/seed.js';
import { freePort, startInbox, type Inbox } from '../support/smtp-inbox.js';
import { LONG_TASK_LIMIT_MS } from '../support/test-clock.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// Wednesday 30 October 2024, 09:00 in London: a sending time.
const NOW = '2024-10-30T09:00:00Z';
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** A node process of this project's built code; killed in afterAll if a test leaves it running. */
function start(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [resolve(script), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => (children.delete(child), done(code))));
  return { child, exited, output: () => output };
}

/** One sweep in a process of its own (as `npm run reminders -- --once` is), on the test's SQLite file. */
const sweepProcess = (t: TestApp, smtpUrl: string, now: string) =>
  start('dist/test/support/sweep-process.js', [t.database.dataDir, smtpUrl, now]);

/** Waits for a state; the limit only stops a test that has hung, so a busy machine is given ten times what it needs. */
async function until(condition: () => boolean | Promise<boolean>, seconds: number, what: string): Promise<void> {
  const deadline = Date.now() + seconds * 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Gave up after ${seconds * 10} s waiting for ${what}.`);
    await new Promise((done) => setTimeout(done, 5));
  }
}

/** The SQLite file opened afresh, as after a crash: it must open, migrate (nothing) and pass its integrity check. */
async function reopen(dataDir: string): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions({ dataDir, databaseUrl: null }));
  await dataSource.initialize();
  expect(await dataSource.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  return dataSource;
}

describe('faults on SQLite', () => {
  let inbox: Inbox;
  beforeEach(async () => (inbox = await startInbox()));
  afterEach(() => inbox.close());

  it(
    'the reminders CLI and the server writing one file at once: no SQLITE_BUSY reaches a user or the CLI',
    async () => {
      const t = await createTestApp('sqlite', { now: NOW });
      try {
        await t.app.listen(0, '127.0.0.1');
        await seedOwnersWithActionsDue(t, 300, '2024-10-31');
        const plan = await preparePlan(t, 2, 10, 20);
        const url = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
        let loading = true;
        const load = runMixedLoad([url], plan, 8).finally(() => (loading = false));
        const sweeps: Array<{ code: number | null; output: string }> = [];
        // Two cron-driven sweepers, each a new process per sweep, one after another while the load lasts; the clock moves
        // 15 seconds each time. Processes that run at once must agree on the time to within the 5-minute claim lease
        // (as real instances do): a clock running ahead would see a lease still in use as expired, and send its reminders too.
        const sweeper = async (offset: number) => {
          for (let step = offset; step < 20 && loading; step += 2) {
            const sweep = sweepProcess(t, inbox.url, new Date(Date.parse(NOW) + step * 15_000).toISOString());
            sweeps.push({ code: await sweep.exited, output: sweep.output() });
          }
        };
        await Promise.all([sweeper(0), sweeper(1)]);
        const report = await load;
        expect(sweeps.filter((sweep) => sweep.code !== 0).map((sweep) => sweep.output)).toEqual([]);
        expect(Object.keys(report.byStatus).filter((status) => Number(status) >= 500)).toEqual([]);
        // The 300 owners, and the owner of the load's actions, each once.
        const recipients = inbox.messages.map((mail) => (Array.isArray(mail.to) ? '' : mail.to!.value[0].address));
        expect(recipients).toHaveLength(301);
        expect(new Set(recipients).size).toBe(301);
        expect(await missingWrites(t, report.acknowledged)).toEqual([]);
      } finally {
        await t.close();
      }
    },
    LONG_TASK_LIMIT_MS,
  );

  it(
    'kill -9 mid-sweep: nothing is lost, and the one message that may go twice keeps its Message-ID',
    async () => {
      const t = await createTestApp('sqlite', { now: NOW });
      try {
        await seedOwnersWithActionsDue(t, 300, '2024-10-31');
        await t.app.close();
        const sweep = sweepProcess(t, inbox.url, NOW);
        await until(() => inbox.messages.length >= 50, 60, 'the sweep to send 50 messages');
        sweep.child.kill('SIGKILL');
        await sweep.exited;
        expect(inbox.messages.length).toBeLessThan(300);

        // Another instance, once the dead one's lease (5 minutes) has run out.
        const after = sweepProcess(t, inbox.url, '2024-10-30T09:06:00Z');
        expect(await after.exited).toBe(0);
        const dataSource = await reopen(t.database.dataDir);
        try {
          const due = await dataSource.getRepository(Reminder).findBy({ sendOn: '2024-10-30' });
          expect(due.filter((reminder) => reminder.status !== 'sent')).toEqual([]);
        } finally {
          await dataSource.destroy();
        }
        const recipients = inbox.messages.map((mail) => (Array.isArray(mail.to) ? '' : mail.to!.value[0].address));
        expect(new Set(recipients).size).toBe(300);
        // Sent one at a time: at most the message in flight when the process died goes twice, with the same Message-ID.
        expect(inbox.messages.length - 300).toBeLessThanOrEqual(1);
        expect(new Set(inbox.messages.map((mail) => mail.messageId)).size).toBe(300);
      } finally {
        await t.database.drop();
      }
    },
    LONG_TASK_LIMIT_MS,
  );

  it(
    'kill -9 of node dist/src/main.js mid-request: no half-written transition, every acknowledged write kept, and it starts again',
    async () => {
      const t = await createTestApp('sqlite', { now: NOW });
      const server = async () => {
        const port = await freePort();
        const started = start('dist/src/main.js', [], { DATA_DIR: t.database.dataDir, PORT: String(port), REMINDER_SWEEP_SECONDS: '0' });
        const url = `http://127.0.0.1:${port}`;
        await until(
          () =>
            fetch(`${url}/health`).then(
              (response) => response.ok,
              () => false,
            ),
          60,
          'the service to answer /health',
        );
        return { ...started, url };
      };
      try {
        // The service runs on the real clock: API tokens, which do not expire, rather than sessions issued at the test's time.
        const plan = { ...(await preparePlan(t, 2, 10, 0)), sessions: Array<string>(30).fill(t.as('deputy_director').Authorization) };
        await t.app.close();
        const first = await server();
        const acknowledged: Acknowledged = { updates: new Map(), transitions: new Map() };
        const load = runMixedLoad([first.url], plan, 10, acknowledged);
        const writes = () =>
          [...acknowledged.updates.values()].flat().length + [...acknowledged.transitions.values()].reduce((a, b) => a + b, 0);
        await until(() => writes() >= 30, 30, '30 acknowledged writes');
        first.child.kill('SIGKILL');
        await first.exited;
        const report = await load;
        expect(report.networkErrors).toBeGreaterThan(0);
        expect(Object.keys(report.byStatus).filter((status) => Number(status) >= 500)).toEqual([]);

        const dataSource = await reopen(t.database.dataDir);
        try {
          expect(await missingWrites({ dataSource }, acknowledged, { later: true })).toEqual([]);
          const actions = await dataSource.getRepository(Action).findBy({});
          // The state column and the saved workflow snapshot always agree: a transition is written whole or not at all.
          expect(actions.filter((action) => action.snapshot.value !== action.state).map((action) => action.id)).toEqual([]);
        } finally {
          await dataSource.destroy();
        }

        const second = await server();
        try {
          const response = await fetch(`${second.url}/api/actions/${plan.actions[0]}`, { headers: { authorization: plan.sessions[0] } });
          expect(response.status).toBe(200);
        } finally {
          second.child.kill('SIGKILL');
          await second.exited;
        }
      } finally {
        await t.database.drop();
      }
    },
    LONG_TASK_LIMIT_MS,
  );
});

// The cluster is shared with other engineers' tests, so it is not restarted: this instance's own
// connections are cut (pg_terminate_backend), which is what a restart does to it, over and over.
(drivers.includes('postgres') ? describe : describe.skip)('faults on PostgreSQL', () => {
  it(
    'connections cut under load: requests fail with 503, never 500, the service recovers, and acknowledged writes are kept',
    async () => {
      const t = await createTestApp('postgres');
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      try {
        await t.app.listen(0, '127.0.0.1');
        const url = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
        const plan = await preparePlan(t, 2, 5, 20);
        let loading = true;
        const load = runMixedLoad([url], plan, 4).finally(() => (loading = false));
        const health: number[] = [];
        let cuts = 0;
        for (let round = 0; round < 40 && loading; round += 1) {
          const { rowCount } = await admin.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
            [new URL(t.database.databaseUrl!).pathname.slice(1)],
          );
          cuts += rowCount ?? 0;
          health.push((await fetch(`${url}/health`)).status);
          await new Promise((done) => setTimeout(done, 100));
        }
        const report = await load;
        expect(cuts).toBeGreaterThan(0);
        expect(report.networkErrors).toBe(0);
        expect(Object.keys(report.byStatus).filter((status) => !['200', '201', '409', '503'].includes(status))).toEqual([]);
        expect(health.filter((status) => status !== 200 && status !== 503)).toEqual([]);
        // Recovered: the pool makes new connections.
        await until(() => fetch(`${url}/health`).then((response) => response.status === 200), 30, 'the service to recover');
        expect(await missingWrites(t, report.acknowledged, { later: true })).toEqual([]);
        console.warn(`Connections cut: ${cuts}; answers: ${JSON.stringify(report.byStatus)}; /health: ${JSON.stringify(health)}`);
      } finally {
        await admin.end();
        await t.close();
      }
    },
    LONG_TASK_LIMIT_MS,
  );
});
