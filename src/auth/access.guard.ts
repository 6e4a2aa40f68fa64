import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, PasswordChangeRequiredError, UnauthenticatedError } from '../common/errors.js';
import { ENVIRONMENT } from '../config/config.module.js';
import type { Environment } from '../config/environment.js';
import { ACCESS, PAGE, type AccessRule } from './access.decorators.js';
import { cookieOf, csrfTokenFor, sameSecret, sentCsrfToken, SESSION_COOKIE, type PageRequest } from './page-sessions.js';
import { grantOf, PERMISSIONS } from './permissions.js';
import { TokensService } from './tokens.service.js';

/**
 * Runs before every route: finds who is calling from their bearer token, or on web pages from
 * their session cookie (401 if nobody valid),
 * then checks their role holds the route's permission (403 if not). A route that declares
 * neither @Allow() nor @Public() is refused, so a forgotten rule fails closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS, [context.getHandler(), context.getClass()]);
    if (!rule)
      throw new Error(
        `${context.getClass().name}.${context.getHandler().name} has no access rule: give it @Allow(permission) or @Public().`,
      );
    if ('public' in rule) return true;

    const request = context.switchToHttp().getRequest<PageRequest>();
    const page = this.reflector.getAllAndOverride<boolean | undefined>(PAGE, [context.getHandler(), context.getClass()]) === true;
    // Pages read only the cookie and the API only the header, so a browser's cookie never reaches the API.
    const token = page
      ? cookieOf(request, this.environment.appUrl, SESSION_COOKIE)
      : /^Bearer +(\S+)$/i.exec(request.header('authorization') ?? '')?.[1];
    if (!token)
      throw new UnauthenticatedError(
        'Sign in first (POST /api/auth/login), then send the token in the header Authorization: Bearer <token>.',
      );
    const found = await this.tokens.authenticate(token);
    if (!found) throw new UnauthenticatedError('This token has expired or is no longer valid. Sign in again.');

    const { mustChangePassword, ...user } = found;
    if (!grantOf(user.role, rule.permission)) {
      const means = PERMISSIONS[rule.permission].means;
      throw new ForbiddenError(
        `Your role (${user.role.replaceAll('_', ' ')}) cannot do this. It needs a role that may ${means.charAt(0).toLowerCase()}${means.slice(1)} Ask an administrator if you need to.`,
        rule.permission,
      );
    }
    if (page) {
      request.csrfToken = csrfTokenFor(token);
      if (request.method !== 'GET' && !sameSecret(request.csrfToken, sentCsrfToken(request))) {
        throw new ForbiddenError('This form has expired or did not come from this service. Go back, reload the page and try again.');
      }
    }
    if (mustChangePassword && rule.permission !== 'account:self') {
      throw new PasswordChangeRequiredError('Choose a new password before anything else: POST /api/auth/password.');
    }
    request.signedIn = user;
    return true;
  }
}
