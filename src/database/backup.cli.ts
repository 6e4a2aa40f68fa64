import { parseArgs } from 'node:util';
import { loadEnvironment } from '../config/environment.js';
import { backupDatabase, restoreDatabase } from './backup.js';

const USAGE = 'Usage: npm run backup -- <file>   |   npm run restore -- <file> [--force]';

/**
 * `npm run backup -- <file>` copies the SQLite database while the service runs; `npm run restore --
 * <file>` puts a copy back into DATA_DIR. PostgreSQL has its own tools: pg_dump and pg_restore.
 */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean' } } });
  const [command, file, ...rest] = positionals;
  if (!file || rest.length > 0 || (command !== 'backup' && command !== 'restore') || (command === 'backup' && values.force))
    throw new Error(USAGE);
  const environment = loadEnvironment();
  if (environment.databaseUrl) throw new Error('DATABASE_URL is set: back up PostgreSQL with pg_dump -Fc, and restore with pg_restore.');
  const summary =
    command === 'backup'
      ? await backupDatabase(environment.dataDir, file)
      : await restoreDatabase(environment.dataDir, file, values.force ?? false);
  console.warn(JSON.stringify({ [command === 'backup' ? 'backedUp' : 'restored']: summary }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
