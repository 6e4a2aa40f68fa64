import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The scrutiny committee and its clerk on each inspection, the committee's reviews and their outcome per area. */
export class ScrutinyReviews1764144000000 implements MigrationInterface {
  name = 'ScrutinyReviews1764144000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'inspections',
      new TableColumn({ name: 'scrutinyCommittee', type: 'varchar', length: '200', isNullable: true }),
    );
    await queryRunner.addColumn(
      'inspections',
      new TableColumn({ name: 'scrutinyClerkId', type: 'varchar', length: '36', isNullable: true }),
    );
    await queryRunner.createForeignKey(
      'inspections',
      new TableForeignKey({ columnNames: ['scrutinyClerkId'], referencedTableName: 'users', referencedColumnNames: ['id'] }),
    );

    const varchar = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    await queryRunner.createTable(
      new Table({
        name: 'scrutiny_reviews',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('inspectionId', 36),
          { name: 'sequence', type: 'integer' },
          { name: 'dueOn', type: 'date' },
          varchar('status', 10),
          varchar('committee', 200, true),
          { name: 'meetingOn', type: 'date', isNullable: true },
          varchar('recordedById', 36, true),
          varchar('recordedAt', 30, true),
          varchar('createdAt', 30),
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['inspectionId'], referencedTableName: 'inspections', referencedColumnNames: ['id'] }),
          new TableForeignKey({ columnNames: ['recordedById'], referencedTableName: 'users', referencedColumnNames: ['id'] }),
        ],
        indices: [new TableIndex({ name: 'idx_scrutiny_reviews_sequence', columnNames: ['inspectionId', 'sequence'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'scrutiny_review_outcomes',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('reviewId', 36),
          varchar('areaId', 36),
          varchar('outcome', 20),
          { name: 'comment', type: 'text', isNullable: true },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['reviewId'], referencedTableName: 'scrutiny_reviews', referencedColumnNames: ['id'] }),
          new TableForeignKey({ columnNames: ['areaId'], referencedTableName: 'improvement_areas', referencedColumnNames: ['id'] }),
        ],
        indices: [new TableIndex({ name: 'idx_scrutiny_review_outcomes_reviewId', columnNames: ['reviewId'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('scrutiny_review_outcomes');
    await queryRunner.dropTable('scrutiny_reviews');
    const inspections = await queryRunner.getTable('inspections');
    const clerk = inspections?.foreignKeys.find((key) => key.columnNames.includes('scrutinyClerkId'));
    if (clerk) await queryRunner.dropForeignKey('inspections', clerk);
    await queryRunner.dropColumn('inspections', 'scrutinyClerkId');
    await queryRunner.dropColumn('inspections', 'scrutinyCommittee');
  }
}
