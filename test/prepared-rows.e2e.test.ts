import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { Action } from '../src/actions/action.entity.js';
import { ProgressUpdate } from '../src/actions/progress-update.entity.js';
import { AuditEvent } from '../src/audit/audit-event.entity.js';
import {
  findRowById,
  findRowWithParents,
  findRows,
  insertRow,
  preparedStatementName,
  selectRows,
  type SqlWriter,
  updateRowVersioned,
} from '../src/database/prepared-rows.js';
import { UnitOfWork } from '../src/database/unit-of-work.js';
import { ImprovementArea } from '../src/improvement-areas/improvement-area.entity.js';
import { Inspection } from '../src/inspections/inspection.entity.js';
import { User } from '../src/users/user.entity.js';
import { drivers } from './support/databases.js';
import { scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe.each(drivers)('prepared statements on %s', (driver) => {
  let t: TestApp;
  let s: ReturnType<typeof scenario>;
  let action: { id: string; version: number; areaId: string; inspectionId: string };

  beforeAll(async () => {
    t = await createTestApp(driver, { now: '2024-05-01T09:00:00Z' });
    s = scenario(t);
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    action = await s.action(area.id, { title: 'Audit supervision "monthly"; report it' });
    await s.post(`/api/actions/${action.id}/updates`, {
      text: 'Started in two teams',
      percentComplete: 20,
      rag: 'amber',
      reportedOn: '2024-04-20',
    });
    await s.post(`/api/actions/${action.id}/updates`, { text: 'All teams audited', percentComplete: 60, reportedOn: '2024-04-30' });
    // The first update, 20% done, started it.
    action = (await t.http.get(`/api/actions/${action.id}`).set(t.as('viewer')).expect(200)).body;
  });
  afterAll(() => t.close());

  const write = <T>(work: (manager: EntityManager) => Promise<T>) => t.app.get(UnitOfWork).write(work);

  it.each<[string, EntityTarget<ObjectLiteral>]>([
    ['Inspection', Inspection],
    ['ImprovementArea', ImprovementArea],
    ['Action', Action],
    ['User', User],
  ])('reads a %s by id exactly as TypeORM does, and null for an unknown id', async (_, entity) => {
    const [expected] = await t.dataSource.manager.find(entity, { take: 1, order: { createdAt: 'DESC' } });
    const found = await findRowById(t.dataSource.manager, entity as EntityTarget<{ id: string }>, expected.id as string);
    expect(found).toEqual(expected);
    expect(found).toBeInstanceOf(entity);
    expect(await findRowById(t.dataSource.manager, entity as EntityTarget<{ id: string }>, 'no-such-id')).toBeNull();
  });

  it('reads a row with the rows its foreign keys point to, each exactly as TypeORM does, and null for a null key', async () => {
    const manager = t.dataSource.manager;
    const parents = (id: string) =>
      findRowWithParents<Action, [ImprovementArea, User, User]>(manager, Action, id, [
        ['areaId', ImprovementArea],
        ['ownerId', User],
        ['assignedById', User],
      ]);
    const assigned = await s.action(action.areaId, { title: 'Assigned' });
    const unassigned = await s.action(action.areaId, { title: 'Unassigned', owner: undefined });
    const stored = await manager.findOneByOrFail(Action, { id: assigned.id });
    const found = await parents(assigned.id);
    expect(found).toEqual([
      stored,
      await manager.findOneByOrFail(ImprovementArea, { id: action.areaId }),
      await manager.findOneByOrFail(User, { id: stored.ownerId! }),
      await manager.findOneByOrFail(User, { id: stored.assignedById! }),
    ]);
    expect(found?.[0]).toBeInstanceOf(Action);
    expect(found?.[1]).toBeInstanceOf(ImprovementArea);
    expect(found?.[2]).toBeInstanceOf(User);
    expect((await parents(unassigned.id))?.slice(2)).toEqual([null, null]);
    expect(await parents('no-such-id')).toBeNull();
  });

  it('reads rows matching lists of values, in the order asked for', async () => {
    const manager = t.dataSource.manager;
    const newestFirst = await findRows(manager, ProgressUpdate, { actionId: [action.id] }, [['reportedOn', 'DESC']]);
    expect(newestFirst.map((update) => update.text)).toEqual(['All teams audited', 'Started in two teams']);
    expect(newestFirst).toEqual(await manager.find(ProgressUpdate, { where: { actionId: action.id }, order: { reportedOn: 'DESC' } }));

    const events = await findRows(manager, AuditEvent, { entityId: [action.id, 'another-id'], event: ['CREATED', 'START'] }, [
      ['id', 'ASC'],
    ]);
    expect(events.map((event) => [event.event, event.toState])).toEqual([
      ['CREATED', 'not_started'],
      ['START', 'in_progress'],
    ]);
    expect(await findRows(manager, AuditEvent, { entityId: [] })).toEqual([]);
  });

  it('writes only at the version read, bumping it, and reads the JSON it wrote', async () => {
    const stored = (await findRowById(t.dataSource.manager, Action, action.id))!;
    const snapshot = { value: 'blocked', context: { note: 'ünïcode, "quotes" and \'apostrophes\'' } };
    expect(
      await write((manager) =>
        updateRowVersioned(manager, Action, { id: action.id, version: action.version - 1 }, { state: 'blocked', snapshot }),
      ),
    ).toBe(false);
    expect(
      await write((manager) =>
        updateRowVersioned(manager, Action, { id: action.id, version: action.version }, { state: 'blocked', snapshot }),
      ),
    ).toBe(true);
    const written = await t.dataSource.manager.findOneByOrFail(Action, { id: action.id });
    expect(written).toEqual({ ...stored, state: 'blocked', snapshot, version: action.version + 1 });
  });

  it('inserts a row, its generated id left to the database, and writes only inside a transaction', async () => {
    const entry = {
      entityType: 'action' as const,
      entityId: action.id,
      inspectionId: action.inspectionId,
      event: 'NOTE',
      actorId: t.users.director.id,
      actorName: 'A "quoted" name',
      actorEmail: t.users.director.email,
      at: '2024-05-01T09:00:00.000Z',
      details: { percentComplete: { from: 20, to: 60 } },
    };
    await write((manager) => insertRow(manager, AuditEvent, entry));
    const [inserted] = await t.dataSource.manager.find(AuditEvent, { where: { event: 'NOTE' } });
    expect(inserted).toEqual({
      ...entry,
      id: expect.any(Number),
      fromState: null,
      toState: null,
      comment: null,
      apiTokenId: null,
      apiTokenIssuedById: null,
    });
    await expect(insertRow(t.dataSource.manager, AuditEvent, entry)).rejects.toThrow('inside its transaction');
  });

  it('runs a hand-written SELECT by its key, binding every parameter by position', async () => {
    const manager = t.dataSource.manager;
    const build = (sql: SqlWriter) =>
      `SELECT ${sql.column(User, 'email')} AS email FROM ${sql.table(User)} WHERE ${sql.column(User, 'role')} = ${sql.param('role')}` +
      ` AND ${sql.column(User, 'active')} = ${sql.param('active')} AND ${sql.column(User, 'name')} <> ${sql.param('name')} ORDER BY email`;
    const people = (role: string, active: boolean) =>
      selectRows<{ email: string }>(manager, 'test:people', build, { role, active, name: 'O\'Neil "Ünïcode"' });
    expect(await people('director', true)).toEqual([{ email: t.users.director.email }]);
    expect(await people('director', false)).toEqual([]);
    await expect(selectRows(manager, 'test:people', build, { role: 'director' })).rejects.toThrow('test:people needs the parameter active');
  });

  if (driver === 'postgres') {
    it('runs its statements on PostgreSQL under names, each connection preparing them once', async () => {
      const runner = t.dataSource.createQueryRunner();
      try {
        await findRowById(runner.manager, User, t.users.director.id);
        await findRowById(runner.manager, User, t.users.viewer.id);
        await findRows(runner.manager, User, { id: [t.users.director.id, t.users.viewer.id] });
        const prepared: Array<{ name: string; statement: string }> = await runner.query(
          'SELECT name, statement FROM pg_prepared_statements',
        );
        const usersById = prepared.filter((row) => row.statement.includes('FROM "users" WHERE "id"'));
        // Once, by its name; a list's statement, whose text follows the list's length, is not kept.
        expect(usersById).toEqual([
          { name: `${preparedStatementName(usersById[0]?.statement ?? '')}_0`, statement: expect.stringMatching(/WHERE "id" = \$1$/) },
        ]);
      } finally {
        await runner.release();
      }
    });

    it('keeps reading a table through its prepared statements after another instance adds a column', async () => {
      const runner = t.dataSource.createQueryRunner();
      try {
        await findRowById(runner.manager, User, t.users.director.id);
        // As a newer instance's migration would, on another connection.
        await t.dataSource.query('ALTER TABLE users ADD COLUMN "addedLater" integer');
        expect(await findRowById(runner.manager, User, t.users.viewer.id)).toEqual(
          await t.dataSource.manager.findOneByOrFail(User, { id: t.users.viewer.id }),
        );
      } finally {
        await runner.release();
        await t.dataSource.query('ALTER TABLE users DROP COLUMN "addedLater"');
      }
    });

    // Last: the statements other connections prepared now fail once each too.
    it('prepares its statements afresh on a connection where a column they read has changed type', async () => {
      const runner = t.dataSource.createQueryRunner();
      try {
        await findRowById(runner.manager, User, t.users.director.id);
        await t.dataSource.query('ALTER TABLE users ALTER COLUMN name TYPE varchar(300)');
        // PostgreSQL refuses the statement it planned for the old type once, then the connection carries on.
        await expect(findRowById(runner.manager, User, t.users.viewer.id)).rejects.toThrow('cached plan must not change result type');
        expect(await findRowById(runner.manager, User, t.users.viewer.id)).toEqual(
          await t.dataSource.manager.findOneByOrFail(User, { id: t.users.viewer.id }),
        );
      } finally {
        await runner.release();
      }
    });
  }
});
