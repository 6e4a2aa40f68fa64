import { randomUUID } from 'node:crypto';
import { In, LessThan, type EntityManager } from 'typeorm';
import { UNSUBMITTED_PLAN_STATES } from '../../workflows/action-plan.machine.js';
import { ActionTally } from '../actions/action-tally.entity.js';
import type { IsoDate } from '../common/dates.js';
import { findRowById, findRows, selectRows } from '../database/prepared-rows.js';
import { ImprovementArea } from '../improvement-areas/improvement-area.entity.js';
import { Authority } from './authority.entity.js';
import { Inspection } from './inspection.entity.js';
import { Judgement } from './judgement.entity.js';

/** One row of the dashboard's areas: an area and its non-zero tallies, as JSON. */
export interface DashboardRow {
  id: string;
  position: number;
  title: string;
  state: string;
  tallies: string | DashboardTally[] | null;
}

export type DashboardTally = [rag: ActionTally['rag'], state: string, count: number];

/** Every read and write of inspections, their councils and judgements: the feature's one road to the database. */
export const inspectionRepository = {
  /** `forUpdate` locks the plan on PostgreSQL until the transaction ends: a move of it waits for areas being added. */
  byId(manager: EntityManager, id: string, { forUpdate = false } = {}): Promise<Inspection | null> {
    return findRowById(manager, Inspection, id, { forUpdate });
  },

  byIds(manager: EntityManager, ids: readonly string[]): Promise<Inspection[]> {
    return findRows(manager, Inspection, { id: ids });
  },

  /** Newest report first. */
  all(manager: EntityManager): Promise<Inspection[]> {
    return manager.find(Inspection, { order: { publishedOn: 'DESC', createdAt: 'DESC' } });
  },

  /** Plans not yet sent to Ofsted: their statutory deadline still matters. */
  unsubmitted(manager: EntityManager): Promise<Inspection[]> {
    return manager.findBy(Inspection, { state: In([...UNSUBMITTED_PLAN_STATES]) });
  },

  /** Unsubmitted plans whose statutory deadline has passed. */
  unsubmittedDueBefore(manager: EntityManager, day: IsoDate): Promise<Inspection[]> {
    return manager.findBy(Inspection, { state: In([...UNSUBMITTED_PLAN_STATES]), actionPlanDueOn: LessThan(day) });
  },

  /** Plans someone leads or clerks, or that hold any of these areas. */
  involving(manager: EntityManager, userId: string, inspectionIds: readonly string[]): Promise<Inspection[]> {
    return manager.find(Inspection, { where: [{ planLeadId: userId }, { scrutinyClerkId: userId }, { id: In([...inspectionIds]) }] });
  },

  async insert(manager: EntityManager, inspection: Inspection, judgements: Array<Pick<Judgement, 'area' | 'grade'>>): Promise<void> {
    await manager.insert(Inspection, inspection);
    const rows = judgements.map((judgement, index) => ({
      id: randomUUID(),
      inspectionId: inspection.id,
      position: index + 1,
      ...judgement,
    }));
    if (rows.length > 0) await manager.insert(Judgement, rows);
  },

  judgements(manager: EntityManager, inspectionId: string): Promise<Judgement[]> {
    return manager.find(Judgement, { where: { inspectionId }, order: { position: 'ASC' } });
  },

  /** The council of this name, recorded the first time it is named. Safe when two transactions name it at once. */
  async authorityNamed(manager: EntityManager, name: string): Promise<Authority> {
    await manager.createQueryBuilder().insert().into(Authority).values({ id: randomUUID(), name }).orIgnore().execute();
    return manager.findOneByOrFail(Authority, { name });
  },

  /** Each council's name by its id. */
  async authorityNames(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    return new Map((await findRows(manager, Authority, { id: [...new Set(ids)] })).map((authority) => [authority.id, authority.name]));
  },

  /** The name of each plan's council, by the plan's (inspection's) id. */
  async councilsOf(manager: EntityManager, inspectionIds: readonly string[]): Promise<Map<string, string>> {
    const inspections = await inspectionRepository.byIds(manager, [...new Set(inspectionIds)]);
    const names = await inspectionRepository.authorityNames(
      manager,
      inspections.map((inspection) => inspection.authorityId),
    );
    return new Map(inspections.map((inspection) => [inspection.id, names.get(inspection.authorityId) ?? '']));
  },

  /**
   * The plan's areas, one row each with its action counts by rating and state gathered into JSON by
   * the database: reading a row costs more than its values. The counts are kept by triggers as
   * actions are written (ActionTally), so nothing reads or parses a workflow snapshot.
   */
  dashboardRows(manager: EntityManager, inspectionId: string): Promise<DashboardRow[]> {
    return selectRows<DashboardRow>(
      manager,
      'dashboard:areas',
      (sql) => {
        const area = (property: string) => sql.column(ImprovementArea, property, 'a');
        const tally = (property: string) => sql.column(ActionTally, property, 't');
        const gather = sql.postgres
          ? `json_agg(json_build_array(${tally('rag')}, ${tally('state')}, ${tally('count')}))`
          : `json_group_array(json_array(${tally('rag')}, ${tally('state')}, ${tally('count')}))`;
        return [
          `SELECT ${area('id')} AS id, ${area('position')} AS position, ${area('title')} AS title, ${area('state')} AS state,`,
          `(SELECT ${gather} FROM ${sql.table(ActionTally)} t WHERE ${tally('areaId')} = ${area('id')} AND ${tally('count')} > 0) AS tallies`,
          `FROM ${sql.table(ImprovementArea)} a WHERE ${area('inspectionId')} = ${sql.param('id')} ORDER BY ${area('position')}`,
        ].join(' ');
      },
      { id: inspectionId },
    );
  },
};
