import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Charts drawn once and kept by what they show, for every instance of the service and across restarts. */
export class ChartDrawings1797033600000 implements MigrationInterface {
  name = 'ChartDrawings1797033600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'chart_drawings',
        columns: [
          { name: 'key', type: 'varchar', length: '44', isPrimary: true },
          { name: 'svg', type: 'text' },
          { name: 'png', type: 'text', isNullable: true },
          { name: 'width', type: 'real', isNullable: true },
          { name: 'height', type: 'real', isNullable: true },
          { name: 'usedOn', type: 'date' },
        ],
        indices: [new TableIndex({ name: 'idx_chart_drawings_used', columnNames: ['usedOn'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('chart_drawings');
  }
}
