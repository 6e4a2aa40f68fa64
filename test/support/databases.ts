import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type Driver = 'sqlite' | 'postgres';

const postgresUrl = process.env.TEST_DATABASE_URL;

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const drivers: Driver[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];
if (!postgresUrl) console.warn('TEST_DATABASE_URL is not set: the PostgreSQL runs of these tests are skipped.');

export interface TestDatabase {
  dataDir: string;
  databaseUrl: string | null;
  drop(): Promise<void>;
}

/** A database of its own: a fresh SQLite file in a temporary folder, or a fresh PostgreSQL database. */
export async function createTestDatabase(driver: Driver): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'action-plans-'));
  const removeFolder = () => rmSync(dataDir, { recursive: true, force: true });
  if (driver === 'sqlite') return { dataDir, databaseUrl: null, drop: () => Promise.resolve(removeFolder()) };

  const name = `test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(postgresUrl!);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    drop: async () => {
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      removeFolder();
    },
  };
}

async function withAdmin(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
