import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { isEmail } from 'class-validator';
import type { PersonDto } from '../users/person.dto.js';
import { InvalidInputError } from './errors.js';

/**
 * Who is making a change, for the audit trail. Until sign-in exists the caller names
 * themself in the X-Actor-Email (and optionally X-Actor-Name) header.
 */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): PersonDto => {
  const request = context.switchToHttp().getRequest<Request>();
  const email = request.header('x-actor-email')?.trim().toLowerCase() ?? '';
  if (!isEmail(email)) {
    throw new InvalidInputError({ 'X-Actor-Email': ['Say who is making this change: send your email address in the X-Actor-Email header.'] });
  }
  return { email, name: request.header('x-actor-name')?.trim() || email.split('@')[0] };
});
