import { Reminder } from '../src/reminders/reminder.entity.js';
import { ScheduledWork } from '../src/scheduling/scheduled-work.service.js';
import { drivers } from './support/databases.js';
import { seedOwnersWithActionsDue } from './support/seed.js';
import { freePort, startInbox } from './support/smtp-inbox.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const OWNERS = 100;

describe.each(drivers)('a mail server down for ten minutes, on %s', (driver) => {
  let t: TestApp;

  afterAll(() => t.close());

  it('sweeps every minute through the outage, then sends every reminder once, and none is marked failed', async () => {
    const port = await freePort();
    // Wednesday 30 October 2024, 09:00 in London: a sending time.
    t = await createTestApp(driver, { now: '2024-10-30T09:00:00Z', env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    await seedOwnersWithActionsDue(t, OWNERS, '2024-10-31');
    const minute = (m: number) => t.clock.set(new Date(Date.UTC(2024, 9, 30, 9, m)).toISOString());
    const sweep = () => t.app.get(ScheduledWork).runOnce();

    for (let m = 0; m < 10; m += 1) {
      minute(m);
      expect(await sweep()).toMatchObject({ messages: 0, failed: 0 });
    }
    const inbox = await startInbox(port);
    try {
      // The retries back off (1, 2, 4, 8 minutes): by 09:20 every reminder's next try has come round.
      for (let m = 10; m <= 20; m += 1) {
        minute(m);
        await sweep();
      }
      const reminders = await t.dataSource.getRepository(Reminder).find();
      const due = reminders.filter((reminder) => reminder.sendOn <= '2024-10-30');
      expect(due).toHaveLength(OWNERS);
      expect(due.every((reminder) => reminder.status === 'sent')).toBe(true);
      expect(Math.max(...due.map((reminder) => reminder.attempts))).toBeGreaterThanOrEqual(4);
      expect(inbox.messages).toHaveLength(OWNERS);
      expect(new Set(inbox.messages.map((mail) => mail.to && !Array.isArray(mail.to) && mail.to.value[0].address)).size).toBe(OWNERS);
      expect(new Set(inbox.messages.map((mail) => mail.messageId)).size).toBe(OWNERS);
    } finally {
      await inbox.close();
    }
  });
});
