import { In, type EntityManager, type FindOptionsSelect } from 'typeorm';
import { PlanSnapshot } from './plan-snapshot.entity.js';

/** What a list of snapshots shows: everything but the frozen model itself. */
const LISTED = {
  id: true,
  inspectionId: true,
  reason: true,
  takenAt: true,
  takenOn: true,
  takenById: true,
  reviewId: true,
  period: true,
} satisfies FindOptionsSelect<PlanSnapshot>;

/**
 * Every read and write of plan snapshots: the feature's one road to the database. There is an insert
 * and no update: a snapshot never changes.
 */
export const snapshotRepository = {
  async insert(manager: EntityManager, snapshot: PlanSnapshot): Promise<void> {
    await manager.insert(PlanSnapshot, snapshot);
  },

  byId(manager: EntityManager, id: string): Promise<PlanSnapshot | null> {
    return manager.findOneBy(PlanSnapshot, { id });
  },

  inPlan(manager: EntityManager, inspectionId: string, id: string): Promise<PlanSnapshot | null> {
    return manager.findOneBy(PlanSnapshot, { id, inspectionId });
  },

  /** Only the frozen models of these snapshots. */
  modelsOf(manager: EntityManager, ids: readonly string[]): Promise<Array<Pick<PlanSnapshot, 'id' | 'model'>>> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.find(PlanSnapshot, { select: { id: true, model: true }, where: { id: In([...ids]) } });
  },

  /**
   * Only the counts of actions by rating (`totals`) of each of these snapshots' models, picked out by the
   * database: the models are megabytes of JSON that the event loop need not parse for a few numbers.
   */
  async totalsOf(manager: EntityManager, ids: readonly string[]): Promise<Array<{ id: string; totals: string }>> {
    if (ids.length === 0) return [];
    const totals =
      manager.connection.driver.options.type === 'postgres'
        ? `("snapshot"."model"::json ->> 'totals')`
        : `json_extract("snapshot"."model", '$.totals')`;
    return manager
      .createQueryBuilder(PlanSnapshot, 'snapshot')
      .select('snapshot.id', 'id')
      .addSelect(totals, 'totals')
      .where('snapshot.id IN (:...ids)', { ids: [...ids] })
      .getRawMany();
  },

  /** A plan's snapshots, newest first, without their models. */
  ofPlan(manager: EntityManager, inspectionId: string): Promise<PlanSnapshot[]> {
    return manager.find(PlanSnapshot, { select: LISTED, where: { inspectionId }, order: { takenAt: 'DESC', id: 'ASC' } });
  },

  countOf(manager: EntityManager, inspectionId: string): Promise<number> {
    return manager.count(PlanSnapshot, { where: { inspectionId } });
  },

  /** The latest snapshot taken when a review was recorded. */
  /** Without its model: `modelsOf` reads that, when it is wanted. */
  lastOfReview(manager: EntityManager, inspectionId: string): Promise<PlanSnapshot | null> {
    return manager.findOne(PlanSnapshot, { select: LISTED, where: { inspectionId, reason: 'review' }, order: { takenAt: 'DESC' } });
  },

  ofPeriod(manager: EntityManager, inspectionId: string, period: string): Promise<PlanSnapshot | null> {
    return manager.findOne(PlanSnapshot, { select: LISTED, where: { inspectionId, period } });
  },
};
