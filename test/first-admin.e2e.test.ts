import type { LoggerService } from '@nestjs/common';
import { User } from '../src/users/user.entity.js';
import { FirstAdmin } from '../src/users/first-admin.js';
import { drivers } from './support/databases.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

describe.each(drivers)('the first administrator on %s', (driver) => {
  let t: TestApp;
  afterEach(() => t.close());

  /** Starts the app's first-admin step again, as a restart would, after every admin has been deactivated; returns what it logged. */
  const restartWithoutAdmins = async () => {
    await t.dataSource.getRepository(User).update({ role: 'admin' }, { active: false });
    const logged: string[] = [];
    const capture: LoggerService = {
      log: (message: string) => logged.push(message),
      warn: (message: string) => logged.push(message),
      error: () => undefined,
    };
    t.app.useLogger(capture);
    await t.app.get(FirstAdmin).onApplicationBootstrap();
    t.app.useLogger(['error', 'warn']);
    return logged;
  };

  it('is ADMIN_EMAIL with a one-time password, printed once, that is good only for choosing a new one', async () => {
    t = await createTestApp(driver, { env: { ADMIN_EMAIL: 'it.service@oxfordshire.gov.uk' } });
    const logged = await restartWithoutAdmins();
    const password = /one-time password (\S+) /.exec(logged.join('\n'))?.[1];
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

    const token = (await t.http.post('/api/auth/login').send({ email: 'it.service@oxfordshire.gov.uk', password }).expect(200)).body.token;
    const bearer = { Authorization: `Bearer ${token}` };
    await t.http.get('/api/users').set(bearer).expect(403);
    await t.http
      .post('/api/auth/password')
      .set(bearer)
      .send({ currentPassword: password, newPassword: 'a password of my own' })
      .expect(204);
    await t.http.get('/api/users').set(bearer).expect(200);

    // With an active admin, a later start does nothing and prints nothing.
    await t.app.get(FirstAdmin).onApplicationBootstrap();
    expect(await t.dataSource.getRepository(User).countBy({ role: 'admin', active: true })).toBe(1);
  });

  it('takes ADMIN_PASSWORD when it is set, and keeps the record of someone already known', async () => {
    t = await createTestApp(driver, { env: { ADMIN_EMAIL: PEOPLE.viewer.email, ADMIN_PASSWORD: 'the one from the vault' } });
    const logged = await restartWithoutAdmins();
    expect(logged).toEqual([`${PEOPLE.viewer.email} is now the administrator, with the password in ADMIN_PASSWORD.`]);
    expect(logged.join()).not.toContain('the one from the vault');

    const token = (
      await t.http.post('/api/auth/login').send({ email: PEOPLE.viewer.email, password: 'the one from the vault' }).expect(200)
    ).body.token;
    const users = await t.http
      .get('/api/users')
      .set({ Authorization: `Bearer ${token}` })
      .expect(200);
    expect(users.body.find((user: User) => user.email === PEOPLE.viewer.email)).toMatchObject({
      id: t.users.viewer.id,
      role: 'admin',
      mustChangePassword: false,
    });
  });
});
