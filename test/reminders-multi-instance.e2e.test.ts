import { randomUUID } from 'node:crypto';
import { actionWorkflow } from '../workflows/action.machine.js';
import { Action } from '../src/actions/action.entity.js';
import { ReminderPlanner } from '../src/reminders/reminder-planner.service.js';
import { Reminder } from '../src/reminders/reminder.entity.js';
import { ReminderSweeper } from '../src/reminders/reminder-sweeper.service.js';
import { User } from '../src/users/user.entity.js';
import { WorkflowRunner } from '../src/workflow/workflow-runner.service.js';
import { createTestDatabase, drivers, type TestDatabase } from './support/databases.js';
import { scenario } from './support/scenario.js';
import { startInbox, type Inbox } from './support/smtp-inbox.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const DUE_REMINDERS = 1000;
const onPostgres = drivers.includes('postgres') ? describe : describe.skip;

onPostgres('three instances sweeping one PostgreSQL database', () => {
  let database: TestDatabase;
  let inbox: Inbox;
  let instances: TestApp[];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    inbox = await startInbox();
    instances = [];
    // One after another, so only the first applies the migrations.
    for (let i = 0; i < 3; i += 1) {
      instances.push(await createTestApp('postgres', { database, now: '2024-10-30T09:00:00Z', environment: { smtpUrl: inbox.url } }));
    }
  });
  afterAll(async () => {
    for (const instance of instances) await instance.close();
    await inbox.close();
    await database.drop();
  });

  it(`send each of ${DUE_REMINDERS} due reminders exactly once`, async () => {
    const [first] = instances;
    const s = scenario(first);
    const inspection = await s.inspection({ publishedOn: '2024-10-01' });
    const area = await s.area(inspection.id);

    // A thousand owners, each with an action due tomorrow, planned by the real planner.
    const planner = first.app.get(ReminderPlanner);
    const initial = first.app.get(WorkflowRunner).initialColumns(actionWorkflow);
    await first.dataSource.transaction(async (manager) => {
      for (let i = 1; i <= DUE_REMINDERS; i += 1) {
        const owner = { id: randomUUID(), name: `Owner ${i}`, email: `owner.${i}@example.gov.uk`, createdAt: '2024-10-01T09:00:00.000Z', reminderDelivery: 'digest' as const };
        await manager.insert(User, owner);
        const action = manager.create(Action, {
          id: randomUUID(),
          areaId: area.id,
          position: i,
          title: `Action ${i}`,
          ownerId: owner.id,
          assignedById: null,
          dueOn: '2024-10-31',
          successMeasure: null,
          rag: null,
          ragReason: null,
          createdAt: '2024-10-01T09:00:00.000Z',
          ...initial,
        });
        await manager.insert(Action, action);
        await planner.planForAction(manager, action, inspection.id);
      }
    });
    expect(await first.dataSource.getRepository(Reminder).countBy({ sendOn: '2024-10-30', status: 'pending' })).toBe(DUE_REMINDERS);

    const results = await Promise.all(instances.map((instance) => instance.app.get(ReminderSweeper).sweep()));

    expect(results.reduce((sum, result) => sum + result.messages, 0)).toBe(DUE_REMINDERS);
    expect(inbox.messages).toHaveLength(DUE_REMINDERS);
    expect(new Set(inbox.messages.map((mail) => mail.messageId)).size).toBe(DUE_REMINDERS);
    expect(new Set(inbox.messages.map((mail) => (mail.to && 'text' in mail.to ? mail.to.text : ''))).size).toBe(DUE_REMINDERS);
    expect(await first.dataSource.getRepository(Reminder).countBy({ status: 'sent' })).toBe(DUE_REMINDERS);

    // Another round from every instance finds nothing left to send.
    const again = await Promise.all(instances.map((instance) => instance.app.get(ReminderSweeper).sweep()));
    expect(again.map((result) => result.messages)).toEqual([0, 0, 0]);
    expect(inbox.messages).toHaveLength(DUE_REMINDERS);
  });
});
