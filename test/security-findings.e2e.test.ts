import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { Action } from '../src/actions/action.entity.js';
import { CalendarFeed } from '../src/calendar-feeds/calendar-feed.entity.js';
import { backupDatabase } from '../src/database/backup.js';
import { Mailer } from '../src/reminders/mailer.service.js';
import { SignIn } from '../src/auth/sign-in.entity.js';
import { drivers } from './support/databases.js';
import { scenario } from './support/scenario.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

/**
 * The twelve findings of issue 16, each reproduced as an attacker (or a heavy user) did it. The
 * multipart limits (finding 1) are in heavy-work.e2e.test.ts, with the other hostile uploads.
 */
describe.each(drivers)('security findings on %s', (driver) => {
  let t: TestApp;
  const admin = () => t.as('admin');
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const login = (email: string, password: string) => t.http.post('/api/auth/login').send({ email, password });
  const addUser = async (body: object) => (await t.http.post('/api/users').set(admin()).send(body).expect(201)).body;

  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('2: a deactivated account loses its calendar links in the same change, and an admin can revoke anyone’s', async () => {
    // Signed in afresh each time: deactivation ends every token too.
    const link = async () =>
      new URL(
        (
          await t.http
            .post('/api/calendar-feeds')
            .set(await t.signIn(PEOPLE.action_owner.email))
            .send({})
            .expect(201)
        ).body.url,
      ).pathname;
    const first = await link();
    await t.http.get(first).expect(200);
    await t.http.patch(`/api/users/${t.users.action_owner.id}`).set(admin()).send({ active: false }).expect(200);
    await t.http.get(first).expect(404);
    const feeds = await t.dataSource.getRepository(CalendarFeed).findBy({ userId: t.users.action_owner.id });
    expect(feeds.map((feed) => feed.revokedAt)).toEqual([expect.any(String)]);
    const history = await t.http.get(`/api/users/${t.users.action_owner.id}/history`).set(admin()).expect(200);
    expect(history.body.slice(-2)).toMatchObject([
      { event: 'ACCOUNT_UPDATED', details: { active: { from: true, to: false } } },
      { event: 'CALENDAR_FEEDS_REVOKED', details: { calendarFeedsRevoked: 1 }, actorEmail: PEOPLE.admin.email },
    ]);

    // An admin revokes a link that leaked, without the account being deactivated.
    const second = await link();
    await t.http.delete(`/api/users/${t.users.action_owner.id}/calendar-feeds`).set(t.as('director')).expect(403);
    await t.http.delete(`/api/users/${t.users.action_owner.id}/calendar-feeds`).set(admin()).expect(204);
    await t.http.get(second).expect(404);
    const after = await t.http.get(`/api/users/${t.users.action_owner.id}/history`).set(admin()).expect(200);
    expect(after.body.at(-1)).toMatchObject({ event: 'CALENDAR_FEEDS_REVOKED', actorEmail: PEOPLE.admin.email });

    // A link left live by an earlier release, on an account deactivated then, stops too.
    const third = await link();
    await t.dataSource.query(`UPDATE users SET active = ${driver === 'postgres' ? 'false' : '0'} WHERE id = '${t.users.action_owner.id}'`);
    await t.http.get(third).expect(404);
  });

  it('3: API tokens are issued only to service accounts, and every change through one names it and its issuer', async () => {
    const refused = await t.http.post('/api/api-tokens').set(admin()).send({ userId: t.users.director.id, name: 'As Dee' }).expect(409);
    expect(refused.body.message).toBe(
      `${PEOPLE.director.email} is a person's account. API tokens are only for service accounts: give the integration an account of its own, as a service account, and issue the token to that.`,
    );
    await t.http
      .post('/api/users')
      .set(admin())
      .send({
        name: 'Case system',
        email: 'case.system@oxfordshire.gov.uk',
        role: 'deputy_director',
        serviceAccount: true,
        password: 'a password for it',
      })
      .expect(400);
    const integration = await addUser({
      name: 'Case system',
      email: 'case.system@oxfordshire.gov.uk',
      role: 'deputy_director',
      serviceAccount: true,
    });
    expect(integration).toMatchObject({ serviceAccount: true, hasPassword: false });
    const users = await t.http
      .get('/admin/users')
      .set('Cookie', `session=${admin().Authorization.slice('Bearer '.length)}`)
      .expect(200);
    expect(users.text).toContain('Active (service account)');
    const issued = (await t.http.post('/api/api-tokens').set(admin()).send({ userId: integration.id, name: 'Case sync' }).expect(201)).body;
    const inspection = (
      await t.http
        .post('/api/inspections')
        .set(bearer(issued.token))
        .send({ authority: 'Tokenshire County Council', framework: 'ILACS', publishedOn: '2024-04-09' })
        .expect(201)
    ).body;
    const [created] = await t.dataSource.getRepository(AuditEvent).findBy({ entityId: inspection.id });
    expect(created).toMatchObject({
      actorEmail: 'case.system@oxfordshire.gov.uk',
      apiTokenId: issued.id,
      apiTokenIssuedById: t.users.admin.id,
    });
    const listed = await t.http.get('/api/api-tokens').query({ userId: integration.id }).set(admin()).expect(200);
    expect(listed.body[0]).toMatchObject({ issuedById: t.users.admin.id });
  });

  it('4: failures from one address for random accounts do not lock anyone else out, nor do failures elsewhere', async () => {
    t.clock.set('2024-05-01T09:00:00Z');
    await addUser({ name: 'Second Admin', email: 'second.admin@oxfordshire.gov.uk', role: 'admin', password: 'second admin password' });
    for (let i = 0; i < 20; i += 1) await login(`random${i}@example.com`, 'wrong password').expect(401);
    // Someone elsewhere guesses at this admin's password.
    await t.dataSource.getRepository(SignIn).insert(
      Array.from({ length: 12 }, (_, i) => ({
        at: `2024-05-01T08:5${Math.floor(i / 6)}:0${i % 6}.000Z`,
        method: 'password' as const,
        email: 'second.admin@oxfordshire.gov.uk',
        userId: null,
        address: '203.0.113.9',
        outcome: 'failure' as const,
      })),
    );
    await login('second.admin@oxfordshire.gov.uk', 'second admin password').expect(200);
  });

  it('4: warns once when a request comes through a proxy that TRUST_PROXY does not name', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      await t.http.get('/health').set('X-Forwarded-For', '198.51.100.7').expect(200);
      await t.http.get('/health').set('X-Forwarded-For', '198.51.100.8').expect(200);
      const warnings = warn.mock.calls.map(([text]) => String(text)).filter((text) => text.includes('TRUST_PROXY is not set'));
      expect(warnings).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('5: control characters are refused in emails, names and titles, and never reach a log line as themselves', async () => {
    const forged = await login('ann@example.com\n[Nest] 1 - LOG [AuthService] ann@example.com signed in', 'anything').expect(400);
    expect(forged.body.fields).toEqual({ email: ['The email address must be on one line'] });
    const named = await t.http
      .post('/api/users')
      .set(admin())
      .send({ name: 'Ann\tSmith', email: 'ann@oxfordshire.gov.uk', role: 'viewer' })
      .expect(400);
    expect(named.body.fields).toEqual({ name: ['The name must be on one line'] });
    const plan = scenario(t);
    const inspection = await plan.inspection({ authority: 'Controlshire County Council' });
    const area = await plan.area(inspection.id);
    const titled = await t.http
      .post(`/api/areas/${area.id}/actions`)
      .set(t.as('deputy_director'))
      .send({ title: 'Audit\rDTSTART:19700101' });
    expect(titled.status).toBe(400);
    expect(titled.body.fields).toEqual({ title: ['The title must not contain control characters'] });
    // Text that may run over lines keeps them, as a browser sends them.
    await t.http
      .post(`/api/inspections/${inspection.id}/areas`)
      .set(t.as('deputy_director'))
      .send({ title: 'Care leavers', description: 'First line.\r\nSecond line.' })
      .expect(201);
  });

  it('6: a carriage return saved in a title never reaches a calendar feed raw', async () => {
    const plan = scenario(t);
    const inspection = await plan.inspection({ authority: 'Returnshire County Council' });
    const action = await plan.action((await plan.area(inspection.id)).id, { title: 'Audit supervision' });
    // Saved before such titles were refused.
    await t.dataSource.getRepository(Action).update({ id: action.id }, { title: 'Audit\rDTSTART:19700101\rsupervision' });
    const owner = await t.signIn(PEOPLE.action_owner.email);
    const feed = new URL((await t.http.post('/api/calendar-feeds').set(owner).send({}).expect(201)).body.url).pathname;
    const ics = (await t.http.get(feed).expect(200)).text;
    expect(ics).toContain('Audit');
    expect(ics).not.toMatch(/\r(?!\n)/);
    expect(ics).not.toMatch(/^DTSTART:19700101/m);
  });

  it('7: the current password, when changing it, is limited like a sign-in', async () => {
    t.clock.set('2024-05-02T09:00:00Z');
    await addUser({ name: 'Pat', email: 'pat@oxfordshire.gov.uk', role: 'viewer', password: 'pat first password' });
    const session = bearer((await login('pat@oxfordshire.gov.uk', 'pat first password').expect(200)).body.token);
    const change = (currentPassword: string) =>
      t.http.post('/api/auth/password').set(session).send({ currentPassword, newPassword: 'pat second password' });
    for (let i = 0; i < 5; i += 1) await change(`guess ${i} at it`).expect(400);
    const held = await change('pat first password').expect(429);
    expect(held.body.message).toBe('Too many failed attempts to give your current password. Try again in 30 seconds.');
    expect(held.headers['retry-after']).toBe('30');
    t.clock.set('2024-05-02T09:00:30Z');
    await change('pat first password').expect(204);
  });

  it('10: no API answer may be kept by a browser or a proxy', async () => {
    for (const answer of [
      await t.http.get('/api/auth/me').set(t.as('viewer')),
      await t.http.get('/api/auth/me'),
      await login('nobody@example.com', 'not a password at all'),
      await t.http.get('/api/docs-json'),
    ])
      expect(answer.headers['cache-control']).toBe('no-store');
  });
});

describe('finding 8: cookies over HTTPS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('sqlite', { env: { APP_URL: 'https://plans.example.gov.uk' } });
  });
  afterAll(() => t.close());

  it('are named __Host-, so that only this site, over HTTPS, can set them', async () => {
    await t.http
      .post('/api/users')
      .set(t.as('admin'))
      .send({ name: 'Hal', email: 'hal@oxfordshire.gov.uk', role: 'viewer', password: 'hal first password' });
    const form = await t.http.get('/sign-in').expect(200);
    const formCookie = (form.headers['set-cookie'] as unknown as string[]).map((cookie) => cookie.split(';')[0]);
    expect(formCookie).toEqual([expect.stringMatching(/^__Host-sign_in_form=/)]);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const signedIn = await t.http
      .post('/sign-in')
      .set('Cookie', formCookie)
      .type('form')
      .send({ email: 'hal@oxfordshire.gov.uk', password: 'hal first password', _csrf: csrf })
      .expect(303);
    const session = (signedIn.headers['set-cookie'] as unknown as string[]).find((cookie) => cookie.startsWith('__Host-session='))!;
    expect(session).toMatch(/^__Host-session=[^;]+; Max-Age=\d+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/);
    const token = session.split(';')[0].slice('__Host-session='.length);
    await t.http.get('/account/password').set('Cookie', `__Host-session=${token}`).expect(200);
    // The plain name is not read: a cookie set over HTTP, or by a sibling domain, signs nobody in.
    await t.http.get('/account/password').set('Cookie', `session=${token}`).expect(303);
  });
});

describe('finding 9: the data folder', () => {
  let folder: string;
  let t: TestApp;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'action-plans-private-'));
    // As an earlier release left it, with umask 022: readable by everyone on the machine.
    mkdirSync(join(folder, 'data', 'outbox'), { recursive: true, mode: 0o755 });
    chmodSync(join(folder, 'data'), 0o755);
    writeFileSync(join(folder, 'data', 'outbox', 'old.eml'), 'From: an earlier release', { mode: 0o644 });
    t = await createTestApp('sqlite', {
      env: { DATA_DIR: join(folder, 'data'), ADMIN_PASSWORD: 'first admin password', ADMIN_EMAIL: 'first@localhost' },
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const mode = (path: string) => statSync(path).mode & 0o777;

  it('is readable by the service’s own account alone, with everything in it, old and new', async () => {
    const data = join(folder, 'data');
    await t.app.get(Mailer).send({
      to: { name: 'Ann', address: 'ann@oxfordshire.gov.uk' },
      subject: 'A reminder',
      text: 'Due soon.',
      html: '<p>Due soon.</p>',
      messageId: '<private@localhost>',
      date: new Date('2024-05-01T08:00:00Z'),
    });
    const backup = join(folder, 'backup.sqlite');
    await backupDatabase(data, backup);
    expect(mode(data)).toBe(0o700);
    expect(mode(join(data, 'outbox'))).toBe(0o700);
    for (const file of readdirSync(data).filter((name) => name.startsWith('app.sqlite')))
      expect([file, mode(join(data, file))]).toEqual([file, 0o600]);
    for (const file of readdirSync(join(data, 'outbox'))) expect([file, mode(join(data, 'outbox', file))]).toEqual([file, 0o600]);
    expect(readdirSync(join(data, 'outbox'))).toHaveLength(2);
    expect(mode(backup)).toBe(0o600);
  });
});

// Only PostgreSQL runs writers side by side; SQLite runs one transaction at a time.
(drivers.includes('postgres') ? describe : describe.skip)('finding 12 on postgres: two admins demoting each other at once', () => {
  const driver = 'postgres';
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('leaves one admin: the second change waits for the first, then sees it', async () => {
    const other = (
      await t.http
        .post('/api/users')
        .set(t.as('admin'))
        .send({ name: 'Other Admin', email: 'other.admin@oxfordshire.gov.uk', role: 'admin' })
        .expect(201)
    ).body;
    const otherToken = await t.signIn('other.admin@oxfordshire.gov.uk');
    // Both rows are held, so that both changes are certainly under way before either can finish.
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT id FROM users WHERE id IN ($1, $2) FOR UPDATE', [t.users.admin.id, other.id]);
    const first = t.http
      .patch(`/api/users/${other.id}`)
      .set(t.as('admin'))
      .send({ role: 'viewer' })
      .then((answer) => answer);
    const second = t.http
      .patch(`/api/users/${t.users.admin.id}`)
      .set(otherToken)
      .send({ role: 'viewer' })
      .then((answer) => answer);
    const waiting = async () =>
      Number(
        (
          await t.dataSource.query(
            'SELECT COUNT(*) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()',
          )
        )[0].n,
      );
    while ((await waiting()) < 2) await new Promise((resolve) => setImmediate(resolve));
    await holder.rollbackTransaction();
    await holder.release();
    const answers = await Promise.all([first, second]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(await t.dataSource.query("SELECT COUNT(*)::int AS n FROM users WHERE role = 'admin' AND active")).toEqual([{ n: 1 }]);
  });
});
