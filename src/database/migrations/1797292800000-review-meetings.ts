import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Whether a scheduled review's date is the day the committee meets, as its clerk set it, or still six months on. */
export class ReviewMeetings1797292800000 implements MigrationInterface {
  name = 'ReviewMeetings1797292800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Each database spells a boolean its own way, and the schema check compares defaults as spelled.
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await queryRunner.addColumn(
      'scrutiny_reviews',
      new TableColumn({ name: 'meetingSet', type: 'boolean', default: postgres ? 'false' : '0' }),
    );
    // A review the clerk already moved to its meeting is that meeting: the move is in the audit trail.
    const moves = (await queryRunner.query(
      `SELECT "inspectionId", details FROM audit_events WHERE event = 'SCRUTINY_REVIEW_RESCHEDULED'`,
    )) as Array<{ inspectionId: string; details: string }>;
    const [first, second, third] = postgres ? ['$1', '$2', '$3'] : ['?', '?', '?'];
    for (const { inspectionId, details } of moves) {
      const { review, dueOn } = JSON.parse(details) as { review: number; dueOn?: { to: string } };
      if (!dueOn) continue;
      await queryRunner.query(
        `UPDATE scrutiny_reviews SET "meetingSet" = ${postgres ? 'true' : '1'}
         WHERE "inspectionId" = ${first} AND sequence = ${second} AND "dueOn" = ${third} AND status = 'scheduled'`,
        [inspectionId, review, dueOn.to],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('scrutiny_reviews', 'meetingSet');
  }
}
