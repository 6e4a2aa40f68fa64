import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * SQLite, row by row: one action moves out of OLD's count (when there is an OLD) and into NEW's (when
 * there is a NEW). The set-based statements below work here too, over a one-row subquery, but made
 * each write of an action twice as slow (an UPDATE with its trigger 75 µs, against 160 µs).
 */
const leave = (row: string) =>
  `UPDATE action_tallies SET "count" = "count" - 1 WHERE "areaId" = ${row}."areaId" AND rag = COALESCE(${row}.rag, 'unrated') AND state = ${row}.state`;
const join = (row: string) =>
  `INSERT INTO action_tallies ("areaId", rag, state, "count") VALUES (${row}."areaId", COALESCE(${row}.rag, 'unrated'), ${row}.state, 1)` +
  ` ON CONFLICT ("areaId", rag, state) DO UPDATE SET "count" = action_tallies."count" + 1`;

/**
 * PostgreSQL, once per statement over its transition tables: row by row, a statement that wrote many
 * actions of one area updated one tally row as many times, and each update of a row already updated in
 * the transaction walks every earlier version of it (18,000 actions in one statement took over five minutes). `moved` is the set of
 * rows to count, with the columns "areaId", rag and state.
 */
const leaveAll = (moved: string) => `UPDATE action_tallies AS tally SET "count" = tally."count" - moved.n
  FROM (SELECT "areaId", COALESCE(rag, 'unrated') AS rag, state, COUNT(*) AS n FROM ${moved} GROUP BY 1, 2, 3) AS moved
  WHERE tally."areaId" = moved."areaId" AND tally.rag = moved.rag AND tally.state = moved.state`;
const joinAll = (moved: string) => `INSERT INTO action_tallies ("areaId", rag, state, "count")
  SELECT "areaId", COALESCE(rag, 'unrated'), state, COUNT(*) FROM ${moved} GROUP BY 1, 2, 3
  ON CONFLICT ("areaId", rag, state) DO UPDATE SET "count" = action_tallies."count" + EXCLUDED."count"`;
/**
 * Before counting, the writer takes a lock per area it counts in, in order: two writers in one area
 * otherwise take its tally rows in opposite orders (one moves an action from amber to green, the other
 * one from green to amber) and deadlock. Held to the end of the transaction, as the rows' locks are.
 */
const lockAreas = (moved: string) => `FOR area IN SELECT DISTINCT "areaId" FROM ${moved} ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended('action_tallies:' || area."areaId", 0));
  END LOOP`;
/** An update counts only the actions whose area, rating or state it changed (PostgreSQL allows no column list here). */
const changed = (side: 'old_actions' | 'new_actions') =>
  `(SELECT ${side}.* FROM old_actions JOIN new_actions ON new_actions.id = old_actions.id` +
  ` WHERE (old_actions."areaId", old_actions.rag, old_actions.state) IS DISTINCT FROM (new_actions."areaId", new_actions.rag, new_actions.state)) AS changed`;

/**
 * The dashboard's counts of each area's actions by rating and state, kept by the database itself:
 * triggers on actions change them in the same transaction as any insert, update or delete, whoever
 * writes. Counting 2,000 actions on every dashboard read was most of its cost.
 * Beside them, audit_events(entityId, event), which then found an action's due-date changes among its
 * entries (since DueDateMoves, a count on the action) and serves each record's history.
 *
 * SQLite drops a table's triggers when it rebuilds the table: a later migration that changes actions
 * on SQLite must create them again (test/dashboard.e2e.test.ts checks the counts on the schema the migrations give).
 */
export class DashboardTallies1796256000000 implements MigrationInterface {
  name = 'DashboardTallies1796256000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // No foreign key to improvement_areas: checking one for a new tally would wait for the area's row
    // lock while holding its tally lock, and a transition takes those two the other way round.
    await queryRunner.createTable(
      new Table({
        name: 'action_tallies',
        columns: [
          { name: 'areaId', type: 'varchar', length: '36', isPrimary: true },
          { name: 'rag', type: 'varchar', length: '10', isPrimary: true },
          { name: 'state', type: 'varchar', length: '40', isPrimary: true },
          { name: 'count', type: 'integer' },
        ],
      }),
    );
    await queryRunner.query(
      `INSERT INTO action_tallies ("areaId", rag, state, "count") SELECT "areaId", COALESCE(rag, 'unrated'), state, COUNT(*) FROM actions GROUP BY "areaId", COALESCE(rag, 'unrated'), state`,
    );
    if (queryRunner.connection.driver.options.type === 'postgres') {
      const functions = {
        action_tally_insert: `${lockAreas('new_actions')}; ${joinAll('new_actions')};`,
        action_tally_delete: `${lockAreas('old_actions')}; ${leaveAll('old_actions')};`,
        action_tally_update: `${lockAreas(`(SELECT "areaId" FROM ${changed('old_actions')} UNION SELECT "areaId" FROM ${changed('new_actions')}) AS areas`)};
          ${leaveAll(changed('old_actions'))}; ${joinAll(changed('new_actions'))};`,
      };
      for (const [name, body] of Object.entries(functions)) {
        await queryRunner.query(
          `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE area record; BEGIN ${body} RETURN NULL; END $$`,
        );
      }
      await queryRunner.query(
        'CREATE TRIGGER action_tally_insert AFTER INSERT ON actions REFERENCING NEW TABLE AS new_actions FOR EACH STATEMENT EXECUTE FUNCTION action_tally_insert()',
      );
      await queryRunner.query(
        'CREATE TRIGGER action_tally_delete AFTER DELETE ON actions REFERENCING OLD TABLE AS old_actions FOR EACH STATEMENT EXECUTE FUNCTION action_tally_delete()',
      );
      await queryRunner.query(
        'CREATE TRIGGER action_tally_update AFTER UPDATE ON actions REFERENCING OLD TABLE AS old_actions NEW TABLE AS new_actions FOR EACH STATEMENT EXECUTE FUNCTION action_tally_update()',
      );
    } else {
      await queryRunner.query(`CREATE TRIGGER action_tally_insert AFTER INSERT ON actions BEGIN ${join('NEW')}; END`);
      await queryRunner.query(`CREATE TRIGGER action_tally_delete AFTER DELETE ON actions BEGIN ${leave('OLD')}; END`);
      await queryRunner.query(
        `CREATE TRIGGER action_tally_update AFTER UPDATE OF "areaId", rag, state ON actions BEGIN ${leave('OLD')}; ${join('NEW')}; END`,
      );
    }
    await queryRunner.createIndex(
      'audit_events',
      new TableIndex({ name: 'idx_audit_events_entity_event', columnNames: ['entityId', 'event'] }),
    );
    await queryRunner.dropIndex('audit_events', 'idx_audit_events_entity');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('audit_events', new TableIndex({ name: 'idx_audit_events_entity', columnNames: ['entityId'] }));
    await queryRunner.dropIndex('audit_events', 'idx_audit_events_entity_event');
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    for (const trigger of ['action_tally_insert', 'action_tally_delete', 'action_tally_update']) {
      await queryRunner.query(postgres ? `DROP TRIGGER ${trigger} ON actions` : `DROP TRIGGER ${trigger}`);
      if (postgres) await queryRunner.query(`DROP FUNCTION ${trigger}()`);
    }
    await queryRunner.dropTable('action_tallies');
  }
}
