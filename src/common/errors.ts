/** Domain errors: services throw these, one filter turns them into HTTP answers. */
export abstract class DomainError extends Error {}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super(`No ${what} with id ${id}.`);
  }
}

/** Input that is well-formed JSON but wrong: a message per field, keyed by the field's path. */
export class InvalidInputError extends DomainError {
  constructor(readonly fields: Record<string, string[]>) {
    super('Some of the information given is not valid.');
  }
}

export class StaleVersionError extends DomainError {
  constructor(what: string, sent: number, current: number) {
    super(
      `This ${what} has been changed by someone else since you loaded it (you sent version ${sent}, it is now at version ${current}). Reload it and try again.`,
    );
  }
}

/** The workflow does not take this event in its current state, or a guard refused it. */
export class EventRejectedError extends DomainError {
  constructor(
    what: string,
    readonly state: string,
    readonly event: string,
    readonly acceptedEvents: string[],
    readonly reasons: string[],
  ) {
    super(
      reasons.length > 0
        ? `${event} was refused: ${reasons.join(' ')}`
        : `${/^[aeiou]/.test(what) ? 'An' : 'A'} ${what} that is ${state.replaceAll('_', ' ')} does not accept ${event}. ${acceptedEvents.length > 0 ? `It accepts: ${acceptedEvents.join(', ')}.` : 'It accepts no events.'}`,
    );
  }
}

/** A request that conflicts with the record's current state, other than a workflow event. */
export class ConflictError extends DomainError {
  /** `about`: the ids an API client needs to act on the refusal (the inspection a report already became), sent with the message. */
  constructor(
    message: string,
    readonly about: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** No token, or one that is unknown, expired or revoked, or a failed sign-in: 401. */
export class UnauthenticatedError extends DomainError {}

/** A signed-in user whose role does not allow this: 403. The permission it needs goes to API clients, never onto a page. */
export class ForbiddenError extends DomainError {
  constructor(
    message: string,
    readonly permission?: string,
  ) {
    super(message);
  }
}

/** An account with a one-time or reset password, asked to do anything but choose a new one: 403 (the web pages send it to do so). */
export class PasswordChangeRequiredError extends ForbiddenError {}

/** Too many failed sign-ins: 429, with when to try again. */
export class TooManyAttemptsError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    what = 'to sign in',
  ) {
    super(`Too many failed attempts ${what}. Try again in ${inWords(retryAfterSeconds)}.`);
  }
}

function inWords(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** A document that cannot be used as given: too large (413), of a kind the service cannot read (415), or unreadable as what it should be (422). */
export class UnusableDocumentError extends DomainError {
  constructor(
    readonly problem: 'too_large' | 'unsupported_format' | 'unreadable',
    message: string,
  ) {
    super(message);
  }
}

/** Heavy work (reading an upload, building a document) that could not be done just now: 503 or 429, with when to try again. */
export class BusyError extends DomainError {
  constructor(
    message: string,
    readonly status: 429 | 503,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export class DocumentUnavailableError extends BusyError {
  /** `because`: why the worker pool refused it ("busy" when it had no worker free), for what tries again. */
  constructor(readonly because?: string) {
    super('This document could not be built just now: the service is busy. Try again in a minute.', 503, 60);
  }
}
