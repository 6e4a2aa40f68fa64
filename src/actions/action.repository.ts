import { In, MoreThan, Not, type EntityManager } from 'typeorm';
import { ACTION_STATES, BLOCKED_ACTION_STATES, FINISHED_ACTION_STATES, type ActionState } from '../../workflows/action.machine.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { findRowById, findRowWithParents, findRows, insertRow } from '../database/prepared-rows.js';
import { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { User } from '../users/user.entity.js';
import { Action } from './action.entity.js';
import { ProgressUpdate } from './progress-update.entity.js';

/** How ready an area's actions make it: counted in the database rather than by loading every action. */
export interface AreaReadiness {
  /** Actions with an owner and a due date, not cancelled. */
  ready: number;
  /** Actions neither completed nor cancelled. */
  open: number;
}

/** States an action is in for a reason someone gave as it moved there. */
const EXPLAINED_STATES: readonly ActionState[] = [...BLOCKED_ACTION_STATES, ACTION_STATES.completed, ACTION_STATES.cancelled];

/** The order progress updates are read in: the first of an action's is its latest. */
const NEWEST_FIRST: Array<[keyof ProgressUpdate, 'DESC']> = [
  ['reportedOn', 'DESC'],
  ['createdAt', 'DESC'],
];

/**
 * Every read and write of actions and their progress updates: the feature's one road to the database.
 * The statements every request runs go through prepared statements (prepared-rows); the rest through TypeORM.
 */
export const actionRepository = {
  async byId(manager: EntityManager, id: string): Promise<Action | null> {
    return findRowById(manager, Action, id);
  },

  /** The action, its area and the people it names (owner, assigner), in one statement; null for no such action. */
  async withParents(
    manager: EntityManager,
    id: string,
  ): Promise<{ action: Action; area: ImprovementArea; owner: User | null; assignedBy: User | null } | null> {
    const found = await findRowWithParents<Action, [ImprovementArea, User, User]>(manager, Action, id, [
      ['areaId', ImprovementArea],
      ['ownerId', User],
      ['assignedById', User],
    ]);
    if (!found) return null;
    const [action, area, owner, assignedBy] = found;
    return { action, area: area!, owner, assignedBy };
  },

  inAreas(manager: EntityManager, areaIds: readonly string[]): Promise<Action[]> {
    if (areaIds.length === 0) return Promise.resolve([]);
    return manager.find(Action, {
      where: { areaId: In([...areaIds]) },
      order: { position: 'ASC' },
    });
  },

  byIds(manager: EntityManager, ids: readonly string[]): Promise<Action[]> {
    return findRows(manager, Action, { id: ids });
  },

  /** The open actions someone owns, soonest due first. */
  openOwnedBy(manager: EntityManager, ownerId: string): Promise<Action[]> {
    return manager.find(Action, {
      where: { ownerId, state: Not(In([...FINISHED_ACTION_STATES])) },
      order: { dueOn: 'ASC', position: 'ASC' },
    });
  },

  /** Actions matching each given column (owner, assigner, area, state), by area and position; every action when none is given. */
  matching(
    manager: EntityManager,
    where: { ownerId?: string; assignedById?: string; areaId?: string; state?: ActionState },
  ): Promise<Action[]> {
    return manager.find(Action, { where, order: { areaId: 'ASC', position: 'ASC' } });
  },

  async idsInArea(manager: EntityManager, areaId: string): Promise<string[]> {
    return (await manager.find(Action, { select: { id: true }, where: { areaId } })).map((action) => action.id);
  },

  async nextPosition(manager: EntityManager, areaId: string): Promise<number> {
    return ((await manager.maximum(Action, 'position', { areaId })) ?? 0) + 1;
  },

  async insert(manager: EntityManager, action: Action): Promise<void> {
    await manager.insert(Action, action);
  },

  /** The count of due-date moves the database keeps (a trigger, so every writer's moves count). */
  async dueDateMoves(manager: EntityManager, id: string): Promise<number> {
    return (await findRowById(manager, Action, id))!.dueDateMoves;
  },

  /** Each area's ready and open actions, in one statement whatever the number of areas. */
  async readiness(manager: EntityManager, areaIds: readonly string[]): Promise<Map<string, AreaReadiness>> {
    if (areaIds.length === 0) return new Map();
    const rows = await manager
      .createQueryBuilder(Action, 'action')
      .select('action.areaId', 'areaId')
      .addSelect(
        'SUM(CASE WHEN action.ownerId IS NOT NULL AND action.dueOn IS NOT NULL AND action.state <> :cancelled THEN 1 ELSE 0 END)',
        'ready',
      )
      .addSelect('SUM(CASE WHEN action.state NOT IN (:...finished) THEN 1 ELSE 0 END)', 'open')
      .where({ areaId: In([...areaIds]) })
      .setParameters({ cancelled: ACTION_STATES.cancelled, finished: FINISHED_ACTION_STATES })
      .groupBy('action.areaId')
      .getRawMany<{ areaId: string; ready: string | number; open: string | number }>();
    return new Map(rows.map((row) => [row.areaId, { ready: Number(row.ready), open: Number(row.open) }]));
  },

  /** Progress updates of these actions, each action's latest first. */
  progressUpdates(manager: EntityManager, actionIds: readonly string[]): Promise<ProgressUpdate[]> {
    return findRows(manager, ProgressUpdate, { actionId: actionIds }, NEWEST_FIRST);
  },

  /**
   * Why each of these actions that is blocked, completed or cancelled is so: what was said with the move into the state
   * it is in now (a block's reason, how a success measure was met, why it was cancelled), from the audit trail.
   */
  async stateReasons(manager: EntityManager, actions: readonly Action[]): Promise<Map<string, string>> {
    const explained = actions.filter((action) => EXPLAINED_STATES.includes(action.state));
    if (explained.length === 0) return new Map();
    const stateOf = new Map(explained.map((action) => [action.id, action.state]));
    const moves = await manager.find(AuditEvent, {
      select: { entityId: true, comment: true, toState: true },
      where: { entityId: In([...stateOf.keys()]), toState: In([...new Set(stateOf.values())]) },
      order: { id: 'DESC' },
    });
    const reasons = new Map<string, string>();
    const seen = new Set<string>();
    for (const move of moves) {
      // The latest move into its state speaks for it, even where nothing was said then.
      if (move.toState !== stateOf.get(move.entityId) || seen.has(move.entityId)) continue;
      seen.add(move.entityId);
      if (move.comment) reasons.set(move.entityId, move.comment);
    }
    return reasons;
  },

  async insertProgressUpdate(manager: EntityManager, update: ProgressUpdate): Promise<void> {
    await insertRow(manager, ProgressUpdate, update);
  },

  /**
   * Deletes the action and its progress updates, then closes the gap in its area's numbering (2.3 becomes
   * 2.2), one row at a time upwards so that no two actions ever share a number. Each renumbered action
   * gets a new version: its reference has changed under anyone editing it. Returns the moves made.
   */
  async remove(manager: EntityManager, action: Action): Promise<Array<{ from: number; to: number }>> {
    await manager.delete(ProgressUpdate, { actionId: action.id });
    await manager.delete(Action, { id: action.id });
    const later = await manager.find(Action, {
      select: { id: true, position: true },
      where: { areaId: action.areaId, position: MoreThan(action.position) },
      order: { position: 'ASC' },
    });
    for (const { id, position } of later) {
      await manager
        .createQueryBuilder()
        .update(Action)
        .set({ position: position - 1, version: () => 'version + 1' })
        .where({ id })
        .execute();
    }
    return later.map(({ position }) => ({ from: position, to: position - 1 }));
  },
};
