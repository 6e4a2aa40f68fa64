import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import {
  BusyError,
  ConflictError,
  DomainError,
  EventRejectedError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  StaleVersionError,
  TooManyAttemptsError,
  UnauthenticatedError,
  UnusableDocumentError,
} from './errors.js';

/** Every error leaves the service in one shape; a 500 shows only an id to quote, the detail goes to the log. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.describe(exception);
    if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    if (exception instanceof TooManyAttemptsError || exception instanceof BusyError)
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    // Any other 503 is the database not answering, which is usually back within a second.
    else if (status === 503) response.setHeader('Retry-After', '1');
    response.status(status).json({ statusCode: status, error: statusText(status), ...body });
  }

  private describe(exception: unknown): { status: number; body: Record<string, unknown> } {
    if (exception instanceof DomainError) return describeDomainError(exception);
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      return {
        status: exception.getStatus(),
        body: { message: Array.isArray(message) ? message.join('; ') : (message ?? exception.message) },
      };
    }
    // Body parser errors (broken JSON, a body too large) carry their own 4xx status.
    const status = (exception as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { status, body: { message: status === 413 ? 'The request body is too large.' : 'The request body is not valid JSON.' } };
    }
    if (databaseUnavailable(exception)) {
      this.logger.warn(`The database is not answering: ${exception instanceof Error ? exception.message : String(exception)}`);
      return { status: 503, body: { message: 'The database is not answering just now; nothing was saved. Try again in a moment.' } };
    }
    const errorId = randomUUID();
    this.logger.error(`errorId ${errorId}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    return { status: 500, body: { message: 'Something went wrong on our side. Quote this error id if you report it.', errorId } };
  }
}

/** PostgreSQL connection exception (08…) and shutdown (57P01–57P03) codes, and a socket the database closed. */
const CONNECTION_LOST = /^(08...|57P0[123]|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE)$/;

/**
 * The database restarted, cut this instance's connections or cannot be reached: the request failed
 * as a whole (its transaction never committed) and may succeed if sent again, so 503, not 500. A
 * connection lost mid-request leaves TypeORM's query runner released (TypeORM says so with either of
 * two errors, by whether the statement was built or raw) or pg's client unusable: the same case.
 */
function databaseUnavailable(exception: unknown): boolean {
  if (exception instanceof QueryRunnerAlreadyReleasedError || exception instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  const error = (exception instanceof QueryFailedError ? exception.driverError : exception) as { code?: unknown; message?: unknown } | null;
  return (
    (typeof error?.code === 'string' && CONNECTION_LOST.test(error.code)) ||
    (typeof error?.message === 'string' && /^(Connection terminated|Client has encountered a connection error)/.test(error.message))
  );
}

function describeDomainError(error: DomainError): { status: number; body: Record<string, unknown> } {
  if (error instanceof InvalidInputError) return { status: 400, body: { message: error.message, fields: error.fields } };
  if (error instanceof UnauthenticatedError) return { status: 401, body: { message: error.message } };
  if (error instanceof ForbiddenError)
    return { status: 403, body: { message: error.message, ...(error.permission ? { permission: error.permission } : {}) } };
  if (error instanceof NotFoundError) return { status: 404, body: { message: error.message } };
  if (error instanceof TooManyAttemptsError) return { status: 429, body: { message: error.message } };
  if (error instanceof EventRejectedError) {
    return {
      status: 409,
      body: {
        message: error.message,
        state: error.state,
        event: error.event,
        acceptedEvents: error.acceptedEvents,
        reasons: error.reasons,
      },
    };
  }
  if (error instanceof ConflictError) return { status: 409, body: { message: error.message, ...error.about } };
  if (error instanceof StaleVersionError) return { status: 409, body: { message: error.message } };
  if (error instanceof BusyError) return { status: error.status, body: { message: error.message } };
  if (error instanceof UnusableDocumentError) return { status: DOCUMENT_STATUS[error.problem], body: { message: error.message } };
  return { status: 500, body: { message: error.message } };
}

const DOCUMENT_STATUS: Record<UnusableDocumentError['problem'], number> = { too_large: 413, unsupported_format: 415, unreadable: 422 };

function statusText(status: number): string {
  const name = HttpStatus[status];
  return name
    ? name
        .toLowerCase()
        .split('_')
        .map((word) => word[0].toUpperCase() + word.slice(1))
        .join(' ')
    : 'Error';
}
