import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { owner, scenario } from './support/scenario.js';
import { startInbox, type Inbox } from './support/smtp-inbox.js';
import { LONG_TASK_LIMIT_MS } from './support/test-clock.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// The CLI runs on the real clock, and sends only in working hours: Debian's faketime sets the clock of
// the CLI's process (and nothing else) to Wednesday 30 October 2024, 09:00 in London.
const FAKETIME = '/usr/bin/faketime';
const faketimeInstalled = existsSync(FAKETIME);
if (!faketimeInstalled)
  console.warn(
    `The reminders CLI test is skipped: no faketime at ${FAKETIME}. Install it with: apt-get install -y faketime (.ci/run does).`,
  );

const run = promisify(execFile);

(faketimeInstalled ? describe : describe.skip)('npm run reminders', () => {
  let inbox: Inbox;
  let t: TestApp;

  /** The command as an operator types it, against the test's SQLite file and mail server. */
  const reminders = (command: string[], ...args: string[]) =>
    run(FAKETIME, ['2024-10-30 09:00:00', ...command, ...args], {
      env: {
        ...process.env,
        TZ: 'UTC',
        DATA_DIR: t.database.dataDir,
        SMTP_URL: inbox.url,
        APP_URL: 'http://localhost:3000',
        MAIL_FROM: 'Action plans <action-plans@localhost>',
      },
      timeout: LONG_TASK_LIMIT_MS,
    });
  const npmRun = ['npm', 'run', '--silent', 'reminders', '--'];
  const built = [process.execPath, resolve('dist/src/reminders/reminders.cli.js')];

  beforeAll(async () => {
    inbox = await startInbox();
    t = await createTestApp('sqlite', { now: '2024-10-30T09:00:00Z' });
    const s = scenario(t);
    const inspection = await s.inspection({ publishedOn: '2024-10-01' });
    await s.action((await s.area(inspection.id)).id, { title: 'Audit supervision in every locality', dueOn: '2024-10-31' });
    // The file is the CLI's now: the service is not running beside it.
    await t.app.close();
  });
  afterAll(async () => {
    await inbox.close();
    await t.database.drop();
  });

  it(
    'lists with --dry-run, sends the owner of an action due tomorrow one reminder with --once, and nothing the second time',
    async () => {
      // npm's own script, which builds first; the runs after it use what it built.
      const dryRun = await reminders(npmRun, '--dry-run');
      expect(dryRun.stderr).toContain(`${owner.email}  action`);
      expect(dryRun.stderr).toContain('due 2024-10-31');
      expect(dryRun.stderr).toContain(`${owner.email}  assigned`);
      expect(inbox.messages).toHaveLength(0);

      const first = await reminders(built, '--once');
      // The reminder, and the notice that the action is the owner's, in one email.
      expect(JSON.parse(first.stderr.trim().split('\n').at(-1)!)).toMatchObject({ messages: 1, sent: 2, failed: 0 });
      const toOwner = inbox.messages.filter((mail) => !Array.isArray(mail.to) && mail.to?.value[0].address === owner.email);
      expect(toOwner).toHaveLength(1);
      expect(toOwner[0].subject).toBe('Coming up: Audit supervision in every locality — action plan reminder');
      const received = inbox.messages.length;

      const second = await reminders(built, '--once');
      expect(JSON.parse(second.stderr.trim().split('\n').at(-1)!)).toMatchObject({ messages: 0, sent: 0 });
      expect(inbox.messages).toHaveLength(received);
    },
    LONG_TASK_LIMIT_MS,
  );
});
