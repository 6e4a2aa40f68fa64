import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { migrations } from '../src/database/migrations/index.js';
import { InitialSchema1763884800000 } from '../src/database/migrations/1763884800000-initial-schema.js';
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
    for (let i = 0; i < migrations.length; i += 1) await dataSource.undoLastMigration();
    const tables = await dataSource.createQueryRunner().getTables(['actions', 'audit_events', 'inspections', 'users', 'auth_tokens']);
    expect(tables).toEqual([]);
    expect(await dataSource.runMigrations()).toHaveLength(migrations.length);
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
    await before.query(`INSERT INTO users (id, name, email, "createdAt") VALUES ('${personId}', 'Dana Deputy', 'dana@example.gov.uk', '2024-04-15T09:00:00.000Z')`);
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
