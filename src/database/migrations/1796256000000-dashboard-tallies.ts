import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** One action moves out of OLD's count (when there is an OLD) and into NEW's (when there is a NEW). */
const leave = (row: string) =>
  `UPDATE action_tallies SET "count" = "count" - 1 WHERE "areaId" = ${row}."areaId" AND rag = COALESCE(${row}.rag, 'unrated') AND state = ${row}.state`;
const join = (row: string) =>
  `INSERT INTO action_tallies ("areaId", rag, state, "count") VALUES (${row}."areaId", COALESCE(${row}.rag, 'unrated'), ${row}.state, 1)` +
  ` ON CONFLICT ("areaId", rag, state) DO UPDATE SET "count" = action_tallies."count" + 1`;

/**
 * The dashboard's counts of each area's actions by rating and state, kept by the database itself:
 * triggers on actions change them in the same transaction as any insert, update or delete, whoever
 * writes. Counting 2,000 actions on every dashboard read was most of its cost.
 * Beside them, audit_events(entityId, event) finds an action's due-date changes among its entries.
 *
 * SQLite drops a table's triggers when it rebuilds the table: a later migration that changes actions
 * on SQLite must create them again (test/dashboard.e2e.test.ts checks the counts after every migration).
 */
export class DashboardTallies1796256000000 implements MigrationInterface {
  name = 'DashboardTallies1796256000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'action_tallies',
        columns: [
          { name: 'areaId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'rag', type: 'varchar', length: '10', isPrimary: true },
          { name: 'state', type: 'varchar', length: '40', isPrimary: true },
          { name: 'count', type: 'integer' },
        ],
        foreignKeys: [new TableForeignKey({ columnNames: ['areaId'], referencedTableName: 'improvement_areas', referencedColumnNames: ['id'] })],
      }),
    );
    await queryRunner.query(
      `INSERT INTO action_tallies ("areaId", rag, state, "count") SELECT "areaId", COALESCE(rag, 'unrated'), state, COUNT(*) FROM actions GROUP BY "areaId", COALESCE(rag, 'unrated'), state`,
    );
    if (queryRunner.connection.driver.options.type === 'postgres') {
      await queryRunner.query(`CREATE FUNCTION action_tally() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN ${leave('OLD')}; END IF;
          IF TG_OP <> 'DELETE' THEN ${join('NEW')}; END IF;
          RETURN NULL;
        END $$`);
      await queryRunner.query(`CREATE TRIGGER action_tally AFTER INSERT OR DELETE OR UPDATE OF "areaId", rag, state ON actions FOR EACH ROW EXECUTE FUNCTION action_tally()`);
    } else {
      await queryRunner.query(`CREATE TRIGGER action_tally_insert AFTER INSERT ON actions BEGIN ${join('NEW')}; END`);
      await queryRunner.query(`CREATE TRIGGER action_tally_delete AFTER DELETE ON actions BEGIN ${leave('OLD')}; END`);
      await queryRunner.query(`CREATE TRIGGER action_tally_update AFTER UPDATE OF "areaId", rag, state ON actions BEGIN ${leave('OLD')}; ${join('NEW')}; END`);
    }
    await queryRunner.createIndex('audit_events', new TableIndex({ name: 'idx_audit_events_entity_event', columnNames: ['entityId', 'event'] }));
    await queryRunner.dropIndex('audit_events', 'idx_audit_events_entity');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('audit_events', new TableIndex({ name: 'idx_audit_events_entity', columnNames: ['entityId'] }));
    await queryRunner.dropIndex('audit_events', 'idx_audit_events_entity_event');
    if (queryRunner.connection.driver.options.type === 'postgres') {
      await queryRunner.query('DROP TRIGGER action_tally ON actions');
      await queryRunner.query('DROP FUNCTION action_tally()');
    } else {
      for (const trigger of ['action_tally_insert', 'action_tally_delete', 'action_tally_update']) await queryRunner.query(`DROP TRIGGER ${trigger}`);
    }
    await queryRunner.dropTable('action_tallies');
  }
}
