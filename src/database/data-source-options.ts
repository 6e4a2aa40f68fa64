import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { Environment } from '../config/environment.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';
import { PostgresClient } from './driver-patches.js';

/** The database as the app and the TypeORM CLI (through ormconfig.ts) both see it. The schema comes only from migrations. */
export function dataSourceOptions(environment: Pick<Environment, 'dataDir' | 'databaseUrl'>): DataSourceOptions {
  const common = { entities, migrations, migrationsRun: true, synchronize: false } as const;
  if (environment.databaseUrl) {
    return {
      ...common,
      type: 'postgres',
      url: environment.databaseUrl,
      migrationsTransactionMode: 'all',
      extra: { Client: PostgresClient },
    };
  }

  mkdirSync(environment.dataDir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: join(environment.dataDir, 'app.sqlite'),
    enableWAL: true,
    // Waits for another process (the reminders CLI, a backup) instead of failing with SQLITE_BUSY.
    timeout: 10_000,
  };
}
