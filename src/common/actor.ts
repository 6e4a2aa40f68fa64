import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../auth/permissions.js';

/** The person behind a request, as the access guard found them from their bearer token. */
export interface SignedInUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** The token this request came with, so signing out can revoke exactly it. */
  tokenId: string;
  /** Set when that token is an API token: the audit trail names it, and the admin who issued it, with every change. */
  apiToken: ApiTokenUse | null;
}

export interface ApiTokenUse {
  id: string;
  issuedById: string | null;
}

export type SignedInRequest = Request & { signedIn?: SignedInUser };

/** Who is making a change, for the audit trail and for ownership rules: always the signed-in user. */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): SignedInUser => {
  const user = context.switchToHttp().getRequest<SignedInRequest>().signedIn;
  // Only a route without @Allow() gets here unsigned, and that is a mistake in the code, not the request.
  if (!user) throw new Error('@Actor() needs a route that signs someone in: give it @Allow(permission).');
  return user;
});
