import type { EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';

/**
 * Loads a row and, on PostgreSQL, locks it until the transaction ends. A check made on a row's
 * children (every area ready, no open action) then holds until commit, because whoever adds or moves
 * a child locks the same parent first. SQLite needs no lock: UnitOfWork runs its transactions one at a time.
 */
export function findForUpdate<T extends { id: string }>(manager: EntityManager, entity: EntityTarget<T>, id: string): Promise<T | null> {
  const where = { id } as FindOptionsWhere<T>;
  return manager.dataSource.options.type === 'postgres' ? manager.findOne(entity, { where, lock: { mode: 'pessimistic_write' } }) : manager.findOneBy(entity, where);
}
