import Database from 'better-sqlite3';
import { chmodSync, existsSync, renameSync, rmSync } from 'node:fs';
import { keepDataPrivate } from './private-files.js';
import { join, resolve } from 'node:path';

export interface BackupSummary {
  file: string;
  pages: number;
  bytes: number;
}

/** The app's SQLite file in its data folder. */
export const databaseFile = (dataDir: string) => join(dataDir, 'app.sqlite');

/**
 * A consistent copy of the live database, taken through SQLite's online backup API on a connection
 * of its own: the service keeps running. All pages are copied in one step, under one read
 * transaction, so writes by the service meanwhile neither restart the copy nor tear it.
 */
export async function backupDatabase(dataDir: string, file: string): Promise<BackupSummary> {
  const source = new Database(databaseFile(dataDir), { fileMustExist: true, timeout: 10_000 });
  const target = resolve(file);
  const partial = `${target}.partial`;
  try {
    rmSync(partial, { force: true });
    const { totalPages } = await source.backup(partial, { progress: () => 0x7fffffff });
    checkDatabase(partial);
    // A backup holds everything the database does: for the service's account alone, wherever it is written.
    chmodSync(partial, 0o600);
    // Only a whole, checked copy takes the name: an interrupted backup never looks like a good one.
    renameSync(partial, target);
    return { file: target, pages: totalPages, bytes: totalPages * (source.pragma('page_size', { simple: true }) as number) };
  } finally {
    source.close();
    rmSync(partial, { force: true });
  }
}

/**
 * Puts a backup back as the database. Refuses when a database is already there unless `force`: the
 * service must be stopped first, and replacing a database is a decision, not a default.
 */
export async function restoreDatabase(dataDir: string, file: string, force: boolean): Promise<BackupSummary> {
  const from = resolve(file);
  checkDatabase(from);
  const target = databaseFile(dataDir);
  if (existsSync(target) && !force) {
    throw new Error(`${target} already holds a database. Stop the service, then run the restore again with --force to replace it.`);
  }
  keepDataPrivate(dataDir);
  const source = new Database(from, { fileMustExist: true });
  try {
    // Through the backup API rather than a file copy: SQLite writes the pages and deals with the target's WAL.
    const { totalPages } = await source.backup(target, { progress: () => 0x7fffffff });
    chmodSync(target, 0o600);
    return { file: target, pages: totalPages, bytes: totalPages * (source.pragma('page_size', { simple: true }) as number) };
  } finally {
    source.close();
  }
}

/** A readable SQLite database of this app, intact: anything else is refused before it is used. */
function checkDatabase(file: string): void {
  if (!existsSync(file)) throw new Error(`${file} does not exist.`);
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch {
    throw new Error(`${file} is not an SQLite database.`);
  }
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${file} is damaged: ${String(integrity)}`);
    const migrations = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").get() as {
      n: number;
    };
    if (migrations.n !== 1) throw new Error(`${file} is not a database of this service (it has no migrations table).`);
  } catch (error) {
    throw error instanceof Error && error.message.startsWith(file) ? error : new Error(`${file} is not a readable SQLite database.`);
  } finally {
    db.close();
  }
}
