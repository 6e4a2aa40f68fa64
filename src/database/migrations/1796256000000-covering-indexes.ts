import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indexes that answer the busiest reads without touching the rows: the dashboard's count of each
 * area's actions by rating and state, and an action's due-date changes among its audit entries.
 * Each replaces a one-column index that it begins with, so lookups by that column still use an index.
 */
export class CoveringIndexes1796256000000 implements MigrationInterface {
  name = 'CoveringIndexes1796256000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('actions', new TableIndex({ name: 'idx_actions_areaId_rag_state', columnNames: ['areaId', 'rag', 'state'] }));
    await queryRunner.dropIndex('actions', 'idx_actions_areaId');
    await queryRunner.createIndex('audit_events', new TableIndex({ name: 'idx_audit_events_entity_event', columnNames: ['entityId', 'event'] }));
    await queryRunner.dropIndex('audit_events', 'idx_audit_events_entity');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('audit_events', new TableIndex({ name: 'idx_audit_events_entity', columnNames: ['entityId'] }));
    await queryRunner.dropIndex('audit_events', 'idx_audit_events_entity_event');
    await queryRunner.createIndex('actions', new TableIndex({ name: 'idx_actions_areaId', columnNames: ['areaId'] }));
    await queryRunner.dropIndex('actions', 'idx_actions_areaId_rag_state');
  }
}
