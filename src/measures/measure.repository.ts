import { In, type EntityManager } from 'typeorm';
import { findRowById, findRows, insertRow, updateRowVersioned } from '../database/prepared-rows.js';
import { Measure, MeasureUpload, MeasureValue } from './measure.entity.js';

/** Every read and write of measures and their values: the feature's one road to the database. */
export const measureRepository = {
  byId(manager: EntityManager, id: string, { forUpdate = false } = {}): Promise<Measure | null> {
    return findRowById(manager, Measure, id, { forUpdate });
  },

  /** An area's measures (or several areas'), oldest first. */
  ofAreas(manager: EntityManager, areaIds: readonly string[]): Promise<Measure[]> {
    if (areaIds.length === 0) return Promise.resolve([]);
    return manager.find(Measure, { where: { areaId: In([...areaIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  },

  /** An area's measures, each locked until the transaction ends, so that no value of theirs is written meanwhile. */
  lockOfArea(manager: EntityManager, areaId: string): Promise<Measure[]> {
    return findRows(manager, Measure, { areaId: [areaId] }, [], { forUpdate: true });
  },

  byIds(manager: EntityManager, ids: readonly string[]): Promise<Measure[]> {
    return ids.length === 0 ? Promise.resolve([]) : manager.findBy(Measure, { id: In([...ids]) });
  },

  /** The measures whose figures someone enters. */
  ownedBy(manager: EntityManager, ownerId: string): Promise<Measure[]> {
    return manager.find(Measure, { where: { ownerId }, order: { createdAt: 'ASC' } });
  },

  async insert(manager: EntityManager, measure: Measure): Promise<void> {
    await insertRow(manager, Measure, measure);
  },

  /** Writes the changes only if the measure is still at `version`; false when someone else changed it first. */
  update(manager: EntityManager, measure: Measure, changes: Partial<Measure>): Promise<boolean> {
    return updateRowVersioned(manager, Measure, measure, changes);
  },

  /** The measures' values, latest period first. */
  valuesOf(manager: EntityManager, measureIds: readonly string[]): Promise<MeasureValue[]> {
    if (measureIds.length === 0) return Promise.resolve([]);
    return manager.find(MeasureValue, { where: { measureId: In([...measureIds]) }, order: { period: 'DESC' } });
  },

  valueFor(manager: EntityManager, measureId: string, period: string): Promise<MeasureValue | null> {
    return manager.findOneBy(MeasureValue, { measureId, period });
  },

  async insertValue(manager: EntityManager, value: MeasureValue): Promise<void> {
    await insertRow(manager, MeasureValue, value);
  },

  async replaceValue(manager: EntityManager, id: string, changes: Pick<MeasureValue, 'value' | 'note' | 'enteredById' | 'enteredAt'>) {
    await manager.update(MeasureValue, { id }, changes);
  },

  uploadById(manager: EntityManager, id: string, { forUpdate = false } = {}): Promise<MeasureUpload | null> {
    return findRowById(manager, MeasureUpload, id, { forUpdate });
  },

  /** An upload of the same file to the same area that was recorded. */
  committedUpload(manager: EntityManager, areaId: string, contentHash: string): Promise<MeasureUpload | null> {
    return manager.findOneBy(MeasureUpload, { areaId, contentHash, status: 'committed' });
  },

  async insertUpload(manager: EntityManager, upload: MeasureUpload): Promise<void> {
    await insertRow(manager, MeasureUpload, upload);
  },

  /** Marks a previewed upload recorded; false when someone else recorded it first. */
  async markCommitted(manager: EntityManager, id: string, committedById: string, committedAt: string): Promise<boolean> {
    const marked = await manager.update(MeasureUpload, { id, status: 'previewed' }, { status: 'committed', committedById, committedAt });
    return marked.affected === 1;
  },
};
