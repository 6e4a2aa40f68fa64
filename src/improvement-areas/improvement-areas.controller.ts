import { Body, Controller, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { WorkflowEventDto } from '../moves/workflow-event.dto.js';
import { AreaNarrativeDto, CreateImprovementAreaDto, UpdateImprovementAreaDto } from './improvement-area.dto.js';
import { ImprovementAreasService } from './improvement-areas.service.js';

@ApiTags('improvement areas')
@Controller('api')
export class ImprovementAreasController {
  constructor(private readonly areas: ImprovementAreasService) {}

  @Get('areas/:id')
  @Allow('plan:read')
  get(@IdParam() id: string) {
    return this.areas.get(id);
  }

  @Patch('areas/:id')
  @Allow('area:write')
  update(@IdParam() id: string, @Body() dto: UpdateImprovementAreaDto, @Actor() actor: SignedInUser) {
    return this.areas.update(id, dto, actor);
  }

  @Put('areas/:id/narrative')
  @Allow('area:narrate')
  writeNarrative(@IdParam() id: string, @Body() dto: AreaNarrativeDto, @Actor() actor: SignedInUser) {
    return this.areas.writeNarrative(id, dto, actor);
  }

  @Post('areas/:id/events')
  @HttpCode(200)
  @Allow('area:move')
  applyEvent(@IdParam() id: string, @Body() dto: WorkflowEventDto, @Actor() actor: SignedInUser) {
    return this.areas.applyEvent(id, dto, actor);
  }

  @Get('areas/:id/history')
  @Allow('plan:read')
  history(@IdParam() id: string) {
    return this.areas.history(id);
  }

  @Post('inspections/:id/areas')
  @Allow('area:write')
  create(@IdParam() inspectionId: string, @Body() dto: CreateImprovementAreaDto, @Actor() actor: SignedInUser) {
    return this.areas.create(inspectionId, dto, actor);
  }
}
