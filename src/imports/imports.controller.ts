import { Body, Controller, Get, Post, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { PersonDto } from '../users/person.dto.js';
import { CommitImportDto } from './import.dto.js';
import { ImportsService } from './imports.service.js';
import { ReportDocument, type UploadedReport } from './report-document.decorator.js';
import { ReportUploadInterceptor } from './report-upload.interceptor.js';

@ApiTags('imports')
@ApiHeader({ name: 'X-Actor-Email', required: false, description: 'Who is making a change (required on every write).' })
@Controller('api/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @UseInterceptors(ReportUploadInterceptor)
  @ApiConsumes('multipart/form-data', 'text/plain', 'text/markdown', 'text/html')
  @ApiBody({
    description: 'The report as Ofsted published it (PDF), or its text, as a file in the form field "file" or as the body.',
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
  })
  preview(@ReportDocument() document: UploadedReport, @Actor() actor: PersonDto) {
    return this.imports.preview(document, actor);
  }

  @Get(':id')
  get(@IdParam() id: string) {
    return this.imports.get(id);
  }

  @Post(':id/commit')
  commit(@IdParam() id: string, @Body() dto: CommitImportDto, @Actor() actor: PersonDto) {
    return this.imports.commit(id, dto, actor);
  }
}
