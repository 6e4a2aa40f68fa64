import { randomUUID } from 'node:crypto';
import { Action } from '../../src/actions/action.entity.js';
import { ActionDueReminders } from '../../src/actions/action-due.reminders.js';
import { User } from '../../src/users/user.entity.js';
import { WorkflowRunner } from '../../src/moves/workflow-runner.js';
import { actionWorkflow } from '../../workflows/action.machine.js';
import { scenario } from './scenario.js';
import type { TestApp } from './test-app.js';

/**
 * `count` owners, each with one action due on `dueOn`, written straight to the database (the API
 * would take minutes) but planned by the real ActionDueReminders. Returns the inspection's id.
 */
export async function seedOwnersWithActionsDue(t: TestApp, count: number, dueOn: string): Promise<string> {
  const s = scenario(t);
  const inspection = await s.inspection({ publishedOn: '2024-10-01' });
  const area = await s.area(inspection.id);
  const reminders = t.app.get(ActionDueReminders);
  const initial = t.app.get(WorkflowRunner).initialColumns<Action>(actionWorkflow);
  const createdAt = t.clock.now().toISOString();
  await t.dataSource.transaction(async (manager) => {
    for (let i = 1; i <= count; i += 1) {
      const owner = {
        id: randomUUID(),
        name: `Owner ${i}`,
        email: `owner.${i}@example.gov.uk`,
        createdAt,
        reminderDelivery: 'digest' as const,
      };
      await manager.insert(User, owner);
      const action = manager.create(Action, {
        id: randomUUID(),
        areaId: area.id,
        position: i,
        title: `Action ${i}`,
        ownerId: owner.id,
        assignedById: null,
        dueOn,
        successMeasure: null,
        rag: null,
        ragReason: null,
        createdAt,
        ...initial,
      });
      await manager.insert(Action, action);
      await reminders.plan(manager, action);
    }
  });
  return inspection.id as string;
}
