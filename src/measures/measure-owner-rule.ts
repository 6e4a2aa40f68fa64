import { grantOf } from '../auth/permissions.js';
import type { SignedInUser } from '../common/actor.js';
import { normaliseEmail } from '../users/email.js';

/**
 * Who may enter a measure's figures: the person named to enter them (its owner, who is reminded when they are due),
 * and roles that hold measure:record outright. The API enforces it and the measure's page offers only what it allows.
 */
export function mayRecordFigures(user: Pick<SignedInUser, 'role' | 'email'>, owner: { email: string } | null): boolean {
  const grant = grantOf(user.role, 'measure:record');
  return grant === 'all' || (grant === 'own' && owner !== null && normaliseEmail(owner.email) === normaliseEmail(user.email));
}
