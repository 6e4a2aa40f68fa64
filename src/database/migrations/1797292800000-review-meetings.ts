import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Whether a scheduled review's date is the day the committee meets, as its clerk set it, or still six months on. */
export class ReviewMeetings1797292800000 implements MigrationInterface {
  name = 'ReviewMeetings1797292800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Each database spells a false default its own way, and the schema check compares them as spelled.
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await queryRunner.addColumn(
      'scrutiny_reviews',
      new TableColumn({ name: 'meetingSet', type: 'boolean', default: postgres ? 'false' : '0' }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('scrutiny_reviews', 'meetingSet');
  }
}
