import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { PageRequest } from '../auth/page-sessions.js';
import {
  BusyError,
  ConflictError,
  EventRejectedError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PasswordChangeRequiredError,
  StaleVersionError,
  TooManyAttemptsError,
  UnauthenticatedError,
  UnusableDocumentError,
} from '../common/errors.js';
import { PageRenderer } from './page-renderer.js';
import { uploadProblemAddress } from './upload-problem.js';

/**
 * Errors on pages become pages: no session sends the browser to sign in, a refusal shows a 403 page
 * that says why, and anything unexpected shows only an id to quote (the detail goes to the log).
 */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(PageErrorFilter.name);

  constructor(private readonly pages: PageRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<PageRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof UnauthenticatedError) {
      const back = request.method === 'GET' && request.path !== '/' ? `?next=${encodeURIComponent(request.originalUrl)}` : '';
      return response.redirect(303, `/sign-in${back}`);
    }
    if (exception instanceof PasswordChangeRequiredError) {
      const next = request.method === 'GET' && request.path !== '/' ? `?next=${encodeURIComponent(request.originalUrl)}` : '';
      return response.redirect(303, `/account/password${next}`);
    }
    if (exception instanceof ForbiddenError)
      return this.pages.render(request, response, 'error.njk', { title: 'You cannot do this', message: exception.message }, 403);
    const notFound = exception instanceof NotFoundError || (exception instanceof HttpException && exception.getStatus() === 404);
    if (notFound)
      return this.pages.render(
        request,
        response,
        'error.njk',
        { title: 'Page not found', message: 'If you typed the web address, check it is correct.' },
        404,
      );
    // Forms re-show themselves with their own messages; this is for a button whose hidden fields were tampered with.
    if (exception instanceof InvalidInputError) {
      return this.pages.render(
        request,
        response,
        'error.njk',
        { title: 'This could not be done', message: Object.values(exception.fields).flat().join(' '), back: request.get('referer') },
        400,
      );
    }
    // An upload refused before the page's handler could show it on the form (too large, or another still being read): back to the form, which says why.
    // Every upload is posted to the address of its form less the form's last part, /new.
    const uploadRefused = (exception instanceof UnusableDocumentError || exception instanceof BusyError) && '_csrf' in request.query;
    if (uploadRefused && request.csrfToken)
      return response.redirect(303, uploadProblemAddress(`${request.path}/new`, request.csrfToken, exception.message));
    if (exception instanceof BusyError || exception instanceof TooManyAttemptsError) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
      return this.pages.render(
        request,
        response,
        'error.njk',
        { title: 'Try again later', message: exception.message, back: request.get('referer') },
        exception instanceof BusyError ? exception.status : 429,
      );
    }
    if (exception instanceof EventRejectedError || exception instanceof StaleVersionError || exception instanceof ConflictError) {
      return this.pages.render(
        request,
        response,
        'error.njk',
        { title: 'This could not be done', message: exception.message, back: request.get('referer') },
        409,
      );
    }
    const errorId = randomUUID();
    this.logger.error(`errorId ${errorId}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    this.pages.render(
      request,
      response,
      'error.njk',
      {
        title: 'Sorry, there is a problem with the service',
        message: `Try again later. If you report this, quote the error id ${errorId}.`,
      },
      500,
    );
  }
}
