import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/access.decorators.js';
import { IdParam } from '../common/validation.js';
import { download, ReportsService } from './reports.service.js';

@ApiTags('documents')
@Controller('api/inspections/:id')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('plan.xlsx')
  @Allow('plan:read')
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async planXlsx(@IdParam() id: string) {
    return download(await this.reports.planSpreadsheet(id));
  }

  @Get('plan.csv')
  @Allow('plan:read')
  @ApiProduces('text/csv')
  async planCsv(@IdParam() id: string) {
    return download(await this.reports.planCsv(id));
  }

  @Get('reports/scrutiny.docx')
  @Allow('plan:read')
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  async scrutinyDocx(@IdParam() id: string) {
    return download(await this.reports.scrutinyDocx(id));
  }

  @Get('reports/scrutiny.html')
  @Allow('plan:read')
  @ApiProduces('text/html')
  async scrutinyHtml(@IdParam() id: string) {
    // The type goes with the page, so an error still answers as JSON.
    return new StreamableFile(Buffer.from(await this.reports.scrutinyHtml(id), 'utf8'), { type: 'text/html; charset=utf-8' });
  }
}
