import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Snapshots of each plan: the plan as every document reads it, frozen when a review is recorded, on
 * demand and at each month end. The database itself refuses to change one.
 */
export class PlanSnapshots1796688000000 implements MigrationInterface {
  name = 'PlanSnapshots1796688000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const varchar = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    await queryRunner.createTable(
      new Table({
        name: 'plan_snapshots',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('inspectionId', 36),
          varchar('reason', 20),
          varchar('takenAt', 30),
          { name: 'takenOn', type: 'date' },
          varchar('takenById', 36),
          varchar('reviewId', 36, true),
          varchar('period', 7, true),
          { name: 'model', type: 'text' },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['inspectionId'], referencedTableName: 'inspections', referencedColumnNames: ['id'] }),
          new TableForeignKey({ columnNames: ['takenById'], referencedTableName: 'users', referencedColumnNames: ['id'] }),
          new TableForeignKey({ columnNames: ['reviewId'], referencedTableName: 'scrutiny_reviews', referencedColumnNames: ['id'] }),
        ],
        indices: [
          new TableIndex({ name: 'idx_plan_snapshots_inspection', columnNames: ['inspectionId', 'takenAt'] }),
          new TableIndex({ name: 'idx_plan_snapshots_period', columnNames: ['inspectionId', 'period'], isUnique: true }),
          new TableIndex({ name: 'idx_plan_snapshots_review', columnNames: ['reviewId'], isUnique: true }),
        ],
      }),
    );
    if (queryRunner.connection.driver.options.type === 'postgres') {
      await queryRunner.query(`CREATE FUNCTION plan_snapshot_unchanged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'A plan snapshot never changes';
END $$`);
      await queryRunner.query(
        'CREATE TRIGGER plan_snapshots_unchanged BEFORE UPDATE ON plan_snapshots FOR EACH ROW EXECUTE FUNCTION plan_snapshot_unchanged()',
      );
    } else {
      await queryRunner.query(
        "CREATE TRIGGER plan_snapshots_unchanged BEFORE UPDATE ON plan_snapshots BEGIN SELECT RAISE(ABORT, 'A plan snapshot never changes'); END",
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'DROP TRIGGER IF EXISTS plan_snapshots_unchanged' +
        (queryRunner.connection.driver.options.type === 'postgres' ? ' ON plan_snapshots' : ''),
    );
    await queryRunner.dropTable('plan_snapshots');
    if (queryRunner.connection.driver.options.type === 'postgres')
      await queryRunner.query('DROP FUNCTION IF EXISTS plan_snapshot_unchanged()');
  }
}
