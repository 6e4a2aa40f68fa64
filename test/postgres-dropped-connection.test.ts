import { createServer, connect, type Server, type Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { createTestDatabase, drivers, type TestDatabase } from './support/databases.js';

/** PostgreSQL's ErrorResponse for a backend that pg_terminate_backend (or a restart) ended. */
function terminatedByAdministrator(): Buffer {
  const fields = Buffer.from(
    ['SFATAL', 'VFATAL', 'C57P01', 'Mterminating connection due to administrator command'].map((field) => `${field}\0`).join('') + '\0',
  );
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

/**
 * A TCP proxy to the test database that, when told to, cuts the next new connection the moment
 * its start-up is done: the server's ReadyForQuery and its termination notice arrive in one read,
 * as they do when a backend is terminated just after it is handed out. That is the moment pg-pool
 * has taken its own error listener off the client and TypeORM has not yet added one.
 */
async function startCuttingProxy(target: URL): Promise<{ server: Server; port: number; cutNextConnection: () => void }> {
  let cutNext = false;
  const server = createServer((client: Socket) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    client.pipe(upstream);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    if (!cutNext) {
      upstream.pipe(client);
      return;
    }
    cutNext = false;
    let received = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // Walk the messages (a type byte and a length) until start-up ends with ReadyForQuery ('Z').
      for (let at = 0; at + 5 <= received.length; at += 1 + received.readInt32BE(at + 1)) {
        if (received[at] === 'Z'.charCodeAt(0) && at + 1 + received.readInt32BE(at + 1) <= received.length) {
          client.end(Buffer.concat([received, terminatedByAdministrator()]));
          upstream.destroy();
          return;
        }
      }
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, port: (server.address() as { port: number }).port, cutNextConnection: () => (cutNext = true) };
}

(drivers.includes('postgres') ? describe : describe.skip)('a PostgreSQL connection cut as it is handed out', () => {
  let database: TestDatabase;
  let proxy: Awaited<ReturnType<typeof startCuttingProxy>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    // Migrated directly, so that every connection through the proxy is one the test controls.
    const direct = new DataSource(dataSourceOptions(database));
    await direct.initialize();
    await direct.destroy();
    const url = new URL(database.databaseUrl!);
    proxy = await startCuttingProxy(new URL(url));
    url.host = `127.0.0.1:${proxy.port}`;
    dataSource = new DataSource({ ...dataSourceOptions({ dataDir: database.dataDir, databaseUrl: url.toString() }), migrationsRun: false });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    proxy?.server.close();
    await database?.drop();
  });

  // Without a listener on every client, pg's 'error' event is thrown out of the socket's callback: Jest fails the test with it, as it took the service down.
  it('fails the query that had it, not the process, and the next query gets a good connection', async () => {
    proxy.cutNextConnection();
    // The pool holds one idle connection from start-up; the second query at once needs a new one.
    const results = await Promise.allSettled([dataSource.query('SELECT pg_sleep(0.2)'), dataSource.query('SELECT 1 AS one')]);
    await new Promise((settle) => setTimeout(settle, 200));

    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    expect(await dataSource.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
  });
});
