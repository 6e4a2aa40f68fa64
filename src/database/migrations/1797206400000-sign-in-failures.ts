import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Why each failed sign-in failed, for the administrator someone asks why they cannot get in. Earlier attempts have none. */
export class SignInFailures1797206400000 implements MigrationInterface {
  name = 'SignInFailures1797206400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('sign_ins', new TableColumn({ name: 'failure', type: 'varchar', length: '20', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('sign_ins', 'failure');
  }
}
