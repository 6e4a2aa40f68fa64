import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { CreateInspectionDto, PlanEventDto, UpdateInspectionDto } from './inspection.dto.js';
import { InspectionsService } from './inspections.service.js';

@ApiTags('inspections')
@Controller('api/inspections')
export class InspectionsController {
  constructor(private readonly inspections: InspectionsService) {}

  @Post()
  @Allow('inspection:write')
  create(@Body() dto: CreateInspectionDto, @Actor() actor: SignedInUser) {
    return this.inspections.create(dto, actor);
  }

  @Get()
  @Allow('plan:read')
  list() {
    return this.inspections.list();
  }

  @Get(':id')
  @Allow('plan:read')
  get(@IdParam() id: string) {
    return this.inspections.get(id);
  }

  @Get(':id/dashboard')
  @Allow('plan:read')
  dashboard(@IdParam() id: string) {
    return this.inspections.dashboard(id);
  }

  @Patch(':id')
  @Allow('inspection:write')
  update(@IdParam() id: string, @Body() dto: UpdateInspectionDto, @Actor() actor: SignedInUser) {
    return this.inspections.update(id, dto, actor);
  }

  @Post(':id/events')
  @HttpCode(200)
  @Allow('plan:decide')
  applyEvent(@IdParam() id: string, @Body() dto: PlanEventDto, @Actor() actor: SignedInUser) {
    return this.inspections.applyEvent(id, dto, actor);
  }
}
