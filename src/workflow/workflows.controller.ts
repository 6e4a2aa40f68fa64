import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { actionWorkflow } from '../../workflows/action.machine.js';
import { actionPlanWorkflow } from '../../workflows/action-plan.machine.js';
import { improvementAreaWorkflow } from '../../workflows/improvement-area.machine.js';
import { startWorkflow, type Workflow } from '../../workflows/workflow.js';
import { Allow } from '../auth/access.decorators.js';

const WORKFLOWS: Record<string, Workflow> = { actionPlan: actionPlanWorkflow, improvementArea: improvementAreaWorkflow, action: actionWorkflow };

@ApiTags('workflows')
@Controller('api/workflows')
export class WorkflowsController {
  @Get()
  @ApiOkResponse({ description: 'Each workflow: its states, what each means, and the events each accepts, for diagrams and for clients.' })
  @Allow('plan:read')
  describe() {
    return Object.entries(WORKFLOWS).map(([name, workflow]) => ({
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
            condition: typeof transition.guard === 'string' ? transition.guard : ((transition.guard as { type?: string } | undefined)?.type ?? null),
          })),
        ),
      })),
    }));
  }
}
