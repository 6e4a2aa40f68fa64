import { csrfTokenFor } from '../src/auth/page-sessions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import type { Role } from '../src/auth/permissions.js';
import { User } from '../src/users/user.entity.js';
import { startIdentityProvider, type TestIdentityProvider } from './support/identity-provider.js';
import { words } from './support/page-words.js';
import { fixture } from './support/reports.js';
import { scenario } from './support/scenario.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

// The pages call the same services as the API, whose tests run on both databases: SQLite is enough here.
describe('the web pages', () => {
  let provider: TestIdentityProvider;
  let t: TestApp;

  beforeAll(async () => {
    provider = await startIdentityProvider(
      'http://localhost:3000/api/auth/oidc/callback',
      'http://localhost:3000/sign-in/single-sign-on/callback',
    );
    t = await createTestApp('sqlite', {
      env: { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret },
    });
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  const session = async (role: Role) => {
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users[role].id));
    return { cookie: `session=${token}`, csrf: csrfTokenFor(token) };
  };

  it('signs a browser in through single sign-on, and only the browser that started it', async () => {
    await t.http
      .get('/sign-in')
      .expect(200)
      .expect(/Sign in with your council account/);
    provider.signInAs(PEOPLE.scrutiny.email);
    const start = await t.http.get('/sign-in/single-sign-on').expect(303);
    const started = start.headers['set-cookie'] as unknown as string[];
    expect(started.join()).toMatch(/single_sign_on=.+; Path=\/; HttpOnly; SameSite=Lax/);
    const callback = await provider.browse(start.headers.location);
    expect(callback).toMatch(/^\/sign-in\/single-sign-on\/callback\?/);

    const elsewhere = await t.http.get(callback).expect(400);
    expect(elsewhere.text).toContain('Single sign-on did not finish in the browser that started it');

    const signedIn = await t.http
      .get(callback)
      .set(
        'Cookie',
        started.map((cookie) => cookie.split(';')[0]),
      )
      .expect(303);
    expect(signedIn.headers.location).toBe('/');
    const sessionCookie = (signedIn.headers['set-cookie'] as unknown as string[]).find((cookie) => cookie.startsWith('session='))!;
    expect(sessionCookie).toMatch(/HttpOnly; SameSite=Lax/);
    const home = await t.http.get('/').set('Cookie', sessionCookie.split(';')[0]).expect(200);
    expect(home.text).toContain(PEOPLE.scrutiny.name);
  });

  it('tells each person, while there is no plan, who starts one', async () => {
    // An app of its own, with no plan in it whatever the other tests record.
    const empty = await createTestApp('sqlite');
    try {
      const home = async (role: Role) => {
        const { token } = await empty.dataSource.transaction((manager) =>
          empty.app.get(TokensService).issueSession(manager, empty.users[role].id),
        );
        return words((await empty.http.get('/').set('Cookie', `session=${token}`).expect(200)).text);
      };
      expect(await home('deputy_director')).toContain('No inspections have been recorded yet. Import an Ofsted report to start a plan.');
      expect(await home('admin')).toContain(
        'No inspections have been recorded yet. A plan starts when a director or deputy director imports the Ofsted report: give one of them an account from Users.',
      );
      expect(await home('scrutiny')).toContain(
        'No inspections have been recorded yet. A plan starts when a director or deputy director imports the Ofsted report.',
      );
    } finally {
      await empty.close();
    }
  });

  it('tells a director on Home which plan waits for their decision, and which decision', async () => {
    const plan = scenario(t);
    const inspection = await plan.inspection({ authority: 'Decisions County Council' });
    const area = await plan.area(inspection.id, 'Supervision');
    const waiting = async (role: Role) => {
      const home = (
        await t.http
          .get('/')
          .set('Cookie', (await session(role)).cookie)
          .expect(200)
      ).text;
      // This plan's own part of the page: others may be waiting too.
      const part = words(home.split('<div class="app-plan">').find((chunk) => chunk.includes('Decisions County Council'))!);
      return /Waiting for you (Check the plan and record (?:cabinet approval|it as sent to Ofsted))/.exec(part)?.[1] ?? null;
    };
    // Not ready: an area without an action is no decision to take.
    expect(await waiting('director')).toBeNull();
    await plan.action(area.id, { dueOn: '2024-12-20' });
    expect(await waiting('director')).toBe('Check the plan and record cabinet approval');
    const home = (
      await t.http
        .get('/')
        .set('Cookie', (await session('director')).cookie)
        .expect(200)
    ).text;
    expect(home).toContain(`href="/inspections/${inspection.id}/check/approve">Check the plan and record cabinet approval</a>`);
    // Only for those who decide.
    expect(await waiting('deputy_director')).toBeNull();
    await scenario(t, 'director').event('inspections', inspection.id, 'APPROVE', 1);
    expect(await waiting('director')).toBe('Check the plan and record it as sent to Ofsted');
    await scenario(t, 'director').event('inspections', inspection.id, 'SUBMIT', 2);
    expect(await waiting('director')).toBeNull();
  });

  it('names the lead officer of each area on the plan’s page, and says who is still to be named', async () => {
    const plan = scenario(t);
    const inspection = await plan.inspection({ authority: 'Leads County Council' });
    await plan.area(inspection.id, 'Supervision');
    const { cookie } = await session('viewer');
    // Who leads each area is on the plan's page, and who is still to be named.
    const led = await plan.post(`/api/inspections/${inspection.id}/areas`, {
      title: 'Care leavers',
      leadOfficer: { name: 'Lee Lead', email: 'lee.lead@oxfordshire.gov.uk' },
    });
    const areas = words(
      /<h2 class="govuk-heading-m">Improvement areas<\/h2>[\s\S]*?<\/table>/.exec(
        (await t.http.get(`/inspections/${inspection.id}`).set('Cookie', cookie).expect(200)).text,
      )![0],
    );
    expect(areas).toContain('Ref Area Lead officer Timeframe State 1 Supervision Not named Draft');
    expect(areas).toContain(`2 ${led.title} Lee Lead Draft`);
  });

  it('says on an action reported done who signs it off', async () => {
    const plan = scenario(t);
    const area = await plan.area((await plan.inspection({ authority: 'Sign-off County Council' })).id);
    const action = await plan.action(area.id, { dueOn: '2030-03-29' });
    await scenario(t, 'action_owner').post(`/api/actions/${action.id}/updates`, { text: 'Every team audited.', percentComplete: 100 });
    const page = async (role: Role) =>
      words(
        (
          await t.http
            .get(`/actions/${action.id}`)
            .set('Cookie', (await session(role)).cookie)
            .expect(200)
        ).text,
      );
    expect(await page('action_owner')).toContain(
      `${PEOPLE.deputy_director.name}, who assigned it, checks the work, then marks it as completed or says what is still missing.`,
    );
    expect(await page('deputy_director')).toContain(
      'You assigned it: check the work, then mark it as completed, or report progress to say what is still missing.',
    );
    // Once whoever assigned it has left, the page does not send the owner to them.
    await t.dataSource.getRepository(User).update({ id: t.users.deputy_director.id }, { active: false });
    expect(await page('action_owner')).toContain(
      'A deputy director checks the work, then marks it as completed or says what is still missing.',
    );
    await t.dataSource.getRepository(User).update({ id: t.users.deputy_director.id }, { active: true });
    await plan.event('actions', action.id, 'COMPLETE', (await t.http.get(`/api/actions/${action.id}`).set(t.as('viewer'))).body.version);
    expect(await page('action_owner')).not.toContain('who assigned it, checks the work');
  });

  it('gives a reader the plan’s task list as statuses, without links to steps they cannot take', async () => {
    const plan = scenario(t);
    const inspection = await plan.inspection({ authority: 'Readers County Council' });
    const area = await plan.area(inspection.id, 'Supervision');
    const taskList = async (role: Role) =>
      /<h2 class="govuk-heading-m">Building the plan<\/h2>[\s\S]*?<\/ul>/.exec(
        (
          await t.http
            .get(`/inspections/${inspection.id}`)
            .set('Cookie', (await session(role)).cookie)
            .expect(200)
        ).text,
      )![0];
    const asViewer = await taskList('viewer');
    expect(asViewer).not.toContain('href=');
    expect(words(asViewer)).toContain('The deputy director builds the plan and the director approves it.');
    expect(words(asViewer)).toContain('Name a lead officer for each area Incomplete');
    const asDeputy = await taskList('deputy_director');
    expect(asDeputy).toContain(`href="/areas/${area.id}"`);
    expect(asDeputy).not.toContain('The deputy director builds the plan');
  });

  it("shows why the plan or an area cannot move on yet, in the workflow's own words", async () => {
    const plan = scenario(t);
    const inspection = await plan.inspection({ authority: 'Reasons County Council' });
    const area = await plan.area(inspection.id, 'Supervision');
    const { cookie } = await session('director');
    const page = await t.http.get(`/inspections/${inspection.id}`).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('You cannot approve yet:');
    expect(page.text).toContain('Each area needs at least one action with an owner and a due date. Not ready: 1 Supervision.');
    expect(page.text).toMatch(/<button[^>]*disabled[^>]*>\s*Approve/);
    expect(page.headers['cache-control']).toBe('no-store');

    const deputy = await session('deputy_director');
    const asDeputy = await t.http.get(`/inspections/${inspection.id}`).set('Cookie', deputy.cookie).expect(200);
    expect(asDeputy.text).not.toContain('Decide on the plan');
    expect(asDeputy.text).toContain('A director approves the plan');
    // The charts of a plan still being drafted are a link away, before the committee's links appear with submission.
    expect(asDeputy.text).toContain(`<a class="govuk-link" href="/inspections/${inspection.id}/progress">Progress over time`);
    const areaPage = await t.http.get(`/areas/${area.id}`).set('Cookie', deputy.cookie).expect(200);
    // A draft plan's area goes to Ofsted with the plan: it offers no step of its own that could be taken for sending the plan.
    expect(areaPage.text).toContain(
      'This area goes to Ofsted with the plan: it is marked as sent when a director records the plan as sent',
    );
    expect(areaPage.text).toContain('It is not ready to go yet:');
    expect(areaPage.text).toContain('The area needs at least one action with an owner and a due date before it can be submitted.');
    expect(areaPage.text).not.toContain('id="event-SUBMIT"');

    // Ready, it still goes with the plan, and the page does not list the plan's going as something the area lacks.
    await plan.action(area.id);
    const readyPage = (await t.http.get(`/areas/${area.id}`).set('Cookie', deputy.cookie).expect(200)).text;
    expect(readyPage).toContain('This area goes to Ofsted with the plan');
    expect(readyPage).not.toContain('It is not ready to go yet:');
    expect(readyPage).not.toContain('id="event-SUBMIT"');

    // Once the plan has gone, an area added later is marked as sent on its own.
    await scenario(t, 'director').event('inspections', inspection.id, 'APPROVE', 1);
    await scenario(t, 'director').event('inspections', inspection.id, 'SUBMIT', 2);
    const late = await plan.area(inspection.id, 'Return home interviews');
    await plan.action(late.id);
    const latePage = (await t.http.get(`/areas/${late.id}`).set('Cookie', deputy.cookie).expect(200)).text;
    expect(latePage).not.toContain('This area goes to Ofsted with the plan');
    expect(latePage).toMatch(/id="event-SUBMIT"[\s\S]*?Mark as sent to Ofsted\s*<\/button>/);
  });

  it('offers an action’s next steps in the workflow’s order, Start first, and names Cancel for what it cancels', async () => {
    const plan = scenario(t);
    const action = await plan.action((await plan.area((await plan.inspection()).id)).id);
    const { cookie } = await session('deputy_director');
    const page = (await t.http.get(`/actions/${action.id}`).set('Cookie', cookie).expect(200)).text;
    const buttons = [...page.matchAll(/id="event-([A-Z_]+)"/g)].map(([, event]) => event);
    expect(buttons).toEqual(['START', 'COMPLETE', 'BLOCK', 'CANCEL']);
    expect(page).toContain('Reason to cancel the action');
    expect(page).toMatch(/<button[^>]*>\s*Cancel the action\s*<\/button>/);
  });

  it('leaves completing and cancelling an action to whoever assigned it: its owner reports it done, or asks', async () => {
    const plan = scenario(t);
    const action = await plan.action((await plan.area((await plan.inspection()).id)).id);
    const { cookie } = await session('action_owner');
    const page = (await t.http.get(`/actions/${action.id}`).set('Cookie', cookie).expect(200)).text;
    expect([...page.matchAll(/id="event-([A-Z_]+)"/g)].map(([, event]) => event)).toEqual(['START', 'BLOCK']);
    expect(words(page)).toContain(
      'When the work is done, report it as 100% complete below: Dana Deputy, who assigned it, checks it and marks it as completed. To have it cancelled, ask them.',
    );
    const cancel = await t.http
      .post(`/api/actions/${action.id}/events`)
      .set(t.as('action_owner'))
      .send({ type: 'CANCEL', version: 1, comment: 'Not needed.' })
      .expect(403);
    expect(cancel.body.message).toBe('Cancelling action 1.1 is for Dana Deputy, who assigned it: ask them to cancel it, and say why.');
    expect((await t.http.get(`/api/actions/${action.id}`).set(t.as('viewer')).expect(200)).body.state).toBe('not_started');

    // Once completed, its owner and date are history: its page no longer offers to change them, its wording still.
    await plan.event('actions', action.id, 'COMPLETE', 1);
    const deputy = await session('deputy_director');
    const finished = (await t.http.get(`/actions/${action.id}`).set('Cookie', deputy.cookie).expect(200)).text;
    expect(finished).not.toContain(`/actions/${action.id}/change/owner`);
    expect(finished).not.toContain(`/actions/${action.id}/change/due-date`);
    expect(finished).toContain(`/actions/${action.id}/change/title`);
  });

  it('says which area an action is for, the framework in words on Home, and renumbering only when there was some', async () => {
    const plan = scenario(t);
    const inspection = await plan.inspection({ authority: 'Wordy County Council' });
    const area = await plan.area(inspection.id, 'The quality of supervision.');
    const first = await plan.action(area.id, { title: 'Audit supervision monthly' });
    const last = await plan.action(area.id, { title: 'Audit supervision monthly, typed twice' });
    const { cookie, csrf } = await session('deputy_director');
    const page = (await t.http.get(`/actions/${first.id}`).set('Cookie', cookie).expect(200)).text;
    expect(page).toMatch(
      new RegExp(
        `Improvement area\\s*</dt>\\s*<dd[^>]*>\\s*<a class="govuk-link" href="/areas/${area.id}">Area 1: The quality of supervision.</a>`,
      ),
    );
    // The progress form says what the RAG rating given with an update does to the action's own (config/rag.yaml: worsens).
    expect(page).toContain(
      'The action’s RAG rating, at the top of the page, is worked out from its dates and how complete it is. Your amber or red can make it worse; your green alone does not make it better.',
    );
    // Its history gives the time of each entry, so that several on one day read in order.
    expect(page).toMatch(/<th[^>]*>When<\/th>/);
    expect(page).toMatch(/<td[^>]*>\d{1,2} [A-Z][a-z]+ \d{4} at (\d{1,2}(:\d{2})?(am|pm)|midday|midnight)<\/td>/);
    expect((await t.http.get('/').set('Cookie', cookie).expect(200)).text).toContain(
      'Wordy County Council: Inspection of local authority children&#39;s services (ILACS, 2018 on), published',
    );
    const summary = (await t.http.get(`/areas/${area.id}/summary`).set('Cookie', cookie).expect(200)).text;
    expect(summary).toContain('Area 1: The quality of supervision. How the area is progressing');

    const removed = await t.http
      .post(`/actions/${last.id}/remove`)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, version: String(last.version) })
      .expect(303);
    const after = (await t.http.get(removed.headers.location).set('Cookie', cookie).expect(200)).text;
    expect(after).toContain('The action has been removed.');
    expect(after).not.toContain('renumbered');
  });

  it('asks for a reason only where the workflow needs one, and a step that needs none goes through without', async () => {
    const plan = scenario(t);
    const inspection = await plan.inspection({ authority: 'Reasonable County Council' });
    const area = await plan.area(inspection.id, 'Supervision');
    await plan.action(area.id);
    const director = scenario(t, 'director');
    await director.event('inspections', inspection.id, 'APPROVE', 1);
    const { cookie, csrf } = await session('director');
    // An approved plan offers "Return to draft", which the machine takes without a reason: no box asks for one.
    const approved = await t.http.get(`/inspections/${inspection.id}`).set('Cookie', cookie).expect(200);
    expect(approved.text).toMatch(/<button[^>]*>\s*Return to draft/);
    expect(approved.text).not.toContain('Reason to return to draft');
    await t.http
      .post(`/inspections/${inspection.id}/events`)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, type: 'RETURN_TO_DRAFT', version: '2' })
      .expect(200);
    expect((await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('viewer')).expect(200)).body.plan.state).toBe('draft');

    // An action still asks why it is being blocked, as its machine does.
    const { id: actionId } = (await t.http.get(`/api/areas/${area.id}`).set(t.as('viewer')).expect(200)).body.actions[0];
    const actionPage = await t.http.get(`/actions/${actionId}`).set('Cookie', cookie).expect(200);
    expect(actionPage.text).toContain('Reason to block');
  });

  it('shows form errors the GOV.UK way: a summary at the top, a message at each field, what was typed kept', async () => {
    const plan = scenario(t);
    const area = await plan.area((await plan.inspection({ authority: 'Forms County Council' })).id, 'Permanence');
    const { cookie, csrf } = await session('deputy_director');
    const page = await t.http
      .post(`/areas/${area.id}/actions`)
      .set('Cookie', cookie)
      .type('form')
      .send({
        _csrf: csrf,
        title: 'Audit permanence plans',
        ownerName: 'Owen Owner',
        ownerEmail: 'not an address',
        'dueOn-day': '31',
        'dueOn-month': '2',
        'dueOn-year': '2025',
      })
      .expect(400);
    expect(page.text).toContain('<title>Error: ');
    expect(page.text).toMatch(/govuk-error-summary[\s\S]*href="#ownerEmail"[\s\S]*href="#dueOn-day"/);
    expect(page.text).toContain('Due date must be a real date');
    expect(page.text).toContain('>Audit permanence plans</textarea>');
    expect(page.text).toContain('value="Owen Owner"');
    expect((await t.http.get(`/api/areas/${area.id}`).set(t.as('viewer'))).body.actions).toEqual([]);
  });

  it('lets an admin give someone an account, who signs in and must first choose their own password', async () => {
    const admin = await session('admin');
    const added = await t.http
      .post('/admin/users')
      .set('Cookie', admin.cookie)
      .type('form')
      .send({
        _csrf: admin.csrf,
        name: 'Nia New',
        email: 'nia.new@oxfordshire.gov.uk',
        role: 'deputy_director',
        password: 'first password given',
      })
      .expect(303);
    const nia = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'nia.new@oxfordshire.gov.uk' });
    expect(added.headers.location).toBe(`/admin/users?added=${nia.id}`);
    // The service sends no password: the administrator is told what to pass on, and how.
    expect(words((await t.http.get(added.headers.location).set('Cookie', admin.cookie).expect(200)).text)).toContain(
      'Success Nia New now has an account, with the role “Deputy director”. Tell them, in person or by phone, the address of the service, http://localhost:3000, and their first password. They choose their own when they first sign in, with their email address, nia.new@oxfordshire.gov.uk.',
    );

    const form = await t.http.get('/sign-in').expect(200);
    // Someone without a password is told whom to ask.
    expect(words(form.text)).toContain('I do not have a password, or have forgotten it Ask your council’s administrator for this service.');
    const formCookie = (form.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const formToken = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const signedIn = await t.http
      .post('/sign-in')
      .set('Cookie', formCookie)
      .type('form')
      .send({ _csrf: formToken, email: 'nia.new@oxfordshire.gov.uk', password: 'first password given', next: '/' })
      .expect(303);
    const cookie = (signedIn.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('session='))!.split(';')[0];
    await t.http.get('/').set('Cookie', cookie).expect(303).expect('location', '/account/password');
    // Where they were going (a link in an email) is kept through choosing a password.
    await t.http.get('/reminders').set('Cookie', cookie).expect(303).expect('location', '/account/password?next=%2Freminders');
    expect((await t.http.get('/account/password?next=%2Freminders').set('Cookie', cookie).expect(200)).text).toContain(
      '<input type="hidden" name="next" value="/reminders">',
    );

    const csrf = csrfTokenFor(cookie.slice('session='.length));
    const mismatch = await t.http
      .post('/account/password')
      .set('Cookie', cookie)
      .type('form')
      .send({
        _csrf: csrf,
        currentPassword: 'first password given',
        newPassword: 'kettle orchard tuesday',
        confirmPassword: 'kettle orchard wednesday',
        next: '/reminders',
      })
      .expect(400);
    expect(mismatch.text).toContain('The new passwords do not match');
    expect(mismatch.text).toContain('<input type="hidden" name="next" value="/reminders">');
    await t.http
      .post('/account/password')
      .set('Cookie', cookie)
      .type('form')
      .send({
        _csrf: csrf,
        currentPassword: 'first password given',
        newPassword: 'kettle orchard tuesday',
        confirmPassword: 'kettle orchard tuesday',
        next: '/reminders',
      })
      .expect(303)
      .expect('location', '/account/password?done=yes&next=%2Freminders');
    // The page confirms it and leads on to where they were going, rather than offering the form again.
    const done = (await t.http.get('/account/password?done=yes&next=%2Freminders').set('Cookie', cookie).expect(200)).text;
    expect(done).toContain('Your password has been changed.');
    expect(done).toMatch(/<h1 class="govuk-heading-l">Password changed<\/h1>/);
    expect(done).toContain('<a class="govuk-link" href="/reminders">Continue</a>');
    // Never to another site.
    expect((await t.http.get('/account/password?done=yes&next=%2F%2Fevil.example').set('Cookie', cookie).expect(200)).text).toContain(
      '<a class="govuk-link" href="/">Continue</a>',
    );
    expect(done).not.toContain('name="currentPassword"');
    await t.http.get('/').set('Cookie', cookie).expect(200);
  });

  it('adds an improvement area from the inspection page, with its lead officer', async () => {
    const inspection = await scenario(t).inspection({ authority: 'Areas County Council' });
    const { cookie, csrf } = await session('deputy_director');
    const refused = await t.http
      .post(`/inspections/${inspection.id}/areas`)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, title: '', leadName: 'Lee Lead' })
      .expect(400);
    expect(refused.text).toMatch(/govuk-error-summary[\s\S]*href="#title"[\s\S]*href="#leadEmail"/);
    const added = await t.http
      .post(`/inspections/${inspection.id}/areas`)
      .set('Cookie', cookie)
      .type('form')
      .send({
        _csrf: csrf,
        title: 'Placement sufficiency',
        timeframe: 'Within six months',
        leadName: 'Lee Lead',
        leadEmail: 'lee.lead@oxfordshire.gov.uk',
      })
      .expect(303);
    const areaId = /^\/areas\/([\w-]+)\?done=area$/.exec(added.headers.location)![1];
    expect((await t.http.get(`/api/areas/${areaId}`).set(t.as('viewer'))).body).toMatchObject({
      title: 'Placement sufficiency',
      timeframe: 'Within six months',
      leadOfficer: { email: 'lee.lead@oxfordshire.gov.uk' },
    });

    // Someone on record is chosen from the list, as an action's owner is, rather than typed again.
    const form = await t.http.get(`/inspections/${inspection.id}`).set('Cookie', cookie).expect(200);
    expect(form.text).toContain(
      `<option value="${PEOPLE.action_owner.email}">${PEOPLE.action_owner.name} (${PEOPLE.action_owner.email})</option>`,
    );
    const addChosen = (fields: Record<string, string>) =>
      t.http
        .post(`/inspections/${inspection.id}/areas`)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf, title: 'Supervision of social workers', ...fields });
    const both = await addChosen({ lead: PEOPLE.action_owner.email, leadName: 'Lee Lead' }).expect(400);
    expect(both.text).toMatch(
      /govuk-error-summary[\s\S]*href="#lead">Choose the lead officer from the list, or enter someone new, not both</,
    );
    expect(both.text).toContain(`<option value="${PEOPLE.action_owner.email}" selected>`);
    const chosen = await addChosen({ lead: PEOPLE.action_owner.email }).expect(303);
    const chosenId = /^\/areas\/([\w-]+)\?done=area$/.exec(chosen.headers.location)![1];
    expect((await t.http.get(`/api/areas/${chosenId}`).set(t.as('viewer'))).body.leadOfficer).toEqual(PEOPLE.action_owner);
  });

  it('turns away an upload that is too large, or not a report, with a page that says why', async () => {
    const { cookie, csrf } = await session('deputy_director');
    const upload = (bytes: Buffer, name: string) =>
      t.http
        .post(`/imports?_csrf=${encodeURIComponent(csrf)}`)
        .set('Cookie', cookie)
        .attach('file', bytes, name);
    // The form's token travels in the upload's address: a refusal sends the browser back to the form, without it.
    const shown = async (refused: { headers: Record<string, string> }) => {
      expect(refused.headers.location).toMatch(/^\/imports\/new\?problem=[\w-]+\.[\w-]+$/);
      return (await t.http.get(refused.headers.location).set('Cookie', cookie).expect(400)).text;
    };
    const tooLarge = await upload(Buffer.alloc(10 * 1024 * 1024 + 1, 'a'), 'report.txt').expect(303);
    expect(await shown(tooLarge)).toMatch(/govuk-error-summary[\s\S]*The report is larger than the 10 MB an import accepts./);
    // A file chosen but empty is told apart from none chosen.
    expect(await shown(await upload(Buffer.alloc(0), 'report.pdf').expect(303))).toContain(
      'The selected file, report.pdf, is empty: choose the report as Ofsted published it',
    );
    const notAReport = await upload(Buffer.from('Minutes of the parish council.'), 'minutes.txt').expect(303);
    expect(await shown(notAReport)).toMatch(/govuk-error-summary[\s\S]*href="#file"/);
    // Only the session that was refused sees the words: another cannot be shown a message through a link.
    const other = await session('deputy_director');
    const elsewhere = await t.http.get(notAReport.headers.location).set('Cookie', other.cookie).expect(200);
    expect(elsewhere.text).not.toContain('govuk-error-summary');
    const noToken = await t.http.post('/imports').set('Cookie', cookie).attach('file', Buffer.from('x'), 'x.txt').expect(403);
    expect(noToken.text).toContain('This form has expired');
  });

  it('turns away a report imported before, with a link to the inspection it became', async () => {
    const report = fixture('ofsted-sif-westshire-2014.txt');
    const previewed = await t.http
      .post('/api/imports')
      .set(t.as('deputy_director'))
      .set('Content-Type', 'text/plain')
      .send(report.toString('utf8'))
      .expect(201);
    const inspection = (await t.http.post(`/api/imports/${previewed.body.id}/commit`).set(t.as('deputy_director')).send({}).expect(201))
      .body;
    const { cookie, csrf } = await session('deputy_director');
    const refused = await t.http
      .post(`/imports?_csrf=${encodeURIComponent(csrf)}`)
      .set('Cookie', cookie)
      .attach('file', report, 'westshire.txt')
      .expect(303);
    const page = (await t.http.get(refused.headers.location).set('Cookie', cookie).expect(400)).text;
    expect(page).toMatch(/govuk-error-summary[\s\S]*This report has already been imported/);
    expect(page).toContain(
      `<a class="govuk-link" href="/inspections/${inspection.id}">Open the inspection this report was imported as</a>`,
    );
  });

  it('offers those who deliver a plan as its officers, and the committee’s people only as its clerk, never the administrator', async () => {
    const plan = scenario(t);
    const inspection = await plan.inspection({ authority: 'Offered County Council' });
    const action = await plan.action((await plan.area(inspection.id)).id);
    const { cookie, csrf } = await session('deputy_director');
    const page = async (path: string) => (await t.http.get(path).set('Cookie', cookie).expect(200)).text;
    /** The addresses a select offers, by its id. */
    const offered = (html: string, id: string) => {
      const select = new RegExp(`<select[^>]*id="${id}"[^>]*>([\\s\\S]*?)</select>`).exec(html)![1];
      return [...select.matchAll(/value="([^"]+)"/g)].map(([, email]) => email);
    };

    const owner = offered(await page(`/actions/${action.id}/change/owner`), 'owner');
    const clerk = offered(await page(`/inspections/${inspection.id}/change/scrutiny`), 'scrutinyClerk');
    const imported = await t.http
      .post('/api/imports')
      .set(t.as('deputy_director'))
      .set('Content-Type', 'text/markdown')
      .send(fixture('ofsted-ilacs-oxfordshire-2024.md').toString('utf8'))
      .expect(201);
    const preview = await page(`/imports/${imported.body.id}`);
    for (const officers of [owner, offered(preview, 'planLead'), offered(preview, 'area-0-lead')]) {
      expect(officers).toEqual(expect.arrayContaining([PEOPLE.director.email, PEOPLE.deputy_director.email, PEOPLE.action_owner.email]));
      expect(officers).not.toContain(PEOPLE.scrutiny.email);
      expect(officers).not.toContain(PEOPLE.admin.email);
    }
    for (const clerks of [clerk, offered(preview, 'scrutinyClerk')]) {
      expect(clerks).toContain(PEOPLE.scrutiny.email);
      expect(clerks).not.toContain(PEOPLE.admin.email);
    }

    // The Add action form offers the same officers, and takes the one chosen as the owner.
    const areaPage = await page(`/areas/${action.areaId}`);
    expect(offered(areaPage, 'owner')).toEqual(owner);
    const add = (fields: Record<string, string>) =>
      t.http
        .post(`/areas/${action.areaId}/actions`)
        .set('Cookie', cookie)
        .type('form')
        .send({
          _csrf: csrf,
          title: 'Audit supervision records monthly',
          'dueOn-day': '31',
          'dueOn-month': '10',
          'dueOn-year': '2030',
          successMeasure: '90% rated good',
          ...fields,
        });
    const both = await add({ owner: PEOPLE.director.email, ownerName: 'Nia New', ownerEmail: 'nia.new@oxfordshire.gov.uk' }).expect(400);
    expect(both.text).toMatch(/govuk-error-summary[\s\S]*href="#owner">Choose the owner from the list, or enter someone new, not both</);
    await add({ owner: PEOPLE.director.email }).expect(303);
    const actions = (await t.http.get(`/api/areas/${action.areaId}`).set(t.as('viewer')).expect(200)).body.actions as Array<{
      title: string;
      owner: object;
    }>;
    expect(actions.filter((added) => added.title === 'Audit supervision records monthly').map((added) => added.owner)).toEqual([
      PEOPLE.director,
    ]);
  });

  it('says on the page when the person named to own an action or lead an area cannot sign in yet', async () => {
    const plan = scenario(t);
    const inspection = await plan.inspection({ authority: 'Unnamed County Council' });
    const area = await plan.post(`/api/inspections/${inspection.id}/areas`, {
      title: 'Supervision',
      leadOfficer: { name: 'Lena New', email: 'lena.new@oxfordshire.gov.uk' },
    });
    const newOwner = await plan.action(area.id, { owner: { name: 'Noor New', email: 'noor.new@oxfordshire.gov.uk' } });
    const knownOwner = await plan.action(area.id, { owner: PEOPLE.action_owner });
    const { cookie } = await session('deputy_director');
    const page = async (path: string) => (await t.http.get(path).set('Cookie', cookie).expect(200)).text;

    expect(await page(`/actions/${newOwner.id}`)).toContain(
      'Noor New has no account yet, so cannot sign in to report progress on this action. Reminders still reach them by email.',
    );
    expect(await page(`/actions/${knownOwner.id}`)).not.toContain('has no account yet');
    expect(await page(`/areas/${area.id}`)).toContain(
      'Lena New has no account yet, so cannot sign in to write the lead officer’s summary.',
    );
  });

  it('gives a date field for a day to come an example near today, never one long gone', async () => {
    t.clock.set('2026-12-03T10:00:00Z');
    const s = scenario(t);
    const action = await s.action((await s.area((await s.inspection()).id)).id);
    const { cookie } = await session('deputy_director');
    // Thursday 3 December 2026: 60 days on is 1 February 2027; a revised date, 30 days on, 2 January 2027.
    expect((await t.http.get(`/actions/${action.id}/change/due-date`).set('Cookie', cookie).expect(200)).text).toContain(
      'For example, 1 2 2027',
    );
    expect((await t.http.get(`/actions/${action.id}`).set('Cookie', cookie).expect(200)).text).toContain(
      'When you now expect it done, if not by its due date. For example, 2 1 2027',
    );
    t.clock.set('2024-04-15T09:00:00Z');
  });

  it('tells a viewer, where they start, that they can read but not change', async () => {
    const sentence = 'You can read every plan, its history and its papers, but not change them.';
    const homeOf = async (role: Role) =>
      (
        await t.http
          .get('/')
          .set('Cookie', (await session(role)).cookie)
          .expect(200)
      ).text;
    expect(await homeOf('viewer')).toContain(sentence);
    expect(await homeOf('deputy_director')).not.toContain(sentence);
  });

  it('shows a page, not JSON, for something that does not exist', async () => {
    const { cookie } = await session('viewer');
    const missing = await t.http.get('/actions/00000000-0000-4000-8000-000000000000').set('Cookie', cookie).expect(404);
    expect(missing.text).toContain('Page not found');
  });
});
