import { SignIn } from '../src/auth/sign-in.entity.js';
import { drivers } from './support/databases.js';
import { startIdentityProvider, type TestIdentityProvider } from './support/identity-provider.js';
import { scenario } from './support/scenario.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

describe.each(drivers)('single sign-on on %s', (driver) => {
  let provider: TestIdentityProvider;
  let t: TestApp;

  beforeAll(async () => {
    provider = await startIdentityProvider('http://localhost:3000/api/auth/oidc/callback');
    t = await createTestApp(driver, {
      env: { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret },
    });
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  /** A request from the browser that started the last sign-in. */
  const browser = (path: string) => t.http.get(path).set('Cookie', browserCookie);

  /** The browser's cookie from starting a sign-in: only the browser holding it can finish that sign-in. */
  let browserCookie: string[] = [];

  /** Signs in at the provider as `email`, and returns the app's callback as the browser reaches it. */
  const returnFromProvider = async (
    email: string,
    emailVerified: boolean | null = true,
    identity: { subject?: string; xmsEdov?: boolean } = {},
  ) => {
    provider.signInAs(email, emailVerified, identity);
    const start = await t.http.get('/api/auth/oidc/login').expect(302);
    browserCookie = [start.headers['set-cookie']]
      .flat()
      .filter((cookie): cookie is string => typeof cookie === 'string')
      .map((cookie) => cookie.split(';')[0]);
    const authorization = new URL(start.headers.location);
    expect(authorization.origin).toBe(provider.issuer);
    expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
      client_id: provider.clientId,
      redirect_uri: 'http://localhost:3000/api/auth/oidc/callback',
      response_type: 'code',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
    });
    return provider.browse(authorization.href);
  };

  it('signs in someone with an active account here, matched by the email address the provider vouches for', async () => {
    const signedIn = await browser(await returnFromProvider(PEOPLE.deputy_director.email.toUpperCase())).expect(200);
    expect(signedIn.body).toEqual({ token: expect.stringMatching(/^oap_/), expiresAt: '2024-04-15T17:00:00.000Z' });
    const me = await t.http
      .get('/api/auth/me')
      .set({ Authorization: `Bearer ${signedIn.body.token}` })
      .expect(200);
    expect(me.body).toMatchObject({ id: t.users.deputy_director.id, role: 'deputy_director' });
    expect(await t.dataSource.getRepository(SignIn).findOneBy({ userId: t.users.deputy_director.id })).toMatchObject({
      method: 'oidc',
      outcome: 'success',
    });
  });

  it('turns away someone the provider knows but who has no active account here', async () => {
    const stranger = await browser(await returnFromProvider('stranger@elsewhere.example')).expect(403);
    expect(stranger.body.message).toBe(
      'You signed in as stranger@elsewhere.example, but no active account here has that address. Ask an administrator to add you.',
    );

    // Named on the plan, so on record, but never given an account.
    const inspection = await scenario(t).inspection();
    const area = await scenario(t).area(inspection.id);
    await scenario(t).action(area.id, { owner: { name: 'Nia New', email: 'nia.new@oxfordshire.gov.uk' } });
    await browser(await returnFromProvider('nia.new@oxfordshire.gov.uk')).expect(403);
    const failures = await t.dataSource.getRepository(SignIn).find({ where: { method: 'oidc', outcome: 'failure' }, order: { id: 'ASC' } });
    expect(failures.map((attempt) => attempt.failure)).toEqual(['no_account', 'no_access']);
  });

  it('refuses an address the provider has not verified', async () => {
    const unverified = await browser(await returnFromProvider(PEOPLE.viewer.email, false)).expect(403);
    expect(unverified.body.message).toMatch(/did not confirm your email address/);
  });

  it('refuses an address that comes with no word of verification, and takes Entra ID’s xms_edov for one', async () => {
    await browser(await returnFromProvider(PEOPLE.action_owner.email, null)).expect(403);
    await browser(await returnFromProvider(PEOPLE.action_owner.email, null, { xmsEdov: true })).expect(200);
  });

  it('binds an account to the identity that first signed in to it, and refuses another claiming its address', async () => {
    await browser(await returnFromProvider(PEOPLE.scrutiny.email, true, { subject: 'sam-at-the-provider' })).expect(200);
    const impostor = await browser(await returnFromProvider(PEOPLE.scrutiny.email, true, { subject: 'someone-else' })).expect(403);
    expect(impostor.body.message).toBe(
      `The account for ${PEOPLE.scrutiny.email} signs in as someone else at your identity provider. Ask an administrator to check the account.`,
    );
    // The bound identity still signs in after its address changes at the provider.
    await browser(await returnFromProvider('sam.renamed@oxfordshire.gov.uk', true, { subject: 'sam-at-the-provider' })).expect(200);
    const history = await t.http.get(`/api/users/${t.users.scrutiny.id}/history`).set(t.as('admin')).expect(200);
    expect(history.body.map((entry: { event: string }) => entry.event)).toContain('SINGLE_SIGN_ON_LINKED');
  });

  it('takes each return from the provider once, and only one it started', async () => {
    const callback = await returnFromProvider(PEOPLE.viewer.email);
    await browser(callback).expect(200);
    await browser(callback).expect(401);
    await browser('/api/auth/oidc/callback?code=made-up&state=made-up').expect(401);
  });

  it('answers a callback address only in the browser that started the sign-in', async () => {
    const leaked = await returnFromProvider(PEOPLE.viewer.email);
    const elsewhere = await t.http.get(leaked).expect(401);
    expect(elsewhere.body.message).toBe('Single sign-on did not finish in the browser that started it. Start again.');
    expect(await t.dataSource.getRepository(SignIn).countBy({ method: 'oidc', userId: t.users.viewer.id, outcome: 'success' })).toBe(1);
  });
});

describe('single sign-on when it is not set up', () => {
  it('says so', async () => {
    const t = await createTestApp('sqlite');
    try {
      const response = await t.http.get('/api/auth/oidc/login').expect(404);
      expect(response.body.message).toBe('Single sign-on is not set up on this service.');
    } finally {
      await t.close();
    }
  });
});
