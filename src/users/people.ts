import type { EntityManager } from 'typeorm';
import type { AuditDetails } from '../audit/audit-event.entity.js';
import { findRows } from '../database/prepared-rows.js';
import type { Role } from '../auth/permissions.js';
import { User } from './user.entity.js';

/** The people with these ids; those already `known` (read with a row that names them) are not read again. */
export async function peopleById(
  manager: EntityManager,
  ids: Array<string | null>,
  known: Array<User | null> = [],
): Promise<Map<string, User>> {
  const people = new Map(known.filter((user): user is User => user !== null).map((user) => [user.id, user]));
  const missing = [...new Set(ids.filter((id): id is string => id !== null && !people.has(id)))];
  if (missing.length > 0) for (const user of await findRows(manager, User, { id: missing })) people.set(user.id, user);
  return people;
}

export function personView(people: Map<string, User>, id: string | null): { name: string; email: string } | null {
  const person = id ? people.get(id) : undefined;
  return person ? { name: person.name, email: person.email } : null;
}

/** Everyone who holds this role on an active account. */
export function activePeopleWithRole(manager: EntityManager, role: Role): Promise<User[]> {
  return manager.find(User, { where: { role, active: true }, order: { name: 'ASC' } });
}

/** What a person is named as on a plan: one of those who deliver it (its lead, an area's lead, an action's owner), or its committee's clerk. */
export type NamedAs = 'officer' | 'clerk';

/** Who a form does not offer for each: administrators run the service, and the committee's members scrutinise the plan rather than deliver it. */
const NOT_OFFERED: Record<NamedAs, readonly Role[]> = { officer: ['admin', 'scrutiny'], clerk: ['admin'] };

/** Whether someone with this role may be named as `as`. */
export const mayBeNamedAs = (role: Role, as: NamedAs): boolean => !NOT_OFFERED[as].includes(role);

/** The people a form offers to name as `as`, from everyone on record: never an integration's account, nor the service's own (its address ends .invalid). */
export function offeredAs<T extends Pick<User, 'name' | 'email' | 'role' | 'serviceAccount'>>(
  people: readonly T[],
  as: NamedAs,
): Array<{ name: string; email: string }> {
  return people
    .filter((person) => !person.serviceAccount && !person.email.endsWith('.invalid') && mayBeNamedAs(person.role, as))
    .map(({ name, email }) => ({ name, email }));
}

/** The addresses a history's changes name (an owner, a lead officer), so that a page can name the people instead. */
export function emailsIn(history: ReadonlyArray<{ details: AuditDetails | null }>): string[] {
  const values = history.flatMap(({ details }) =>
    Object.values(details ?? {}).flatMap((value) => (value !== null && typeof value === 'object' ? [value.from, value.to] : [value])),
  );
  return [...new Set(values.filter((value): value is string => typeof value === 'string' && value.includes('@')))];
}
