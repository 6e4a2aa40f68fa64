import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The dates councils work to: Ofsted's stated due dates, whether the council has confirmed when it
 * received the report, and, for a JTAI, whether a written statement is required and who leads it.
 * A plan recorded with a date of receipt other than its publication had that date given by someone:
 * it is taken as confirmed. Every other date stays as it was, now marked provisional.
 */
export class DeadlinesAsMet1796601600000 implements MigrationInterface {
  name = 'DeadlinesAsMet1796601600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await queryRunner.addColumns('inspections', [
      new TableColumn({ name: 'receiptConfirmed', type: 'boolean', default: postgres ? 'false' : '0' }),
      new TableColumn({ name: 'statementRequired', type: 'boolean', isNullable: true }),
      new TableColumn({ name: 'principalAuthority', type: 'varchar', length: '200', isNullable: true }),
      new TableColumn({ name: 'statedDraftPlanDueOn', type: 'date', isNullable: true }),
      new TableColumn({ name: 'statedActionPlanDueOn', type: 'date', isNullable: true }),
    ]);
    // Not through TypeORM's update, which would bump each inspection's version as an edit does.
    await queryRunner.query(`UPDATE inspections SET "receiptConfirmed" = ${postgres ? 'true' : '1'} WHERE "receivedOn" <> "publishedOn"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('inspections', [
      'receiptConfirmed',
      'statementRequired',
      'principalAuthority',
      'statedDraftPlanDueOn',
      'statedActionPlanDueOn',
    ]);
  }
}
