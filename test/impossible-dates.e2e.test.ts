import { Action } from '../src/actions/action.entity.js';
import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { csrfTokenFor } from '../src/auth/page-sessions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { ReportImport } from '../src/imports/report-import.entity.js';
import { Inspection } from '../src/inspections/inspection.entity.js';
import { User } from '../src/users/user.entity.js';
import { drivers } from './support/databases.js';
import { fixture } from './support/reports.js';
import { owner, scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const oxfordshireText = fixture('ofsted-ilacs-oxfordshire-2024.md').toString('utf8');

/** Every error at once: the order of the fields says the order they were found in. */
const inOrder = (fields: Record<string, string[]>) => Object.keys(fields);

describe.each(drivers)('dates that cannot be, refused with every reason at once and nothing written, on %s', (driver) => {
  let t: TestApp;

  beforeAll(async () => {
    // Monday 15 April 2024: the Oxfordshire report came out the week before.
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const written = async () => ({
    inspections: await t.dataSource.getRepository(Inspection).count(),
    actions: await t.dataSource.getRepository(Action).count(),
    audit: await t.dataSource.getRepository(AuditEvent).count(),
  });

  const session = async (userId: string) => {
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, userId));
    return { cookie: `session=${token}`, csrf: csrfTokenFor(token) };
  };

  it('refuses an inspection published in the future, received before its fieldwork ended, or ending before it started', async () => {
    const before = await written();
    const late = await t.http
      .post('/api/inspections')
      .set(t.as('deputy_director'))
      .send({
        authority: 'Oxfordshire County Council',
        framework: 'ILACS',
        startedOn: '2024-02-12',
        endedOn: '2024-02-23',
        publishedOn: '2030-04-09',
        receivedOn: '2024-01-01',
      })
      .expect(400);
    expect(late.body.fields).toEqual({
      publishedOn: ['The date the report was published must be today or in the past'],
      receivedOn: ['The date the council received the report must be on or after the date the inspection ended, 23 February 2024'],
    });
    expect(inOrder(late.body.fields)).toEqual(['publishedOn', 'receivedOn']);

    const backwards = await t.http
      .post('/api/inspections')
      .set(t.as('deputy_director'))
      .send({
        authority: 'Oxfordshire County Council',
        framework: 'ILACS',
        startedOn: '2024-02-23',
        endedOn: '2024-02-12',
        publishedOn: '2024-02-01',
        judgements: [{ area: 'Overall effectiveness', grade: 'adequate' }],
      })
      .expect(400);
    expect(backwards.body.fields).toEqual({
      endedOn: ['The date the inspection ended must be on or after the date it started, 23 February 2024'],
      'judgements.0.grade': ['Select a grade on the ILACS scale'],
    });
    expect(inOrder(backwards.body.fields)).toEqual(['endedOn', 'judgements.0.grade']);
    expect(await written()).toEqual(before);
  });

  it('refuses the same in a correction, and keeps the inspection as it was', async () => {
    const inspection = await scenario(t).inspection();
    const before = await written();
    const refused = await t.http
      .patch(`/api/inspections/${inspection.id}`)
      .set(t.as('deputy_director'))
      .send({ version: inspection.version, endedOn: '2024-02-01', receivedOn: '2024-04-16' })
      .expect(400);
    expect(refused.body.fields).toEqual({
      endedOn: ['The date the inspection ended must be on or after the date it started, 12 February 2024'],
      receivedOn: ['The date the council received the report must be today or in the past'],
    });
    expect(await written()).toEqual(before);
    // On the page for Ofsted's letter, a date of receipt before the fieldwork ended.
    const deputy = await session(t.users.deputy_director.id);
    const page = await t.http
      .post(`/inspections/${inspection.id}/letter`)
      .set('Cookie', deputy.cookie)
      .type('form')
      .send({
        _csrf: deputy.csrf,
        version: String(inspection.version),
        'receivedOn-day': '20',
        'receivedOn-month': '2',
        'receivedOn-year': '2024',
      });
    expect(page.status).toBe(400);
    expect(page.text).toContain(
      'The date the council received the report must be on or after the date the inspection ended, 23 February 2024',
    );
    expect(await written()).toEqual(before);
    const now = (await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('viewer')).expect(200)).body;
    expect(now).toMatchObject({ version: inspection.version, endedOn: '2024-02-23', receivedOn: '2024-04-09' });
  });

  it('refuses an import committed with a publication date to come and a receipt before the inspection', async () => {
    const preview = (
      await t.http.post('/api/imports').set(t.as('deputy_director')).set('Content-Type', 'text/markdown').send(oxfordshireText).expect(201)
    ).body;
    const before = { ...(await written()), imports: await t.dataSource.getRepository(ReportImport).count() };
    const refused = await t.http
      .post(`/api/imports/${preview.id}/commit`)
      .set(t.as('deputy_director'))
      .send({ authority: 'Oxfordshire County Council', publishedOn: '2030-04-09', receivedOn: '2024-01-01' })
      .expect(400);
    expect(refused.body.fields).toEqual({
      publishedOn: ['The date the report was published must be today or in the past'],
      receivedOn: ['The date the council received the report must be on or after the date the inspection ended, 23 February 2024'],
    });
    expect({ ...(await written()), imports: await t.dataSource.getRepository(ReportImport).count() }).toEqual(before);
    const still = (await t.http.get(`/api/imports/${preview.id}`).set(t.as('deputy_director')).expect(200)).body;
    expect(still.inspectionId ?? null).toBeNull();

    // The same on the page: both problems in the summary with the form's others (an area's missing wording), in the order of the form, and the dates as typed.
    const deputy = await session(t.users.deputy_director.id);
    const page = await t.http
      .post(`/imports/${preview.id}/commit`)
      .set('Cookie', deputy.cookie)
      .type('form')
      .send({
        _csrf: deputy.csrf,
        authority: 'Oxfordshire County Council',
        'publishedOn-day': '9',
        'publishedOn-month': '4',
        'publishedOn-year': '2030',
        'receivedOn-day': '1',
        'receivedOn-month': '1',
        'receivedOn-year': '2024',
        ...Object.fromEntries(
          preview.improvementAreas.map((area: { title: string }, index: number) => [`area-${index}-title`, index === 0 ? '' : area.title]),
        ),
      });
    expect(page.status).toBe(400);
    const summary = /<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(page.text)![1];
    expect([...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(([, href, text]) => `${href} ${text}`)).toEqual([
      '#publishedOn-day The date the report was published must be today or in the past',
      '#receivedOn-day The date the council received the report must be on or after the date the inspection ended, 23 February 2024',
      '#area-0-title Enter what needs to improve in area 1, or leave the area out',
    ]);
    expect(page.text).toMatch(/name="publishedOn-year" type="text" value="2030"/);
    expect({ ...(await written()), imports: await t.dataSource.getRepository(ReportImport).count() }).toEqual(before);

    // The council and the date published cleared are refused, not quietly put back from the report; every problem in page order.
    const cleared = await t.http
      .post(`/imports/${preview.id}/commit`)
      .set('Cookie', deputy.cookie)
      .type('form')
      .send({
        _csrf: deputy.csrf,
        authority: '',
        'publishedOn-day': '',
        'publishedOn-month': '',
        'publishedOn-year': '',
        planLeadName: 'Lena Lead',
        planLeadEmail: 'lena.lead-at-oxfordshire',
        ...Object.fromEntries(
          preview.improvementAreas.map((area: { title: string }, index: number) => [`area-${index}-title`, area.title]),
        ),
      });
    expect(cleared.status).toBe(400);
    const clearedSummary = /<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(cleared.text)![1];
    expect([...clearedSummary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(([, href, text]) => `${href} ${text}`)).toEqual([
      '#authority Enter the council’s name',
      '#publishedOn-day Enter the date the report was published',
      '#planLeadEmail Enter the email address of the plan lead in the correct format, like name@example.gov.uk',
    ]);
    expect(cleared.text).toMatch(/id="authority" name="authority" type="text" value=""/);
    expect(cleared.text).toContain('value="lena.lead-at-oxfordshire"');
    expect({ ...(await written()), imports: await t.dataSource.getRepository(ReportImport).count() }).toEqual(before);

    // Imported long after its deadline: the confirmation says so at once, and where to record Ofsted's own date.
    t.clock.set('2026-12-03T10:00:00Z');
    const later = await session(t.users.deputy_director.id);
    const late = await t.http
      .post(`/imports/${preview.id}/commit`)
      .set('Cookie', later.cookie)
      .type('form')
      .send({
        _csrf: later.csrf,
        authority: 'Oxfordshire County Council',
        ...Object.fromEntries(
          ['publishedOn', 'receivedOn'].flatMap((name) => [
            [`${name}-day`, '9'],
            [`${name}-month`, '4'],
            [`${name}-year`, '2024'],
          ]),
        ),
        ...Object.fromEntries(
          preview.improvementAreas.map((area: { title: string }, index: number) => [`area-${index}-title`, area.title]),
        ),
      })
      .expect(200);
    expect(late.text).toContain('Report imported');
    expect(late.text).toMatch(
      /The action plan is \d+ working days overdue \(it was due on Thursday 18 July 2024\)\. If Ofsted’s letter gives another date, record it under “Dates from Ofsted’s letter” on the plan’s page\./,
    );
    // The received date was given, so the page does not ask for it again.
    expect(late.text).not.toContain('received the report later than it was published');
    t.clock.set('2024-04-15T09:00:00Z');
  });

  it('asks the API to confirm a due date that has passed, on a new action and on a changed one', async () => {
    const s = scenario(t);
    const area = await s.area((await s.inspection({ authority: 'Pastshire County Council' })).id);
    const before = await written();
    const refused = await t.http
      .post(`/api/areas/${area.id}/actions`)
      .set(t.as('deputy_director'))
      .send({ title: 'Audit supervision', owner, dueOn: '2020-01-31' })
      .expect(400);
    expect(refused.body.fields).toEqual({
      confirmPastDueOn: ['The due date, 31 January 2020, has already passed: check it, or confirm that it is right'],
    });
    expect(await written()).toEqual(before);

    const confirmed = await s.action(area.id, { dueOn: '2020-01-31', confirmPastDueOn: true });
    expect(confirmed.dueOn).toBe('2020-01-31');

    const action = await s.action(area.id, { dueOn: '2024-10-31' });
    const moved = await t.http
      .patch(`/api/actions/${action.id}`)
      .set(t.as('deputy_director'))
      .send({ version: action.version, dueOn: '2024-04-12' })
      .expect(400);
    expect(Object.keys(moved.body.fields)).toEqual(['confirmPastDueOn']);
    expect((await t.http.get(`/api/actions/${action.id}`).set(t.as('viewer')).expect(200)).body).toMatchObject({
      dueOn: '2024-10-31',
      version: action.version,
    });
    // A date already past that is not being changed needs no confirming again.
    await t.http
      .patch(`/api/actions/${confirmed.id}`)
      .set(t.as('deputy_director'))
      .send({ version: confirmed.version, dueOn: '2020-01-31', successMeasure: 'Every file audited' })
      .expect(200);
  });

  it('on the page, reports every missing field of a new action at once, then asks to confirm a past due date, keeping what was typed', async () => {
    const s = scenario(t);
    const area = await s.area((await s.inspection({ authority: 'Formshire County Council' })).id);
    const deputy = await session(t.users.deputy_director.id);
    const post = (fields: Record<string, string>) =>
      t.http
        .post(`/areas/${area.id}/actions`)
        .set('Cookie', deputy.cookie)
        .type('form')
        .send({ _csrf: deputy.csrf, ...fields });
    const before = await written();

    const empty = await post({
      title: '',
      ownerName: '',
      ownerEmail: '',
      'dueOn-day': '',
      'dueOn-month': '',
      'dueOn-year': '',
      successMeasure: '',
    });
    expect(empty.status).toBe(400);
    const summary = /<div class="govuk-error-summary"[\s\S]*?<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(
      empty.text,
    )![1];
    expect([...summary.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(([, href, text]) => `${href} ${text}`)).toEqual([
      '#title Enter what will be done',
      '#ownerName Enter the name of the owner, or choose them from the list',
      '#ownerEmail Enter the email address of the owner',
      '#dueOn-day Enter the due date',
      '#successMeasure Enter how you will know it worked',
    ]);

    const typed = {
      title: 'Audit supervision files',
      ownerName: owner.name,
      ownerEmail: owner.email,
      'dueOn-day': '31',
      'dueOn-month': '1',
      'dueOn-year': '2020',
      successMeasure: 'Every file audited',
    };
    const past = await post(typed);
    expect(past.status).toBe(400);
    expect(past.text).toContain('The due date, 31 January 2020, has already passed: check it, or confirm that it is right');
    expect(past.text).toMatch(
      /<input class="govuk-checkboxes__input" id="confirmPastDueOn" name="confirmPastDueOn" type="checkbox" value="yes"/,
    );
    expect(past.text).toContain('>Audit supervision files</textarea>');
    expect(past.text).toContain(`value="${owner.email}"`);
    expect(await written()).toEqual(before);

    const confirmed = await post({ ...typed, confirmPastDueOn: 'yes' });
    expect(confirmed.status).toBe(303);
    expect((await written()).actions).toBe(before.actions + 1);
  });

  it('refuses a temporary password as the new one, on the page and in the API', async () => {
    const made = await t.http
      .post('/api/users')
      .set(t.as('admin'))
      .send({ name: 'Tem Porary', email: 'tem.porary@oxfordshire.gov.uk', role: 'viewer', password: 'temporary password 1' })
      .expect(201);
    const signedIn = (await t.http.post('/api/auth/login').send({ email: made.body.email, password: 'temporary password 1' }).expect(200))
      .body;
    const same = await t.http
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${signedIn.token}`)
      .send({ currentPassword: 'temporary password 1', newPassword: 'temporary password 1' })
      .expect(400);
    expect(same.body.fields).toEqual({ newPassword: ['Enter a new password that is different from your current one'] });

    const browser = await session(made.body.id);
    const page = await t.http.post('/account/password').set('Cookie', browser.cookie).type('form').send({
      _csrf: browser.csrf,
      currentPassword: 'temporary password 1',
      newPassword: 'temporary password 1',
      confirmPassword: 'temporary password 1',
    });
    expect(page.status).toBe(400);
    expect(page.text).toContain('Enter a new password that is different from your current one');
    expect(await t.dataSource.getRepository(User).findOneByOrFail({ id: made.body.id })).toMatchObject({ mustChangePassword: true });
  });
});
