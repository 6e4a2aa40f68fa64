import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A plan's latest audit entry (its version, read on every dashboard and document) and the latest change to
 * any account (names appear in every document), each found at the end of an index. SQLite's index on the
 * plan already ends in the row id; PostgreSQL's did not, so it read every entry of the plan to find the last.
 */
export class AuditTrailEnds1796947200000 implements MigrationInterface {
  name = 'AuditTrailEnds1796947200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('audit_events', new TableIndex({ name: 'idx_audit_events_type', columnNames: ['entityType', 'id'] }));
    await queryRunner.dropIndex('audit_events', 'idx_audit_events_inspection');
    await queryRunner.createIndex(
      'audit_events',
      new TableIndex({ name: 'idx_audit_events_inspection', columnNames: ['inspectionId', 'id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('audit_events', 'idx_audit_events_inspection');
    await queryRunner.createIndex('audit_events', new TableIndex({ name: 'idx_audit_events_inspection', columnNames: ['inspectionId'] }));
    await queryRunner.dropIndex('audit_events', 'idx_audit_events_type');
  }
}
