import { TableColumn, TableForeignKey, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What an owner is doing to bring a slipping action back, and the date they now expect it done, on
 * each progress update; and the lead officer's account of progress on each improvement area, for the
 * committee. Every column is nullable: earlier updates and areas simply have none.
 */
export class MitigationsAndNarratives1796860800000 implements MigrationInterface {
  name = 'MitigationsAndNarratives1796860800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('progress_updates', [
      new TableColumn({ name: 'mitigation', type: 'text', isNullable: true }),
      new TableColumn({ name: 'revisedDueOn', type: 'date', isNullable: true }),
    ]);
    await queryRunner.addColumns('improvement_areas', [
      new TableColumn({ name: 'narrative', type: 'text', isNullable: true }),
      new TableColumn({ name: 'narrativeUpdatedOn', type: 'date', isNullable: true }),
      new TableColumn({ name: 'narrativeById', type: 'varchar', length: '36', isNullable: true }),
    ]);
    await queryRunner.createForeignKey(
      'improvement_areas',
      new TableForeignKey({ columnNames: ['narrativeById'], referencedTableName: 'users', referencedColumnNames: ['id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const areas = await queryRunner.getTable('improvement_areas');
    const byWriter = areas?.foreignKeys.find((key) => key.columnNames.includes('narrativeById'));
    if (byWriter) await queryRunner.dropForeignKey('improvement_areas', byWriter);
    await queryRunner.dropColumns('improvement_areas', ['narrativeById', 'narrativeUpdatedOn', 'narrative']);
    await queryRunner.dropColumns('progress_updates', ['revisedDueOn', 'mitigation']);
  }
}
