import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Measures of impact on improvement areas (and actions), the values entered for each period, and spreadsheets of values uploaded. */
export class Measures1796774400000 implements MigrationInterface {
  name = 'Measures1796774400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const varchar = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    const number = (name: string) => ({ name, type: 'double precision' });
    const date = (name: string) => ({ name, type: 'date' });
    await queryRunner.createTable(
      new Table({
        name: 'measures',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('areaId', 36),
          varchar('actionId', 36, true),
          varchar('name', 200),
          { name: 'definition', type: 'text' },
          varchar('unit', 20),
          varchar('direction', 10),
          number('baselineValue'),
          date('baselineOn'),
          number('targetValue'),
          date('targetOn'),
          { name: 'milestones', type: 'text' },
          varchar('dataSource', 500),
          varchar('ownerId', 36),
          varchar('frequency', 10),
          { name: 'version', type: 'integer' },
          varchar('createdAt', 30),
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['areaId'], referencedTableName: 'improvement_areas', referencedColumnNames: ['id'] }),
          new TableForeignKey({ columnNames: ['actionId'], referencedTableName: 'actions', referencedColumnNames: ['id'] }),
          new TableForeignKey({ columnNames: ['ownerId'], referencedTableName: 'users', referencedColumnNames: ['id'] }),
        ],
        indices: [
          new TableIndex({ name: 'idx_measures_areaId', columnNames: ['areaId'] }),
          new TableIndex({ name: 'idx_measures_ownerId', columnNames: ['ownerId'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'measure_values',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('measureId', 36),
          varchar('period', 7),
          number('value'),
          { name: 'note', type: 'text', isNullable: true },
          varchar('enteredById', 36),
          varchar('enteredAt', 30),
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['measureId'], referencedTableName: 'measures', referencedColumnNames: ['id'] }),
          new TableForeignKey({ columnNames: ['enteredById'], referencedTableName: 'users', referencedColumnNames: ['id'] }),
        ],
        indices: [new TableIndex({ name: 'uq_measure_values_period', columnNames: ['measureId', 'period'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'measure_uploads',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('areaId', 36),
          varchar('contentHash', 64),
          { name: 'csv', type: 'text' },
          varchar('status', 10),
          varchar('uploadedById', 36),
          varchar('uploadedAt', 30),
          varchar('committedById', 36, true),
          varchar('committedAt', 30, true),
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['areaId'], referencedTableName: 'improvement_areas', referencedColumnNames: ['id'] }),
          new TableForeignKey({ columnNames: ['uploadedById'], referencedTableName: 'users', referencedColumnNames: ['id'] }),
          new TableForeignKey({ columnNames: ['committedById'], referencedTableName: 'users', referencedColumnNames: ['id'] }),
        ],
        indices: [new TableIndex({ name: 'idx_measure_uploads_content', columnNames: ['areaId', 'contentHash'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('measure_uploads');
    await queryRunner.dropTable('measure_values');
    await queryRunner.dropTable('measures');
  }
}
