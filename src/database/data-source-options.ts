import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { Environment } from '../config/environment.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';
import { postgresClient } from './driver-patches.js';
import { keepDataPrivate } from './private-files.js';

/** The database as the app and the TypeORM CLI (through ormconfig.ts) both see it. The schema comes only from migrations. */
export function dataSourceOptions(environment: Pick<Environment, 'dataDir' | 'databaseUrl'>): DataSourceOptions {
  // Every entry point (the service, its commands, the TypeORM CLI) comes through here before it writes anything.
  keepDataPrivate(environment.dataDir);
  const common = { entities, migrations, migrationsRun: true, synchronize: false } as const;
  if (environment.databaseUrl) {
    return {
      ...common,
      type: 'postgres',
      url: environment.databaseUrl,
      migrationsTransactionMode: 'all',
      extra: { Client: postgresClient() },
    };
  }

  return {
    ...common,
    type: 'better-sqlite3',
    database: join(environment.dataDir, 'app.sqlite'),
    enableWAL: true,
    // Waits for another process (the reminders CLI, a backup) instead of failing with SQLITE_BUSY.
    timeout: 10_000,
  };
}
