import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import * as oidc from 'openid-client';
import { LessThan } from 'typeorm';
import { Clock } from '../common/clock.js';
import { loggable } from '../common/loggable.js';
import { ForbiddenError, UnauthenticatedError } from '../common/errors.js';
import { ENVIRONMENT } from '../config/config.module.js';
import type { Environment, OidcSettings } from '../config/environment.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OidcRequest } from './oidc-request.entity.js';
import { clearCookie, cookieOf, sameSecret, setCookie, SINGLE_SIGN_ON_COOKIE } from './page-sessions.js';
import { hashSecret } from './token-secret.js';

// Long enough to type a password and answer a second factor at the provider.
const REQUEST_TTL_MS = 10 * 60_000;
/** Where the provider sends the browser back for the API; the web pages have a callback of their own. */
export const API_CALLBACK_PATH = '/api/auth/oidc/callback';

/** The person the provider vouched for: its issuer and identifier for them, and their checked email address. */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  email: string;
}

/**
 * Single sign-on with an OpenID Connect provider (Microsoft Entra ID or any other): the
 * authorization code flow with PKCE, through openid-client. It finds out who the provider says
 * the person is; whether they may sign in here is for AuthService.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly clock: Clock,
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * Where to send the browser to sign in. The PKCE verifier waits in the database until the provider
   * sends the browser back to `callbackPath`; the state is also kept in a cookie of this browser's, so
   * a callback address that leaks (a proxy log, browser history) is no use in any other.
   */
  async start(response: Response, callbackPath = API_CALLBACK_PATH): Promise<string> {
    const configuration = await this.configure();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const now = this.clock.now();
    await this.unitOfWork.write(async (manager) => {
      // Abandoned sign-ins are cleared as new ones begin, so the table stays small without a scheduler.
      await manager.delete(OidcRequest, { expiresAt: LessThan(now.toISOString()) });
      await manager.insert(OidcRequest, {
        stateHash: hashSecret(state),
        codeVerifier,
        expiresAt: new Date(now.getTime() + REQUEST_TTL_MS).toISOString(),
      });
    });
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri(callbackPath),
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
    });
    setCookie(response, this.environment.appUrl, SINGLE_SIGN_ON_COOKIE, state);
    return url.toString();
  }

  /**
   * Who the provider says the person is, sent back to `callbackPath` in the browser that started the
   * sign-in (its cookie holds the same state as the callback's address), or 401.
   */
  async finish(request: Request, response: Response, callbackPath = API_CALLBACK_PATH): Promise<ProviderIdentity> {
    const configuration = await this.configure();
    const search = new URL(request.originalUrl, 'http://callback').search;
    const state = new URLSearchParams(search).get('state') ?? '';
    const started = cookieOf(request, this.environment.appUrl, SINGLE_SIGN_ON_COOKIE);
    clearCookie(response, this.environment.appUrl, SINGLE_SIGN_ON_COOKIE);
    if (!started || !sameSecret(started, state)) {
      throw new UnauthenticatedError('Single sign-on did not finish in the browser that started it. Start again.');
    }
    const pending = await this.unitOfWork.write(async (manager) => {
      const found = await manager.findOneBy(OidcRequest, { stateHash: hashSecret(state) });
      // Deleted as it is read: each sign-in link works once.
      if (found) await manager.delete(OidcRequest, { stateHash: found.stateHash });
      return found;
    });
    if (!pending || pending.expiresAt <= this.clock.now().toISOString()) {
      throw new UnauthenticatedError('This sign-in has expired or was already used. Start again at /api/auth/oidc/login.');
    }

    const callback = new URL(this.redirectUri(callbackPath));
    callback.search = search;
    let idToken: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        idTokenExpected: true,
      });
      idToken = tokens.claims()!;
      // Providers put email in the ID token or only in userinfo (oidc-provider does the latter for the code flow).
      claims =
        typeof idToken.email === 'string' ? idToken : await oidc.fetchUserInfo(configuration, tokens.access_token, String(idToken.sub));
    } catch (error) {
      if (!(
        error instanceof oidc.AuthorizationResponseError ||
        error instanceof oidc.ResponseBodyError ||
        error instanceof oidc.ClientError
      ))
        throw error;
      this.logger.warn(`Single sign-on failed: ${loggable(error.message)}`);
      throw new UnauthenticatedError('Single sign-on did not complete. Start again at /api/auth/oidc/login.');
    }
    // An address the provider has not checked is only what someone typed: Entra ID, which sends no
    // email_verified, says with xms_edov that the address belongs to a domain the tenant has verified.
    const verified = claims.email_verified === true || [true, 1, '1', 'true'].includes(claims.xms_edov as string);
    if (typeof claims.email !== 'string' || !verified) {
      throw new ForbiddenError(
        'The identity provider did not confirm your email address, so this service cannot tell who you are here. Ask an administrator to check how single sign-on is set up.',
      );
    }
    // Entra ID's oid names the person across its applications; sub is per application. Either is stable, unlike the address.
    const subject = typeof idToken.oid === 'string' ? idToken.oid : String(idToken.sub);
    return { issuer: String(idToken.iss), subject, email: claims.email };
  }

  private redirectUri(callbackPath: string): string {
    return `${this.environment.appUrl}${callbackPath}`;
  }

  /** The provider's configuration, discovered once; a failed discovery is retried on the next sign-in. */
  private configure(): Promise<oidc.Configuration> {
    const settings = this.environment.oidc;
    if (!settings) throw new NotFoundException('Single sign-on is not set up on this service.');
    this.configuration ??= discover(settings).catch((error: unknown) => {
      this.configuration = null;
      throw error;
    });
    return this.configuration;
  }
}

function discover(settings: OidcSettings): Promise<oidc.Configuration> {
  // The environment allows http:// only for a provider on this machine (for development and tests).
  const execute = settings.issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
  return oidc.discovery(settings.issuer, settings.clientId, settings.clientSecret, undefined, { execute });
}
