import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The latest change to any account, found in the index rather than by reading the audit trail backwards:
 * every document of a plan asks for it, because names and email addresses appear in them.
 */
export class AccountChanges1796947200000 implements MigrationInterface {
  name = 'AccountChanges1796947200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('audit_events', new TableIndex({ name: 'idx_audit_events_type', columnNames: ['entityType', 'id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('audit_events', 'idx_audit_events_type');
  }
}
