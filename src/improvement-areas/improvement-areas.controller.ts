import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CreateActionDto } from '../actions/action.dto.js';
import { ActionsService } from '../actions/actions.service.js';
import { Allow } from '../auth/access.decorators.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { WorkflowEventDto } from '../moves/workflow-event.dto.js';
import { UpdateImprovementAreaDto } from './improvement-area.dto.js';
import { ImprovementAreasService } from './improvement-areas.service.js';

@ApiTags('improvement areas')
@Controller('api/areas')
export class ImprovementAreasController {
  constructor(
    private readonly actions: ActionsService,
    private readonly areas: ImprovementAreasService,
  ) {}

  @Get(':id')
  @Allow('plan:read')
  get(@IdParam() id: string) {
    return this.areas.get(id);
  }

  @Patch(':id')
  @Allow('area:write')
  update(@IdParam() id: string, @Body() dto: UpdateImprovementAreaDto, @Actor() actor: SignedInUser) {
    return this.areas.update(id, dto, actor);
  }

  @Post(':id/events')
  @HttpCode(200)
  @Allow('area:move')
  applyEvent(@IdParam() id: string, @Body() dto: WorkflowEventDto, @Actor() actor: SignedInUser) {
    return this.areas.applyEvent(id, dto, actor);
  }

  @Get(':id/history')
  @Allow('plan:read')
  history(@IdParam() id: string) {
    return this.areas.history(id);
  }

  @Post(':id/actions')
  @Allow('action:write')
  addAction(@IdParam() id: string, @Body() dto: CreateActionDto, @Actor() actor: SignedInUser) {
    return this.actions.create(id, dto, actor);
  }
}
