import { createHash, randomBytes } from 'node:crypto';

// The prefix lets secret scanners (and people) recognise a leaked token for what it is.
const PREFIX = 'oap_';

/** A new bearer token, and the hash that is all the database keeps of it. */
export function newTokenSecret(): { token: string; tokenHash: string } {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashSecret(token) };
}

/** Hex SHA-256: enough for random secrets, which cannot be guessed the way passwords can. */
export function hashSecret(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
