import { Logger } from '@nestjs/common';
import pg from 'pg';

const logger = new Logger('PostgreSQL');

/**
 * pg reports a connection the server dropped (a restart, pg_terminate_backend) as an 'error' event
 * on its client, and an 'error' event nobody listens to ends the process. pg-pool takes its own
 * listener off a client while the client is handed out, and TypeORM adds its own a moment later:
 * a connection cut in between took the whole service down. Every client here keeps a listener; the
 * query in flight fails on its own (a 503), and the pool drops the broken client when it comes back.
 */
export class PostgresClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', (error) => logger.warn(`A database connection was lost: ${error.message}`));
  }
}
