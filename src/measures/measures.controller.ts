import { Body, Controller, Get, HttpCode, Patch, Post, Req, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Allow } from '../auth/access.decorators.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { InvalidInputError, UnusableDocumentError } from '../common/errors.js';
import { IdParam } from '../common/validation.js';
import { CommitUploadDto, CreateMeasureDto, MeasureUploadDto, MeasureValueDto, UpdateMeasureDto } from './measure.dto.js';
import { MeasuresService } from './measures.service.js';
import { SpreadsheetUploadInterceptor } from './spreadsheet-upload.interceptor.js';

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
  @Allow('measure:record')
  addValue(@IdParam() id: string, @Body() dto: MeasureValueDto, @Actor() actor: SignedInUser) {
    return this.measures.addValue(id, dto, actor);
  }

  /** The spreadsheet as CSV text in JSON, or as a file (CSV or .xlsx) in the multipart form field "file". */
  @Post('areas/:id/measure-uploads')
  @Allow('area:write')
  @UseInterceptors(SpreadsheetUploadInterceptor)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    description: 'CSV text as { "csv": "…" }, or a CSV file or Excel workbook (.xlsx, its first sheet) in the form field "file".',
    type: MeasureUploadDto,
  })
  upload(
    @IdParam() areaId: string,
    @Body() dto: MeasureUploadDto,
    @Req() request: Request & { file?: { buffer: Buffer } },
    @Actor() actor: SignedInUser,
  ) {
    if (request.file) return this.measures.uploadFile(areaId, request.file.buffer, actor);
    if (!request.is('application/json'))
      throw new UnusableDocumentError(
        'unsupported_format',
        'Send the CSV text as JSON, with the header Content-Type: application/json, or the spreadsheet as a file in the multipart form field "file".',
      );
    if (dto.csv === undefined)
      throw new InvalidInputError({ csv: ['Send the CSV text as csv, or the spreadsheet as a file in the form field "file"'] });
    return this.measures.upload(areaId, dto.csv, actor);
  }

  @Get('measure-uploads/:id')
  @Allow('area:write')
  getUpload(@IdParam() id: string) {
    return this.measures.getUpload(id);
  }

  @Post('measure-uploads/:id/commit')
  @HttpCode(200)
  @Allow('area:write')
  commitUpload(@IdParam() id: string, @Body() dto: CommitUploadDto, @Actor() actor: SignedInUser) {
    return this.measures.commitUpload(id, actor, dto);
  }
}
