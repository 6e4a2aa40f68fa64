import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { CreateImprovementAreaDto } from '../improvement-areas/improvement-area.dto.js';
import { ImprovementAreasService } from '../improvement-areas/improvement-areas.service.js';
import { PersonDto } from '../users/person.dto.js';
import { WorkflowEventDto } from '../workflow/workflow-event.dto.js';
import { CreateInspectionDto, UpdateInspectionDto } from './inspection.dto.js';
import { InspectionsService } from './inspections.service.js';

@ApiTags('inspections')
@ApiHeader({ name: 'X-Actor-Email', required: false, description: 'Who is making a change (required on every write).' })
@Controller('api/inspections')
export class InspectionsController {
  constructor(
    private readonly areas: ImprovementAreasService,
    private readonly inspections: InspectionsService,
  ) {}

  @Post()
  create(@Body() dto: CreateInspectionDto, @Actor() actor: PersonDto) {
    return this.inspections.create(dto, actor);
  }

  @Get()
  list() {
    return this.inspections.list();
  }

  @Get(':id')
  get(@IdParam() id: string) {
    return this.inspections.get(id);
  }

  @Patch(':id')
  update(@IdParam() id: string, @Body() dto: UpdateInspectionDto, @Actor() actor: PersonDto) {
    return this.inspections.update(id, dto, actor);
  }

  @Post(':id/events')
  @HttpCode(200)
  applyEvent(@IdParam() id: string, @Body() dto: WorkflowEventDto, @Actor() actor: PersonDto) {
    return this.inspections.applyEvent(id, dto, actor);
  }

  @Post(':id/areas')
  addArea(@IdParam() id: string, @Body() dto: CreateImprovementAreaDto, @Actor() actor: PersonDto) {
    return this.areas.create(id, dto, actor);
  }
}
