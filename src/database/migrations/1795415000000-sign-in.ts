import {
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';

// Schema API only, so this serves SQLite and PostgreSQL alike. No ON DELETE CASCADE anywhere:
// SQLite rebuilds a table to change it, and a cascade would wipe the rows that point at it.
const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const instant = (name: string, isNullable = false): TableColumnOptions => varchar(name, 30, isNullable);
const foreignKey = (column: string, table: string) =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'] });

/**
 * Accounts, tokens and the sign-in log. People already recorded (named on plans) keep their rows:
 * they become inactive viewers without a password, so nobody gains access until an admin grants it.
 */
export class SignIn1795415000000 implements MigrationInterface {
  name = 'SignIn1795415000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // SQLite keeps booleans as 0 and 1, and the schema check compares defaults as each database spells them.
    const no = queryRunner.connection.driver.options.type === 'postgres' ? 'false' : '0';
    await queryRunner.addColumns('users', [
      new TableColumn({ ...varchar('role', 20), default: "'viewer'" }),
      new TableColumn({ name: 'active', type: 'boolean', default: no }),
      new TableColumn(varchar('passwordHash', 200, true)),
      new TableColumn({ name: 'mustChangePassword', type: 'boolean', default: no }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'auth_tokens',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          { ...varchar('tokenHash', 64), isUnique: true },
          varchar('userId', 36),
          varchar('kind', 10),
          varchar('name', 100, true),
          instant('createdAt'),
          instant('expiresAt', true),
          instant('revokedAt', true),
        ],
        foreignKeys: [foreignKey('userId', 'users')],
        indices: [new TableIndex({ name: 'idx_auth_tokens_userId', columnNames: ['userId'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sign_ins',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          instant('at'),
          varchar('method', 10),
          varchar('email', 320),
          varchar('userId', 36, true),
          varchar('address', 64),
          varchar('outcome', 20),
        ],
        foreignKeys: [foreignKey('userId', 'users')],
        indices: [
          new TableIndex({ name: 'idx_sign_ins_email_at', columnNames: ['email', 'at'] }),
          new TableIndex({ name: 'idx_sign_ins_address_at', columnNames: ['address', 'at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'oidc_requests',
        columns: [{ ...varchar('stateHash', 64), isPrimary: true }, varchar('codeVerifier', 128), instant('expiresAt')],
      }),
    );
    // Changes to accounts are audited too, and belong to no inspection.
    await setNullable(queryRunner, 'audit_events', 'inspectionId', true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM audit_events WHERE "inspectionId" IS NULL`);
    await setNullable(queryRunner, 'audit_events', 'inspectionId', false);
    for (const table of ['oidc_requests', 'sign_ins', 'auth_tokens']) await queryRunner.dropTable(table);
    await queryRunner.dropColumns('users', ['mustChangePassword', 'passwordHash', 'active', 'role']);
  }
}

/**
 * Changes only a column's nullability. The changed column is a clone of the one the database
 * reports: a column described afresh ("varchar" against PostgreSQL's "character varying") looks
 * like a new type to TypeORM, which would then drop and re-add it, losing its data and index.
 */
async function setNullable(queryRunner: QueryRunner, tableName: string, columnName: string, isNullable: boolean): Promise<void> {
  const table = await queryRunner.getTable(tableName);
  const column = table?.findColumnByName(columnName);
  if (!table || !column) throw new Error(`${tableName}.${columnName} is missing.`);
  const changed = column.clone();
  changed.isNullable = isNullable;
  await queryRunner.changeColumn(table, column, changed);
}
