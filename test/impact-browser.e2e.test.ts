import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { Passwords } from '../src/auth/passwords.js';
import { User } from '../src/users/user.entity.js';
import { accessibilityViolations, chromiumInstalled, CHROMIUM, screenshot, walkThroughPages } from './support/browser.js';
import { drivers, type Driver } from './support/databases.js';
import { scenario } from './support/scenario.js';
import { LONG_TASK_LIMIT_MS } from './support/test-clock.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

const PASSWORD = 'kettle orchard tuesday';
const COMMITTEE = 'Education and Young People Overview & Scrutiny Committee';
const MEASURE = 'Children seen within 5 working days of a strategy discussion';

if (!chromiumInstalled) console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM}.`);

/**
 * Issue 18's "done when", through the pages alone: a deputy director adds a measure with its baseline
 * and target and enters six months of figures (three on the measure's page, three from a spreadsheet);
 * a scrutiny member records two reviews; the second review's paper shows the charts, the measure's
 * rating and why, what changed since the first review and the exceptions, while the first review's
 * paper is still the same file.
 */
describe.each(drivers)('showing impact in a browser on %s', (driver: Driver) => {
  const run = chromiumInstalled ? it : it.skip;
  let t: TestApp;
  let base: string;
  let browser: Awaited<ReturnType<typeof walkThroughPages>>['browser'];
  let page: Page;
  const violations: string[] = [];
  let apiRequests: string[] = [];

  const check = async (name: string) => {
    violations.push(...(await accessibilityViolations(page)));
    await screenshot(page, `impact-${driver}-${name}`);
  };
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
  const signIn = async (email: string) => {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  };
  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
  };
  const fillDate = async (legend: string | RegExp, parts: Record<string, string>) => {
    const group = page.getByRole('group', { name: legend });
    for (const [label, value] of Object.entries(parts)) await group.getByLabel(label).fill(value);
  };
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  /** Saves a Word paper from its link, with the browser's own session, and gives its bytes. */
  const download = async (link: ReturnType<Page['getByRole']>) => {
    const response = await page.request.get(new URL((await link.getAttribute('href'))!, base).href);
    expect(response.headers()['content-type']).toMatch(/wordprocessingml/);
    return response.body();
  };

  beforeAll(async () => {
    if (!chromiumInstalled) return;
    t = await createTestApp(driver, { now: '2024-07-01T09:00:00Z' });
    const hash = await t.app.get(Passwords).hash(PASSWORD);
    for (const person of [PEOPLE.deputy_director, PEOPLE.scrutiny])
      await t.dataSource.getRepository(User).update({ email: person.email }, { passwordHash: hash });
    ({ base, browser, page, apiRequests } = await walkThroughPages(t));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  run(
    'adds a measure, enters six months of figures by page and by upload, and the second review’s paper shows the impact while the first’s is unchanged',
    async () => {
      // The plan as the earlier issues leave it: submitted, its two areas in delivery (made through the API, before the walk).
      const s = scenario(t);
      const inspection = await s.inspection({ scrutinyCommittee: COMMITTEE });
      const frontDoor = await s.area(inspection.id, 'Strategy discussions at the front door');
      const leavers = await s.area(inspection.id, 'Care leavers in education, employment or training');
      await s.action(frontDoor.id, { title: 'Audit strategy discussions every month', dueOn: '2025-09-30' });
      await s.action(leavers.id, { title: 'Launch the care leavers jobs offer', dueOn: '2025-03-31' });
      await scenario(t, 'director').event('inspections', inspection.id, 'APPROVE', 1);
      t.clock.set('2024-07-10T09:00:00Z');
      await scenario(t, 'director').event('inspections', inspection.id, 'SUBMIT', 2);
      await s.event('areas', frontDoor.id, 'START_DELIVERY', 2);
      await s.event('areas', leavers.id, 'START_DELIVERY', 2);

      // January 2025: the deputy director adds the measure, and the figures for October to December.
      t.clock.set('2025-01-10T10:00:00Z');
      await signIn(PEOPLE.deputy_director.email);
      await page.goto(`${base}/areas/${frontDoor.id}`);
      await page.getByRole('link', { name: 'Add a measure' }).click();
      await heading('Add a measure');
      await page.getByLabel('Name of the measure').fill(MEASURE);
      await page
        .getByLabel('Definition')
        .fill('Of the strategy discussions held in the month, the share whose child was seen within 5 working days.');
      await page.getByRole('group', { name: 'Unit' }).getByLabel('Percentage').check();
      await page.getByLabel('A higher value').check();
      await page.getByLabel('Baseline value').fill('55');
      await fillDate('Date of the baseline', { Day: '30', Month: '9', Year: '2024' });
      await page.getByLabel('Target value').fill('85');
      await fillDate('Date the target should be met', { Day: '30', Month: '9', Year: '2025' });
      await page.getByLabel('Where the figures come from').fill('Liquidlogic, monthly performance report');
      // The deputy director is on record: found by typing in the list, not typed out again.
      await page.getByRole('combobox', { name: 'Who enters the figures' }).fill('Dana');
      await page.getByRole('option', { name: `${PEOPLE.deputy_director.name} (${PEOPLE.deputy_director.email})` }).click();
      await page.getByLabel('Every month').check();
      await check('new-measure');
      await page.getByRole('button', { name: 'Add measure' }).click();
      await heading(MEASURE);
      const measureUrl = page.url();
      for (const [month, value, named] of [
        ['10', '56', 'October 2024'],
        ['11', '58', 'November 2024'],
        ['12', '57', 'December 2024'],
      ]) {
        await fillDate('Month the value is for', { Month: month, Year: '2024' });
        await page.getByLabel('Value', { exact: true }).fill(value);
        await page.getByRole('button', { name: 'Save value' }).click();
        // Its own row in the values, not the banner the last value left on the page: the form is filled again only once
        // the page after this one has come.
        await page.locator('table').first().getByRole('cell', { name: named, exact: true }).waitFor();
      }
      await check('measure-with-values');
      await signOut();

      // The first review, in January.
      t.clock.set('2025-01-16T15:00:00Z');
      await signIn(PEOPLE.scrutiny.email);
      await recordReview('16', '1', '2025', 'How many children were seen within five days in December?');
      await page.goto(`${base}/inspections/${inspection.id}/reviews`);
      await heading('Scrutiny reviews');
      await page.getByRole('cell', { name: 'Assured on progress', exact: true }).waitFor();
      const firstPaperLink = page.getByRole('link', { name: /^Word document\W+committee paper of/ }).first();
      const firstPaper = await download(firstPaperLink);
      await signOut();

      // April: January to March come from the performance team's spreadsheet, which gives the months before too, November's revised.
      t.clock.set('2025-04-25T10:00:00Z');
      await signIn(PEOPLE.deputy_director.email);
      await page.goto(`${base}/areas/${frontDoor.id}`);
      await page.getByRole('link', { name: 'Upload values from a spreadsheet' }).click();
      await check('upload-values');
      await page.getByLabel(/spreadsheet|file/i).setInputFiles({
        name: 'strategy-discussions.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          `measure,month,value,note\n"${MEASURE}",2024-10,56,\n"${MEASURE}",2024-11,59,Revised: two late returns\n"${MEASURE}",2024-12,57,\n` +
            `"${MEASURE}",2025-01,60,\n"${MEASURE}",2025-02,59,One team short\n"${MEASURE}",2025-03,61,\n`,
        ),
      });
      await page.getByRole('button', { name: /upload/i }).click();
      await page.getByRole('button', { name: 'Save these values' }).waitFor();
      await check('upload-preview');
      // Each value as the measure's page gives it, and what November's row replaces.
      await page.getByRole('row', { name: /November 2024\s+59%\s+58%\s+Revised: two late returns/ }).waitFor();
      await page.getByText('Rows 2 and 4 give the values already entered for their months: nothing changes for them.').waitFor();
      // November's correction is not saved until the person says it replaces the value entered before.
      await page.getByRole('button', { name: 'Save these values' }).click();
      await page
        .locator('.govuk-error-summary')
        .getByRole('link', { name: /confirm that its values replace what was there/ })
        .click();
      await check('upload-correction-not-confirmed');
      await page.getByLabel('Replace what was entered before for this month with the spreadsheet’s').check();
      // Meanwhile a colleague enters March on the measure's page: what was checked is no longer what would be saved.
      await t.http
        .post(`/api/measures/${new URL(measureUrl).pathname.split('/').pop()}/values`)
        .set(t.as('deputy_director'))
        .send({ period: '2025-03', value: 61 })
        .expect(201);
      await page.getByRole('button', { name: 'Save these values' }).click();
      await page
        .locator('.govuk-error-summary')
        .getByRole('link', { name: /Check them again before saving/ })
        .click();
      await page.getByText('Rows 2, 4 and 7 give the values already entered for their months: nothing changes for them.').waitFor();
      await check('upload-checked-again');
      await page.getByLabel('Replace what was entered before for this month with the spreadsheet’s').check();
      await page.getByRole('button', { name: 'Save these values' }).click();
      await page.locator('.govuk-panel', { hasText: '3 values saved' }).waitFor();
      await page.goto(measureUrl);
      await heading(MEASURE);
      // The rating and why, as the measure's page gives it: the paper must say the same.
      const reason = (await page.locator('.govuk-summary-list__row', { hasText: 'Rating' }).locator('dd').first().innerText()).trim();
      expect(reason).toContain('61% against a trajectory of');
      await page.goto(`${base}/inspections/${inspection.id}`);
      await page.getByRole('link', { name: /^Progress over time/ }).click();
      await heading('Progress over time');
      expect(await page.locator('img.app-chart__image').count()).toBe(4);
      // Each chart is well-formed SVG by the browser's own XML parser, with its title and description.
      const parsed = await page.evaluate<Array<{ error: boolean; title?: string; desc?: string }>>(
        `Promise.all([...document.querySelectorAll('img.app-chart__image')].map(async (image) => {
          const parsed = new DOMParser().parseFromString(await (await fetch(image.src)).text(), 'image/svg+xml');
          return { error: parsed.querySelector('parsererror') !== null, title: parsed.querySelector('title')?.textContent, desc: parsed.querySelector('desc')?.textContent };
        }))`,
      );
      expect(parsed).toHaveLength(4);
      for (const chart of parsed) expect(chart).toEqual({ error: false, title: expect.any(String), desc: expect.any(String) });
      await check('progress');
      await signOut();

      // July: the second review.
      t.clock.set('2025-07-15T15:00:00Z');
      await signIn(PEOPLE.scrutiny.email);
      await recordReview('15', '7', '2025', 'Seen-on-time is still behind its trajectory: what is the plan for the two teams?');
      await page.goto(`${base}/inspections/${inspection.id}/reviews`);
      const secondPaper = page.getByRole('link', { name: /^Web page\W+committee paper of/ }).first();
      await secondPaper.click();
      await page.getByRole('heading', { name: 'Exceptions' }).waitFor();
      await check('second-review-paper');
      const paper = await page.locator('main').innerText();
      expect(await page.locator('svg[role="img"]').count()).toBe(4);
      for (const title of ['Actions by rating, month by month', 'Actions completed against actions due', 'Overdue actions over time'])
        expect(paper).toContain(title);
      expect(paper).toContain('Measures of impact');
      expect(paper).toContain(reason.replace(/^Behind trajectory\s*/, ''));
      expect(paper).toContain('What has changed since the last review');
      expect(paper).toContain('Newly overdue (1):');
      // The paper of that meeting: what it was told had changed since the first review, and what it concluded.
      expect(paper).toMatch(/review 2, held on Tuesday 15 July 2025/);
      expect(paper).not.toContain('Nothing has changed in the plan since then.');
      expect(paper).toMatch(/What the committee concluded at this review\s[\s\S]*two teams/);
      expect(paper).toMatch(/Exceptions\s[\s\S]*Launch the care leavers jobs offer/);
      await page.goBack();

      // The first review's paper, saved again after all that: the same file.
      expect(sha256(await download(page.getByRole('link', { name: /^Word document\W+committee paper of/ }).last()))).toBe(
        sha256(firstPaper),
      );
      await signOut();

      expect(apiRequests).toEqual([]);
      expect(violations).toEqual([]);
    },
    LONG_TASK_LIMIT_MS,
  );

  /** Records a review from the inspection's page, with further assurance asked on the first area and the second assured on its progress. */
  async function recordReview(day: string, month: string, year: string, question: string): Promise<void> {
    await page.goto(`${base}/`);
    await page
      .getByRole('link', { name: /^Record a scrutiny review/ })
      .first()
      .click();
    await heading('Record a scrutiny review');
    await fillDate('Date of the meeting', { Day: day, Month: month, Year: year });
    await page
      .getByRole('group', { name: /^Area 1: Strategy discussions/ })
      .getByLabel('Further assurance requested: delivery goes on')
      .check();
    await page.getByLabel('Area 1: the committee’s questions, or why it escalated').fill(question);
    // The committee is assured by the second area's progress while its work goes on: no questions needed.
    await page
      .getByRole('group', { name: /^Area 2: Care leavers/ })
      .getByLabel('Assured on progress: delivery goes on')
      .check();
    await page.getByRole('button', { name: 'Record the review' }).click();
    await heading('Scrutiny review recorded');
  }
});
