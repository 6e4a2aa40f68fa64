import type { Page } from 'playwright-core';
import { ACTION_PLAN_STATES } from '../workflows/action-plan.machine.js';
import { Passwords } from '../src/auth/passwords.js';
import { ImprovementAreasService } from '../src/improvement-areas/improvement-areas.service.js';
import { InspectionsService } from '../src/inspections/inspections.service.js';
import { User } from '../src/users/user.entity.js';
import { accessibilityViolations, chromiumInstalled, CHROMIUM, screenshot, walkThroughPages } from './support/browser.js';
import { drivers, type Driver } from './support/databases.js';
import { oxfordshireAreas } from './support/reports.js';
import { LONG_TASK_LIMIT_MS } from './support/test-clock.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

const ADMIN_PASSWORD = 'kettle orchard tuesday';
const FIRST_PASSWORD = 'first password from the admin';
const OWN_PASSWORD = 'lantern biscuit harbour';

/** The council's people, given accounts by the admin in the walk; each chooses their own password on first signing in. */
const COUNCIL = {
  deputy: { name: 'Hannah Farncombe', email: 'hannah.farncombe@oxfordshire.gov.uk', role: 'Deputy director' },
  director: { name: 'Lisa Lyon', email: 'lisa.lyon@oxfordshire.gov.uk', role: 'Director' },
  owner: { name: 'Omar Akhtar', email: 'omar.akhtar@oxfordshire.gov.uk', role: 'Action owner' },
  scrutiny: { name: 'Jane Murphy', email: 'jane.murphy@oxfordshire.gov.uk', role: 'Scrutiny' },
};
type Member = keyof typeof COUNCIL;

const ADDED_AREA = 'The recruitment and retention of permanent social workers, so that children keep the same worker.';
/** The plan's areas once committed: the report's first three (its fourth left out), then the one added. */
const PLAN_AREAS = [...oxfordshireAreas.slice(0, 3), ADDED_AREA];
const LEADS = [
  { name: 'Kate Lead', email: 'kate.lead@oxfordshire.gov.uk' },
  null, // chosen from those on record: the deputy director
  { name: 'Colin Careleavers', email: 'colin.careleavers@oxfordshire.gov.uk' },
  { name: 'Wendy Workforce', email: 'wendy.workforce@oxfordshire.gov.uk' },
];

if (!chromiumInstalled)
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium (.ci/run does).`);

/** The whole cycle as six people meet it, through the pages alone: not one request to the API. */
describe.each(drivers)('the whole cycle of a plan in a browser on %s', (driver: Driver) => {
  const run = chromiumInstalled ? it : it.skip;
  let t: TestApp;
  let base: string;
  let browser: Awaited<ReturnType<typeof walkThroughPages>>['browser'];
  let page: Page;
  const violations: string[] = [];
  let apiRequests: string[] = [];

  /** Checks the page as it is now with axe-core, and keeps a screenshot of it. */
  const check = async (name: string) => {
    violations.push(...(await accessibilityViolations(page)));
    await screenshot(page, `whole-cycle-${driver}-${name}`);
  };
  const heading = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor();

  const signIn = async (email: string, password: string) => {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  };

  /** A first sign-in: the service asks for a password of their own before anything else, then they go home. */
  const firstSignIn = async (member: Member) => {
    await signIn(COUNCIL[member].email, FIRST_PASSWORD);
    await heading('Change your password');
    await check(`password-${member}`);
    await page.getByLabel('Current password').fill(FIRST_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(OWN_PASSWORD);
    await page.getByLabel('New password again').fill(OWN_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password has been changed.').waitFor();
    await page.getByRole('link', { name: 'Continue', exact: true }).click();
  };

  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
  };

  const fillDate = async (legend: string | RegExp, day: string, month: string, year: string) => {
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(day);
    await group.getByLabel('Month').fill(month);
    await group.getByLabel('Year').fill(year);
  };

  const taskStatus = (task: string) => page.locator('.govuk-task-list__item', { hasText: task }).locator('.govuk-task-list__status');

  beforeAll(async () => {
    if (!chromiumInstalled) return;
    t = await createTestApp(driver);
    const admin = await t.dataSource.getRepository(User).findOneByOrFail({ email: PEOPLE.admin.email });
    await t.dataSource.getRepository(User).update({ id: admin.id }, { passwordHash: await t.app.get(Passwords).hash(ADMIN_PASSWORD) });
    ({ base, browser, page, apiRequests } = await walkThroughPages(t));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  run(
    'from accounts to a scrutiny review: import, leads and actions, approval and submission, progress, the paper and a review',
    async () => {
      // The admin gives the council's people their accounts.
      await page.goto(`${base}/sign-in`);
      await check('sign-in');
      await signIn(PEOPLE.admin.email, ADMIN_PASSWORD);
      await page.getByRole('link', { name: 'Users' }).click();
      await heading('Users');
      await check('admin-users');
      for (const member of Object.values(COUNCIL)) {
        await page.getByLabel('Name', { exact: true }).fill(member.name);
        await page.getByLabel('Email address', { exact: true }).fill(member.email);
        await page.getByLabel('Role', { exact: true }).selectOption({ label: member.role });
        await page.getByLabel('First password (optional)').fill(FIRST_PASSWORD);
        await page.getByRole('button', { name: 'Give access' }).click();
        // The banner tells the administrator what to pass on: the service sends no password.
        await page.getByText(`${member.name} now has an account, with the role “${member.role}”.`).waitFor();
        await page.getByText(`their email address, ${member.email}.`).waitFor();
      }
      await check('admin-users-given');
      await signOut();

      // The deputy director imports the Oxfordshire report and corrects the preview.
      await firstSignIn('deputy');
      await check('home-deputy');
      await page.getByRole('link', { name: 'Import a report' }).click();
      await check('import-upload');
      await page.getByLabel('Report').setInputFiles('test/fixtures/ofsted-ilacs-oxfordshire-2024.md');
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await heading('Check what was found in the report');
      await check('import-preview');
      expect(await page.getByLabel('Council', { exact: true }).inputValue()).toBe('Oxfordshire');
      await page.getByLabel('Council', { exact: true }).fill('Oxfordshire County Council');
      await fillDate('Date published', '9', '4', '2024');
      await fillDate('Date the council received the report (optional)', '8', '4', '2024');
      await page
        .getByRole('group', { name: 'Plan lead (optional)' })
        .getByLabel('Someone on record')
        .selectOption({
          label: `${COUNCIL.deputy.name} (${COUNCIL.deputy.email})`,
        });
      await page.getByLabel('Scrutiny committee (optional)').fill('Education and Young People Overview & Scrutiny Committee');
      const clerk = page.getByRole('group', { name: 'Committee clerk (optional)' });
      await clerk.getByLabel('Or someone new: their name').fill('Colm Clerk');
      // The area the report's wording missed is added; the fourth is left out of this plan.
      await page.getByRole('button', { name: 'Add another area' }).click();
      await page.getByLabel('What needs to improve (area 5)').waitFor();
      expect(await page.getByLabel('Council', { exact: true }).inputValue()).toBe('Oxfordshire County Council');
      await page.getByLabel('What needs to improve (area 5)').fill(ADDED_AREA);
      await page.getByLabel('Leave area 4 out of the plan').check();
      const leadRows = [1, 2, 3, 5];
      for (const [index, lead] of LEADS.entries()) {
        const group = page.getByRole('group', { name: `Lead officer for area ${leadRows[index]} (optional)` });
        if (lead) {
          await group.getByLabel('Or someone new: their name').fill(lead.name);
          await group.getByLabel('Their email address').fill(lead.email);
        } else await group.getByLabel('Someone on record').selectOption({ label: `${COUNCIL.deputy.name} (${COUNCIL.deputy.email})` });
      }
      // The clerk's email is missing: the preview comes back with what was typed, and says what to do.
      await page.getByRole('button', { name: 'Record the inspection and its draft plan' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await page.getByRole('link', { name: 'Enter the email address of the committee clerk' }).waitFor();
      await check('import-preview-refused');
      expect(await page.getByLabel('Council', { exact: true }).inputValue()).toBe('Oxfordshire County Council');
      expect(await page.getByLabel('What needs to improve (area 5)').inputValue()).toBe(ADDED_AREA);
      expect(await page.getByLabel('Leave area 4 out of the plan').isChecked()).toBe(true);
      await clerk.getByLabel('Their email address').fill('colm.clerk@oxfordshire.gov.uk');
      await page.getByRole('button', { name: 'Record the inspection and its draft plan' }).click();
      await heading('Report imported');
      await page.getByText('The draft action plan for Oxfordshire County Council has 4 improvement areas').waitFor();
      await page.getByText(/^The action plan is due on [A-Z][a-z]+day \d{1,2} July 2024: \d+ working days left\.$/).waitFor();
      await check('import-committed');
      await page.getByRole('link', { name: 'Go to the action plan' }).click();
      await heading('Oxfordshire County Council');
      const inspectionUrl = page.url();
      const inspectionId = inspectionUrl.split('/').pop()!;
      await page.getByText('8 April 2024').first().waitFor();
      expect(await taskStatus('Name a lead officer for each area').innerText()).toBe('Completed');
      expect(await taskStatus('Add actions').innerText()).toBe('Incomplete');
      expect(await taskStatus('record cabinet approval').innerText()).toBe('Cannot start yet');
      await check('inspection-draft');

      // It adds one action to each area, each time from the task list's link to the next area without one.
      for (const [index, title] of PLAN_AREAS.entries()) {
        await page.getByRole('link', { name: 'Add actions, each with an owner and a due date' }).click();
        await heading(title);
        if (index === 0) await check('area');
        await page.getByLabel('What will be done').fill(`Action for area ${index + 1}: track it weekly at the improvement board`);
        await page.getByLabel("Owner's name").fill(COUNCIL.owner.name);
        await page.getByLabel("Owner's email address").fill(COUNCIL.owner.email);
        await fillDate('Due date', '31', '10', '2024');
        await page.getByLabel('How you will know it worked (success measure)').fill('Reported to the improvement board each month');
        await page.getByRole('button', { name: 'Add action' }).click();
        await page.getByText('Action added.').waitFor();
        if (index === 0) await check('action');
        await page.goto(inspectionUrl);
      }
      expect(await taskStatus('Add actions').innerText()).toBe('Completed');
      expect(await taskStatus('record cabinet approval').innerText()).toBe('Incomplete');
      await signOut();

      // The director checks the whole plan, records cabinet's approval, then sends it.
      await firstSignIn('director');
      // Their Home says the plan waits for their decision, and leads to it.
      await page.locator('.govuk-summary-list__row', { hasText: 'Waiting for you' }).waitFor();
      await page.getByRole('link', { name: 'Check the plan and record cabinet approval' }).click();
      await heading('Check the plan before recording cabinet approval');
      for (const [index, title] of PLAN_AREAS.entries())
        await page.getByRole('heading', { level: 2, name: `Area ${index + 1}: ${title}` }).waitFor();
      await page
        .getByText(`1.1 Action for area 1: track it weekly at the improvement board: ${COUNCIL.owner.name}, due 31 October 2024`)
        .waitFor();
      await check('check-approve');
      await page.getByRole('button', { name: 'Approve' }).click();
      await heading('Action plan approved');
      await page.getByText('Cabinet approval on 15 April 2024 is recorded.').waitFor();
      await check('approved');
      await page.getByRole('link', { name: 'Go back to the action plan' }).click();
      expect(await taskStatus('record cabinet approval').innerText()).toBe('Completed');
      await page.getByRole('link', { name: 'Check the plan and record it as sent to Ofsted' }).click();
      await heading('Check the plan before recording it as sent to Ofsted');
      expect(await page.locator('.govuk-summary-list__row', { hasText: 'Cabinet approval' }).locator('dd').innerText()).toBe(
        '15 April 2024',
      );
      await check('check-submit');
      await page.getByRole('button', { name: 'Record the plan as sent' }).click();
      await heading('Action plan submitted');
      await page.getByText('The plan is recorded as sent to Ofsted on 15 April 2024.').waitFor();
      await check('submitted');
      // Delivery starts on every area at once, from the plan's page, where it says the committee cannot review them until it does.
      await page.goto(inspectionUrl);
      await page.getByText('Delivery has not started on').waitFor();
      await page.getByRole('button', { name: `Start delivery on all ${PLAN_AREAS.length} areas` }).click();
      await page.getByText('Delivery has started on every area that was waiting for it').waitFor();
      await check('area-in-delivery');
      await signOut();

      // The action owner reports progress from "My actions".
      await firstSignIn('owner');
      await heading('My actions');
      await check('my-actions');
      await page.getByRole('link', { name: 'Update progress on action 1.1' }).click();
      await page.getByLabel('What has been done since the last update').fill('Weekly tracker started; the first review found two delays.');
      await page.getByLabel('How complete is it?').fill('20');
      await page.getByLabel('Amber: at risk').check();
      await page.getByRole('button', { name: 'Save progress update' }).click();
      await page.getByText('Progress update saved.').waitFor();
      await check('action-progress');
      await signOut();

      // The scrutiny member reads the committee paper, then records the committee's review.
      await firstSignIn('scrutiny');
      await check('home-scrutiny');
      await page.getByRole('link', { name: 'Committee paper for Oxfordshire County Council (web page, to print)' }).click();
      await page.getByText('Weekly tracker started; the first review found two delays.').first().waitFor();
      await check('committee-paper');
      await page.goBack();
      // The committee's meeting is set ahead: the review falls due that day, and its reminders with it.
      await page
        .getByRole('link', {
          name: 'Scrutiny reviews: the next one, and the outcomes and papers of those held for Oxfordshire County Council',
        })
        .click();
      await page.getByRole('link', { name: 'Change the date of review 1' }).click();
      await page.getByText('It is due by 15 October 2024.').waitFor();
      await fillDate(/When does the committee hold review 1\?/, '17', '10', '2024');
      await check('review-date');
      await page.getByRole('button', { name: 'Save the date' }).click();
      await page.getByText('Review 1 is now at the committee’s meeting on 17 October 2024.').waitFor();
      await page.getByRole('link', { name: 'Home' }).click();
      // From now on, the review is that meeting.
      await page.getByText('Review 1, at the committee’s meeting on 17 October 2024').first().waitFor();
      await page.getByRole('link', { name: 'Record a scrutiny review of the Oxfordshire County Council plan' }).click();
      await heading('Record a scrutiny review');
      await page.getByText('This is review 1, at the committee’s meeting on 17 October 2024.').waitFor();
      await fillDate('Date of the meeting', '15', '4', '2024');
      await page
        .getByRole('group', { name: /^Area 1: The timeliness of actions/ })
        .getByLabel('Further assurance requested: delivery goes on')
        .check();
      await page
        .getByLabel('Area 1: the committee’s questions, or why it escalated')
        .fill('How many children waited more than 20 days for pre-proceedings?');
      await check('review');
      await page.getByRole('button', { name: 'Record the review' }).click();
      await heading('Scrutiny review recorded');
      // What happens next: the lead officer hears the committee's questions, the meeting's paper is kept, and when the committee meets again.
      await page
        .getByText(
          'Kate Lead (area 1) is emailed what the committee asked or why, to answer in the summary of progress for the next review.',
        )
        .waitFor();
      await page
        .getByText(/^The next review is due by \d{1,2} [A-Z][a-z]+ \d{4}\. The clerk and the area leads are reminded ahead of it/)
        .waitFor();
      await check('review-recorded');
      await signOut();

      expect(apiRequests).toEqual([]);
      expect(violations).toEqual([]);
      // What the pages recorded, read back through the service the API uses.
      const inspection = await t.app.get(InspectionsService).get(inspectionId);
      expect(inspection).toMatchObject({
        authority: 'Oxfordshire County Council',
        publishedOn: '2024-04-09',
        receivedOn: '2024-04-08',
        planLead: { name: COUNCIL.deputy.name, email: COUNCIL.deputy.email },
        scrutinyCommittee: 'Education and Young People Overview & Scrutiny Committee',
        scrutinyClerk: { name: 'Colm Clerk', email: 'colm.clerk@oxfordshire.gov.uk' },
        plan: { state: ACTION_PLAN_STATES.submitted, approvedOn: '2024-04-15', submittedOn: '2024-04-15' },
      });
      expect(inspection.areas.map((area) => area.title)).toEqual(PLAN_AREAS);
      const leads = await Promise.all(
        inspection.areas.map(async (area) => (await t.app.get(ImprovementAreasService).get(area.id)).leadOfficer),
      );
      expect(leads).toEqual(LEADS.map((lead) => lead ?? { name: COUNCIL.deputy.name, email: COUNCIL.deputy.email }));
    },
    LONG_TASK_LIMIT_MS,
  );
});
