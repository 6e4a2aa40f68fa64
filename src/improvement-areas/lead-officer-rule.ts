import { grantOf } from '../auth/permissions.js';
import type { SignedInUser } from '../common/actor.js';
import { normaliseEmail } from '../users/email.js';

/**
 * Who may write an area's summary of progress: its lead officer, and roles that hold area:narrate
 * outright. The API enforces it and the area page offers only what it allows.
 */
export function mayNarrate(user: Pick<SignedInUser, 'role' | 'email'>, leadOfficer: { email: string } | null): boolean {
  const grant = grantOf(user.role, 'area:narrate');
  return grant === 'all' || (grant === 'own' && leadOfficer !== null && normaliseEmail(leadOfficer.email) === normaliseEmail(user.email));
}
