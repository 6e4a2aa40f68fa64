import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { describeWorkflow, WORKFLOWS, type WorkflowName } from './workflow-descriptions.js';

@ApiTags('workflows')
@Controller('api/workflows')
export class WorkflowsController {
  @Get()
  @ApiOkResponse({ description: 'Each workflow: its states, what each means, and the events each accepts, for diagrams and for clients.' })
  @Allow('plan:read')
  describe() {
    return (Object.keys(WORKFLOWS) as WorkflowName[]).map(describeWorkflow);
  }
}
