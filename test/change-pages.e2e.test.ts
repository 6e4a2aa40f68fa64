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

// On SQLite only, as the other browser walks: the pages sit on services whose API tests run on both databases.
(chromiumInstalled ? describe : describe.skip)('correcting a plan through its Change links, in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const violations: string[] = [];

  const check = async (name: string) => {
    violations.push(...(await accessibilityViolations(page)));
    await screenshot(page, name);
  };
  const signIn = async (on: Page, role: Role) => {
    await on.goto(`${base}/sign-in`);
    await on.getByLabel('Email address').fill(PEOPLE[role].email);
    await on.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await on.getByRole('button', { name: 'Sign in', exact: true }).click();
    await on.getByRole('button', { name: 'Sign out' }).waitFor();
  };
  const fillDate = async (legend: string, date: string) => {
    const [year, month, day] = date.split('-');
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(String(Number(day)));
    await group.getByLabel('Month').fill(String(Number(month)));
    await group.getByLabel('Year').fill(year);
  };
  /** Follows a Change link, checks the page, makes the change and comes back to the record's page. */
  const change = async (link: string, heading: string, fill: () => Promise<void>) => {
    await page.getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await check(heading.toLowerCase().replaceAll(/\W+/g, '-'));
    await fill();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Your change has been saved.').waitFor();
  };
  const row = (key: string) =>
    page.locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: new RegExp(`^\\s*${key}\\s*$`) }) });

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
    await signIn(page, 'deputy_director');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'corrects the inspection, an area, an action and a measure, each through its Change link, people chosen from those on record',
    async () => {
      const plan = scenario(t);
      const inspection = await plan.inspection({ authority: 'Oxfordshire Council' });
      const area = await plan.area(inspection.id);
      const action = await plan.action(area.id);

      await page.goto(`${base}/inspections/${inspection.id}`);
      await change('Change the council', 'Change the council', () => page.getByLabel('Council').fill('Oxfordshire County Council'));
      await page.getByRole('heading', { level: 1, name: 'Oxfordshire County Council' }).waitFor();
      await change('Change the inspection’s dates', 'Change the inspection’s dates', async () => {
        await fillDate('Last day of the inspection', '2024-02-22');
        await fillDate('Date the council received the report', '2024-04-10');
      });
      await row('Inspection').getByText('12 February 2024 to 22 February 2024').waitFor();
      await row('Received').getByText('10 April 2024').waitFor();
      // With JavaScript, the list of people is a searchable box.
      await change('Change who leads the plan', 'Change who leads the plan', async () => {
        await page.getByRole('combobox', { name: 'Plan lead' }).fill('Dee');
        await page.getByRole('option', { name: `${PEOPLE.director.name} (${PEOPLE.director.email})` }).click();
      });
      await row('Plan lead').getByText(`${PEOPLE.director.name} (${PEOPLE.director.email})`).waitFor();
      await change('Change the scrutiny committee', 'Change the scrutiny committee', async () => {
        await page.getByLabel('Committee', { exact: true }).fill('Education and Young People Overview & Scrutiny Committee');
        await page.getByLabel('Full name').fill('Cleo Clerk');
        await page.getByLabel('Email address').fill('cleo.clerk@oxfordshire.gov.uk');
      });
      await row('Committee clerk').getByText('Cleo Clerk (cleo.clerk@oxfordshire.gov.uk)').waitFor();
      await check('inspection-changed');

      await page.goto(`${base}/areas/${area.id}`);
      await change('Change what needs to improve', 'Change what needs to improve', () =>
        page.getByLabel('What needs to improve').fill('The quality of supervision, so that it moves children’s plans on'),
      );
      await page.getByRole('heading', { level: 1, name: 'The quality of supervision, so that it moves children’s plans on' }).waitFor();
      await change('Change the lead officer', 'Change the lead officer', async () => {
        await page.getByLabel('Full name').fill('Lee Lead');
        await page.getByLabel('Email address').fill('lee.lead@oxfordshire.gov.uk');
      });
      await row('Lead officer').getByText('Lee Lead (lee.lead@oxfordshire.gov.uk)').waitFor();
      await change('Change the timeframe', 'Change the timeframe', () => page.getByLabel('Timeframe').fill('Within three months'));
      await row('Timeframe').getByText('Within three months: due by 9 July 2024').waitFor();
      await change('Change the description', 'Change the description', () =>
        page.getByLabel('Description').fill('Supervision is regular but does not always move plans on.'),
      );
      await row('Description').getByText('Supervision is regular but does not always move plans on.').waitFor();

      await page.goto(`${base}/actions/${action.id}`);
      await change('Change the action', 'Change the action', () => page.getByLabel('Action').fill('Audit supervision records monthly'));
      await page.getByRole('heading', { level: 1, name: 'Audit supervision records monthly' }).waitFor();
      // Someone already on record, who was the lead officer named above, becomes the owner.
      await change('Change the owner', 'Change the owner', async () => {
        await page.getByRole('combobox', { name: 'Owner' }).fill('Lee');
        await page.getByRole('option', { name: 'Lee Lead (lee.lead@oxfordshire.gov.uk)' }).click();
      });
      await row('Owner').getByText('Lee Lead (lee.lead@oxfordshire.gov.uk)').waitFor();
      await row('Assigned by').getByText(PEOPLE.deputy_director.name).waitFor();
      await change('Change the due date', 'Change the due date', () => fillDate('Due date', '2024-06-28'));
      await row('Due').getByText('28 June 2024').waitFor();
      await change('Change the success measure', 'Change the success measure', () =>
        page.getByLabel('Success measure').fill('95% of records audited as good'),
      );
      await row('Success measure').getByText('95% of records audited as good').waitFor();
      await check('action-changed');

      const measure = await plan.post(`/api/areas/${area.id}/measures`, {
        name: 'Supervision records audited as good',
        definition: 'Of the records audited in the month, the share rated good or better.',
        unit: 'percent',
        direction: 'higher',
        baseline: { value: 60, on: '2024-03-31' },
        target: { value: 90, on: '2025-09-30' },
        dataSource: 'Monthly audit returns',
        owner: PEOPLE.action_owner,
        frequency: 'monthly',
      });
      await page.goto(`${base}/measures/${measure.id}`);
      await change('Change the target', 'Change the target', async () => {
        await page.getByLabel('Target value').fill('85');
        await fillDate('Target date', '2025-12-31');
      });
      await row('Target').getByText('85% by 31 December 2025').waitFor();
      await change('Change who enters the figures', 'Change who enters the figures', async () => {
        await page.getByRole('combobox', { name: 'Who enters the figures' }).fill('Lee');
        await page.getByRole('option', { name: 'Lee Lead (lee.lead@oxfordshire.gov.uk)' }).click();
      });
      await row('Who enters the figures').getByText('Lee Lead (lee.lead@oxfordshire.gov.uk)').waitFor();
      await check('measure-changed');

      // Every change went through the services: the API reads the same, and the history says who did it.
      const read = (path: string) => t.http.get(path).set(t.as('viewer')).expect(200);
      expect((await read(`/api/inspections/${inspection.id}`)).body).toMatchObject({
        authority: 'Oxfordshire County Council',
        endedOn: '2024-02-22',
        receivedOn: '2024-04-10',
        receiptConfirmed: true,
        planLead: PEOPLE.director,
        scrutinyClerk: { name: 'Cleo Clerk', email: 'cleo.clerk@oxfordshire.gov.uk' },
      });
      expect((await read(`/api/actions/${action.id}`)).body).toMatchObject({
        title: 'Audit supervision records monthly',
        owner: { email: 'lee.lead@oxfordshire.gov.uk' },
        dueOn: '2024-06-28',
        successMeasure: '95% of records audited as good',
      });
      const history = (await read(`/api/areas/${area.id}/history`)).body as Array<{ actorName: string; details: object | null }>;
      expect(history.filter((entry) => entry.details && 'ownerId' in entry.details)).toEqual([
        expect.objectContaining({
          actorName: PEOPLE.deputy_director.name,
          details: expect.objectContaining({ ownerId: { from: PEOPLE.action_owner.email, to: 'lee.lead@oxfordshire.gov.uk' } }),
        }),
      ]);
      expect(violations).toEqual([]);
    },
    LONG_TASK_LIMIT_MS,
  );

  it(
    'shows a stale edit again, with what was typed and who changed what since',
    async () => {
      const plan = scenario(t);
      const area = await plan.area((await plan.inspection()).id);
      const action = await plan.action(area.id, { dueOn: '2024-10-31' });

      await page.goto(`${base}/actions/${action.id}/change/due-date`);
      await fillDate('Due date', '2024-11-29');
      // Meanwhile the director moves the date through the API.
      await t.http
        .patch(`/api/actions/${action.id}`)
        .set(t.as('director'))
        .send({ dueOn: '2024-11-15', version: action.version })
        .expect(200);
      await page.getByRole('button', { name: 'Save changes' }).click();

      const summary = page.locator('.govuk-error-summary');
      await summary
        .getByText(
          `${PEOPLE.director.name} changed the due date from 31 October 2024 to 15 November 2024 on 8 May 2024 at 11am. Check your change against it and save again.`,
        )
        .waitFor();
      await check('change-stale');
      const group = page.getByRole('group', { name: 'Due date' });
      expect(await group.getByLabel('Day').inputValue()).toBe('29');
      expect((await t.http.get(`/api/actions/${action.id}`).set(t.as('viewer'))).body.dueOn).toBe('2024-11-15');

      // Having seen it, the deputy saves again, and this time it goes through.
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Your change has been saved.').waitFor();
      await row('Due').getByText('29 November 2024').waitFor();
      expect(violations).toEqual([]);
    },
    LONG_TASK_LIMIT_MS,
  );

  it(
    'asks why a due date is moving once the plan has gone to Ofsted, and the committee paper gives the reason',
    async () => {
      const plan = scenario(t);
      const inspection = await plan.inspection({ authority: 'Slipping County Council' });
      const area = await plan.area(inspection.id);
      const action = await plan.action(area.id, { dueOn: '2024-10-31' });
      const director = scenario(t, 'director');
      await director.event('inspections', inspection.id, 'APPROVE', 1);
      await director.event('inspections', inspection.id, 'SUBMIT', 2);
      // An hour after it was sent, so that the move comes after the submission in the paper's list of changes.
      t.clock.set('2024-05-08T11:00:00Z');

      await page.goto(`${base}/actions/${action.id}/change/due-date`);
      await fillDate('Due date', '2025-01-31');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page
        .locator('.govuk-error-summary')
        .getByRole('link', {
          name: 'Enter why the due date is moving: the plan has been sent to Ofsted, and the committee sees why each due date moved',
        })
        .waitFor();
      expect(await page.getByRole('group', { name: 'Due date' }).getByLabel('Month').inputValue()).toBe('1');
      expect((await t.http.get(`/api/actions/${action.id}`).set(t.as('viewer'))).body.dueOn).toBe('2024-10-31');
      await check('change-due-date-reason');

      await page.getByLabel('Why the due date is moving').fill('The audit tool is replaced in December.');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Your change has been saved.').waitFor();
      await row('Due').getByText('31 January 2025').waitFor();
      // The action's own history says what moved, who moved it and why.
      const history = page.locator('table', { has: page.locator('th', { hasText: 'Reason or note' }) });
      await history.getByText('Due date: 31 October 2024 to 31 January 2025').waitFor();
      await history.getByRole('cell', { name: 'The audit tool is replaced in December.' }).waitFor();
      await history.getByRole('cell', { name: PEOPLE.deputy_director.name }).last().waitFor();
      const paper = (await t.http.get(`/api/inspections/${inspection.id}/reports/scrutiny.html`).set(t.as('viewer')).expect(200)).text;
      expect(paper).toContain('Action 1.1 due date moved from 31 October 2024 to 31 January 2025: The audit tool is replaced in December.');
      t.clock.set('2024-05-08T10:00:00Z');
      expect(violations).toEqual([]);
    },
    LONG_TASK_LIMIT_MS,
  );

  it(
    'refuses a change that cannot be with plain messages, keeps what was typed and writes nothing',
    async () => {
      const plan = scenario(t);
      const inspection = await plan.inspection({ authority: 'Refusals County Council' });

      await page.goto(`${base}/inspections/${inspection.id}/change/council`);
      await page.getByLabel('Council').fill('');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter the council' }).waitFor();

      await page.goto(`${base}/inspections/${inspection.id}/change/scrutiny`);
      await page.getByLabel('Full name').fill('Cleo Clerk');
      await page.getByLabel('Email address').fill('cleo at oxfordshire');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page
        .locator('.govuk-error-summary')
        .getByRole('link', { name: 'Enter an email address in the correct format, like name@example.com' })
        .waitFor();
      expect(await page.getByLabel('Full name').inputValue()).toBe('Cleo Clerk');
      expect(await page.getByLabel('Email address').inputValue()).toBe('cleo at oxfordshire');
      await check('change-refused');

      await page.goto(`${base}/inspections/${inspection.id}/change/dates`);
      await fillDate('Last day of the inspection', '2024-02-01');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page
        .locator('.govuk-error-summary')
        .getByRole('link', { name: /^The date the inspection ended must be on or after the date it started, \d+ \w+ 2024$/ })
        .waitFor();
      expect((await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('viewer'))).body).toMatchObject({
        authority: 'Refusals County Council',
        endedOn: '2024-02-23',
        scrutinyClerk: null,
        version: inspection.version,
      });
      expect(violations).toEqual([]);
    },
    LONG_TASK_LIMIT_MS,
  );

  it(
    'lets someone without JavaScript choose a person from the plain list',
    async () => {
      const plan = scenario(t);
      const area = await plan.area((await plan.inspection()).id);
      const action = await plan.action(area.id);
      const plain = await launchBrowser({ javaScriptEnabled: false });
      try {
        const noScript = await plain.context.newPage();
        noScript.setDefaultTimeout(LONG_TASK_LIMIT_MS);
        await signIn(noScript, 'deputy_director');
        await noScript.goto(`${base}/actions/${action.id}`);
        await noScript.getByRole('link', { name: 'Change the owner', exact: true }).click();
        const owner = noScript.getByRole('combobox', { name: 'Owner' });
        expect(await owner.evaluate((element) => element.tagName)).toBe('SELECT');
        await owner.selectOption({ label: `${PEOPLE.director.name} (${PEOPLE.director.email})` });
        await noScript.getByRole('button', { name: 'Save changes' }).click();
        await noScript.getByText('Your change has been saved.').waitFor();
        await noScript.getByText(`${PEOPLE.director.name} (${PEOPLE.director.email})`).waitFor();
      } finally {
        await plain.close();
      }
      expect((await t.http.get(`/api/actions/${action.id}`).set(t.as('viewer'))).body.owner).toEqual(PEOPLE.director);
    },
    LONG_TASK_LIMIT_MS,
  );

  it(
    'removes a mistaken action from a draft plan after asking, and renumbers the rest',
    async () => {
      const plan = scenario(t);
      const area = await plan.area((await plan.inspection()).id);
      await plan.action(area.id, { title: 'Audit supervision monthly' });
      const mistaken = await plan.action(area.id, { title: 'Audit supervision monthly, typed twice' });
      await plan.action(area.id, { title: 'Train every team manager' });

      await page.goto(`${base}/actions/${mistaken.id}`);
      await page.getByRole('link', { name: 'Remove this action (1.2)' }).click();
      await page.getByRole('heading', { level: 1, name: 'Are you sure you want to remove action 1.2?' }).waitFor();
      await check('remove-action');
      // The owner is changed meanwhile: the removal is not made until the deputy has seen that.
      await t.http
        .patch(`/api/actions/${mistaken.id}`)
        .set(t.as('director'))
        .send({ owner: PEOPLE.viewer, version: mistaken.version })
        .expect(200);
      await page.getByRole('button', { name: 'Yes, remove this action' }).click();
      await page
        .locator('.govuk-error-summary')
        .getByText(`${PEOPLE.director.name} changed the owner from “${PEOPLE.action_owner.email}” to “${PEOPLE.viewer.email}”`)
        .waitFor();
      await page.getByRole('button', { name: 'Yes, remove this action' }).click();
      await page.getByText('The action has been removed, and the actions after it renumbered.').waitFor();
      const rows = page.locator('table').first().locator('tbody tr');
      await rows.nth(1).getByText('Train every team manager').waitFor();
      expect(await rows.count()).toBe(2);
      expect(await rows.nth(1).locator('td').first().textContent()).toBe('1.2');
      await page.getByRole('cell', { name: 'Action removed' }).waitFor();
      await check('area-after-removal');
      expect(violations).toEqual([]);
    },
    LONG_TASK_LIMIT_MS,
  );
});
