import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { CreateMeasureDto, MeasureUploadDto, MeasureValueDto, UpdateMeasureDto } from './measure.dto.js';
import { MeasuresService } from './measures.service.js';

@ApiTags('measures')
@Controller('api')
export class MeasuresController {
  constructor(private readonly measures: MeasuresService) {}

  @Get('areas/:id/measures')
  @Allow('plan:read')
  list(@IdParam() areaId: string) {
    return this.measures.ofArea(areaId);
  }

  @Post('areas/:id/measures')
  @Allow('area:write')
  create(@IdParam() areaId: string, @Body() dto: CreateMeasureDto, @Actor() actor: SignedInUser) {
    return this.measures.create(areaId, dto, actor);
  }

  @Get('measures/:id')
  @Allow('plan:read')
  get(@IdParam() id: string) {
    return this.measures.get(id);
  }

  @Patch('measures/:id')
  @Allow('area:write')
  update(@IdParam() id: string, @Body() dto: UpdateMeasureDto, @Actor() actor: SignedInUser) {
    return this.measures.update(id, dto, actor);
  }

  @Get('measures/:id/history')
  @Allow('plan:read')
  history(@IdParam() id: string) {
    return this.measures.history(id);
  }

  @Post('measures/:id/values')
  @Allow('area:write')
  addValue(@IdParam() id: string, @Body() dto: MeasureValueDto, @Actor() actor: SignedInUser) {
    return this.measures.addValue(id, dto, actor);
  }

  @Post('areas/:id/measure-uploads')
  @Allow('area:write')
  upload(@IdParam() areaId: string, @Body() dto: MeasureUploadDto, @Actor() actor: SignedInUser) {
    return this.measures.upload(areaId, dto, actor);
  }

  @Get('measure-uploads/:id')
  @Allow('area:write')
  getUpload(@IdParam() id: string) {
    return this.measures.getUpload(id);
  }

  @Post('measure-uploads/:id/commit')
  @HttpCode(200)
  @Allow('area:write')
  commitUpload(@IdParam() id: string, @Actor() actor: SignedInUser) {
    return this.measures.commitUpload(id, actor);
  }
}
