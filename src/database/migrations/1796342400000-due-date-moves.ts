import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many times each action's due date has moved, kept on the action so that rating it needs no
 * search of its audit trail: every action's page, and every transition's answer, read that trail for it.
 * Counted from the trail for the actions already there: a change of due date that had one before.
 * Plain ALTER TABLE on both databases: TypeORM adds a column on SQLite by rebuilding the table, and
 * SQLite drops the table's triggers (the dashboard's tallies) with it.
 */
export class DueDateMoves1796342400000 implements MigrationInterface {
  name = 'DueDateMoves1796342400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "actions" ADD COLUMN "dueDateMoves" integer NOT NULL DEFAULT (0)');
    const changes = (await queryRunner.query(
      `SELECT "entityId", details FROM audit_events WHERE "entityType" = 'action' AND event IN ('UPDATED', 'REASSIGNED') AND details IS NOT NULL`,
    )) as Array<{ entityId: string; details: string }>;
    const moves = new Map<string, number>();
    for (const change of changes) {
      const dueOn = (JSON.parse(change.details) as { dueOn?: { from: unknown } | null }).dueOn;
      if (dueOn && dueOn.from !== null) moves.set(change.entityId, (moves.get(change.entityId) ?? 0) + 1);
    }
    for (const [id, count] of moves) {
      await queryRunner.manager.createQueryBuilder().update('actions').set({ dueDateMoves: count }).where('id = :id', { id }).execute();
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "actions" DROP COLUMN "dueDateMoves"');
  }
}
