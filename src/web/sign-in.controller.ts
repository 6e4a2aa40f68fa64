import { Body, Controller, Get, Inject, Ip, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Pages, Public } from '../auth/access.decorators.js';
import { AuthService } from '../auth/auth.service.js';
import { OidcService, type ProviderIdentity } from '../auth/oidc.service.js';
import {
  clearCookie,
  cookieOf,
  newFormSecret,
  sameSecret,
  SESSION_COOKIE,
  setCookie,
  SIGN_IN_COOKIE,
  type PageRequest,
} from '../auth/page-sessions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { TooManyAttemptsError, UnauthenticatedError } from '../common/errors.js';
import { ENVIRONMENT } from '../config/config.module.js';
import type { Environment } from '../config/environment.js';
import { errorList, safeNext, text, type FieldErrors, type FormBody } from './forms.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';

/** Register APP_URL followed by this at the identity provider, beside the API's callback. */
export const SINGLE_SIGN_ON_CALLBACK = '/sign-in/single-sign-on/callback';

@Pages()
@UseFilters(PageErrorFilter)
@Controller()
export class SignInController {
  constructor(
    private readonly auth: AuthService,
    private readonly clock: Clock,
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    private readonly oidc: OidcService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('sign-in')
  @Public()
  form(
    @Req() request: PageRequest,
    @Res() response: Response,
    @Query('next') next?: string,
    @Query('signed-out') signedOut?: string,
  ): void {
    this.show(request, response, { next: safeNext(next), signedOut: signedOut === 'yes' });
  }

  @Post('sign-in')
  @Public()
  async signIn(
    @Req() request: PageRequest,
    @Res() response: Response,
    @Body() body: FormBody,
    @Ip() address: string | undefined,
  ): Promise<void> {
    const form = { email: text(body, 'email'), next: safeNext(body.next) };
    const expected = cookieOf(request, this.environment.appUrl, SIGN_IN_COOKIE);
    if (!expected || !sameSecret(expected, body._csrf)) {
      return this.show(
        request,
        response,
        form,
        { email: 'This sign-in form has expired. Enter your email address and password again.' },
        400,
      );
    }
    const errors: FieldErrors = {};
    if (!form.email) errors.email = 'Enter your email address';
    if (!text(body, 'password')) errors.password = 'Enter your password';
    if (Object.keys(errors).length > 0) return this.show(request, response, form, errors, 400);
    try {
      const { token, expiresAt } = await this.auth.login({ email: form.email, password: String(body.password) }, address ?? 'unknown');
      clearCookie(response, this.environment.appUrl, SIGN_IN_COOKIE);
      this.startSession(response, token, expiresAt);
      response.redirect(303, form.next);
    } catch (error) {
      if (error instanceof UnauthenticatedError || error instanceof TooManyAttemptsError)
        return this.show(request, response, form, { email: error.message }, error instanceof TooManyAttemptsError ? 429 : 401);
      throw error;
    }
  }

  /** Single sign-on: the state is also kept in a cookie, so only the browser that began a sign-in can finish it. */
  @Get('sign-in/single-sign-on')
  @Public()
  async startSingleSignOn(@Res() response: Response): Promise<void> {
    response.redirect(303, await this.oidc.start(response, SINGLE_SIGN_ON_CALLBACK));
  }

  @Get('sign-in/single-sign-on/callback')
  @Public()
  async finishSingleSignOn(@Req() request: PageRequest, @Res() response: Response, @Ip() address: string | undefined): Promise<void> {
    let identity: ProviderIdentity;
    try {
      identity = await this.oidc.finish(request, response, SINGLE_SIGN_ON_CALLBACK);
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      return this.show(request, response, { next: '/' }, { email: error.message }, 400);
    }
    const { token, expiresAt } = await this.auth.signInWithProvider(identity, address ?? 'unknown');
    this.startSession(response, token, expiresAt);
    response.redirect(303, '/');
  }

  /** The session cookie lasts as long as its token. */
  private startSession(response: Response, token: string, expiresAt: string | null): void {
    setCookie(
      response,
      this.environment.appUrl,
      SESSION_COOKIE,
      token,
      expiresAt ? Date.parse(expiresAt) - this.clock.now().getTime() : undefined,
    );
  }

  @Post('sign-out')
  @Allow('account:self')
  async signOut(@Actor() actor: SignedInUser, @Res() response: Response): Promise<void> {
    await this.auth.signOut(actor);
    clearCookie(response, this.environment.appUrl, SESSION_COOKIE);
    response.redirect(303, '/sign-in?signed-out=yes');
  }

  private show(
    request: PageRequest,
    response: Response,
    form: { email?: string; next: string; signedOut?: boolean },
    errors: FieldErrors = {},
    status = 200,
  ): void {
    const signInToken = newFormSecret();
    setCookie(response, this.environment.appUrl, SIGN_IN_COOKIE, signInToken);
    this.pages.render(
      request,
      response,
      'sign-in.njk',
      { title: 'Sign in', ...form, signInToken, errors, errorList: errorList(errors), singleSignOn: this.environment.oidc !== null },
      status,
    );
  }
}
