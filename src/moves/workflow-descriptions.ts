import { actionWorkflow } from '../../workflows/action.machine.js';
import { actionPlanWorkflow } from '../../workflows/action-plan.machine.js';
import { improvementAreaWorkflow } from '../../workflows/improvement-area.machine.js';
import { guardName, startWorkflow, type Workflow } from '../../workflows/workflow.js';

export const WORKFLOWS = {
  actionPlan: actionPlanWorkflow,
  improvementArea: improvementAreaWorkflow,
  action: actionWorkflow,
} satisfies Record<string, Workflow>;
export type WorkflowName = keyof typeof WORKFLOWS;

/** A workflow's states, what each means, and the events each accepts, read from its XState machine: for the API and the pages' diagrams. */
export function describeWorkflow(name: WorkflowName) {
  const workflow: Workflow = WORKFLOWS[name];
  return {
    name,
    version: workflow.version,
    initial: startWorkflow(workflow).value,
    states: Object.values(workflow.machine.states).map((node) => ({
      name: node.key,
      description: node.description ?? null,
      final: node.type === 'final',
      transitions: Object.entries(node.on).flatMap(([event, transitions]) =>
        transitions.map((transition) => ({
          event,
          to: transition.target?.map((target) => target.key).join(',') ?? node.key,
          condition: guardName(transition.guard) ?? null,
        })),
      ),
    })),
  };
}

export type WorkflowDescription = ReturnType<typeof describeWorkflow>;
