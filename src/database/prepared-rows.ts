import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';

type ColumnMetadata = EntityMetadata['columns'][number];

/**
 * The statements every request runs (find by key, insert an audit entry, a versioned update),
 * written once per entity from TypeORM's own metadata and then reused. TypeORM's query builder
 * spends 30 to 60 µs of CPU building each statement and reading its rows back, a third of a
 * workflow move; and on SQLite it writes numbers into the SQL text, so every versioned update
 * (`version = 41`) was prepared again and pushed the other statements out of the driver's cache.
 * Here values are always bound, so each statement's text is fixed and prepared once.
 */

type Order<T> = Array<[keyof T & string, 'ASC' | 'DESC']>;

const statements = new Map<string, { sql: string; names: string[] }>();
const postgresNames = new Map<string, string>();

/**
 * The statement under `key`, built once per driver; its parameters' names, in order, for those that
 * bind by name. `prepare: false` for a statement whose text varies with its input (a list of any
 * length): PostgreSQL would keep every variant prepared on every connection.
 */
function statement(
  manager: EntityManager,
  key: string,
  build: () => string | { sql: string; names: string[] },
  { prepare = true } = {},
): { sql: string; names: string[] } {
  const type = manager.connection.options.type;
  const cacheKey = `${type}|${key}`;
  let built = statements.get(cacheKey);
  if (built === undefined) {
    const made = build();
    built = typeof made === 'string' ? { sql: made, names: [] } : made;
    statements.set(cacheKey, built);
    if (type === 'postgres' && prepare && !postgresNames.has(built.sql)) postgresNames.set(built.sql, `app_${postgresNames.size + 1}`);
  }
  return built;
}

/**
 * The name a statement of this module runs under on PostgreSQL, so each connection parses and plans
 * it once (see PostgresClient); undefined for any other SQL.
 */
export function preparedStatementName(sql: string): string | undefined {
  return postgresNames.get(sql);
}

function escape(manager: EntityManager, name: string): string {
  return manager.connection.driver.escape(name);
}

/** `?` on SQLite, `$1`, `$2`… on PostgreSQL, numbered from `first`. */
function placeholders(manager: EntityManager, count: number, first = 0): string {
  return Array.from({ length: count }, (_, i) => manager.connection.driver.createParameter(`p${first + i}`, first + i)).join(', ');
}

function column(metadata: EntityMetadata, property: string): ColumnMetadata {
  const found = metadata.findColumnWithPropertyName(property);
  if (!found) throw new Error(`${metadata.name} has no column ${property}.`);
  return found;
}

/** A value as the column stores it (JSON as text, for one). */
function persistent(manager: EntityManager, metadata: EntityMetadata, property: string, value: unknown): unknown {
  return manager.connection.driver.preparePersistentValue(value, column(metadata, property)) as unknown;
}

/** An entity from a row's columns, each under its own name or, in a join, under `prefix` and its name. */
function hydrate<T extends ObjectLiteral>(manager: EntityManager, metadata: EntityMetadata, row: Record<string, unknown>, prefix = ''): T {
  const entity = metadata.create() as T;
  for (const each of metadata.columns) {
    (entity as Record<string, unknown>)[each.propertyName] = manager.connection.driver.prepareHydratedValue(
      row[`${prefix}${each.databaseName}`],
      each,
    );
  }
  return entity;
}

/**
 * Rows whose columns are each in a list of values (`{ actionId: ids, rag: ['red'] }`),
 * in `order`. An empty list matches nothing.
 */
export async function findRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: Partial<Record<keyof T & string, readonly unknown[]>>,
  order: Order<T> = [],
  { forUpdate = false } = {},
): Promise<T[]> {
  const metadata = manager.connection.getMetadata(entity);
  const conditions = Object.entries(where) as Array<[string, readonly unknown[]]>;
  if (conditions.some(([, values]) => values.length === 0)) return [];
  // PostgreSQL alone locks rows; SQLite's transactions already run one at a time (see UnitOfWork).
  const lock = forUpdate && manager.connection.options.type === 'postgres';
  const key = `select|${metadata.tableName}|${conditions.map(([name, values]) => `${name}:${values.length}`).join(',')}|${order.join(',')}|${lock}`;
  const { sql } = statement(
    manager,
    key,
    () => {
      let bound = 0;
      const clauses = conditions.map(([name, values]) => {
        const list = placeholders(manager, values.length, bound);
        bound += values.length;
        return `${escape(manager, column(metadata, name).databaseName)} ${values.length === 1 ? `= ${list}` : `IN (${list})`}`;
      });
      const orderBy = order.map(([name, direction]) => `${escape(manager, column(metadata, name).databaseName)} ${direction}`);
      // Columns by name, not *: a column a newer instance's migration adds must not change what a statement PostgreSQL has prepared returns.
      return [
        `SELECT ${metadata.columns.map((each) => escape(manager, each.databaseName)).join(', ')} FROM ${escape(manager, metadata.tableName)} WHERE ${clauses.join(' AND ')}`,
        orderBy.length > 0 ? `ORDER BY ${orderBy.join(', ')}` : '',
        lock ? 'FOR UPDATE' : '',
      ]
        .filter(Boolean)
        .join(' ');
    },
    { prepare: conditions.every(([, values]) => values.length === 1) },
  );
  const parameters = conditions.flatMap(([name, values]) => values.map((value) => persistent(manager, metadata, name, value)));
  const rows = await manager.query<Array<Record<string, unknown>>>(sql, parameters);
  return rows.map((row) => hydrate<T>(manager, metadata, row));
}

/**
 * One row by its id. `forUpdate` also locks it on PostgreSQL until the transaction ends, so a check
 * made on its children (every area ready, no open action) holds until commit: whoever adds or moves
 * a child locks the same parent first.
 */
export async function findRowById<T extends ObjectLiteral & { id: string }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<T | null> {
  const [row] = await findRows(manager, entity, { id: [id] } as Partial<Record<keyof T & string, readonly unknown[]>>, [], options);
  return row ?? null;
}

/**
 * A row by its id with the rows its foreign keys point to (an action, its area, its owner), in one
 * statement: on PostgreSQL each statement is a round trip, and a round trip costs more than the joins.
 * Gives `[row, ...parents]` in the order asked, a parent null where its key is null; null for no such row.
 */
export async function findRowWithParents<T extends ObjectLiteral & { id: string }, P extends ObjectLiteral[]>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  parents: { [K in keyof P]: [foreignKey: keyof T & string, entity: EntityTarget<P[K]>] },
): Promise<[T, ...{ [K in keyof P]: P[K] | null }] | null> {
  const metadata = manager.connection.getMetadata(entity);
  const joined = (parents as Array<[string, EntityTarget<ObjectLiteral>]>).map(([foreignKey, target], i) => ({
    alias: `p${i}`,
    foreignKey,
    metadata: manager.connection.getMetadata(target),
  }));
  const { sql } = statement(
    manager,
    `with-parents|${metadata.tableName}|${joined.map((each) => `${each.foreignKey}:${each.metadata.tableName}`).join(',')}`,
    () => {
      const columns = (alias: string, of: EntityMetadata) =>
        of.columns.map((each) => `${alias}.${escape(manager, each.databaseName)} AS ${escape(manager, `${alias}.${each.databaseName}`)}`);
      const id = (of: EntityMetadata) => escape(manager, column(of, 'id').databaseName);
      return [
        `SELECT ${[...columns('r', metadata), ...joined.flatMap((each) => columns(each.alias, each.metadata))].join(', ')}`,
        `FROM ${escape(manager, metadata.tableName)} r`,
        ...joined.map(
          (each) =>
            `LEFT JOIN ${escape(manager, each.metadata.tableName)} ${each.alias} ON ${each.alias}.${id(each.metadata)} = r.${escape(manager, column(metadata, each.foreignKey).databaseName)}`,
        ),
        `WHERE r.${id(metadata)} = ${placeholders(manager, 1)}`,
      ].join(' ');
    },
  );
  const [row] = await manager.query<Array<Record<string, unknown>>>(sql, [id]);
  if (!row) return null;
  const found = joined.map((each) =>
    row[`${each.alias}.${column(each.metadata, 'id').databaseName}`] === null
      ? null
      : hydrate(manager, each.metadata, row, `${each.alias}.`),
  );
  return [hydrate<T>(manager, metadata, row, 'r.'), ...found] as [T, ...{ [K in keyof P]: P[K] | null }];
}

function writer(manager: EntityManager): QueryRunner {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('Writes go through UnitOfWork.write, inside its transaction.');
  return manager.queryRunner;
}

/** Inserts one row of the columns given; generated ids and defaults are left to the database. */
export async function insertRow<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  values: Partial<T>,
): Promise<void> {
  const metadata = manager.connection.getMetadata(entity);
  const given = Object.keys(values).filter((name) => values[name] !== undefined);
  const { sql } = statement(manager, `insert|${metadata.tableName}|${given.join(',')}`, () => {
    const columns = given.map((name) => escape(manager, column(metadata, name).databaseName));
    return `INSERT INTO ${escape(manager, metadata.tableName)} (${columns.join(', ')}) VALUES (${placeholders(manager, given.length)})`;
  });
  await writer(manager).query(
    sql,
    given.map((name) => persistent(manager, metadata, name, values[name])),
  );
}

/**
 * Writes `changes` and bumps the version only if the row is still at `version`, so a concurrent
 * writer loses cleanly instead of overwriting. Returns whether the row was written.
 */
export async function updateRowVersioned<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: { id: string; version: number },
  changes: Partial<T>,
): Promise<boolean> {
  const metadata = manager.connection.getMetadata(entity);
  const version = metadata.versionColumn;
  if (!version) throw new Error(`${metadata.name} has no version column.`);
  const changed = Object.keys(changes).filter((name) => changes[name] !== undefined);
  const { sql } = statement(manager, `update|${metadata.tableName}|${changed.join(',')}`, () => {
    const versionName = escape(manager, version.databaseName);
    const assignments = changed.map(
      (name, i) => `${escape(manager, column(metadata, name).databaseName)} = ${placeholders(manager, 1, i)}`,
    );
    return [
      `UPDATE ${escape(manager, metadata.tableName)} SET ${[...assignments, `${versionName} = ${versionName} + 1`].join(', ')}`,
      `WHERE ${escape(manager, column(metadata, 'id').databaseName)} = ${placeholders(manager, 1, changed.length)} AND ${versionName} = ${placeholders(manager, 1, changed.length + 1)}`,
    ].join(' ');
  });
  const parameters = [...changed.map((name) => persistent(manager, metadata, name, changes[name])), where.id, where.version];
  const result = await writer(manager).query(sql, parameters, true);
  return result.affected === 1;
}

type RawParameter = string | number | boolean | null;

/** What a hand-written SELECT is built with: placeholders and quoted names, right for the driver it runs on. */
export interface SqlWriter {
  /** The placeholder for a named parameter, bound from `parameters` by position. */
  param(name: string): string;
  /** An entity's table, quoted. */
  table(entity: EntityTarget<ObjectLiteral>): string;
  /** A property's column, quoted, optionally after a table alias: `column(Action, 'areaId', 'a')` → a."areaId". */
  column(entity: EntityTarget<ObjectLiteral>, property: string, alias?: string): string;
  readonly postgres: boolean;
}

/**
 * A SELECT that needs more than `findRows` (a join, an aggregate, chosen columns), written by hand
 * once per driver under `key` and then reused: its values are always bound, so its text never
 * changes and it is prepared once. Gives the rows as the driver returns them: nothing is converted
 * to the entity's types (pg gives a date column as a Date), so read whole entities with `findRows`.
 */
export async function selectRows<T>(
  manager: EntityManager,
  key: string,
  build: (sql: SqlWriter) => string,
  parameters: Record<string, RawParameter>,
): Promise<T[]> {
  const { sql, names } = statement(manager, `rows|${key}`, () => {
    const names: string[] = [];
    const writer: SqlWriter = {
      param: (name) => {
        names.push(name);
        return manager.connection.driver.createParameter(name, names.length - 1);
      },
      table: (entity) => escape(manager, manager.connection.getMetadata(entity).tableName),
      column: (entity, property, alias) =>
        `${alias ? `${alias}.` : ''}${escape(manager, column(manager.connection.getMetadata(entity), property).databaseName)}`,
      postgres: manager.connection.options.type === 'postgres',
    };
    return { sql: build(writer), names };
  });
  const values = names.map((name) => {
    if (!(name in parameters)) throw new Error(`${key} needs the parameter ${name}.`);
    return parameters[name];
  });
  return manager.query<T[]>(sql, values);
}
