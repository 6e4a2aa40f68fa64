import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { PersonDto } from '../users/person.dto.js';
import { WorkflowEventDto } from '../workflow/workflow-event.dto.js';
import { CreateProgressUpdateDto, UpdateActionDto } from './action.dto.js';
import { ActionsService } from './actions.service.js';

@ApiTags('actions')
@ApiHeader({ name: 'X-Actor-Email', required: false, description: 'Who is making a change (required on every write).' })
@Controller('api/actions')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Get(':id')
  get(@IdParam() id: string) {
    return this.actions.get(id);
  }

  @Patch(':id')
  update(@IdParam() id: string, @Body() dto: UpdateActionDto, @Actor() actor: PersonDto) {
    return this.actions.update(id, dto, actor);
  }

  @Post(':id/events')
  @HttpCode(200)
  applyEvent(@IdParam() id: string, @Body() dto: WorkflowEventDto, @Actor() actor: PersonDto) {
    return this.actions.applyEvent(id, dto, actor);
  }

  @Post(':id/updates')
  addProgressUpdate(@IdParam() id: string, @Body() dto: CreateProgressUpdateDto, @Actor() actor: PersonDto) {
    return this.actions.addProgressUpdate(id, dto, actor);
  }
}
