import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { WorkflowEventDto } from '../moves/workflow-event.dto.js';
import { CreateActionDto, CreateProgressUpdateDto, RemoveActionDto, UpdateActionDto } from './action.dto.js';
import { ActionsService } from './actions.service.js';

@ApiTags('actions')
@Controller('api')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Get('actions/:id')
  @Allow('plan:read')
  get(@IdParam() id: string) {
    return this.actions.get(id);
  }

  @Patch('actions/:id')
  @Allow('action:write')
  update(@IdParam() id: string, @Body() dto: UpdateActionDto, @Actor() actor: SignedInUser) {
    return this.actions.update(id, dto, actor);
  }

  @Post('actions/:id/events')
  @HttpCode(200)
  @Allow('action:update')
  applyEvent(@IdParam() id: string, @Body() dto: WorkflowEventDto, @Actor() actor: SignedInUser) {
    return this.actions.applyEvent(id, dto, actor);
  }

  @Post('actions/:id/remove')
  @HttpCode(200)
  @Allow('action:write')
  remove(@IdParam() id: string, @Body() dto: RemoveActionDto, @Actor() actor: SignedInUser) {
    return this.actions.remove(id, dto, actor);
  }

  @Post('areas/:id/actions')
  @Allow('action:write')
  create(@IdParam() areaId: string, @Body() dto: CreateActionDto, @Actor() actor: SignedInUser) {
    return this.actions.create(areaId, dto, actor);
  }

  @Post('actions/:id/updates')
  @Allow('action:update')
  addProgressUpdate(@IdParam() id: string, @Body() dto: CreateProgressUpdateDto, @Actor() actor: SignedInUser) {
    return this.actions.addProgressUpdate(id, dto, actor);
  }
}
