import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Planned reminders, who leads each plan, and how each person wants their reminders. */
export class Reminders1763971200000 implements MigrationInterface {
  name = 'Reminders1763971200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('users', new TableColumn({ name: 'reminderDelivery', type: 'varchar', length: '10', default: "'digest'" }));
    await queryRunner.addColumn('inspections', new TableColumn({ name: 'planLeadId', type: 'varchar', length: '36', isNullable: true }));
    await queryRunner.createForeignKey(
      'inspections',
      new TableForeignKey({ columnNames: ['planLeadId'], referencedTableName: 'users', referencedColumnNames: ['id'] }),
    );

    const varchar = (name: string, length: number, isNullable = false) => ({ name, type: 'varchar', length: String(length), isNullable });
    await queryRunner.createTable(
      new Table({
        name: 'reminders',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          { ...varchar('idempotencyKey', 200), isUnique: true },
          varchar('subject', 10),
          varchar('subjectId', 36),
          varchar('inspectionId', 36),
          varchar('recipientId', 36),
          varchar('recipientRole', 20),
          { name: 'dueOn', type: 'date' },
          { name: 'step', type: 'integer' },
          { name: 'sendOn', type: 'date' },
          varchar('sendAfter', 30),
          varchar('status', 10),
          { name: 'attempts', type: 'integer' },
          { name: 'lastError', type: 'text', isNullable: true },
          varchar('claimToken', 36, true),
          varchar('leaseUntil', 30, true),
          varchar('sentAt', 30, true),
          varchar('messageId', 200, true),
          varchar('createdAt', 30),
        ],
        foreignKeys: [new TableForeignKey({ columnNames: ['recipientId'], referencedTableName: 'users', referencedColumnNames: ['id'] })],
        // Finding due work must cost what is due, not the size of the table.
        indices: [
          new TableIndex({ name: 'idx_reminders_due', columnNames: ['status', 'sendAfter'] }),
          new TableIndex({ name: 'idx_reminders_subject', columnNames: ['subjectId'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('reminders');
    const inspections = await queryRunner.getTable('inspections');
    const planLead = inspections?.foreignKeys.find((key) => key.columnNames.includes('planLeadId'));
    if (planLead) await queryRunner.dropForeignKey('inspections', planLead);
    await queryRunner.dropColumn('inspections', 'planLeadId');
    await queryRunner.dropColumn('users', 'reminderDelivery');
  }
}
