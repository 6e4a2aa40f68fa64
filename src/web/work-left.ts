import { grantOf, type Role } from '../auth/permissions.js';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The part of a person's work that nobody could do once their account is as given (a role without the grant, or no
 * access at all), in words after their name: "owns 2 actions that are not finished and leads 1 open improvement area";
 * null when none of it would be left.
 */
export function workLeftUndone(
  work: { actions: readonly unknown[]; areas: readonly unknown[] },
  role: Role,
  active: boolean,
): string | null {
  const parts: string[] = [];
  if (work.actions.length > 0 && (!active || !grantOf(role, 'action:update')))
    parts.push(`owns ${count(work.actions.length, 'action that is not finished', 'actions that are not finished')}`);
  if (work.areas.length > 0 && (!active || !grantOf(role, 'area:narrate')))
    parts.push(`leads ${count(work.areas.length, 'open improvement area', 'open improvement areas')}`);
  return parts.length > 0 ? parts.join(' and ') : null;
}
