import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// Written with the schema API, not raw SQL, so one migration serves SQLite and PostgreSQL.
export class ReportImports1764057600000 implements MigrationInterface {
  name = 'ReportImports1764057600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'report_imports',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'fileName', type: 'varchar', length: '255', isNullable: true },
          { name: 'format', type: 'varchar', length: '10' },
          { name: 'byteSize', type: 'integer' },
          { name: 'preview', type: 'text' },
          { name: 'fingerprint', type: 'varchar', length: '64' },
          { name: 'committedFingerprint', type: 'varchar', length: '64', isNullable: true, isUnique: true },
          { name: 'inspectionId', type: 'varchar', length: '36', isNullable: true },
          { name: 'createdById', type: 'varchar', length: '36' },
          { name: 'createdAt', type: 'varchar', length: '30' },
          { name: 'committedAt', type: 'varchar', length: '30', isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['inspectionId'], referencedTableName: 'inspections', referencedColumnNames: ['id'] }),
          new TableForeignKey({ columnNames: ['createdById'], referencedTableName: 'users', referencedColumnNames: ['id'] }),
        ],
        indices: [new TableIndex({ name: 'idx_report_imports_inspectionId', columnNames: ['inspectionId'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('report_imports');
  }
}
