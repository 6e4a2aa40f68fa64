import type { AuditEvent } from '../audit/audit-event.entity.js';
import { humanise } from './forms.js';

type Change = { from: unknown; to: unknown };
const isChange = (value: unknown): value is Change => typeof value === 'object' && value !== null && 'from' in value && 'to' in value;
// A role as the Users page names it, quoted so that "Scrutiny" reads as the role's name.
const role = (value: unknown) => `“${humanise(String(value))}”`;
const named = (value: unknown) => (typeof value === 'string' ? value : '');

/** What happened to an account, in a sentence an administrator reads: the history keeps codes, the page does not. */
export function accountChange(entry: Pick<AuditEvent, 'event' | 'details'>): string {
  const details = entry.details ?? {};
  switch (entry.event) {
    case 'ACCOUNT_CREATED':
      return `Given access with the role ${role(details.role)}${details.serviceAccount ? ', as a service account' : ''}.`;
    case 'ACCOUNT_UPDATED': {
      const parts: string[] = [];
      if (isChange(details.name)) parts.push(`Name changed from ${String(details.name.from)} to ${String(details.name.to)}.`);
      if (isChange(details.role)) parts.push(`Role changed from ${role(details.role.from)} to ${role(details.role.to)}.`);
      if (isChange(details.active)) parts.push(details.active.to ? 'Access given again.' : 'Access removed, and signed out everywhere.');
      return parts.join(' ') || 'Account changed.';
    }
    case 'PASSWORD_RESET':
      return 'Password reset to a temporary one, and signed out everywhere.';
    case 'API_TOKEN_ISSUED':
      return `API token “${named(details.token)}” issued.`;
    case 'API_TOKEN_REVOKED':
      return `API token “${named(details.token)}” revoked.`;
    case 'CALENDAR_FEED_MADE':
      return 'Calendar link made (any earlier one stopped working).';
    case 'CALENDAR_FEED_REVOKED':
    case 'CALENDAR_FEEDS_REVOKED':
      return 'Calendar link turned off.';
    default:
      return `${humanise(entry.event)}.`;
  }
}
