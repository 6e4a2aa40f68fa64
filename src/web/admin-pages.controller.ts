import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Pages } from '../auth/access.decorators.js';
import { ApiTokensService } from '../auth/api-tokens.service.js';
import type { SignIn, SignInFailure } from '../auth/sign-in.entity.js';
import { AuthService } from '../auth/auth.service.js';
import { Passwords } from '../auth/passwords.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { addDays } from '../common/dates.js';
import { ENVIRONMENT } from '../config/config.module.js';
import type { Environment } from '../config/environment.js';
import { IdParam } from '../common/validation.js';
import { SERVICE_ACTOR } from '../scheduling/missed-deadlines.js';
import { UsersService } from '../users/users.service.js';
import { accountChange } from './account-history.js';
import { ApiTokenForm } from './forms/account-forms.js';
import { dateParts, doneMessage, errorList, type FieldErrors, formatDate, type FormBody } from './forms.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';
import { ActionListService } from './action-list.service.js';
import { workLeftUndone } from './work-left.js';

const DONE: Record<string, string> = {
  revoked: 'The API token has been revoked. The integration that used it can no longer connect.',
};

/** An administrator's pages beyond the list of users: one account and its history, password resets, the sign-in log, API tokens. */
@Pages()
@UseFilters(PageErrorFilter)
@Controller('admin')
export class AdminPagesController {
  constructor(
    private readonly apiTokens: ApiTokensService,
    private readonly auth: AuthService,
    private readonly clock: Clock,
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    private readonly lists: ActionListService,
    private readonly pages: PageRenderer,
    private readonly passwords: Passwords,
    private readonly users: UsersService,
  ) {}

  @Get('users/:id')
  @Allow('users:manage')
  async account(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    const [account, history, tokens, work] = await Promise.all([
      this.users.get(id),
      this.users.history(id),
      this.apiTokens.list({ userId: id }),
      this.lists.workOf(id),
    ]);
    this.pages.render(request, response, 'admin-account.njk', {
      title: account.name,
      account,
      work,
      history: [...history]
        .reverse()
        .map((entry) => ({ at: entry.at, actorName: entry.actorName, what: accountChange(entry), comment: entry.comment })),
      tokens,
      singleSignOn: this.environment.oidc !== null,
      backLink: '/admin/users',
    });
  }

  /** A temporary password made by the service, shown this once: they choose their own when they next sign in. */
  @Post('users/:id/password')
  @Allow('users:manage')
  async resetPassword(
    @IdParam() id: string,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const account = await this.users.get(id);
    const password = this.passwords.oneTimePassword();
    await this.users.resetPassword(id, { password }, actor);
    this.pages.render(request, response, 'admin-secret.njk', {
      title: 'Password reset',
      intro: `${account.name}’s password has been reset, and wherever they were signed in they have been signed out. Give them this temporary password in person or by phone, not by email. They must choose a new password when they next sign in.`,
      label: `Temporary password for ${account.email}`,
      secret: password,
      next: { href: `/admin/users/${id}`, text: `Go back to ${account.name}’s account` },
    });
  }

  @Get('users/:id/remove')
  @Allow('users:manage')
  async confirmRemoval(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    const [account, work] = await Promise.all([this.users.get(id), this.lists.workOf(id)]);
    this.pages.render(request, response, 'admin-remove.njk', {
      title: `Remove access for ${account.name}?`,
      account,
      work,
      workLeft: workLeftUndone(work, account.role, false),
      backLink: `/admin/users/${id}`,
    });
  }

  @Get('sign-ins')
  @Allow('users:manage')
  async signIns(@Req() request: PageRequest, @Res() response: Response, @Query('email') email?: string): Promise<void> {
    const filter = typeof email === 'string' && email.includes('@') ? email.trim() : undefined;
    const attempts = await this.auth.signIns({ email: filter });
    this.pages.render(request, response, 'admin-sign-ins.njk', {
      title: 'Sign-in log',
      attempts: attempts.map((attempt) => ({ ...attempt, outcomeWords: signInOutcomeWords(attempt) })),
      email: filter ?? '',
      backLink: '/admin/users',
    });
  }

  @Get('api-tokens')
  @Allow('users:manage')
  async tokenList(@Req() request: PageRequest, @Res() response: Response, @Query('done') done?: string): Promise<void> {
    await this.showTokens(request, response, {}, {}, done);
  }

  /** Issues a token to a service account; the token itself is shown this once (only its hash is kept). */
  @Post('api-tokens')
  @Allow('users:manage')
  async issueToken(
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const outcome = await new ApiTokenForm(body).submit((dto) => this.apiTokens.issue(dto, actor));
    if ('errors' in outcome) return this.showTokens(request, response, body, outcome.errors);
    this.pages.render(request, response, 'admin-secret.njk', {
      title: 'API token issued',
      intro: `Copy this token into the integration's settings now: it is shown only this once. It works until ${lastDayOf(outcome.result.expiresAt)}.`,
      label: `API token "${body.name as string}"`,
      secret: outcome.result.token,
      next: { href: '/admin/api-tokens', text: 'Go back to API tokens' },
    });
  }

  @Get('api-tokens/:id/revoke')
  @Allow('users:manage')
  async confirmRevoke(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    const token = await this.apiTokens.get(id);
    if (token.revokedAt) return response.redirect(303, '/admin/api-tokens');
    this.pages.render(request, response, 'admin-revoke.njk', {
      title: `Revoke the API token “${token.name}”?`,
      token,
      // One past its last day no longer connects: revoking it only records that it is not to be used.
      expiredOn: token.expiresAt && token.expiresAt <= this.clock.now().toISOString() ? lastDayOf(token.expiresAt) : null,
      backLink: '/admin/api-tokens',
    });
  }

  @Post('api-tokens/:id/revoke')
  @Allow('users:manage')
  async revokeToken(@IdParam() id: string, @Res() response: Response, @Actor() actor: SignedInUser): Promise<void> {
    await this.apiTokens.revoke(id, actor);
    response.redirect(303, '/admin/api-tokens?done=revoked');
  }

  private async showTokens(request: PageRequest, response: Response, form: FormBody, errors: FieldErrors, done?: string): Promise<void> {
    const [tokens, users] = await Promise.all([this.apiTokens.list({}), this.users.list()]);
    const serviceAccounts = users.filter((user) => user.serviceAccount && user.active && user.email !== SERVICE_ACTOR.email);
    this.pages.render(
      request,
      response,
      'admin-api-tokens.njk',
      {
        title: 'API tokens',
        // The last day it works, as the page that issued it said.
        tokens: tokens.map((token) => ({ ...token, until: `Until ${lastDayOf(token.expiresAt)}` })),
        serviceAccounts,
        form,
        expiresOn: dateParts(Object.keys(form).length > 0 ? form : null, 'expiresOn'),
        errors,
        errorList: errorList(errors),
        done: doneMessage(DONE, done),
        backLink: '/admin/users',
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }
}

/** A token works to the end of the last day given (it expires at the next midnight, UTC). */
function lastDayOf(expiresAt: string | null): string {
  return expiresAt ? `the end of ${formatDate(addDays(expiresAt.slice(0, 10), -1))}` : 'it is revoked';
}

/**
 * What happened, for the administrator someone asks why they cannot get in. The person who tried was told only that
 * the address or password was wrong.
 */
const FAILED_BECAUSE: Record<SignInFailure, string> = {
  wrong_password: 'Failed: wrong password',
  no_account: 'Failed: no account has this email address',
  no_access: 'Failed: this account’s access has been removed, or was never given',
  service_account: 'Failed: this is a service account, which connects only with API tokens',
  no_password: 'Failed: this account has no password. Reset it to give them one, unless they sign in through single sign-on',
  other_identity: 'Failed: someone else at the identity provider signs in as this account',
};

function signInOutcomeWords(attempt: Pick<SignIn, 'outcome' | 'failure'>): string {
  if (attempt.outcome === 'success') return 'Signed in';
  if (attempt.outcome === 'locked_out') return 'Refused: too many failed attempts, so not checked';
  return attempt.failure ? FAILED_BECAUSE[attempt.failure] : 'Failed';
}
