import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many times each action's due date has moved, kept on the action so that rating it needs no
 * search of its audit trail: every action's page, and every transition's answer, read that trail for it.
 * A trigger counts each change of a date the action already had, whoever writes it: an instance still
 * on the previous release during a rolling deploy, or a fix made by hand. The moves already in the
 * audit trails are counted here.
 * Plain ALTER TABLE on both databases: TypeORM adds a column on SQLite by rebuilding the table, and
 * SQLite drops the table's triggers (the dashboard's tallies) with it.
 */
export class DueDateMoves1796342400000 implements MigrationInterface {
  name = 'DueDateMoves1796342400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await queryRunner.query('ALTER TABLE "actions" ADD COLUMN "dueDateMoves" integer NOT NULL DEFAULT (0)');
    const changes = (await queryRunner.query(
      `SELECT "entityId", details FROM audit_events WHERE "entityType" = 'action' AND event IN ('UPDATED', 'REASSIGNED') AND details IS NOT NULL`,
    )) as Array<{ entityId: string; details: string }>;
    const moves = new Map<string, number>();
    for (const change of changes) {
      const dueOn = (JSON.parse(change.details) as { dueOn?: { from: unknown } | null }).dueOn;
      if (dueOn && dueOn.from !== null) moves.set(change.entityId, (moves.get(change.entityId) ?? 0) + 1);
    }
    // Not through TypeORM's update, which would bump each action's version as an edit does.
    const [count, id] = [0, 1].map((index) => queryRunner.connection.driver.createParameter(`p${index}`, index));
    for (const [actionId, moved] of moves)
      await queryRunner.query(`UPDATE actions SET "dueDateMoves" = ${count} WHERE id = ${id}`, [moved, actionId]);

    const moved = 'OLD."dueOn" IS NOT NULL AND NEW."dueOn" IS DISTINCT FROM OLD."dueOn"';
    if (postgres) {
      await queryRunner.query(
        `CREATE FUNCTION action_due_date_moves() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF ${moved} THEN NEW."dueDateMoves" := OLD."dueDateMoves" + 1; END IF; RETURN NEW; END $$`,
      );
      await queryRunner.query(
        'CREATE TRIGGER action_due_date_moves BEFORE UPDATE OF "dueOn" ON actions FOR EACH ROW EXECUTE FUNCTION action_due_date_moves()',
      );
    } else {
      await queryRunner.query(
        `CREATE TRIGGER action_due_date_moves AFTER UPDATE OF "dueOn" ON actions WHEN ${moved} BEGIN UPDATE actions SET "dueDateMoves" = "dueDateMoves" + 1 WHERE id = NEW.id; END`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await queryRunner.query(postgres ? 'DROP TRIGGER action_due_date_moves ON actions' : 'DROP TRIGGER action_due_date_moves');
    if (postgres) await queryRunner.query('DROP FUNCTION action_due_date_moves()');
    await queryRunner.query('ALTER TABLE "actions" DROP COLUMN "dueDateMoves"');
  }
}
