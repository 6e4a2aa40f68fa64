import { TableColumn, TableForeignKey, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A lead officer's summary confirmed as still true for a later review, kept apart from who wrote it and when. */
export class NarrativeConfirmations1797120000000 implements MigrationInterface {
  name = 'NarrativeConfirmations1797120000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('improvement_areas', [
      new TableColumn({ name: 'narrativeConfirmedOn', type: 'date', isNullable: true }),
      new TableColumn({ name: 'narrativeConfirmedById', type: 'varchar', length: '36', isNullable: true }),
    ]);
    await queryRunner.createForeignKey(
      'improvement_areas',
      new TableForeignKey({ columnNames: ['narrativeConfirmedById'], referencedTableName: 'users', referencedColumnNames: ['id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const areas = await queryRunner.getTable('improvement_areas');
    const byConfirmer = areas?.foreignKeys.find((key) => key.columnNames.includes('narrativeConfirmedById'));
    if (byConfirmer) await queryRunner.dropForeignKey('improvement_areas', byConfirmer);
    await queryRunner.dropColumns('improvement_areas', ['narrativeConfirmedById', 'narrativeConfirmedOn']);
  }
}
