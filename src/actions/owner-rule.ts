import { grantOf } from '../auth/permissions.js';
import type { SignedInUser } from '../common/actor.js';
import { normaliseEmail } from '../users/email.js';

/**
 * Who may report progress on an action and move it: action owners only the actions they own, and not to
 * completed or cancelled (ASSIGNERS_EVENTS); roles that hold action:update outright, any. The API enforces it and
 * the pages offer only what it allows.
 */
export function mayReportOn(user: Pick<SignedInUser, 'role' | 'email'>, owner: { email: string } | null): boolean {
  const grant = grantOf(user.role, 'action:update');
  return grant === 'all' || (grant === 'own' && owner !== null && normaliseEmail(owner.email) === normaliseEmail(user.email));
}

/**
 * Completing and cancelling an action are the decisions of whoever assigned it (a deputy director), not its owner's:
 * an owner reports it done at 100% for them to sign off, or asks them to cancel it.
 */
export const ASSIGNERS_EVENTS: readonly string[] = ['COMPLETE', 'CANCEL'];

/** Whether the person may take an assigner's decision on an action: roles that hold action:update outright. */
export function mayDecideOn(user: Pick<SignedInUser, 'role'>): boolean {
  return grantOf(user.role, 'action:update') === 'all';
}
