import { grantOf } from '../auth/permissions.js';
import type { SignedInUser } from '../common/actor.js';
import { normaliseEmail } from '../users/email.js';

/**
 * Who may report progress on an action and move it: action owners only the actions they own; roles
 * that hold action:update outright, any. The API enforces it and the pages offer only what it allows.
 */
export function mayReportOn(user: Pick<SignedInUser, 'role' | 'email'>, owner: { email: string } | null): boolean {
  const grant = grantOf(user.role, 'action:update');
  return grant === 'all' || (grant === 'own' && owner !== null && normaliseEmail(owner.email) === normaliseEmail(user.email));
}
