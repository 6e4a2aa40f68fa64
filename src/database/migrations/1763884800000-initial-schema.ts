import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

// Written with the schema API, not raw SQL, so one migration serves SQLite and PostgreSQL.
const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: name === 'id' });
const ref = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable });
const text = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'text', isNullable });
const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const date = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'date', isNullable });
const integer = (name: string): TableColumnOptions => ({ name, type: 'integer' });
const instant = (name: string): TableColumnOptions => varchar(name, 30);
const workflowColumns = (): TableColumnOptions[] => [
  varchar('state', 40),
  text('snapshot'),
  integer('workflowVersion'),
  integer('version'),
  instant('createdAt'),
];
const foreignKey = (column: string, table: string) =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'] });
const index = (table: string, columns: string[], name = `idx_${table}_${columns.join('_')}`) =>
  new TableIndex({ name, columnNames: columns });

export class InitialSchema1763884800000 implements MigrationInterface {
  name = 'InitialSchema1763884800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [id(), varchar('name', 200), { ...varchar('email', 320), isUnique: true }, instant('createdAt')],
      }),
    );
    await queryRunner.createTable(new Table({ name: 'authorities', columns: [id(), { ...varchar('name', 200), isUnique: true }] }));
    await queryRunner.createTable(
      new Table({
        name: 'inspections',
        columns: [
          id(),
          ...workflowColumns(),
          ref('authorityId'),
          varchar('framework', 40),
          date('startedOn', true),
          date('endedOn', true),
          varchar('leadInspector', 200, true),
          date('publishedOn'),
          date('receivedOn'),
          { name: 'priorityAction', type: 'boolean' },
          varchar('overallEffectiveness', 40, true),
          date('draftPlanDueOn', true),
          date('actionPlanDueOn', true),
        ],
        foreignKeys: [foreignKey('authorityId', 'authorities')],
        indices: [index('inspections', ['authorityId'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'judgements',
        columns: [id(), ref('inspectionId'), integer('position'), text('area'), varchar('grade', 40)],
        foreignKeys: [foreignKey('inspectionId', 'inspections')],
        indices: [index('judgements', ['inspectionId'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'improvement_areas',
        columns: [
          id(),
          ...workflowColumns(),
          ref('inspectionId'),
          integer('position'),
          text('title'),
          text('description', true),
          varchar('timeframe', 100, true),
          ref('leadOfficerId', true),
        ],
        foreignKeys: [foreignKey('inspectionId', 'inspections'), foreignKey('leadOfficerId', 'users')],
        indices: [index('improvement_areas', ['inspectionId'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'actions',
        columns: [
          id(),
          ...workflowColumns(),
          ref('areaId'),
          integer('position'),
          text('title'),
          ref('ownerId', true),
          ref('assignedById', true),
          date('dueOn', true),
          text('successMeasure', true),
          varchar('rag', 10, true),
          text('ragReason', true),
        ],
        foreignKeys: [foreignKey('areaId', 'improvement_areas'), foreignKey('ownerId', 'users'), foreignKey('assignedById', 'users')],
        indices: [index('actions', ['areaId']), index('actions', ['ownerId'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'progress_updates',
        columns: [
          id(),
          ref('actionId'),
          ref('authorId'),
          text('text'),
          integer('percentComplete'),
          varchar('rag', 10, true),
          date('reportedOn'),
          instant('createdAt'),
        ],
        foreignKeys: [foreignKey('actionId', 'actions'), foreignKey('authorId', 'users')],
        indices: [index('progress_updates', ['actionId'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          varchar('entityType', 30),
          ref('entityId'),
          ref('inspectionId'),
          varchar('event', 60),
          varchar('fromState', 40, true),
          varchar('toState', 40, true),
          ref('actorId'),
          varchar('actorName', 200),
          varchar('actorEmail', 320),
          instant('at'),
          text('comment', true),
          text('details', true),
        ],
        foreignKeys: [foreignKey('actorId', 'users')],
        indices: [
          index('audit_events', ['entityId'], 'idx_audit_events_entity'),
          index('audit_events', ['inspectionId'], 'idx_audit_events_inspection'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'audit_events',
      'progress_updates',
      'actions',
      'improvement_areas',
      'judgements',
      'inspections',
      'authorities',
      'users',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
