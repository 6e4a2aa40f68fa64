import { Action } from '../../src/actions/action.entity.js';
import { TokensService } from '../../src/auth/tokens.service.js';
import { PlanSnapshot } from '../../src/snapshots/plan-snapshot.entity.js';
import type { Driver, TestDatabase } from '../support/databases.js';
import { largeMeasures, type SnapshotStorage } from '../support/large-measures.js';
import { LARGE_PLAN, largePlan } from '../support/large-plan.js';
import { scenario } from '../support/scenario.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { BenchModule } from './bench.module.js';

/** What the benchmark needs to know about a server it started. */
export interface BenchServer {
  port: number;
  pid: number;
  authorization: string;
  /** The plan with 20 areas and 2,000 actions that the dashboard reads. */
  inspectionId: string;
  /** One in-progress action per transition client, with its state once a loop has moved it. */
  transitionActions: Array<{ id: string; version: number; state?: string }>;
  actionsInDatabase: number;
  /** With `measures`: a page session's cookie for the HTML pages, and what the 12 snapshots take to store. */
  sessionCookie?: string;
  snapshotStorage?: SnapshotStorage;
  /** The plan's latest snapshot, whose paper the heavy work builds: the plan's own paper is kept once built. */
  snapshotId: string;
  /** Where its database is, for another instance of the service on it. */
  database: Pick<TestDatabase, 'dataDir' | 'databaseUrl'>;
}

const NOW = '2024-05-01T09:00:00Z';

const CLIENTS = 16;

/**
 * A real listening server for the benchmark, in a process of its own so that the load generator
 * does not share its event loop and its memory can be read: `node bench-server.js <driver> <scale>`
 * seeds the dashboard's plan, and `scale - 1` more plans' worth of actions elsewhere, then prints
 * one line of JSON (BenchServer) and serves until it is killed. A third argument, `measures`, adds
 * issue 18's 40 measures × 24 monthly values and 12 snapshots (test/support/large-measures.ts).
 */
async function main(): Promise<void> {
  const driver = process.argv[2] as Driver;
  if (process.argv[3] === 'sharing') return anotherInstance(driver, JSON.parse(process.argv[4]) as BenchServer['database']);
  const scale = Number(process.argv[3] ?? 1);
  const withMeasures = process.argv[4] === 'measures';
  const t = await createTestApp(driver, { now: NOW, imports: [BenchModule] });
  stopOnSignal(t);

  const s = scenario(t);
  const inspectionId = await largePlan(t, s);

  const moving = await s.area(inspectionId, 'Transitions');
  const transitionActions = [];
  for (let i = 0; i < CLIENTS; i += 1) {
    const action = await s.action(moving.id, { title: `Moving ${i}` });
    const started = await s.event('actions', action.id, 'START', action.version);
    transitionActions.push({ id: started.id as string, version: started.version as number });
  }
  // Two years of values up to March 2024, then back to the bench's "now" (the clock moved to date them).
  const seeded = withMeasures ? await largeMeasures(t, s, inspectionId, '2022-04') : undefined;
  t.clock.set(NOW);
  const session = withMeasures
    ? await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.deputy_director.id))
    : undefined;
  if (!withMeasures) await s.post(`/api/inspections/${inspectionId}/snapshots`, {});
  const [latest] = await t.dataSource
    .getRepository(PlanSnapshot)
    .find({ where: { inspectionId }, select: { id: true }, order: { takenAt: 'DESC' }, take: 1 });
  if (scale > 1) await insertBallast(t, s, (scale - 1) * LARGE_PLAN.areas * LARGE_PLAN.actionsPerArea);

  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as { port: number };
  const server: BenchServer = {
    port: address.port,
    pid: process.pid,
    authorization: t.as('deputy_director').Authorization,
    inspectionId,
    transitionActions,
    actionsInDatabase: await t.dataSource.getRepository(Action).count(),
    sessionCookie: session && `session=${session.token}`,
    snapshotStorage: seeded?.storage,
    snapshotId: latest.id,
    database: { dataDir: t.database.dataDir, databaseUrl: t.database.databaseUrl },
  };
  process.stdout.write(`${JSON.stringify(server)}\n`);
}

/**
 * `node bench-server.js <driver> sharing <database>`: another instance of the service on a bench server's database,
 * as after a restart or beside it behind a load balancer. It seeds nothing; the first server's people sign in to it.
 */
async function anotherInstance(driver: Driver, database: BenchServer['database']): Promise<void> {
  const t = await createTestApp(driver, {
    now: NOW,
    imports: [BenchModule],
    sharing: { database: { ...database, drop: () => Promise.resolve() }, users: {} as TestApp['users'], as: () => ({ Authorization: '' }) },
  });
  stopOnSignal(t);
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as { port: number };
  process.stdout.write(`${JSON.stringify({ port, pid: process.pid })}\n`);
}

function stopOnSignal(t: TestApp): void {
  const stop = () => void t.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Other plans' actions, copied in SQL from one of the plan's own, so the tables grow and the plan does not. */
async function insertBallast(t: TestApp, s: ReturnType<typeof scenario>, count: number): Promise<void> {
  const other = await s.inspection({ authority: 'Elsewhere County Council' });
  const area = await s.area(other.id, 'Ballast');
  const columns =
    '"areaId", position, title, "ownerId", "assignedById", "dueOn", "successMeasure", rag, "ragReason", state, snapshot, "workflowVersion", version, "createdAt"';
  const copied = `'${area.id}', n, template.title, template."ownerId", template."assignedById", template."dueOn", template."successMeasure", template.rag, template."ragReason", template.state, template.snapshot, template."workflowVersion", template.version, template."createdAt"`;
  const template = '(SELECT * FROM actions ORDER BY "createdAt" LIMIT 1) AS template';
  if (t.dataSource.options.type === 'postgres') {
    await t.dataSource.query(
      `INSERT INTO actions (id, ${columns}) SELECT 'b' || lpad(n::text, 35, '0'), ${copied} FROM generate_series(1, ${count}) AS n, ${template}`,
    );
    await t.dataSource.query('ANALYZE');
  } else {
    await t.dataSource.query(
      `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${count}) INSERT INTO actions (id, ${columns}) SELECT printf('b%035d', n), ${copied} FROM seq, ${template}`,
    );
    await t.dataSource.query('ANALYZE');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
