import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Each person's secret calendar subscription links, kept as hashes. */
export class CalendarFeeds1764230400000 implements MigrationInterface {
  name = 'CalendarFeeds1764230400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'calendar_feeds',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'userId', type: 'varchar', length: '36' },
          { name: 'tokenHash', type: 'varchar', length: '64', isUnique: true },
          { name: 'createdAt', type: 'varchar', length: '30' },
          { name: 'revokedAt', type: 'varchar', length: '30', isNullable: true },
        ],
        foreignKeys: [new TableForeignKey({ columnNames: ['userId'], referencedTableName: 'users', referencedColumnNames: ['id'] })],
        indices: [new TableIndex({ name: 'idx_calendar_feeds_userId', columnNames: ['userId'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('calendar_feeds');
  }
}
