import ExcelJS from 'exceljs';
import { csrfTokenFor } from '../src/auth/page-sessions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { User } from '../src/users/user.entity.js';
import { drivers } from './support/databases.js';
import { oxfordshirePlan } from './support/oxfordshire-plan.js';
import { SEEN_ON_TIME } from './support/measure-bodies.js';
import { scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { binary } from './support/binary.js';

/** The references of the actions a list page links to, in the order it shows them. */
const listed = (html: string) => [...html.matchAll(/href="\/actions\/[0-9a-f-]{36}">(\d+\.\d+) /g)].map((match) => match[1]);

describe.each(drivers)('lists and downloads on the pages, on %s', (driver) => {
  let t: TestApp;
  let plan: Awaited<ReturnType<typeof oxfordshirePlan>>;

  beforeAll(async () => {
    t = await createTestApp(driver);
    plan = await oxfordshirePlan(t);
  });
  afterAll(() => t.close());

  /** A browser's session cookie for the person with this email address (made active, as signing in would). */
  const session = async (email: string) => {
    const users = t.dataSource.getRepository(User);
    const user = await users.findOneByOrFail({ email });
    await users.update({ id: user.id }, { active: true });
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, user.id));
    return { Cookie: `session=${token}`, csrf: csrfTokenFor(token) };
  };
  const page = async (path: string, email = t.users.viewer.email) =>
    (
      await t.http
        .get(path)
        .set(await session(email))
        .expect(200)
    ).text;
  const idOf = async (email: string) => (await t.dataSource.getRepository(User).findOneByOrFail({ email })).id;

  it('lists every action, and narrows the list by owner, rating, state, area and overdue, keeping the choices made', async () => {
    expect(listed(await page('/actions'))).toEqual(['1.1', '1.2', '1.3', '2.1', '2.2', '3.1', '3.2', '4.1', '4.2']);

    const sam = await idOf('sam.social@oxfordshire.gov.uk');
    const bySam = await page(`/actions?owner=${sam}`);
    expect(listed(bySam)).toEqual(['2.1', '2.2']);
    expect(bySam).toMatch(new RegExp(`<option value="${sam}" selected>Sam Social</option>`));

    expect(listed(await page('/actions?rating=at_risk'))).toEqual(['2.2', '3.1', '4.1']);
    expect(listed(await page('/actions?state=blocked'))).toEqual(['3.1']);
    expect(listed(await page(`/actions?area=${plan.areas[3].id}`))).toEqual(['4.1', '4.2']);
    const overdue = await page('/actions?overdue=yes');
    expect(listed(overdue)).toEqual(['1.3']);
    expect(overdue).toMatch(/name="overdue" type="checkbox" value="yes" checked/);
    expect(listed(await page(`/actions?owner=${sam}&rating=overdue`))).toEqual([]);
    expect(await page('/actions?rating=not-a-rating&state=%3Cscript%3E')).not.toContain('<script>');
  });

  it('shows the actions someone assigned, and the areas someone leads', async () => {
    expect(listed(await page('/assigned-actions', t.users.deputy_director.email))).toHaveLength(9);
    expect(await page('/assigned-actions', t.users.director.email)).toContain('No actions match.');

    const areas = await page('/my-areas', 'pat.proceedings@oxfordshire.gov.uk');
    expect(areas).toContain(`href="/areas/${plan.areas[0].id}"`);
    expect(areas).not.toContain(`href="/areas/${plan.areas[1].id}"`);
    expect(await page('/my-areas')).toContain('You are not the lead officer for any open improvement area.');
    expect(areas).toContain('Not written yet');
    expect(areas).toContain(`href="/areas/${plan.areas[0].id}/summary">Write the summary`);

    // An action owner who leads an area finds it, and the summary the committee reads, on their Home.
    await t.dataSource.getRepository(User).update({ email: 'pat.proceedings@oxfordshire.gov.uk' }, { role: 'action_owner' });
    try {
      const patsHome = await page('/', 'pat.proceedings@oxfordshire.gov.uk');
      expect(patsHome).toContain('Improvement areas you lead');
      expect(patsHome).toContain(`href="/areas/${plan.areas[0].id}/summary">Write the summary`);
      await t.http
        .put(`/api/areas/${plan.areas[0].id}/narrative`)
        .set(await t.signIn('pat.proceedings@oxfordshire.gov.uk'))
        .send({
          narrative: 'Letters before proceedings are now tracked weekly.',
          version: (await t.http.get(`/api/areas/${plan.areas[0].id}`).set(t.as('viewer'))).body.version,
        })
        .expect(200);
      const written = await page('/', 'pat.proceedings@oxfordshire.gov.uk');
      expect(written).toMatch(/Written \d{1,2} \w+ \d{4}<br><a class="govuk-link" href="\/areas\/[\w-]+\/summary">Change the summary/);
    } finally {
      await t.dataSource.getRepository(User).update({ email: 'pat.proceedings@oxfordshire.gov.uk' }, { role: 'viewer' });
    }

    // Home offers each list to whoever has something in it: the deputy director assigned actions and leads no area.
    const home = await page('/', t.users.deputy_director.email);
    expect(home).toContain('href="/assigned-actions"');
    expect(home).not.toContain('href="/my-areas"');
    // The committee's members are never named to lead an area: their Home offers no such list, and says "Action plans" once.
    const scrutinyHome = await page('/', t.users.scrutiny.email);
    expect(scrutinyHome).not.toContain('href="/my-areas"');
    expect(scrutinyHome.match(/>Action plans</g)).toHaveLength(1);
  });

  it('shows each person only their own reminders, naming and linking the item each is about; an administrator sees everyone’s', async () => {
    const olu = 'olu.owner@oxfordshire.gov.uk';
    const own = (
      await t.http
        .get('/api/reminders')
        .set(await t.signIn(olu))
        .query({ limit: 1000 })
        .expect(200)
    ).body as Array<{
      recipient: { email: string };
      about: { label: string; path: string };
    }>;
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own.map((reminder) => reminder.recipient.email))).toEqual(new Set([olu]));
    expect(own.map((reminder) => reminder.about.label)).toContain('Action 1.2');
    const everyone = (await t.http.get('/api/reminders').set(t.as('admin')).query({ limit: 1000 }).expect(200)).body as Array<{
      recipient: { email: string };
    }>;
    expect(new Set(everyone.map((reminder) => reminder.recipient.email)).size).toBeGreaterThan(3);

    const reminders = await page('/reminders', olu);
    expect(reminders).toContain(
      `<a class="govuk-link" href="/actions/${plan.actions.signOff.id}">Action 1.2</a>: Track time from decision to letter before proceedings`,
    );
    expect(reminders).not.toContain('Sam Social');
    expect(reminders).not.toContain('About: Action');
    expect(reminders).toContain('Reminders are emailed from 8am on working days, never at weekends or on bank holidays.');
    expect(reminders).toMatch(/<th[^>]*>Reminder<\/th>/);
    expect(reminders).toMatch(/<td[^>]*>(<span class="app-table__label"[^>]*>Reminder<\/span>)?\s*\d+ working days? before it is due/);
    expect(await page('/reminders', t.users.admin.email)).toContain('Sam Social');
  });

  it('gives the spreadsheet, the CSV and the committee paper to a signed-in browser, and sends anyone else to sign in', async () => {
    const cookie = { Cookie: (await session(t.users.viewer.email)).Cookie };
    const inspection = `/inspections/${plan.inspection.id}`;
    expect(await page(inspection)).toContain(`href="${inspection}/plan.xlsx"`);

    const xlsx = await t.http.get(`${inspection}/plan.xlsx`).set(cookie).buffer(true).parse(binary).expect(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    const bytes = xlsx.body as Buffer;
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(workbook.getWorksheet('Action plan')!.rowCount).toBe(10);

    const csv = await t.http.get(`${inspection}/plan.csv`).set(cookie).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="action-plan-oxfordshire-county-council-2024-11-04.csv"');
    expect(csv.text).toContain('Audit 40 pre-proceedings cases');

    const docx = await t.http.get(`${inspection}/reports/scrutiny.docx`).set(cookie).buffer(true).parse(binary).expect(200);
    expect((docx.body as Buffer).subarray(0, 2).toString()).toBe('PK');

    for (const download of ['plan.xlsx', 'plan.csv', 'reports/scrutiny.docx']) {
      await t.http
        .get(`${inspection}/${download}`)
        .expect(303)
        .expect('location', /^\/sign-in/);
    }
  });

  it('lists past reviews with each area’s outcome, and prints the plan with every action’s rating', async () => {
    const reviews = await page(`/inspections/${plan.inspection.id}/reviews`);
    expect(reviews).toContain('Review 1: Education and Young People Overview &amp; Scrutiny Committee, 10 October 2024');
    expect(reviews).toContain('Further assurance requested');
    expect(reviews).toContain('Referred to the improvement board: no placements offered yet.');
    expect(reviews).toContain('Review 2 is due by');
    // Who recorded each review, and when: the day it was recorded may not be the day the committee met.
    expect(reviews).toMatch(/Recorded by [A-Z][a-z]+ [A-Z][a-z]+ on \d{1,2} [A-Z][a-z]+ \d{4}/);

    const printable = await page(`/inspections/${plan.inspection.id}/print`);
    expect(printable).toContain('Audit 40 pre-proceedings cases');
    expect([...printable.matchAll(/govuk-tag--[a-z]+">\s*([A-Za-z -]+?)\s*</g)].map((match) => match[1])).toEqual([
      'Complete',
      'Awaiting sign-off',
      'Overdue',
      'On track',
      'At risk',
      'At risk',
      'Cancelled',
      'At risk',
      'Off track',
    ]);

    // The plan as printed, and as checked before it is approved and sent, gives each area's measures of impact.
    const [first] = plan.areas;
    await scenario(t).post(`/api/areas/${first.id}/measures`, SEEN_ON_TIME);
    const measured = await page(`/inspections/${plan.inspection.id}/print`);
    expect(measured).toContain('Measures of impact for area 1');
    expect(measured).toMatch(
      /Children seen within 5 working days of a strategy discussion<\/td>\s*<td[^>]*>55% on 31 March 2024<\/td>\s*<td[^>]*>85% by 30 September 2025<\/td>/,
    );
    const checked = await page(`/inspections/${plan.inspection.id}/check/approve`, t.users.director.email);
    expect(checked).toContain(
      '<li>Children seen within 5 working days of a strategy discussion: from 55% on 31 March 2024 to 85% by 30 September 2025</li>',
    );
  });

  it('prints a plan about to go to Ofsted as the plan, not as a draft with its figures chased', async () => {
    const s = scenario(t);
    const inspection = await s.inspection({ authority: 'Printshire County Council' });
    const area = await s.area(inspection.id, 'Timeliness of child protection visits');
    await s.action(area.id, { title: 'Audit every strategy discussion', dueOn: '2030-06-28' });
    await s.post(`/api/areas/${area.id}/measures`, SEEN_ON_TIME);
    const draft = await page(`/inspections/${inspection.id}/print`);
    expect(draft).not.toMatch(/Draft\.\s*Lead officer/);
    expect(draft).toContain('Measures of impact for area 1');
    expect(draft).not.toContain('has not been entered');
    expect(draft).not.toContain('Approved by cabinet');
    expect(draft).not.toMatch(/Measures of impact for area 1[\s\S]*Rating<\/th>/);
    await scenario(t, 'director').event('inspections', inspection.id, 'APPROVE', 1);
    const approved = await page(`/inspections/${inspection.id}/print`);
    expect(approved).toMatch(/Approved by cabinet\s*<\/dt>\s*<dd[^>]*>\s*\d{1,2} [A-Z][a-z]+ \d{4}/);
    // Sent back to draft, it is no longer approved, whatever day it once was.
    await scenario(t, 'director').event('inspections', inspection.id, 'RETURN_TO_DRAFT', 2, 'Cabinet asked for a fifth area.');
    expect(await page(`/inspections/${inspection.id}/print`)).not.toContain('Approved by cabinet');
    await scenario(t, 'director').event('inspections', inspection.id, 'APPROVE', 3);
    // Once it has gone, delivery is under way: each area's state and each measure's rating are printed.
    await scenario(t, 'director').event('inspections', inspection.id, 'SUBMIT', 4);
    const sent = await page(`/inspections/${inspection.id}/print`);
    expect(sent).toMatch(/Submitted\.\s*Lead officer/);
    expect(sent).toMatch(/<th scope="col" class="govuk-table__header">Rating<\/th>[\s\S]*Measures of impact for area 1[\s\S]*Rating<\/th>/);
  });

  it('makes, shows once, and turns off a calendar link on My settings', async () => {
    const { Cookie, csrf } = await session(t.users.action_owner.email);
    expect((await t.http.get('/settings').set({ Cookie }).expect(200)).text).toContain('You have no calendar link.');

    const made = await t.http.post('/settings/calendar-feed').set({ Cookie }).type('form').send({ _csrf: csrf }).expect(200);
    const link = /id="calendar-link"[^>]*value="([^"]+)"/.exec(made.text)?.[1];
    expect(link).toMatch(/^http:\/\/.+\/api\/calendar-feeds\/[\w-]+\.ics$/);
    const feedPath = new URL(link!).pathname;
    expect((await t.http.get(feedPath).expect(200)).text).toContain('BEGIN:VCALENDAR');

    const later = (await t.http.get('/settings').set({ Cookie }).expect(200)).text;
    expect(later).toContain('You made a calendar link on 4 November 2024');
    expect(later).not.toContain(link!);

    await t.http
      .post('/settings/calendar-feed/revoke')
      .set({ Cookie })
      .type('form')
      .send({ _csrf: csrf })
      .expect(303)
      .expect('location', '/settings?done=calendar');
    await t.http.get(feedPath).expect(404);
    expect((await t.http.get('/settings').set({ Cookie }).expect(200)).text).toContain('You have no calendar link.');
    const history = (await t.http.get(`/api/users/${t.users.action_owner.id}/history`).set(t.as('admin')).expect(200)).body as Array<{
      event: string;
    }>;
    expect(history.map((entry) => entry.event).filter((event) => event.startsWith('CALENDAR'))).toEqual([
      'CALENDAR_FEED_MADE',
      'CALENDAR_FEED_REVOKED',
    ]);
  });

  it('offers "Areas you lead" to a committee member who was named, by address, to lead an area', async () => {
    const s = scenario(t);
    const inspection = await s.inspection({ authority: 'Named County Council' });
    await s.post(`/api/inspections/${inspection.id}/areas`, {
      title: 'Quality of supervision',
      leadOfficer: { name: t.users.scrutiny.name, email: t.users.scrutiny.email },
    });
    const home = await page('/', t.users.scrutiny.email);
    expect(home).toContain('href="/my-areas"');
    expect(await page('/my-areas', t.users.scrutiny.email)).toContain('Quality of supervision');
  });

  it('offers "Actions you assigned" and "Areas you lead" on Home only to someone with actions or areas in them', async () => {
    // The deputy director assigned the plan's actions; the director assigned none and leads no area.
    expect(await page('/', t.users.deputy_director.email)).toContain('href="/assigned-actions"');
    const directorHome = await page('/', t.users.director.email);
    expect(directorHome).not.toContain('href="/assigned-actions"');
    expect(directorHome).not.toContain('href="/my-areas"');
  });
});
