import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Service accounts, the tokens' issuers in the audit trail, and single sign-on bound to the
 * provider's identifier. API tokens are for service accounts only from now on: one held by a
 * person's account could let whoever issued it act as that person, so such tokens are revoked.
 */
export class AccountsAndTokens1796515200000 implements MigrationInterface {
  name = 'AccountsAndTokens1796515200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const no = queryRunner.connection.driver.options.type === 'postgres' ? 'false' : '0';
    await queryRunner.addColumns('users', [
      new TableColumn({ name: 'serviceAccount', type: 'boolean', default: no }),
      new TableColumn({ name: 'oidcIssuer', type: 'varchar', length: '500', isNullable: true }),
      new TableColumn({ name: 'oidcSubject', type: 'varchar', length: '255', isNullable: true }),
    ]);
    await queryRunner.createIndex(
      'users',
      new TableIndex({ name: 'idx_users_oidc_identity', columnNames: ['oidcIssuer', 'oidcSubject'], isUnique: true }),
    );
    await queryRunner.addColumn('auth_tokens', new TableColumn({ name: 'issuedById', type: 'varchar', length: '36', isNullable: true }));
    await queryRunner.addColumns('audit_events', [
      new TableColumn({ name: 'apiTokenId', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'apiTokenIssuedById', type: 'varchar', length: '36', isNullable: true }),
    ]);
    await queryRunner.query(
      `UPDATE auth_tokens SET "revokedAt" = $1 WHERE kind = 'api' AND "revokedAt" IS NULL AND "userId" IN (SELECT id FROM users WHERE "serviceAccount" = ${no})`.replace(
        '$1',
        queryRunner.connection.driver.options.type === 'postgres' ? '$1' : '?',
      ),
      [new Date().toISOString()],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('audit_events', ['apiTokenId', 'apiTokenIssuedById']);
    await queryRunner.dropColumn('auth_tokens', 'issuedById');
    await queryRunner.dropIndex('users', 'idx_users_oidc_identity');
    await queryRunner.dropColumns('users', ['serviceAccount', 'oidcIssuer', 'oidcSubject']);
  }
}
