import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { Passwords } from '../src/auth/passwords.js';
import { ROLES, type Role } from '../src/auth/permissions.js';
import { User } from '../src/users/user.entity.js';
import { accessibilityViolations, chromiumInstalled, CHROMIUM, launchBrowser, screenshot } from './support/browser.js';
import { owner, scenario } from './support/scenario.js';
import { LONG_TASK_LIMIT_MS } from './support/test-clock.js';
import { SEEN_ON_TIME } from './support/measure-bodies.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

const PASSWORD = 'kettle orchard tuesday';
const HOME_HEADING: Record<Role, string> = {
  admin: 'Action plans',
  director: 'Action plans',
  deputy_director: 'Action plans',
  action_owner: 'My actions',
  scrutiny: 'Action plans',
  viewer: 'Action plans',
};

if (!chromiumInstalled)
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium (.ci/run does).`);

// On SQLite only: the pages sit on the same services the API tests run on both databases.
(chromiumInstalled ? describe : describe.skip)('the web pages in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const violations: string[] = [];

  /** Opens or lands on a page: checks it with axe-core and, given a name, keeps a screenshot of it. */
  const check = async (name?: string) => {
    violations.push(...(await accessibilityViolations(page)));
    if (name) await screenshot(page, name);
  };

  const signIn = async (role: Role) => {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Email address').fill(PEOPLE[role].email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: HOME_HEADING[role] }).waitFor();
  };

  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
  };

  const fillMonth = async (legend: string, month: string, year: string) => {
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Month').fill(month);
    await group.getByLabel('Year').fill(year);
  };
  const fillDate = async (legend: string, day: string, month: string, year: string) => {
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(day);
    await group.getByLabel('Month').fill(month);
    await group.getByLabel('Year').fill(year);
  };

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const hash = await t.app.get(Passwords).hash(PASSWORD);
    await t.dataSource.getRepository(User).update({ active: true }, { passwordHash: hash });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await browser.context.newPage();
    // Each step waits on what the page shows; the limit only stops a walk that has hung (an upload read on a busy machine took over 5 s).
    page.setDefaultTimeout(LONG_TASK_LIMIT_MS);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sends a visitor to sign in, and says when the details are wrong', async () => {
    await page.goto(`${base}/`);
    expect(page.url()).toBe(`${base}/sign-in`);
    await check('sign-in');
    await page.getByLabel('Email address').fill(PEOPLE.director.email);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await check('sign-in-error');
  });

  it.each(ROLES)('signs %s in to their home page, and out again', async (role) => {
    await signIn(role);
    await check(`home-${role}`);
    await signOut();
  });

  it(
    'carries a plan from an imported report to submission',
    async () => {
      // The deputy director imports the Oxfordshire report, corrects the date it lacks, and commits it.
      await signIn('deputy_director');
      await page.getByRole('link', { name: 'Import a report' }).click();
      await check('import-upload');
      await page.getByLabel('Report').setInputFiles('test/fixtures/ofsted-ilacs-oxfordshire-2024.md');
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await page.getByRole('heading', { name: 'Check what was found in the report' }).waitFor();
      await page.getByRole('button', { name: 'Record the inspection and its draft plan' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      expect(await page.getByRole('link', { name: 'Enter the date the report was published' }).count()).toBe(1);
      await check('import-preview-error');
      await fillDate('Date published', '9', '4', '2024');
      await page.getByRole('button', { name: 'Record the inspection and its draft plan' }).click();
      await page.getByRole('heading', { name: 'Report imported' }).waitFor();
      await check('import-committed');
      await page.getByRole('link', { name: 'Go to the action plan' }).click();
      const inspectionUrl = page.url();
      const inspectionId = inspectionUrl.split('/').pop()!;
      await check('inspection-draft');

      // It assigns the first area's action to its owner through the page.
      await page.getByRole('link', { name: /^The timeliness of actions/ }).click();
      await check('area');
      await page.getByLabel('What will be done').fill('Track every pre-proceedings decision weekly');
      await page.getByLabel("Owner's name").fill(owner.name);
      await page.getByLabel("Owner's email address").fill(owner.email);
      await fillDate('Due date', '31', '10', '2024');
      await page.getByLabel('How you will know it worked (success measure)').fill('All decisions escalated within 10 working days');
      await page.getByRole('button', { name: 'Add action' }).click();
      await page.getByText('Action added.').waitFor();
      await check('action');
      // The other areas get theirs through the API: the page has been shown to work once.
      const plan = scenario(t);
      for (const area of (await t.http.get(`/api/inspections/${inspectionId}`).set(t.as('viewer'))).body.areas.slice(1))
        await plan.action(area.id);
      await signOut();

      // The owner reports progress from "My actions".
      await signIn('action_owner');
      await check('my-actions');
      await page.getByRole('link', { name: 'Update progress on action 1.1' }).click();
      await page
        .getByLabel('What has been done since the last update')
        .fill('Weekly tracker started (https://intranet.example.gov.uk/pre-proceedings-tracker); first review found two delays.');
      await page.getByLabel('How complete is it?').fill('20');
      await page.getByLabel('Amber: at risk').check();
      await page.getByRole('button', { name: 'Save progress update' }).click();
      await page.getByText('Progress update saved.').waitFor();
      expect(await page.getByRole('link', { name: 'https://intranet.example.gov.uk/pre-proceedings-tracker' }).getAttribute('href')).toBe(
        'https://intranet.example.gov.uk/pre-proceedings-tracker',
      );
      await check('action-progress');
      // Completing or cancelling it is for whoever assigned it: the owner is told how it ends, and is not offered either.
      await page
        .getByText(/When the work is done, report it as 100% complete below: .+, who assigned it, checks it and marks it as completed\./)
        .waitFor();
      expect(await page.getByRole('button', { name: /Mark as completed|Cancel the action/ }).count()).toBe(0);
      await signOut();

      // The director approves the plan, then submits it to Ofsted.
      await signIn('director');
      await page.goto(inspectionUrl);
      await page.getByRole('link', { name: 'Check the plan and record cabinet approval' }).click();
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.getByRole('heading', { name: 'Action plan approved' }).waitFor();
      await page.getByRole('link', { name: 'Go back to the action plan' }).click();
      await check('inspection-approved');
      await page.getByRole('link', { name: 'Check the plan and record it as sent to Ofsted' }).click();
      await page.getByRole('button', { name: 'Record the plan as sent' }).click();
      await page.getByRole('heading', { name: 'Action plan submitted' }).waitFor();
      await page.getByText('The plan is recorded as sent to Ofsted on 15 April 2024.').waitFor();
      await page.getByText('The scrutiny committee’s first review of progress is due by 15 October 2024.').waitFor();
      await check('plan-submitted');
      await page.getByRole('link', { name: 'Home' }).click();
      await check('home-director-with-plan');
      await signOut();

      // Delivery starts (through the API: the area page's buttons have been shown to work), and the
      // scrutiny committee records its first review from the page its home links to.
      const deputy = scenario(t);
      for (const area of (await t.http.get(`/api/inspections/${inspectionId}`).set(t.as('viewer'))).body.areas) {
        const { version } = (await t.http.get(`/api/areas/${area.id}`).set(t.as('viewer'))).body;
        await deputy.event('areas', area.id, 'START_DELIVERY', version);
      }
      await signIn('scrutiny');
      await page.getByText('Review 1, due by 15 October 2024').waitFor();
      await check('home-scrutiny-with-plan');
      await page.getByRole('link', { name: 'Record a scrutiny review of the Oxfordshire plan' }).click();
      await page.getByRole('heading', { name: 'Record a scrutiny review' }).waitFor();
      await page.getByLabel('Committee', { exact: true }).fill('Education and Young People Overview & Scrutiny Committee');
      await page.getByRole('button', { name: 'Record the review' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      expect(await page.getByRole('link', { name: 'Enter the date of the meeting' }).count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Choose the committee’s outcome for at least one area' }).count()).toBe(1);
      await check('review-error');
      await fillDate('Date of the meeting', '15', '4', '2024');
      const first = page.getByRole('group', { name: /^Area 1: The timeliness of actions/ });
      await first.getByLabel('Further assurance requested: delivery goes on').check();
      await page
        .getByLabel('Area 1: the committee’s questions, or why it escalated')
        .fill('How many children waited more than 20 days for pre-proceedings?');
      await page
        .getByRole('group', { name: /^Area 2: Multi-agency arrangements/ })
        .getByLabel('Escalated: delivery goes on, and the concern is raised')
        .check();
      await page.getByRole('button', { name: 'Record the review' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      // Escalating needs a reason too; what was typed stays.
      expect(await page.getByRole('link', { name: 'Enter the committee’s questions or reasons for area 2' }).count()).toBe(1);
      expect(await page.getByLabel('Area 1: the committee’s questions, or why it escalated').inputValue()).toBe(
        'How many children waited more than 20 days for pre-proceedings?',
      );
      await page
        .getByLabel('Area 2: the committee’s questions, or why it escalated')
        .fill('Drug and alcohol services for care leavers are not yet commissioned.');
      await page.getByRole('button', { name: 'Record the review' }).click();
      await page.getByRole('heading', { name: 'Scrutiny review recorded' }).waitFor();
      await page.getByText('Review 1: Education and Young People Overview & Scrutiny Committee, 15 April 2024').waitFor();
      await check('review-recorded');
      const reviews = (await t.http.get(`/api/inspections/${inspectionId}/reviews`).set(t.as('viewer'))).body;
      expect(
        reviews.map((review: { sequence: number; status: string; dueOn: string }) => [review.sequence, review.status, review.dueOn]),
      ).toEqual([
        [1, 'held', '2024-10-15'],
        [2, 'scheduled', '2024-10-15'],
      ]);
      expect(
        reviews[0].outcomes.map((outcome: { reference: string; outcome: string; areaState: string }) => [
          outcome.reference,
          outcome.outcome,
          outcome.areaState,
        ]),
      ).toEqual([
        ['1', 'further_assurance', 'in_progress'],
        ['2', 'escalated', 'in_progress'],
      ]);
      await page.getByRole('link', { name: 'Go back to the action plan' }).click();
      await page.getByText('Review 2, due by 15 October 2024').waitFor();
      await check('inspection-under-scrutiny');
      await page.getByRole('link', { name: 'Committee paper for Oxfordshire (web page, to print)' }).click();
      await page.getByText('How many children waited more than 20 days for pre-proceedings?').first().waitFor();
      await screenshot(page, 'committee-paper');
      await page.goBack();
      await page.goto(`${base}/reminders`);
      await check('reminders');
      await page.goto(`${base}/settings`);
      await page.getByLabel('One email for each reminder').check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Your settings have been saved.').waitFor();
      await check('settings');
      await signOut();

      // Area 2's lead officer is named on the plan before they have an account.
      const lead = { name: 'Lena Lead', email: 'lena.lead@oxfordshire.gov.uk' };
      const [, second] = (await t.http.get(`/api/inspections/${inspectionId}`).set(t.as('viewer'))).body.areas;
      const { version } = (await t.http.get(`/api/areas/${second.id}`).set(t.as('viewer'))).body;
      await t.http.patch(`/api/areas/${second.id}`).set(t.as('deputy_director')).send({ version, leadOfficer: lead }).expect(200);

      // The administrator gives her access from her row on Users, where her name and address are filled in.
      await signIn('admin');
      await page.getByRole('link', { name: 'Users' }).click();
      await check('admin-users');
      await page.getByRole('link', { name: `Give access to ${lead.email}` }).click();
      expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(lead.name);
      expect(await page.getByLabel('Email address', { exact: true }).inputValue()).toBe(lead.email);
      // She leads an open area: the role that lets her write its summary is chosen, and the guide says what it allows.
      await page.getByText('Lena Lead leads 1 open improvement area: the role chosen is one that can do that work.').waitFor();
      expect(await page.getByLabel('Role', { exact: true }).locator('option:checked').innerText()).toBe('Action owner');
      await page.getByText('What each role can do').click();
      await page.getByText('Write the lead officer’s summary of progress on an improvement area: only the areas they lead.').waitFor();
      await page.getByLabel('First password (optional)').fill(`${PASSWORD} at first`);
      await page.getByRole('button', { name: 'Give access' }).click();
      await page.getByText('Lena Lead now has an account, with the role “Action owner”.').waitFor();
      await signOut();

      // She signs in, chooses her own password, and finds on her Home the area she leads and its summary to write.
      await page.goto(`${base}/sign-in`);
      await page.getByLabel('Email address').fill(lead.email);
      await page.getByLabel('Password', { exact: true }).fill(`${PASSWORD} at first`);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Change your password' }).waitFor();
      await page.getByLabel('Current password').fill(`${PASSWORD} at first`);
      await page.getByLabel('New password', { exact: true }).fill(`${PASSWORD} of her own`);
      await page.getByLabel('New password again').fill(`${PASSWORD} of her own`);
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByRole('link', { name: 'Continue', exact: true }).click();
      await page.getByRole('table', { name: 'Improvement areas you lead' }).waitFor();
      await check('home-lead-officer');
      await page.getByRole('link', { name: /^Write the summary of area 2:/ }).click();
      await page
        .getByLabel('Write the lead officer’s summary for area 2')
        .fill('Placements panel now meets weekly; two new homes open in the spring.');
      await page.getByRole('button', { name: 'Save the summary' }).click();
      await page.getByText('The lead officer’s summary is saved.').waitFor();
      await page.goto(`${base}/`);
      await page.getByRole('link', { name: /^Change the summary of area 2:/ }).waitFor();

      // She is named to enter a measure's figures too: her Home lists it, and takes her to where she enters the next one.
      await t.http
        .post(`/api/areas/${second.id}/measures`)
        .set(t.as('deputy_director'))
        // Counted from the end of February, so that March, a month over, is the one wanted next.
        .send({ ...SEEN_ON_TIME, baseline: { value: 55, on: '2024-02-29' }, owner: lead })
        .expect(201);
      await page.goto(`${base}/`);
      const figures = page.getByRole('table', { name: 'Figures you enter' });
      await figures.getByText('The value for March 2024, due 20 April 2024').waitFor();
      await check('home-figures-to-enter');
      await figures.getByRole('link', { name: SEEN_ON_TIME.name }).click();
      await fillMonth('Month the value is for', '3', '2024');
      await page.getByLabel('Value', { exact: true }).fill('58');
      await page.getByRole('button', { name: 'Save value' }).click();
      await page.getByText('Value saved.').waitFor();
      await page.goto(`${base}/`);
      await figures.getByText('The value for April 2024, due 20 May 2024').waitFor();
      await signOut();
    },
    LONG_TASK_LIMIT_MS,
  );

  it('finds no accessibility problems on any page it opened', () => {
    expect(violations).toEqual([]);
  });
});
