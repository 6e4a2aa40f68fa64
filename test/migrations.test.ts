import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { migrations } from '../src/database/migrations/index.js';
import { InitialSchema1763884800000 } from '../src/database/migrations/1763884800000-initial-schema.js';
import { AccountsAndTokens1796515200000 } from '../src/database/migrations/1796515200000-accounts-and-tokens.js';
import { DeadlinesAsMet1796601600000 } from '../src/database/migrations/1796601600000-deadlines-as-met.js';
import { ReviewMeetings1797292800000 } from '../src/database/migrations/1797292800000-review-meetings.js';
import { createTestDatabase, drivers, type TestDatabase } from './support/databases.js';
import { scenario } from './support/scenario.js';
import { createTestApp } from './support/test-app.js';

describe.each(drivers)('the schema on %s', (driver) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    dataSource = new DataSource({ ...dataSourceOptions(database), migrationsRun: false });
    await dataSource.initialize();
  });
  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  });

  it('comes from the migrations alone and matches the entities exactly', async () => {
    expect(await dataSource.runMigrations()).toHaveLength(migrations.length);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('migrates down to nothing and up again', async () => {
    for (let remaining = migrations.length; remaining > 0; remaining -= 1) await dataSource.undoLastMigration();
    const tables = await dataSource
      .createQueryRunner()
      .getTables(['actions', 'audit_events', 'auth_tokens', 'inspections', 'reminders', 'report_imports', 'users']);
    expect(tables).toEqual([]);
    expect(await dataSource.runMigrations()).toHaveLength(migrations.length);
  });
});

describe.each(drivers)('later migrations on %s', (driver) => {
  it('keep every row written before them', async () => {
    const database = await createTestDatabase(driver);
    const [initial, ...later] = migrations;
    const before = new DataSource({ ...dataSourceOptions(database), entities: [], migrations: [initial], migrationsRun: true });
    await before.initialize();
    // Rows as the first schema had them, written without the entities (which describe the latest schema).
    const insert = (table: string, values: Record<string, unknown>) =>
      before.createQueryBuilder().insert().into(table).values(values).execute();
    const workflow = (state: string) => ({
      state,
      snapshot: JSON.stringify({ value: state, context: {} }),
      workflowVersion: 1,
      version: 1,
      createdAt: '2024-04-15T09:00:00.000Z',
    });
    await insert('users', { id: 'u1', name: 'Owen Owner', email: 'owen@example.gov.uk', createdAt: '2024-04-15T09:00:00.000Z' });
    await insert('authorities', { id: 'c1', name: 'Oxfordshire County Council' });
    await insert('inspections', {
      id: 'i1',
      ...workflow('draft'),
      authorityId: 'c1',
      framework: 'ILACS',
      publishedOn: '2024-04-09',
      receivedOn: '2024-04-09',
      priorityAction: false,
      actionPlanDueOn: '2024-07-18',
    });
    await insert('improvement_areas', { id: 'a1', ...workflow('draft'), inspectionId: 'i1', position: 1, title: 'Supervision' });
    await insert('actions', {
      id: 'x1',
      ...workflow('not_started'),
      areaId: 'a1',
      position: 1,
      title: 'Audit',
      ownerId: 'u1',
      dueOn: '2024-10-31',
    });
    const entry = {
      entityType: 'action',
      entityId: 'x1',
      inspectionId: 'i1',
      actorId: 'u1',
      actorName: 'Owen Owner',
      actorEmail: 'owen@example.gov.uk',
      at: '2024-04-15T09:00:00.000Z',
    };
    await insert('audit_events', { ...entry, event: 'CREATED' });
    // Two moves of the due date; a first date set and a change of title are not moves.
    await insert('actions', {
      id: 'x2',
      ...workflow('not_started'),
      areaId: 'a1',
      position: 2,
      title: 'Review',
      ownerId: 'u1',
      dueOn: '2024-11-29',
    });
    for (const [entityId, details] of [
      ['x1', { dueOn: { from: '2024-09-30', to: '2024-10-15' } }],
      ['x1', { dueOn: { from: '2024-10-15', to: '2024-10-31' }, ownerId: { from: null, to: 'owen@example.gov.uk' } }],
      ['x2', { dueOn: { from: null, to: '2024-11-29' } }],
      ['x2', { title: { from: 'Reviw', to: 'Review' } }],
    ] as const) {
      await insert('audit_events', {
        ...entry,
        entityId,
        event: 'ownerId' in details ? 'REASSIGNED' : 'UPDATED',
        details: JSON.stringify(details),
      });
    }
    await before.destroy();

    const after = new DataSource({ ...dataSourceOptions(database), migrationsRun: false });
    await after.initialize();
    expect(await after.runMigrations()).toHaveLength(later.length);
    for (const [table, rows] of [
      ['users', 1],
      ['inspections', 1],
      ['improvement_areas', 1],
      ['actions', 2],
      ['audit_events', 5],
    ] as const) {
      expect([table, Number((await after.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n)]).toEqual([table, rows]);
    }
    expect(await after.query('SELECT id, "dueDateMoves" FROM actions ORDER BY id')).toEqual([
      { id: 'x1', dueDateMoves: 2 },
      { id: 'x2', dueDateMoves: 0 },
    ]);
    expect(await after.query('SELECT "reminderDelivery" FROM users')).toEqual([{ reminderDelivery: 'digest' }]);
    // The dashboard's counts start from the actions already there.
    expect(await after.query('SELECT "areaId", rag, state, "count" FROM action_tallies')).toEqual([
      { areaId: 'a1', rag: 'unrated', state: 'not_started', count: 2 },
    ]);
    await after.destroy();
    await database.drop();
  });
});

describe.each(drivers)('bringing in sign-in on %s', (driver) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(() => database.drop());

  it('keeps everyone already on record, and what they did, as inactive viewers without passwords', async () => {
    const before = new DataSource({ ...dataSourceOptions(database), migrations: [InitialSchema1763884800000] });
    await before.initialize();
    const [personId, authorityId, inspectionId] = [randomUUID(), randomUUID(), randomUUID()];
    await before.query(
      `INSERT INTO users (id, name, email, "createdAt") VALUES ('${personId}', 'Dana Deputy', 'dana@example.gov.uk', '2024-04-15T09:00:00.000Z')`,
    );
    await before.query(`INSERT INTO authorities (id, name) VALUES ('${authorityId}', 'Oxfordshire County Council')`);
    await before.query(
      `INSERT INTO inspections (id, state, snapshot, "workflowVersion", version, "createdAt", "authorityId", framework, "publishedOn", "receivedOn", "priorityAction")
       VALUES ('${inspectionId}', 'draft', '{}', 1, 1, '2024-04-15T09:00:00.000Z', '${authorityId}', 'ILACS', '2024-04-09', '2024-04-09', false)`,
    );
    await before.query(
      `INSERT INTO audit_events ("entityType", "entityId", "inspectionId", event, "actorId", "actorName", "actorEmail", at)
       VALUES ('inspection', '${inspectionId}', '${inspectionId}', 'CREATED', '${personId}', 'Dana Deputy', 'dana@example.gov.uk', '2024-04-15T09:00:00.000Z')`,
    );
    await before.destroy();

    const after = new DataSource(dataSourceOptions(database));
    await after.initialize();
    const [person] = await after.query(`SELECT name, role, active, "passwordHash", "mustChangePassword" FROM users`);
    expect({ ...person, active: Boolean(person.active), mustChangePassword: Boolean(person.mustChangePassword) }).toEqual({
      name: 'Dana Deputy',
      role: 'viewer',
      active: false,
      passwordHash: null,
      mustChangePassword: false,
    });
    expect(await after.query(`SELECT "actorId", "inspectionId" FROM audit_events`)).toEqual([{ actorId: personId, inspectionId }]);
    expect(await after.query(`SELECT id FROM inspections`)).toEqual([{ id: inspectionId }]);
    await after.destroy();
  });
});

describe('the SQLite file under the data folder', () => {
  it('is created and migrated at start, and keeps its data across restarts', async () => {
    const first = await createTestApp('sqlite');
    const dataDir = first.app.get(DataSource).options.database as string;
    const inspection = await scenario(first).inspection();
    await first.app.close();

    // A second start on the same file: migrations are already applied, nothing is lost.
    const reopened = new DataSource({ ...dataSourceOptions({ dataDir: dataDir.replace(/\/app\.sqlite$/, ''), databaseUrl: null }) });
    await reopened.initialize();
    expect(await reopened.query('SELECT id FROM inspections')).toEqual([{ id: inspection.id }]);
    expect(await reopened.showMigrations()).toBe(false);
    await reopened.destroy();
    await first.close().catch(() => undefined);
  });
});

describe.each(drivers)('bringing in service accounts on %s', (driver) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(() => database.drop());

  it("revokes the API tokens held by people's accounts and keeps their sessions and everything else", async () => {
    const before = new DataSource({
      ...dataSourceOptions(database),
      migrations: migrations.slice(0, migrations.indexOf(AccountsAndTokens1796515200000)),
    });
    await before.initialize();
    const personId = randomUUID();
    const yes = driver === 'postgres' ? 'true' : '1';
    await before.query(
      `INSERT INTO users (id, name, email, "createdAt", role, active) VALUES ('${personId}', 'Dee Director', 'dee@example.gov.uk', '2024-04-15T09:00:00.000Z', 'director', ${yes})`,
    );
    for (const [kind, hash] of [
      ['api', 'a'.repeat(64)],
      ['session', 'b'.repeat(64)],
    ])
      await before.query(
        `INSERT INTO auth_tokens (id, "tokenHash", "userId", kind, "createdAt") VALUES ('${randomUUID()}', '${hash}', '${personId}', '${kind}', '2024-04-15T09:00:00.000Z')`,
      );
    await before.destroy();

    const after = new DataSource(dataSourceOptions(database));
    await after.initialize();
    const tokens: Array<{ kind: string; revokedAt: string | null }> = await after.query(
      `SELECT kind, "revokedAt" FROM auth_tokens ORDER BY kind`,
    );
    expect(tokens).toEqual([
      { kind: 'api', revokedAt: expect.any(String) },
      { kind: 'session', revokedAt: null },
    ]);
    const [person] = await after.query(`SELECT name, "serviceAccount" FROM users`);
    expect({ ...person, serviceAccount: Boolean(person.serviceAccount) }).toEqual({ name: 'Dee Director', serviceAccount: false });
    await after.destroy();
  });
});

describe.each(drivers)('bringing in the dates councils work to on %s', (driver) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(() => database.drop());

  it('takes a date of receipt someone gave as confirmed, marks the rest provisional, and changes no plan', async () => {
    const before = new DataSource({
      ...dataSourceOptions(database),
      migrations: migrations.slice(0, migrations.indexOf(DeadlinesAsMet1796601600000)),
    });
    await before.initialize();
    const snapshot = JSON.stringify({
      value: 'approved',
      context: { approvedOn: '2024-07-01', deadlineMissedOn: null, submittedOn: null, submittedLate: false },
    });
    await before.query(`INSERT INTO authorities (id, name) VALUES ('c1', 'Oxfordshire County Council')`);
    for (const [id, receivedOn] of [
      ['given', '2014-06-27'],
      ['defaulted', '2014-06-30'],
    ]) {
      await before.query(
        `INSERT INTO inspections (id, state, snapshot, "workflowVersion", version, "createdAt", "authorityId", framework, "publishedOn", "receivedOn", "priorityAction", "actionPlanDueOn")
         VALUES ('${id}', 'approved', '${snapshot}', 1, 3, '2014-07-01T09:00:00.000Z', 'c1', 'SIF', '2014-06-30', '${receivedOn}', ${driver === 'postgres' ? 'false' : '0'}, '2014-10-07')`,
      );
    }
    await before.destroy();

    const after = new DataSource(dataSourceOptions(database));
    await after.initialize();
    const rows: Array<Record<string, unknown>> = await after.query(
      `SELECT id, "receiptConfirmed", "statedActionPlanDueOn", "statementRequired", "principalAuthority", version, snapshot FROM inspections ORDER BY id`,
    );
    expect(rows.map((row) => ({ ...row, receiptConfirmed: Boolean(row.receiptConfirmed) }))).toEqual([
      {
        id: 'defaulted',
        receiptConfirmed: false,
        statedActionPlanDueOn: null,
        statementRequired: null,
        principalAuthority: null,
        version: 3,
        snapshot,
      },
      {
        id: 'given',
        receiptConfirmed: true,
        statedActionPlanDueOn: null,
        statementRequired: null,
        principalAuthority: null,
        version: 3,
        snapshot,
      },
    ]);
    await after.destroy();
  });
});

describe.each(drivers)('bringing in review meetings on %s', (driver) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(() => database.drop());

  it('takes a review the clerk already moved to its meeting as that meeting, and leaves the others due by their date', async () => {
    const before = new DataSource({
      ...dataSourceOptions(database),
      migrations: migrations.slice(0, migrations.indexOf(ReviewMeetings1797292800000)),
    });
    await before.initialize();
    const [personId, authorityId, inspectionId, otherId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await before.query(
      `INSERT INTO users (id, name, email, "createdAt") VALUES ('${personId}', 'Clara Clerk', 'clara@example.gov.uk', '2024-04-15T09:00:00.000Z')`,
    );
    await before.query(`INSERT INTO authorities (id, name) VALUES ('${authorityId}', 'Oxfordshire County Council')`);
    for (const id of [inspectionId, otherId])
      await before.query(
        `INSERT INTO inspections (id, state, snapshot, "workflowVersion", version, "createdAt", "authorityId", framework, "publishedOn", "receivedOn", "priorityAction")
         VALUES ('${id}', 'submitted', '{}', 1, 1, '2024-04-15T09:00:00.000Z', '${authorityId}', 'ILACS', '2024-04-09', '2024-04-09', false)`,
      );
    // Review 1 held on a day its clerk set; review 2 moved to its meeting; the other plan's review never moved.
    const review = (id: string, planId: string, sequence: number, dueOn: string, status: string) =>
      before.query(
        `INSERT INTO scrutiny_reviews (id, "inspectionId", sequence, "dueOn", status, "createdAt") VALUES ('${id}', '${planId}', ${sequence}, '${dueOn}', '${status}', '2024-07-10T09:00:00.000Z')`,
      );
    await review('r1', inspectionId, 1, '2025-01-16', 'held');
    await review('r2', inspectionId, 2, '2025-07-09', 'scheduled');
    await review('r3', otherId, 1, '2025-07-09', 'scheduled');
    const moved = (sequence: number, from: string, to: string) =>
      before.query(
        `INSERT INTO audit_events ("entityType", "entityId", "inspectionId", event, "actorId", "actorName", "actorEmail", at, details)
         VALUES ('inspection', '${inspectionId}', '${inspectionId}', 'SCRUTINY_REVIEW_RESCHEDULED', '${personId}', 'Clara Clerk', 'clara@example.gov.uk', '2024-12-01T09:00:00.000Z', '${JSON.stringify({ review: sequence, dueOn: { from, to } })}')`,
      );
    await moved(1, '2025-01-10', '2025-01-16');
    // Moved twice: the second move is where it stands.
    await moved(2, '2025-07-16', '2025-07-02');
    await moved(2, '2025-07-02', '2025-07-09');
    await before.destroy();

    const after = new DataSource(dataSourceOptions(database));
    await after.initialize();
    const rows: Array<{ id: string; meetingSet: boolean | number }> = await after.query(
      `SELECT id, "meetingSet" FROM scrutiny_reviews ORDER BY id`,
    );
    expect(rows.map((row) => [row.id, Boolean(row.meetingSet)])).toEqual([
      ['r1', false],
      ['r2', true],
      ['r3', false],
    ]);
    await after.destroy();
  });
});
