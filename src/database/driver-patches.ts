import { Logger } from '@nestjs/common';
import { createRequire } from 'node:module';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { preparedStatementName } from './prepared-rows.js';

/**
 * The two places where this service changes how a database library behaves, kept together so they
 * are found, reviewed and re-checked on each upgrade of TypeORM, better-sqlite3 or pg:
 *
 * 1. SQLite: TypeORM's BEGIN becomes BEGIN IMMEDIATE (beginImmediately), so writers from another
 *    process queue for the write lock instead of failing with SQLITE_BUSY.
 * 2. PostgreSQL: pg's Client keeps a listener for dropped connections, and sends the statements of
 *    prepared-rows.ts under names, so each connection parses and plans them once (postgresClient).
 *
 * Each is tested: test/concurrency.e2e.test.ts (a second process writing), test/postgres-dropped-connection.test.ts
 * and test/prepared-rows.e2e.test.ts (named statements, and their recovery when a column changes).
 */

const logger = new Logger('PostgreSQL');

/**
 * pg reports a connection the server dropped (a restart, pg_terminate_backend) as an 'error' event
 * on its client, and an 'error' event nobody listens to ends the process. pg-pool takes its own
 * listener off a client while the client is handed out, and TypeORM adds its own a moment later:
 * a connection cut in between took the whole service down. Every client here keeps a listener; the
 * query in flight fails on its own (a 503), and the pool drops the broken client when it comes back.
 *
 * pg is loaded here, when PostgreSQL is configured, and not at start: a service on SQLite never loads it.
 */
export function postgresClient(): typeof pg.Client {
  if (postgresClientClass) return postgresClientClass;
  // The same CommonJS copy of pg that TypeORM loads, so that the pool's clients are this class.
  const { Client } = createRequire(import.meta.url)('pg') as typeof pg;

  class PostgresClient extends Client {
    /** Bumped when PostgreSQL refuses a prepared statement, so each is prepared again under a new name. */
    private preparedGeneration = 0;

    constructor(config?: string | pg.ClientConfig) {
      super(config);
      this.on('error', (error) => logger.warn(`A database connection was lost: ${error.message}`));
      this.query = this.namingPreparedStatements(this.query.bind(this));
    }

    /**
     * TypeORM sends every statement as text, which PostgreSQL parses and plans on each call. The ones
     * every request runs (prepared-rows.ts) go out under a name instead, so each connection parses and
     * plans them once: measured here, that took about 40% off each (240 to 140 µs a statement), on the
     * server and in pg's own encoding.
     * A migration run by a newer instance can invalidate one (a column's type changed: "cached plan must
     * not change result type"), and pg would send it by that name on every call after. The statement
     * fails once; after that this connection prepares its statements afresh under new names.
     */
    private namingPreparedStatements(query: (...args: unknown[]) => unknown): pg.Client['query'] {
      return ((config: unknown, values?: unknown, callback?: unknown) => {
        const base =
          typeof config === 'string' && callback === undefined && (values === undefined || Array.isArray(values))
            ? preparedStatementName(config)
            : undefined;
        if (base === undefined) return query(config, values, callback);
        return (query({ name: `${base}_${this.preparedGeneration}`, text: config, values }) as Promise<unknown>).catch((error: unknown) => {
          const code = (error as { code?: unknown }).code;
          if (code === '0A000' || code === '26000') this.preparedGeneration += 1;
          throw error;
        });
      }) as pg.Client['query'];
    }
  }

  postgresClientClass = PostgresClient;
  return PostgresClient;
}

let postgresClientClass: typeof pg.Client | undefined;

/**
 * A plain BEGIN on SQLite starts as a reader and takes the write lock at the first write. If another
 * process (the reminders CLI, a second service) wrote in between, that upgrade fails at once with
 * SQLITE_BUSY ("database is locked"), which the busy timeout does not cover: a user got a 500. BEGIN
 * IMMEDIATE takes the write lock first, waiting for it up to the timeout, so writers queue instead.
 * TypeORM's SQLite driver has one query runner and no option for this, so its BEGIN is rewritten.
 */
export function beginImmediately(dataSource: DataSource): void {
  const runner = dataSource.createQueryRunner();
  const query = runner.query.bind(runner) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
  runner.query = ((sql: string, ...rest: unknown[]) =>
    query(sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql, ...rest)) as typeof runner.query;
}
