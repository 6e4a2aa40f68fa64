import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { Passwords } from '../src/auth/passwords.js';
import type { Role } from '../src/auth/permissions.js';
import { User } from '../src/users/user.entity.js';
import { accessibilityViolations, chromiumInstalled, launchBrowser, screenshot } from './support/browser.js';
import { scenario } from './support/scenario.js';
import { LONG_TASK_LIMIT_MS } from './support/test-clock.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

const PASSWORD = 'kettle orchard tuesday';

// On SQLite only, as the other browser walk: the pages sit on services whose tests run on both databases.
(chromiumInstalled ? describe : describe.skip)('the dates from Ofsted’s letter, in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const violations: string[] = [];

  const check = async (name: string) => {
    violations.push(...(await accessibilityViolations(page)));
    await screenshot(page, name);
  };
  const signIn = async (role: Role) => {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Email address').fill(PEOPLE[role].email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  };
  const fillDate = async (legend: string, date: string) => {
    const [year, month, day] = date.split('-');
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(String(Number(day)));
    await group.getByLabel('Month').fill(String(Number(month)));
    await group.getByLabel('Year').fill(year);
  };

  beforeAll(async () => {
    t = await createTestApp('sqlite', { now: '2024-05-08T10:00:00Z' });
    const hash = await t.app.get(Passwords).hash(PASSWORD);
    await t.dataSource.getRepository(User).update({ active: true }, { passwordHash: hash });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await browser.context.newPage();
    // Each step waits on what the page shows; the limit only stops a walk that has hung.
    page.setDefaultTimeout(LONG_TASK_LIMIT_MS);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'records a focused visit’s dates from the letter, and the draft plan sent the day before it was recorded',
    async () => {
      const visit = await scenario(t).inspection({
        framework: 'FOCUSED_VISIT',
        priorityAction: true,
        startedOn: '2024-03-19',
        endedOn: '2024-03-20',
        publishedOn: '2024-04-09',
        judgements: [],
      });

      // The deputy director sees the dates are provisional, and enters the ones in Ofsted's letter.
      await signIn('deputy_director');
      await page.goto(`${base}/inspections/${visit.id}`);
      await page.getByText('The deadlines are provisional').waitFor();
      await check('focused-visit-provisional');
      await page.getByRole('link', { name: 'Enter the date the council received the report, or the dates in Ofsted’s letter' }).click();
      await page.getByRole('heading', { level: 1, name: 'Dates from Ofsted’s letter' }).waitFor();
      await check('letter');
      await fillDate('Date the council received the report', '2024-04-08');
      await fillDate('Date Ofsted’s letter gives for the draft plan (optional)', '2024-05-09');
      await page.getByRole('button', { name: 'Save the dates' }).click();
      await page.getByText('The dates from Ofsted’s letter are saved.').waitFor();
      await page.getByText('(the date in Ofsted’s letter; counting 20 working days from receipt would give 7 May 2024)').waitFor();
      await check('focused-visit-letter-saved');
      await page.getByRole('button', { name: 'Sign out' }).click();

      // The director records the draft as sent yesterday, and is asked why it is recorded today.
      await signIn('director');
      await page.goto(`${base}/inspections/${visit.id}`);
      await fillDate('Date the draft plan was sent to Ofsted', '2024-05-07');
      await page.getByRole('button', { name: 'Record the draft plan as sent' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await page.getByRole('link', { name: 'Say why this is recorded after the day it happened' }).waitFor();
      await check('send-draft-error');
      await page.locator('#comment-SEND_DRAFT').fill('Emailed to the lead inspector at 17:10 on 7 May.');
      await page.getByRole('button', { name: 'Record the draft plan as sent' }).click();
      await page.getByRole('heading', { name: 'Draft action plan recorded as sent' }).waitFor();
      await page.getByText('Recorded as sent to Ofsted on 7 May 2024').waitFor();
      await check('draft-sent');
      expect(violations).toEqual([]);
    },
    LONG_TASK_LIMIT_MS,
  );
});
