import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { backupDatabase, databaseFile, restoreDatabase } from '../src/database/backup.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { copyAcknowledged, missingWrites, preparePlan, runMixedLoad, type Acknowledged } from './support/load.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// SQLite only: PostgreSQL is backed up with pg_dump.
describe('backing up SQLite while the service runs', () => {
  let t: TestApp;
  const folders: string[] = [];
  const folder = () => {
    const path = mkdtempSync(join(tmpdir(), 'action-plans-backup-'));
    folders.push(path);
    return path;
  };

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await t.close();
    for (const path of folders) rmSync(path, { recursive: true, force: true });
  });

  it('takes a copy under write load that, restored into a new data folder, holds every write acknowledged before it began', async () => {
    const plan = await preparePlan(t, 2, 5, 10);
    const url = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    const acknowledged: Acknowledged = { updates: new Map(), transitions: new Map() };
    const load = runMixedLoad([url], plan, 4, acknowledged);

    await new Promise((done) => setTimeout(done, 2000));
    const before = copyAcknowledged(acknowledged);
    const file = join(folder(), 'plan.sqlite');
    const summary = await backupDatabase(t.database.dataDir, file);
    const report = await load;
    expect(summary.pages).toBeGreaterThan(0);
    expect([...before.updates.values()].flat().length).toBeGreaterThan(0);
    expect(Object.keys(report.byStatus).filter((status) => Number(status) >= 500)).toEqual([]);

    const restoredDir = folder();
    await restoreDatabase(restoredDir, file, false);
    const restored = new DataSource(dataSourceOptions({ dataDir: restoredDir, databaseUrl: null }));
    await restored.initialize();
    try {
      expect(await restored.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(await missingWrites({ dataSource: restored }, before, { later: true })).toEqual([]);
    } finally {
      await restored.destroy();
    }
  });

  it('will not restore over a database that is there unless told to, nor restore what is not a backup', async () => {
    const file = join(folder(), 'plan.sqlite');
    await backupDatabase(t.database.dataDir, file);
    // A data folder that does not exist yet is made.
    const target = join(folder(), 'data');
    await restoreDatabase(target, file, false);
    await expect(restoreDatabase(target, file, false)).rejects.toThrow(/already holds a database.*--force/);
    await expect(restoreDatabase(target, file, true)).resolves.toMatchObject({ file: databaseFile(target) });

    const junk = join(folder(), 'junk.sqlite');
    writeFileSync(junk, 'not a database at all');
    await expect(restoreDatabase(folder(), junk, false)).rejects.toThrow(/not a readable SQLite database|not an SQLite database/);
  });
});
