import { randomUUID } from 'node:crypto';
import { Action, RAG_RATINGS } from '../../src/actions/action.entity.js';
import { WorkflowRunner } from '../../src/moves/workflow-runner.js';
import { actionWorkflow } from '../../workflows/action.machine.js';
import { scenario } from './scenario.js';
import type { TestApp } from './test-app.js';

/** The largest plan the benchmark and the worker limits are sized for: 20 areas of 100 actions. */
export const LARGE_PLAN = { areas: 20, actionsPerArea: 100 };

/**
 * A plan of 20 areas × 100 actions, its areas through the API and its actions straight into the
 * database (the API would take minutes), with a spread of ratings. Answers the plan's (inspection's) id.
 */
export async function largePlan(t: TestApp, s = scenario(t)): Promise<string> {
  const inspection = await s.inspection();
  const areas = [];
  for (let i = 1; i <= LARGE_PLAN.areas; i += 1) areas.push(await s.area(inspection.id, `Area ${i}`));
  await insertActions(
    t,
    areas.map((area) => area.id as string),
    LARGE_PLAN.actionsPerArea,
  );
  return inspection.id as string;
}

async function insertActions(t: TestApp, areaIds: string[], perArea: number): Promise<void> {
  const initial = t.app.get(WorkflowRunner).initialColumns<Action>(actionWorkflow);
  const createdAt = t.clock.now().toISOString();
  await t.dataSource.transaction(async (manager) => {
    for (const areaId of areaIds) {
      const rows = Array.from({ length: perArea }, (_, i) => ({
        id: randomUUID(),
        areaId,
        position: i + 1,
        // Wording as long as a real plan's, since the documents' memory follows their text.
        title: `Action ${i + 1}: audit a sample of supervision records each month and report what it finds to the quality board`,
        ownerId: t.users.action_owner.id,
        assignedById: t.users.deputy_director.id,
        dueOn: '2024-10-31',
        successMeasure: '90% of supervision records audited are rated good or better, and every child has a plan reviewed on time',
        rag: i % 4 === 3 ? null : RAG_RATINGS[i % 4],
        ragReason: null,
        createdAt,
        ...initial,
      }));
      await manager.insert(Action, rows);
    }
  });
}
