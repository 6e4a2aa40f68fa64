import { ScheduledWork } from '../../src/scheduling/scheduled-work.service.js';
import type { TestApp } from './test-app.js';
import { createTestApp } from './test-app.js';

/**
 * `node dist/test/support/sweep-process.js <dataDir> <smtpUrl> <now>`: the reminders CLI's one sweep
 * (`npm run reminders -- --once`) in a process of its own, on an existing SQLite database, with the
 * clock set, so fault tests can run it beside a server and kill it mid-sweep.
 */
async function main(): Promise<void> {
  const [dataDir, smtpUrl, now] = process.argv.slice(2);
  const existing: Pick<TestApp, 'database' | 'users' | 'as'> = {
    database: { dataDir, databaseUrl: null, drop: () => Promise.resolve() },
    users: {} as TestApp['users'],
    as: () => {
      throw new Error('The sweep process signs nobody in.');
    },
  };
  const t = await createTestApp('sqlite', { now, env: { SMTP_URL: smtpUrl }, sharing: existing });
  try {
    process.stdout.write(`${JSON.stringify(await t.app.get(ScheduledWork).runOnce())}\n`);
  } finally {
    await t.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
