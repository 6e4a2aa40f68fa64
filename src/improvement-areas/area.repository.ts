import { In, Not, type EntityManager } from 'typeorm';
import { CLOSED_AREA_STATES } from '../../workflows/improvement-area.machine.js';
import { findRowById, findRows } from '../database/prepared-rows.js';
import { ImprovementArea } from './improvement-area.entity.js';

/** Every read and write of improvement areas: the feature's one road to the database. */
export const areaRepository = {
  /**
   * One area. `forUpdate` also locks it on PostgreSQL until the transaction ends, so a check made on
   * its actions (every one ready, none open) holds until commit: whoever adds or finishes an action
   * locks the same area first.
   */
  byId(manager: EntityManager, id: string, { forUpdate = false } = {}): Promise<ImprovementArea | null> {
    return findRowById(manager, ImprovementArea, id, { forUpdate });
  },

  byIds(manager: EntityManager, ids: readonly string[]): Promise<ImprovementArea[]> {
    return findRows(manager, ImprovementArea, { id: ids });
  },

  /** A plan's areas (or several plans'), in the plan's order. */
  ofPlans(manager: EntityManager, inspectionIds: readonly string[]): Promise<ImprovementArea[]> {
    if (inspectionIds.length === 0) return Promise.resolve([]);
    return manager.find(ImprovementArea, { where: { inspectionId: In([...inspectionIds]) }, order: { position: 'ASC' } });
  },

  ofPlan(manager: EntityManager, inspectionId: string): Promise<ImprovementArea[]> {
    return areaRepository.ofPlans(manager, [inspectionId]);
  },

  /** The areas someone leads that are not closed. */
  openLedBy(manager: EntityManager, leadOfficerId: string): Promise<ImprovementArea[]> {
    return manager.findBy(ImprovementArea, { leadOfficerId, state: Not(In([...CLOSED_AREA_STATES])) });
  },

  async nextPosition(manager: EntityManager, inspectionId: string): Promise<number> {
    return ((await manager.maximum(ImprovementArea, 'position', { inspectionId })) ?? 0) + 1;
  },

  async insert(manager: EntityManager, area: ImprovementArea): Promise<void> {
    await manager.insert(ImprovementArea, area);
  },
};
