import { csrfTokenFor } from '../src/auth/page-sessions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { SERVICE_ACTOR } from '../src/scheduling/missed-deadlines.js';
import { User } from '../src/users/user.entity.js';
import { UsersService } from '../src/users/users.service.js';
import { drivers } from './support/databases.js';
import { words } from './support/page-words.js';
import { scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe.each(drivers)('an administrator’s pages, on %s', (driver) => {
  let t: TestApp;
  let admin: { Cookie: string; csrf: string };

  beforeAll(async () => {
    t = await createTestApp(driver);
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.admin.id));
    admin = { Cookie: `session=${token}`, csrf: csrfTokenFor(token) };
  });
  afterAll(() => t.close());

  const get = (path: string, status = 200) => t.http.get(path).set({ Cookie: admin.Cookie }).expect(status);
  const post = (path: string, form: Record<string, string> = {}, status = 200) =>
    t.http
      .post(path)
      .set({ Cookie: admin.Cookie })
      .type('form')
      .send({ _csrf: admin.csrf, ...form })
      .expect(status);
  const login = (email: string, password: string) => t.http.post('/api/auth/login').send({ email, password });
  const shownSecret = (html: string) => /id="secret"[^>]*value="([^"]+)"/.exec(html)?.[1];

  it('lists people but not the service’s own account, and links each to their account page', async () => {
    await t.dataSource.transaction((manager) => t.app.get(UsersService).resolve(manager, SERVICE_ACTOR));
    const users = (await get('/admin/users')).text;
    expect(users).not.toContain(SERVICE_ACTOR.email);
    expect(users).toContain(`<a class="govuk-link" href="/admin/users/${t.users.viewer.id}">Vic Viewer</a>`);
    expect(users).toContain('href="/admin/sign-ins"');
    expect(users).toContain('href="/admin/api-tokens"');
  });

  it('says when an account without a password cannot sign in, single sign-on not being set up, until a password is reset', async () => {
    expect((await get('/admin/users')).text).toContain('Single sign-on is not set up: without a password they cannot sign in.');
    const added = await post(
      '/admin/users',
      { name: 'Nadia Nopassword', email: 'nadia.nopassword@oxfordshire.gov.uk', role: 'viewer' },
      303,
    );
    const nadia = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'nadia.nopassword@oxfordshire.gov.uk' });
    expect(words((await get(added.headers.location)).text)).toContain(
      'Important Nadia Nopassword cannot sign in yet: their account has no password. Open their account and reset the password, to give them a first one.',
    );
    const before = (await get(`/admin/users/${nadia.id}`)).text;
    expect(before).toContain(
      'Cannot sign in yet: there is no password, and single sign-on is not set up. Reset the password to give them one.',
    );
    expect(before).not.toContain('Can sign in');
    // The list says so too, rather than calling the account active.
    const row = async () => words(/Nadia Nopassword[\s\S]*?<\/tr>/.exec((await get('/admin/users')).text)![0]);
    expect(await row()).toContain('Cannot sign in yet: no password');
    await post(`/admin/users/${nadia.id}/password`);
    const after = (await get(`/admin/users/${nadia.id}`)).text;
    expect(after).toContain('Can sign in');
    expect(after).toContain('Must choose a new one at next sign-in');
    expect(await row()).toContain('Active');
    expect(await row()).not.toContain('Cannot sign in');
  });

  it('shows the work a change of role or removal would leave undone, before and after, with a link to each item', async () => {
    const abel = { name: 'Abel Able', email: 'abel.able@oxfordshire.gov.uk' };
    await post('/admin/users', { ...abel, role: 'action_owner', password: 'a first password for Abel' }, 303);
    const id = (await t.dataSource.getRepository(User).findOneByOrFail({ email: abel.email })).id;
    const s = scenario(t);
    const inspection = await s.inspection();
    const area = await s.post(`/api/inspections/${inspection.id}/areas`, { title: 'Timeliness of pre-proceedings', leadOfficer: abel });
    const action = await s.action(area.id, { title: 'Audit pre-proceedings decisions', owner: abel, dueOn: '2024-12-20' });

    const account = words((await get(`/admin/users/${id}`)).text);
    expect(account).toContain(
      'Their work in the plans Actions they own that are not finished 1.1 Audit pre-proceedings decisions (Oxfordshire County Council) Improvement areas they lead that are not closed 1 Timeliness of pre-proceedings (Oxfordshire County Council)',
    );
    expect((await get(`/admin/users/${id}`)).text).toContain(`href="/actions/${action.id}"`);
    expect(words((await get(`/admin/users/${id}/remove`)).text)).toContain(
      'Abel Able owns 1 action that is not finished and leads 1 open improvement area. Once their access is removed they cannot update them, though the reminders still go to their email address. Give them to someone else first.',
    );

    // A role that can still do the work: nothing to say.
    const kept = await post(`/admin/users/${id}`, { role: 'deputy_director' }, 303);
    expect(words((await get(kept.headers.location)).text)).not.toContain('cannot update');
    // One that cannot: said at once, with the way to their work.
    const viewer = await post(`/admin/users/${id}`, { role: 'viewer' }, 303);
    const listed = (await get(viewer.headers.location)).text;
    expect(words(listed)).toContain(
      'Abel Able owns 1 action that is not finished and leads 1 open improvement area, which a viewer cannot update. Give that work to someone else, or choose a role that can.',
    );
    expect(listed).toContain(`href="/admin/users/${id}">See their work</a>`);
    // Removing access was warned of on its confirmation page: no banner about a role after it.
    const removed = await post(`/admin/users/${id}`, { active: 'false' }, 303);
    expect(words((await get(removed.headers.location)).text)).not.toContain('cannot update');
    // Someone without such work is told nothing of the kind.
    const vic = await post(`/admin/users/${t.users.viewer.id}`, { role: 'viewer' }, 303);
    expect(words((await get(vic.headers.location)).text)).not.toContain('cannot update');
  });

  it('says what each role can do, from the table the service enforces, where a role is chosen', async () => {
    const guide = words(/What each role can do[\s\S]*?<\/details>/.exec((await get('/admin/users')).text)![0]);
    expect(guide).toContain(
      'Director Record an inspection and correct its details. Approve, submit, return to draft and close the action plan.',
    );
    expect(guide).toContain('Enter a measure’s figures, month by month: only the measures they own.');
    expect(guide).toContain('Action owner Write the lead officer’s summary of progress on an improvement area: only the areas they lead.');
    expect(guide).toContain(
      'Report progress on an action and move it through its lifecycle: only the actions they own, short of completing or cancelling them, which is for whoever assigned them.',
    );
    expect(guide).toContain(
      'Scrutiny Record scrutiny reviews and their outcomes, and move the next review to the committee’s meeting day. Take a snapshot of a plan on demand.',
    );
    expect(guide).toContain('Viewer Nothing more: they can read, but not change anything.');
    expect(guide).not.toMatch(/Viewer.*Approve/);
  });

  it('offers someone named on a plan access, not a role they could not sign in with', async () => {
    const colin = await t.dataSource.transaction((manager) =>
      t.app.get(UsersService).resolve(manager, { name: 'Colin Clerk', email: 'colin.clerk@oxfordshire.gov.uk' }),
    );
    const users = (await get('/admin/users')).text;
    expect(users).not.toContain(`action="/admin/users/${colin.id}"`);
    expect(users).toContain(
      `href="/admin/users?give=${colin.id}#add">Give access<span class="govuk-visually-hidden"> to colin.clerk@oxfordshire.gov.uk`,
    );
    expect((await get(`/admin/users/${colin.id}`)).text).toContain(`href="/admin/users?give=${colin.id}#add">Give Colin Clerk access</a>`);

    const giving = (await get(`/admin/users?give=${colin.id}`)).text;
    expect(giving).toMatch(/id="name" name="name" type="text" value="Colin Clerk"/);
    expect(giving).toMatch(/id="email" name="email" type="email" spellcheck="false" value="colin.clerk@oxfordshire.gov.uk"/);
    await post(
      '/admin/users',
      { name: 'Colin Clerk', email: 'colin.clerk@oxfordshire.gov.uk', role: 'scrutiny', password: 'a first password for Colin' },
      303,
    );
    expect(await t.dataSource.getRepository(User).findOneByOrFail({ id: colin.id })).toMatchObject({ active: true, role: 'scrutiny' });
    expect((await login('colin.clerk@oxfordshire.gov.uk', 'a first password for Colin')).status).toBe(200);
    expect((await get('/admin/users')).text).toContain(`action="/admin/users/${colin.id}"`);

    // Someone named as an action's owner is offered the role that lets them update it.
    const priya = { name: 'Priya Partner', email: 'priya.partner@oxfordshire.gov.uk' };
    const s = scenario(t);
    const area = await s.area((await s.inspection()).id);
    await s.action(area.id, { owner: priya, dueOn: '2024-12-20' });
    const priyaId = (await t.dataSource.getRepository(User).findOneByOrFail({ email: priya.email })).id;
    const givingPriya = (await get(`/admin/users?give=${priyaId}`)).text;
    const roleChoice = (html: string) => /<select[^>]*id="role"[\s\S]*?<\/select>/.exec(html)![0];
    expect(roleChoice(givingPriya)).toMatch(/<option value="action_owner" selected>Action owner<\/option>/);
    expect(words(givingPriya)).toContain('Priya Partner owns 1 action that is not finished: the role chosen is one that can do that work.');
    expect(roleChoice(giving)).not.toMatch(/<option value="[a-z_]+" selected>/);
  });

  it('lists what is wrong with a new account in the order of the form, and keeps what was typed', async () => {
    const refused = await post('/admin/users', { name: '', email: 'not an address', role: '', password: 'short' }, 400);
    const summary = /<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(refused.text)![1];
    expect([...summary.matchAll(/<a href="#([^"]+)">/g)].map(([, field]) => field)).toEqual(['name', 'email', 'role', 'password']);
    expect(refused.text).toContain('value="not an address"');
  });

  it('resets a password to a temporary one shown once, signs the person out, and keeps it in their history', async () => {
    const email = 'pat.password@oxfordshire.gov.uk';
    await post('/admin/users', { name: 'Pat Password', email, role: 'viewer', password: 'the first password' }, 303);
    const pat = await t.dataSource.getRepository(User).findOneByOrFail({ email });
    expect((await login(email, 'the first password')).status).toBe(200);

    const reset = await post(`/admin/users/${pat.id}/password`);
    const temporary = shownSecret(reset.text);
    expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(reset.text).toContain('This is shown only once');
    expect((await login(email, 'the first password')).status).toBe(401);
    const signedIn = await login(email, temporary!);
    expect(signedIn.status).toBe(200);
    const temporaryToken = (signedIn.body as { token: string }).token;
    expect((await t.http.get('/api/inspections').set('Authorization', `Bearer ${temporaryToken}`).expect(403)).body.message).toMatch(
      /Choose a new password/,
    );

    const account = (await get(`/admin/users/${pat.id}`)).text;
    expect(account).toContain('Must choose a new one at next sign-in');
    expect(account).toMatch(/Password reset to a temporary one, and signed out everywhere\.[\s\S]*Given access with the role “Viewer”\./);
    expect(account).not.toContain(temporary!);
  });

  it('shows the sign-in log, newest first, narrowed to one email address', async () => {
    await login(t.users.viewer.email, 'not the password at all');
    const log = (await get(`/admin/sign-ins?email=${encodeURIComponent(t.users.viewer.email)}`)).text;
    expect(log).toContain(t.users.viewer.email);
    // The test's accounts have no password of their own.
    expect(log).toContain('Failed: this account has no password. Reset it to give them one, unless they sign in through single sign-on');
    // The test clock stands at 09:00 UTC on 15 April 2024: 10am in England, on summer time.
    expect(log).toContain('15 April 2024 at 10am');
    expect(log).not.toContain('pat.password@oxfordshire.gov.uk');
    expect((await get('/admin/sign-ins')).text).toMatch(/Signed in[\s\S]*pat\.password/);

    // A current password given to change it is told apart from signing in.
    const rhea = { name: 'Rhea Reader', email: 'rhea.reader@oxfordshire.gov.uk' };
    await post('/admin/users', { ...rhea, role: 'viewer', password: 'a first password for Rhea' }, 303);
    const { token } = (await login(rhea.email, 'a first password for Rhea').expect(200)).body;
    await t.http
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ currentPassword: 'not the password either', newPassword: 'kettle orchard tuesday' })
      .expect(400);
    const confirmed = words((await get(`/admin/sign-ins?email=${encodeURIComponent(rhea.email)}`)).text);
    expect(confirmed).toMatch(/Changing their password 127\.0\.0\.1 Failed: wrong password .*Password 127\.0\.0\.1 Signed in/);

    // Whoever tried is told only that the address or password is wrong; the log tells the administrator why.
    await login('nobody.here@oxfordshire.gov.uk', 'a password of some sort').expect(401);
    expect(words((await get('/admin/sign-ins?email=nobody.here%40oxfordshire.gov.uk')).text)).toContain(
      'Password 127.0.0.1 Failed: no account has this email address',
    );
    const rheaAccount = await t.dataSource.getRepository(User).findOneByOrFail({ email: rhea.email });
    await t.http.patch(`/api/users/${rheaAccount.id}`).set(t.as('admin')).send({ active: false }).expect(200);
    await login(rhea.email, 'a first password for Rhea').expect(401);
    expect(words((await get(`/admin/sign-ins?email=${encodeURIComponent(rhea.email)}`)).text)).toContain(
      'Password 127.0.0.1 Failed: this account’s access has been removed, or was never given',
    );
    await post('/admin/users', { name: 'Feed', email: 'feed@oxfordshire.gov.uk', role: 'viewer', serviceAccount: 'yes' }, 303);
    await login('feed@oxfordshire.gov.uk', 'a password of some sort').expect(401);
    expect(words((await get('/admin/sign-ins?email=feed%40oxfordshire.gov.uk')).text)).toContain(
      'Password 127.0.0.1 Failed: this is a service account, which connects only with API tokens',
    );
  });

  it('issues an API token to a service account, shown once, that works until it is revoked', async () => {
    await post('/admin/users', { name: 'Dashboard', email: 'dashboard@oxfordshire.gov.uk', role: 'viewer', serviceAccount: 'yes' }, 303);
    const dashboard = await t.dataSource.getRepository(User).findOneByOrFail({ email: 'dashboard@oxfordshire.gov.uk' });
    expect(dashboard.serviceAccount).toBe(true);
    // Its page says how it gets in, and offers no password to set: it never signs in.
    const page = (await get(`/admin/users/${dashboard.id}`)).text;
    expect(page).toContain('Through its API tokens only: an integration never signs in');
    expect(page).not.toContain('Reset the password');

    const refused = await post('/admin/api-tokens', { userId: '', name: '' }, 400);
    expect(refused.text).toContain('There is a problem');
    expect(refused.text).toContain('Choose the service account the integration acts as');
    expect(refused.text).toContain('Enter a name for the token, such as the integration it is for');
    const past = await post(
      '/admin/api-tokens',
      { userId: dashboard.id, name: 'Old return', 'expiresOn-day': '14', 'expiresOn-month': '4', 'expiresOn-year': '2024' },
      400,
    );
    expect(past.text).toContain('href="#expiresOn-day">The last day it works must be today or later');
    expect(past.text).toContain('value="Old return"');
    expect(past.text).toMatch(/<input[^>]*name="expiresOn-day"[^>]*value="14"/);
    const lasting = await post('/admin/api-tokens', {
      userId: dashboard.id,
      name: 'Quarterly return',
      'expiresOn-day': '30',
      'expiresOn-month': '6',
      'expiresOn-year': '2024',
    });
    expect(lasting.text).toContain('It works until the end of 30 June 2024.');

    const issued = await post('/admin/api-tokens', { userId: dashboard.id, name: 'Performance dashboard' });
    const token = shownSecret(issued.text)!;
    await t.http.get('/api/inspections').set('Authorization', `Bearer ${token}`).expect(200);

    const list = (await get('/admin/api-tokens')).text;
    expect(list).toContain('Performance dashboard');
    // The list gives the last day it works as the page that issued it did.
    expect(list).toMatch(/Quarterly return[\s\S]*?Until the end of 30 June 2024</);
    expect(list).toMatch(/Performance dashboard[\s\S]*?Until it is revoked</);
    expect(list).not.toContain(token);
    // Revoking asks first: the list links a page that says what stops, and only its button revokes.
    expect(list).not.toContain('action="/admin/api-tokens/');
    const id = /Performance dashboard[\s\S]*?href="\/admin\/api-tokens\/([0-9a-f-]{36})\/revoke"/.exec(list)![1];
    // One whose last day has passed says so, rather than that it will stop connecting.
    const quarterly = /Quarterly return[\s\S]*?href="\/admin\/api-tokens\/([0-9a-f-]{36})\/revoke"/.exec(list)![1];
    t.clock.set('2024-07-02T09:00:00Z');
    const { token: july } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.admin.id));
    expect(words((await t.http.get(`/admin/api-tokens/${quarterly}/revoke`).set('Cookie', `session=${july}`).expect(200)).text)).toContain(
      'It already stopped working at the end of 30 June 2024. Revoking it records that it is not to be used again.',
    );
    t.clock.set('2024-04-15T09:00:00Z');
    const confirm = words((await get(`/admin/api-tokens/${id}/revoke`)).text);
    expect(confirm).toContain('Revoke the API token “Performance dashboard”?');
    expect(confirm).toContain('The integration that uses it, acting as Dashboard, will stop connecting at once.');
    await t.http.get('/api/inspections').set('Authorization', `Bearer ${token}`).expect(200);
    await post(`/admin/api-tokens/${id}/revoke`, {}, 303);
    await t.http.get('/api/inspections').set('Authorization', `Bearer ${token}`).expect(401);
    expect((await get('/admin/api-tokens')).text).toMatch(/Performance dashboard[\s\S]*?Revoked 15 April 2024/);
    // A revoked token's page goes back to the list rather than offering to revoke it again.
    expect((await get(`/admin/api-tokens/${id}/revoke`, 303)).headers.location).toBe('/admin/api-tokens');
    expect((await get(`/admin/users/${dashboard.id}`)).text).toMatch(
      /API token “Performance dashboard” revoked\.[\s\S]*API token “Performance dashboard” issued\./,
    );
  });

  it('asks before removing someone’s access, and only the confirmation removes it', async () => {
    const users = (await get('/admin/users')).text;
    expect(users).not.toMatch(/name="active" value="false"/);
    expect(users).toContain(`href="/admin/users/${t.users.scrutiny.id}/remove"`);

    const confirm = (await get(`/admin/users/${t.users.scrutiny.id}/remove`)).text;
    expect(confirm).toContain('Remove access for Sam Scrutiny?');
    expect(confirm).toContain('Yes, remove access');
    expect((await t.dataSource.getRepository(User).findOneByOrFail({ id: t.users.scrutiny.id })).active).toBe(true);

    await post(`/admin/users/${t.users.scrutiny.id}`, { active: 'false' }, 303);
    expect((await t.dataSource.getRepository(User).findOneByOrFail({ id: t.users.scrutiny.id })).active).toBe(false);
    const removed = (await get(`/admin/users/${t.users.scrutiny.id}`)).text;
    expect(removed).toContain('No access');
    expect(removed).toContain('Access removed, and signed out everywhere.');
  });
});
