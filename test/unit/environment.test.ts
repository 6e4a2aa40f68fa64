import { InvalidEnvironmentError, loadEnvironment } from '../../src/config/environment.js';

const problems = (env: Record<string, string>) => {
  try {
    loadEnvironment(env, '/srv/plans');
    return [];
  } catch (error) {
    if (!(error instanceof InvalidEnvironmentError)) throw error;
    return error.message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^ {2}- /, ''));
  }
};

describe('the environment', () => {
  it('has working defaults: 8-hour tokens, a local first admin, no proxy trusted', () => {
    expect(loadEnvironment({}, '/srv/plans')).toMatchObject({
      admin: { email: 'admin@localhost', password: null },
      tokenTtlMinutes: 480,
      trustProxy: false,
    });
  });

  it('reads the first admin, token lifetime and proxy settings', () => {
    const environment = loadEnvironment(
      { ADMIN_EMAIL: 'IT@Oxfordshire.gov.uk', ADMIN_PASSWORD: 'a long enough password', TRUST_PROXY: '1', TOKEN_TTL_MINUTES: '60' },
      '/srv/plans',
    );
    expect(environment).toMatchObject({
      admin: { email: 'it@oxfordshire.gov.uk', password: 'a long enough password' },
      trustProxy: 1,
      tokenTtlMinutes: 60,
    });
    expect(loadEnvironment({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }, '/srv/plans').trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('reads single sign-on settings', () => {
    const environment = loadEnvironment(
      { OIDC_ISSUER: 'https://login.microsoftonline.com/7c3f/v2.0', OIDC_CLIENT_ID: 'plans', OIDC_CLIENT_SECRET: 's3cret' },
      '/srv/plans',
    );
    expect(environment.oidc).toEqual({
      issuer: new URL('https://login.microsoftonline.com/7c3f/v2.0'),
      clientId: 'plans',
      clientSecret: 's3cret',
    });
    expect(loadEnvironment({}, '/srv/plans').oidc).toBeNull();
  });

  it('takes single sign-on only over https, with all three settings, unless the provider is on this machine', () => {
    expect(problems({ OIDC_ISSUER: 'https://idp.example.com' })).toEqual([
      'Single sign-on needs all three of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (or none of them).',
    ]);
    expect(problems({ OIDC_ISSUER: 'http://idp.example.com', OIDC_CLIENT_ID: 'plans', OIDC_CLIENT_SECRET: 'x' })).toEqual([
      'OIDC_ISSUER must be an https:// address (got "http://idp.example.com").',
    ]);
    expect(problems({ OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'plans', OIDC_CLIENT_SECRET: 'x' })[0]).toMatch(
      /^OIDC_ISSUER must be the provider's issuer address/,
    );
    expect(problems({ OIDC_ISSUER: 'http://127.0.0.1:4000', OIDC_CLIENT_ID: 'plans', OIDC_CLIENT_SECRET: 'x' })).toEqual([]);
  });

  it('sends CORS headers only for the origins listed', () => {
    expect(loadEnvironment({}, '/srv/plans').corsOrigins).toEqual([]);
    expect(loadEnvironment({ CORS_ORIGINS: 'https://a.example.gov.uk/, https://b.example.gov.uk' }, '/srv/plans').corsOrigins).toEqual([
      'https://a.example.gov.uk',
      'https://b.example.gov.uk',
    ]);
    expect(problems({ CORS_ORIGINS: '*' })).toEqual([
      'CORS_ORIGINS must list origins such as https://plans.example.gov.uk, separated by commas (got "*").',
    ]);
  });

  it('names every problem, and never repeats a password', () => {
    expect(problems({ ADMIN_PASSWORD: 'hunter2', TOKEN_TTL_MINUTES: '0', TRUST_PROXY: 'all of them!' })).toEqual([
      'ADMIN_PASSWORD must be at least 12 characters long.',
      'ADMIN_PASSWORD needs ADMIN_EMAIL: say whose password it is.',
      'TOKEN_TTL_MINUTES must be a whole number of minutes from 5 to 10080, a week (got "0").',
      'TRUST_PROXY must be a number of proxies or a comma-separated list of their addresses (got "all of them!").',
    ]);
    expect(problems({ ADMIN_EMAIL: 'not an address' })).toEqual(['ADMIN_EMAIL must be an email address (got "not an address").']);
  });
});
