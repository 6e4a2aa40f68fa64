import { ReminderSweeper } from '../../src/reminders/reminder-sweeper.service.js';
import { User } from '../../src/users/user.entity.js';
import type { Driver } from '../support/databases.js';
import { seedOwnersWithActionsDue } from '../support/seed.js';
import { startInbox } from '../support/smtp-inbox.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const NOW = '2024-10-30T09:00:00Z';

/** Finding and claiming due reminders, at two table sizes: the cost should follow what is due, not the table. */
export async function benchmarkReminderClaims(driver: Driver, tableSizes: number[], due: number) {
  const results = [];
  for (const rows of tableSizes) {
    const t = await createTestApp(driver, { now: NOW });
    try {
      await seedReminderRows(t, rows, due);
      const sweeper = t.app.get(ReminderSweeper);
      const started = performance.now();
      let claimed = 0;
      for (let batch = await sweeper.claimDue(); batch.reminders.length > 0; batch = await sweeper.claimDue())
        claimed += batch.reminders.length;
      const ms = performance.now() - started;
      results.push({
        rows,
        due,
        claimed,
        ms: Math.round(ms),
        claimedPerSecond: Math.round((claimed / ms) * 1000),
        plan: await duePlan(t, sweeper),
      });
    } finally {
      await t.close();
    }
  }
  return results;
}

/** End to end: render and send due reminders over SMTP to a server on this machine. */
export async function benchmarkSending(driver: Driver, messages: number) {
  const inbox = await startInbox();
  const t = await createTestApp(driver, { now: NOW, env: { SMTP_URL: inbox.url } });
  try {
    await seedOwnersWithActionsDue(t, messages, '2024-10-31');
    const started = performance.now();
    const result = await t.app.get(ReminderSweeper).sweep();
    const ms = performance.now() - started;
    return {
      messages: result.messages,
      received: inbox.messages.length,
      ms: Math.round(ms),
      messagesPerSecond: Math.round((result.messages / ms) * 1000),
    };
  } finally {
    await t.close();
    await inbox.close();
  }
}

/** Rows straight from SQL: `due` reminders due now, the rest sent long ago or due next year. */
async function seedReminderRows(t: TestApp, rows: number, due: number): Promise<void> {
  const user = await t.dataSource
    .getRepository(User)
    .save({ id: 'bench-user', name: 'Bench', email: 'bench@example.gov.uk', createdAt: NOW, reminderDelivery: 'digest' });
  const values = `'action', 'bench', 'bench', '${user.id}', 'owner', '2024-10-31', -1, '2024-10-30',
      CASE WHEN n <= ${due} THEN '2024-10-30T08:00:00.000Z' WHEN n % 2 = 0 THEN '2024-06-01T08:00:00.000Z' ELSE '2025-06-01T08:00:00.000Z' END,
      CASE WHEN n <= ${due} THEN 'pending' WHEN n % 2 = 0 THEN 'sent' ELSE 'pending' END, 0, '${NOW}'`;
  const columns = `(id, "idempotencyKey", subject, "subjectId", "inspectionId", "recipientId", "recipientRole", "dueOn", step, "sendOn", "sendAfter", status, attempts, "createdAt")`;
  if (t.dataSource.options.type === 'postgres') {
    await t.dataSource.query(
      `INSERT INTO reminders ${columns} SELECT lpad(n::text, 36, '0'), 'bench:' || n, ${values} FROM generate_series(1, ${rows}) AS n`,
    );
    await t.dataSource.query('ANALYZE reminders');
  } else {
    await t.dataSource.query(
      `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${rows}) INSERT INTO reminders ${columns} SELECT printf('%036d', n), 'bench:' || n, ${values} FROM seq`,
    );
    await t.dataSource.query('ANALYZE');
  }
}

async function duePlan(t: TestApp, sweeper: ReminderSweeper): Promise<string> {
  const [sql, parameters] = sweeper
    .dueQuery(t.dataSource.manager, new Date(NOW).toISOString())
    .select('reminder.id')
    .getQueryAndParameters();
  const postgres = t.dataSource.options.type === 'postgres';
  const plan: Array<Record<string, string>> = await t.dataSource.query(`${postgres ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN'} ${sql}`, parameters);
  return plan.map((row) => row['QUERY PLAN'] ?? row.detail).join(' / ');
}
