import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** An area's reference ("2") and an action's ("2.3") come from their positions: no two may share one. */
export class UniquePositions1795500000000 implements MigrationInterface {
  name = 'UniquePositions1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'improvement_areas',
      new TableIndex({ name: 'uq_improvement_areas_position', columnNames: ['inspectionId', 'position'], isUnique: true }),
    );
    await queryRunner.createIndex(
      'actions',
      new TableIndex({ name: 'uq_actions_position', columnNames: ['areaId', 'position'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('actions', 'uq_actions_position');
    await queryRunner.dropIndex('improvement_areas', 'uq_improvement_areas_position');
  }
}
