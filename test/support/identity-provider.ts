import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type JWK } from 'oidc-provider';

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /**
   * Who the next person to sign in is at the provider (its identifier for them: `subject`, their
   * email address by default), and whether it has verified their address: `emailVerified` null
   * sends no such claim, as Entra ID does, and `xmsEdov` is Entra's own claim that it has.
   */
  signInAs(email: string, emailVerified?: boolean | null, identity?: { subject?: string; xmsEdov?: boolean }): void;
  /** Plays the browser: from the app's redirect to the provider, through sign-in and consent, to the app's callback. Returns the callback's path and query. */
  browse(authorizationUrl: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider) on a loopback port. Its sign-in and consent pages
 * are replaced by a person who always says yes, as whoever signInAs() last named.
 */
export async function startIdentityProvider(...redirectUris: string[]): Promise<TestIdentityProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = { clientId: 'action-plans', clientSecret: 'test client secret' };
  let person: { email: string; emailVerified: boolean | null; subject: string; xmsEdov?: boolean } = {
    email: '',
    emailVerified: true,
    subject: '',
  };

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: redirectUris,
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...(privateKey.export({ format: 'jwk' }) as JWK), kid: 'test', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['test cookie key'] },
    // Set so the provider does not warn about its defaults; a test's sign-in takes seconds.
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({
        sub,
        email: person.email,
        ...(person.emailVerified === null ? {} : { email_verified: person.emailVerified }),
        ...(person.xmsEdov === undefined ? {} : { xms_edov: person.xmsEdov }),
      }),
    }),
  });

  const handle = provider.callback();
  server.on('request', (request, response) => {
    if (!request.url?.startsWith('/interaction/')) return void handle(request, response);
    void (async () => {
      const { prompt, params, session } = await provider.interactionDetails(request, response);
      if (prompt.name === 'login') {
        return provider.interactionFinished(
          request,
          response,
          { login: { accountId: person.subject } },
          { mergeWithLastSubmission: false },
        );
      }
      const grant = new provider.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
      grant.addOIDCScope(String(params.scope));
      return provider.interactionFinished(
        request,
        response,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      );
    })().catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });

  return {
    issuer,
    ...client,
    signInAs: (email, emailVerified = true, identity = {}) => {
      person = { email, emailVerified, subject: identity.subject ?? email, xmsEdov: identity.xmsEdov };
    },
    browse: async (authorizationUrl) => {
      const cookies = new Map<string, string>();
      let next = new URL(authorizationUrl);
      for (let hop = 0; hop < 10; hop += 1) {
        if (redirectUris.some((uri) => next.href.startsWith(uri))) return `${next.pathname}${next.search}`;
        const response = await fetch(next, {
          redirect: 'manual',
          headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
        });
        for (const cookie of response.headers.getSetCookie()) {
          const [pair] = cookie.split(';');
          cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
        }
        const location = response.headers.get('location');
        if (!location) throw new Error(`The provider stopped at ${next.href} with ${response.status}: ${await response.text()}`);
        next = new URL(location, next);
      }
      throw new Error('The provider redirected more than 10 times.');
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
