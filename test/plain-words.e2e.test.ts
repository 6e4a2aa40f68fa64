import { Action } from '../src/actions/action.entity.js';
import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { csrfTokenFor } from '../src/auth/page-sessions.js';
import type { Role } from '../src/auth/permissions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { User } from '../src/users/user.entity.js';
import { drivers } from './support/databases.js';
import { oxfordshirePlan } from './support/oxfordshire-plan.js';
import { owner, scenario } from './support/scenario.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

/** Words only a developer would write: field paths, rule names, lists of codes, permission names, API calls. */
const DEVELOPER_WORDS =
  /\w+\.\w+ (must|should)|should not be empty|must be one of|[a-z]+:[a-z]+ |PATCH \/api|currentPassword|This could not be done/;

/** The error summary's entries, as "#field message". */
const summary = (html: string) => {
  const list = /<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html);
  if (!list) throw new Error('The page has no error summary');
  return [...list[1].matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(([, href, text]) => `${href} ${text.replaceAll('&#39;', "'")}`);
};

describe.each(drivers)('messages in plain words, and refusals that bring the form back, on %s', (driver) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const session = async (role: Role) => {
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users[role].id));
    const cookie = `session=${token}`;
    const csrf = csrfTokenFor(token);
    return {
      get: (path: string) => t.http.get(path).set('Cookie', cookie),
      post: (path: string, fields: Record<string, string>) =>
        t.http
          .post(path)
          .set('Cookie', cookie)
          .type('form')
          .send({ _csrf: csrf, ...fields }),
    };
  };

  it('answers the API with a plain sentence per field: no paths, no lists of codes', async () => {
    const refused = await t.http
      .post('/api/users')
      .set(t.as('admin'))
      .send({ name: '', email: 'not an address', role: 'superuser' })
      .expect(400);
    expect(refused.body.fields).toEqual({
      name: ['Enter the name'],
      email: ['Enter the email address in the correct format, like name@example.com'],
      role: ['Select a role'],
    });
    const inspection = await scenario(t).inspection();
    const area = await t.http
      .post(`/api/inspections/${inspection.id}/areas`)
      .set(t.as('deputy_director'))
      .send({ title: 'Supervision', leadOfficer: { name: '', email: 'lee@' } })
      .expect(400);
    expect(area.body.fields).toEqual({
      'leadOfficer.name': ['Enter the lead officer’s name'],
      'leadOfficer.email': ['Enter the lead officer’s email address in the correct format, like name@example.com'],
    });
    const password = await t.http.post('/api/auth/password').set(t.as('viewer')).send({}).expect(400);
    for (const message of [
      ...Object.values(refused.body.fields),
      ...Object.values(area.body.fields),
      ...Object.values(password.body.fields),
    ].flat()) {
      expect(message).not.toMatch(DEVELOPER_WORDS);
    }
  });

  it('tells someone without the role what they cannot do, without naming a permission; the API names it apart', async () => {
    const page = await (await session('viewer')).get('/imports/new').expect(403);
    expect(page.text).toContain(
      'Your role (viewer) cannot do this. It needs a role that may record an inspection and correct its details.',
    );
    expect(page.text).not.toContain('inspection:write');
    const api = await t.http.post('/api/inspections').set(t.as('viewer')).send({}).expect(403);
    expect(api.body).toMatchObject({ permission: 'inspection:write' });
    expect(api.body.message).not.toContain('inspection:write');
  });

  it('adds an area whose optional lead officer is left blank, with no word about it', async () => {
    const inspection = await scenario(t).inspection({ authority: 'Blankshire County Council' });
    const deputy = await session('deputy_director');
    const added = await deputy.post(`/inspections/${inspection.id}/areas`, {
      title: 'Supervision',
      timeframe: '',
      leadName: '',
      leadEmail: '',
    });
    expect(added.status).toBe(303);
  });

  it('brings the users page back, with what was typed, when the address already has an account', async () => {
    const admin = await session('admin');
    const typed = { name: 'Dana Again', email: PEOPLE.deputy_director.email, role: 'viewer', password: '' };
    const before = await t.dataSource.getRepository(AuditEvent).count();
    const refused = await admin.post('/admin/users', typed);
    expect(refused.status).toBe(400);
    expect(summary(refused.text)).toEqual([
      `#email ${PEOPLE.deputy_director.email} already has an account: change its role or name instead of adding it again.`,
    ]);
    expect(refused.text).toContain('value="Dana Again"');
    expect(refused.text).toMatch(/<option value="viewer" selected>/);
    expect(refused.text).not.toMatch(DEVELOPER_WORDS);
    expect(await t.dataSource.getRepository(AuditEvent).count()).toBe(before);
    expect(await t.dataSource.getRepository(User).findOneByOrFail({ email: PEOPLE.deputy_director.email })).toMatchObject({
      name: PEOPLE.deputy_director.name,
      role: 'deputy_director',
    });
  });

  it('brings the action page back with the reason asked for when an action is cancelled without one', async () => {
    const s = scenario(t);
    const area = await s.area((await s.inspection({ authority: 'Cancelshire County Council' })).id);
    const action = await s.action(area.id, { title: 'Audit every file' });
    const refused = await (
      await session('deputy_director')
    ).post(`/actions/${action.id}/events`, { type: 'CANCEL', version: '1', comment: '' });
    expect(refused.status).toBe(400);
    expect(summary(refused.text)).toEqual(['#comment-CANCEL Give a reason to cancel an action.']);
    expect(refused.text).toContain('<h1 class="govuk-heading-l">Audit every file</h1>');
    expect(refused.text).toMatch(/id="comment-CANCEL-error"/);
    expect(refused.text).not.toMatch(DEVELOPER_WORDS);
    expect(await t.dataSource.getRepository(Action).findOneByOrFail({ id: action.id })).toMatchObject({ state: 'not_started', version: 1 });

    const deputy = await session('deputy_director');
    const cancelled = await deputy
      .post(`/actions/${action.id}/events`, { type: 'CANCEL', version: '1', comment: 'Covered by 1.2.' })
      .expect(303);
    expect((await deputy.get(cancelled.headers.location).expect(200)).text).toContain('This action is now cancelled.');
  });

  it('says in words that the current password was wrong', async () => {
    const made = await t.http
      .post('/api/users')
      .set(t.as('admin'))
      .send({ name: 'Pat Password', email: 'pat.password@oxfordshire.gov.uk', role: 'viewer', password: 'temporary password 1' })
      .expect(201);
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, made.body.id));
    const page = await t.http
      .post('/account/password')
      .set('Cookie', `session=${token}`)
      .type('form')
      .send({
        _csrf: csrfTokenFor(token),
        currentPassword: 'wrong one',
        newPassword: 'kettle orchard tuesday',
        confirmPassword: 'kettle orchard tuesday',
      });
    expect(page.status).toBe(400);
    expect(summary(page.text)).toEqual(['#currentPassword The current password you entered is not right']);
  });

  it('says in a history row what changed, and lists as changed since submission only what came after it', async () => {
    t.clock.set('2024-07-10T09:00:00Z');
    const s = scenario(t);
    const inspection = await s.inspection({ authority: 'Historyshire County Council' });
    const area = await s.area(inspection.id);
    const before = await s.action(area.id, { title: 'Written before the plan went', dueOn: '2024-10-31' });
    t.clock.set('2024-07-10T10:00:00Z');
    const director = scenario(t, 'director');
    await director.event('inspections', inspection.id, 'APPROVE', 1);
    await director.event('inspections', inspection.id, 'SUBMIT', 2);
    t.clock.set('2024-07-10T11:00:00Z');
    const after = await s.action(area.id, { title: 'Added after the plan went', dueOn: '2024-11-29' });
    await t.http
      .patch(`/api/actions/${before.id}`)
      .set(t.as('deputy_director'))
      .send({ version: before.version, dueOn: '2025-02-28', reason: 'Waiting for the new case recording system.' })
      .expect(200);
    // Progress reported on an action not started starts it, said once.
    await s.post(`/api/actions/${after.id}/updates`, { text: 'Tracker set up.', percentComplete: 25 });

    const page = (await (await session('viewer')).get(`/areas/${area.id}`).expect(200)).text;
    expect(page).toContain('<li>Due date: 31 October 2024 to 28 February 2025</li>');

    const paper = (await t.http.get(`/api/inspections/${inspection.id}/reports/scrutiny.html`).set(t.as('viewer')).expect(200)).text;
    const changes = /<h2>Changes since the plan was submitted<\/h2>([\s\S]*?)<h2>/.exec(paper)![1];
    expect([...changes.matchAll(/<li>([^<]*)<\/li>/g)].map(([, item]) => item)).toEqual([
      `Wednesday 10 July 2024: Action 1.${after.reference.split('.')[1]} added`,
      'Wednesday 10 July 2024: Action 1.1 due date moved from 31 October 2024 to 28 February 2025: Waiting for the new case recording system.',
      `Wednesday 10 July 2024: Action 1.${after.reference.split('.')[1]} started: 25% done, as reported on 10 July 2024.`,
    ]);
    expect(paper).not.toMatch(/Due \d{4}-\d{2}-\d{2}/);
  });

  it('says in a history what happened in plain words, and in an area’s which action each entry is about', async () => {
    const s = scenario(t);
    const inspection = await s.inspection({ authority: 'Wordingshire County Council' });
    const area = await s.area(inspection.id);
    const action = await s.action(area.id);
    await s.event('actions', action.id, 'START', 1);
    await s.event('actions', action.id, 'BLOCK', 2, 'Waiting for the new case recording system.');
    // Unblocking and completing need no reason, but the page offers a box for a note of how.
    const deputy = await session('deputy_director');
    const blocked = (await deputy.get(`/actions/${action.id}`).expect(200)).text;
    expect(blocked).toMatch(/<label class="govuk-label" for="comment-UNBLOCK">\s*What unblocked it \(optional\)/);
    await deputy
      .post(`/actions/${action.id}/events`, { type: 'UNBLOCK', version: '3', comment: 'The system went live on 1 July.' })
      .expect(303);
    await deputy.post(`/actions/${action.id}/events`, { type: 'COMPLETE', version: '4', comment: '' }).expect(303);

    const whatColumn = (html: string) =>
      [...html.matchAll(/<td class="govuk-table__cell"[^>]*data-label="What"[^>]*>\s*([^<]*)/g)].map(([, what]) => what.trim());
    const viewer = await session('viewer');
    expect(whatColumn((await viewer.get(`/areas/${area.id}`).expect(200)).text)).toEqual([
      'Added',
      'Action 1.1: added',
      'Action 1.1: started',
      'Action 1.1: marked as blocked (it was in progress)',
      'Action 1.1: no longer blocked',
      'Action 1.1: marked as completed (it was in progress)',
    ]);
    // On the action's own page, each entry is about the action.
    const actionPage = (await viewer.get(`/actions/${action.id}`).expect(200)).text;
    expect(whatColumn(actionPage)).toEqual([
      'Added',
      'Started',
      'Marked as blocked (it was in progress)',
      'No longer blocked',
      'Marked as completed (it was in progress)',
    ]);
    expect(actionPage).not.toMatch(/Block: In progress to Blocked/i);
    expect(actionPage).toMatch(/data-label="Reason or note"[^>]*>\s*The system went live on 1 July\./);
  });

  it('names the people a history changed, where the history keeps their addresses', async () => {
    const s = scenario(t);
    const inspection = await s.inspection({ authority: 'Namingshire County Council' });
    const area = await s.area(inspection.id);
    const action = await s.action(area.id);
    const jo = { name: 'Jo Brown', email: 'jo.brown@namingshire.gov.uk' };
    await t.http.patch(`/api/actions/${action.id}`).set(t.as('deputy_director')).send({ version: action.version, owner: jo }).expect(200);
    await t.http.patch(`/api/areas/${area.id}`).set(t.as('deputy_director')).send({ version: area.version, leadOfficer: jo }).expect(200);
    // The history keeps what was true then, addresses; the pages name the people.
    const history = (await t.http.get(`/api/areas/${area.id}/history`).set(t.as('viewer')).expect(200)).body as Array<{
      details: Record<string, unknown> | null;
    }>;
    expect(history.map((entry) => entry.details?.ownerId).filter(Boolean)).toEqual([{ from: owner.email, to: jo.email }]);

    const viewer = await session('viewer');
    expect((await viewer.get(`/actions/${action.id}`).expect(200)).text).toContain(`<li>Owner: ${owner.name} to Jo Brown</li>`);
    expect((await viewer.get(`/areas/${area.id}`).expect(200)).text).toContain('<li>Lead officer: Jo Brown</li>');
  });

  it('says once, on the first area, that a review needs an outcome, with its problems in the order of the page', async () => {
    const plan = await oxfordshirePlan(t);
    const [first] = plan.areas;
    const scrutiny = await session('scrutiny');
    const refused = await scrutiny.post(`/inspections/${plan.inspection.id}/reviews`, {
      'meetingOn-day': '31',
      'meetingOn-month': '2',
      'meetingOn-year': '2025',
    });
    expect(refused.status).toBe(400);
    expect(summary(refused.text)).toEqual([
      expect.stringMatching(/^#meetingOn-day .*real date/),
      `#outcome-${first.id} Choose the committee’s outcome for at least one area`,
    ]);
    expect(refused.text).not.toMatch(DEVELOPER_WORDS);
  });

  it('says at once that an area sent back needs the committee’s questions, beside a date that cannot be', async () => {
    const plan = await oxfordshirePlan(t);
    const [first, second] = plan.areas;
    const scrutiny = await session('scrutiny');
    const refused = await scrutiny.post(`/inspections/${plan.inspection.id}/reviews`, {
      committee: 'Education Scrutiny',
      'meetingOn-day': '31',
      'meetingOn-month': '2',
      'meetingOn-year': '2025',
      [`outcome-${first.id}`]: 'further_assurance',
      [`outcome-${second.id}`]: 'escalated',
      [`comment-${second.id}`]: 'Drug and alcohol services for care leavers are not yet commissioned.',
    });
    expect(refused.status).toBe(400);
    expect(summary(refused.text)).toEqual([
      expect.stringMatching(/^#meetingOn-day .*real date/),
      `#comment-${first.id} Enter the committee’s questions or reasons for area 1`,
    ]);
    expect(refused.text).toContain('Drug and alcohol services for care leavers are not yet commissioned.</textarea>');
  });

  it('gives every problem of a review at once: questions missing, a meeting before submission and an area that cannot close', async () => {
    const plan = await oxfordshirePlan(t);
    const [first, second] = plan.areas;
    const scrutiny = await session('scrutiny');
    const refused = await scrutiny.post(`/inspections/${plan.inspection.id}/reviews`, {
      committee: 'Education Scrutiny',
      'meetingOn-day': '1',
      'meetingOn-month': '7',
      'meetingOn-year': '2024',
      [`outcome-${first.id}`]: 'assured',
      [`outcome-${second.id}`]: 'further_assurance',
    });
    expect(refused.status).toBe(400);
    expect(summary(refused.text)).toEqual([
      `#meetingOn-day The date of the meeting must be on or after the date the plan was submitted, 10 July 2024`,
      `#outcome-${first.id} Area 1: The area still has 2 open actions, so it cannot close yet: record “Assured on progress” or “Further assurance requested” instead, or ask its lead officer to complete or cancel them first.`,
      `#comment-${second.id} Enter the committee’s questions or reasons for area 2`,
    ]);
    expect(refused.text).toContain('value="Education Scrutiny"');
  });

  it('brings the review form back, on the area, when the committee is assured about an area with open actions', async () => {
    const plan = await oxfordshirePlan(t);
    const [first] = plan.areas;
    const scrutiny = await session('scrutiny');
    const before = await t.dataSource.getRepository(AuditEvent).count();
    const refused = await scrutiny.post(`/inspections/${plan.inspection.id}/reviews`, {
      committee: 'Education Scrutiny',
      'meetingOn-day': '4',
      'meetingOn-month': '11',
      'meetingOn-year': '2024',
      [`outcome-${first.id}`]: 'assured',
      [`comment-${first.id}`]: 'Satisfied with the legal gateway.',
    });
    expect(refused.status).toBe(400);
    expect(summary(refused.text)).toEqual([
      `#outcome-${first.id} Area 1: The area still has 2 open actions, so it cannot close yet: record “Assured on progress” or “Further assurance requested” instead, or ask its lead officer to complete or cancel them first.`,
    ]);
    expect(refused.text).toContain('value="Education Scrutiny"');
    expect(refused.text).toContain('Satisfied with the legal gateway.</textarea>');
    expect(refused.text).not.toMatch(DEVELOPER_WORDS);
    expect(await t.dataSource.getRepository(AuditEvent).count()).toBe(before);
  });
});
