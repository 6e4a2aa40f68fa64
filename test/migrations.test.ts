import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { migrations } from '../src/database/migrations/index.js';
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
    const tables = await dataSource.createQueryRunner().getTables(['actions', 'audit_events', 'inspections', 'report_imports']);
    expect(tables).toEqual([]);
    expect(await dataSource.runMigrations()).toHaveLength(migrations.length);
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
