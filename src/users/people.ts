import type { EntityManager } from 'typeorm';
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
