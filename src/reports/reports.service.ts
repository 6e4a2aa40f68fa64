import { Injectable, StreamableFile } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work.js';
import { committeePaper } from './committee-paper.js';
import { paperDocx } from './paper-docx.js';
import { paperHtml } from './paper-html.js';
import { PlanModelService, type PlanModel } from './plan-model.service.js';
import { planCsv, planWorkbook } from './plan-spreadsheet.js';

export interface ReportFile {
  body: Buffer;
  type: string;
  fileName: string;
}

/** A document as an answer that browsers save under its name. */
export function download(file: ReportFile): StreamableFile {
  return new StreamableFile(file.body, {
    type: file.type,
    disposition: `attachment; filename="${file.fileName}"`,
    length: file.body.length,
  });
}

/** The plan's documents, each built from one read of the plan so that they agree with each other. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly model: PlanModelService,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async planSpreadsheet(inspectionId: string): Promise<ReportFile> {
    const model = await this.load(inspectionId);
    return {
      body: await planWorkbook(model),
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: fileName('action-plan', model, 'xlsx'),
    };
  }

  async planCsv(inspectionId: string): Promise<ReportFile> {
    const model = await this.load(inspectionId);
    return { body: Buffer.from(planCsv(model), 'utf8'), type: 'text/csv; charset=utf-8', fileName: fileName('action-plan', model, 'csv') };
  }

  async scrutinyDocx(inspectionId: string): Promise<ReportFile> {
    const model = await this.load(inspectionId);
    return {
      body: await paperDocx(committeePaper(model)),
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      fileName: fileName('scrutiny-report', model, 'docx'),
    };
  }

  async scrutinyHtml(inspectionId: string): Promise<string> {
    return paperHtml(committeePaper(await this.load(inspectionId)));
  }

  private load(inspectionId: string): Promise<PlanModel> {
    return this.unitOfWork.read((manager) => this.model.load(manager, inspectionId));
  }
}

/** "action-plan-oxfordshire-county-council-2024-11-04.xlsx": who, and as of when. */
function fileName(kind: string, model: PlanModel, extension: string): string {
  const authority = model.authority
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${kind}-${authority}-${model.today}.${extension}`;
}
