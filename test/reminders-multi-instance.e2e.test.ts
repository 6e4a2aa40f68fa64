import { Reminder } from '../src/reminders/reminder.entity.js';
import { ReminderSweeper } from '../src/reminders/reminder-sweeper.service.js';
import { drivers } from './support/databases.js';
import { seedOwnersWithActionsDue } from './support/seed.js';
import { startInbox, type Inbox } from './support/smtp-inbox.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const DUE_REMINDERS = 1000;
const onPostgres = drivers.includes('postgres') ? describe : describe.skip;

onPostgres('three instances sweeping one PostgreSQL database', () => {
  let inbox: Inbox;
  let instances: TestApp[];

  beforeAll(async () => {
    inbox = await startInbox();
    const options = { now: '2024-10-30T09:00:00Z', env: { SMTP_URL: inbox.url } };
    // One after another, so only the first applies the migrations; the others share its database.
    const first = await createTestApp('postgres', options);
    instances = [
      first,
      await createTestApp('postgres', { ...options, sharing: first }),
      await createTestApp('postgres', { ...options, sharing: first }),
    ];
  });
  afterAll(async () => {
    for (const instance of instances.toReversed()) await instance.close();
    await inbox.close();
  });

  it(`send each of ${DUE_REMINDERS} due reminders exactly once`, async () => {
    const [first] = instances;
    // A thousand owners, each with an action due tomorrow.
    await seedOwnersWithActionsDue(first, DUE_REMINDERS, '2024-10-31');
    expect(await first.dataSource.getRepository(Reminder).countBy({ sendOn: '2024-10-30', status: 'pending' })).toBe(DUE_REMINDERS);

    const results = await Promise.all(instances.map((instance) => instance.app.get(ReminderSweeper).sweep()));

    expect(results.reduce((sum, result) => sum + result.messages, 0)).toBe(DUE_REMINDERS);
    expect(inbox.messages).toHaveLength(DUE_REMINDERS);
    expect(new Set(inbox.messages.map((mail) => mail.messageId)).size).toBe(DUE_REMINDERS);
    expect(new Set(inbox.messages.map((mail) => (mail.to && 'text' in mail.to ? mail.to.text : ''))).size).toBe(DUE_REMINDERS);
    expect(await first.dataSource.getRepository(Reminder).countBy({ status: 'sent' })).toBe(DUE_REMINDERS);

    // Another round from every instance finds nothing left to send.
    const again = await Promise.all(instances.map((instance) => instance.app.get(ReminderSweeper).sweep()));
    expect(again.map((result) => result.messages)).toEqual([0, 0, 0]);
    expect(inbox.messages).toHaveLength(DUE_REMINDERS);
    // A thousand owners and their reminders, on a shared 2-core machine: more than the default 30 s.
  }, 120_000);
});
