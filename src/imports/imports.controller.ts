import { Body, Controller, Get, Post, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { CommitImportDto } from './import.dto.js';
import { ImportsService } from './imports.service.js';
import { OneUploadAtATimeInterceptor } from './one-upload-at-a-time.interceptor.js';
import { ReportBodyInterceptor } from './report-body.interceptor.js';
import { ReportDocument, type UploadedReport } from './report-document.decorator.js';
import { ReportUploadInterceptor } from './report-upload.interceptor.js';

@ApiTags('imports')
@Controller('api/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @Allow('inspection:write')
  @UseInterceptors(OneUploadAtATimeInterceptor, ReportUploadInterceptor, ReportBodyInterceptor)
  @ApiConsumes('multipart/form-data', 'text/plain', 'text/markdown', 'text/html')
  @ApiBody({
    description: 'The report as Ofsted published it (PDF), or its text, as a file in the form field "file" or as the body.',
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
  })
  preview(@ReportDocument() document: UploadedReport, @Actor() actor: SignedInUser) {
    return this.imports.preview(document, actor);
  }

  @Get(':id')
  @Allow('inspection:write')
  get(@IdParam() id: string) {
    return this.imports.get(id);
  }

  @Post(':id/commit')
  @Allow('inspection:write')
  commit(@IdParam() id: string, @Body() dto: CommitImportDto, @Actor() actor: SignedInUser) {
    return this.imports.commit(id, dto, actor);
  }
}
