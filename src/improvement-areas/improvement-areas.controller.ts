import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { CreateActionDto } from '../actions/action.dto.js';
import { ActionsService } from '../actions/actions.service.js';
import { Actor } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { PersonDto } from '../users/person.dto.js';
import { WorkflowEventDto } from '../workflow/workflow-event.dto.js';
import { UpdateImprovementAreaDto } from './improvement-area.dto.js';
import { ImprovementAreasService } from './improvement-areas.service.js';

@ApiTags('improvement areas')
@ApiHeader({ name: 'X-Actor-Email', required: false, description: 'Who is making a change (required on every write).' })
@Controller('api/areas')
export class ImprovementAreasController {
  constructor(
    private readonly actions: ActionsService,
    private readonly areas: ImprovementAreasService,
  ) {}

  @Get(':id')
  get(@IdParam() id: string) {
    return this.areas.get(id);
  }

  @Patch(':id')
  update(@IdParam() id: string, @Body() dto: UpdateImprovementAreaDto, @Actor() actor: PersonDto) {
    return this.areas.update(id, dto, actor);
  }

  @Post(':id/events')
  @HttpCode(200)
  applyEvent(@IdParam() id: string, @Body() dto: WorkflowEventDto, @Actor() actor: PersonDto) {
    return this.areas.applyEvent(id, dto, actor);
  }

  @Get(':id/history')
  history(@IdParam() id: string) {
    return this.areas.history(id);
  }

  @Post(':id/actions')
  addAction(@IdParam() id: string, @Body() dto: CreateActionDto, @Actor() actor: PersonDto) {
    return this.actions.create(id, dto, actor);
  }
}
