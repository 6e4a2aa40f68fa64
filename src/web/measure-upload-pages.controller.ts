import { monthInWords } from '../../workflows/workflow.js';
import { Body, Controller, Get, Post, Query, Req, Res, StreamableFile, UseFilters, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Pages } from '../auth/access.decorators.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { londonDate } from '../common/dates.js';
import { InvalidInputError, UnusableDocumentError } from '../common/errors.js';
import { IdParam } from '../common/validation.js';
import { ImprovementAreasService } from '../improvement-areas/improvement-areas.service.js';
import { MeasuresService, NothingNewToSaveError, UploadOutdatedError } from '../measures/measures.service.js';
import { valueInWords, type MeasureUnit } from '../measures/measure-rating.js';
import { problemInWords, toCsv } from '../measures/value-upload.js';
import { download } from '../reports/reports.service.js';
import { formatDate, text, type FormBody } from './forms.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';
import { SpreadsheetUploadInterceptor } from '../measures/spreadsheet-upload.interceptor.js';
import { uploadProblem, uploadProblemAddress } from './upload-problem.js';

/** What a row of an upload replaces, in words: the value entered before, or that only its note is new, and the note that goes. */
function replacesText(row: { value: number; replaces: number | null; replacesNote: string | null }, unit: MeasureUnit): string {
  if (row.replaces === null) return '';
  const value = row.replaces === row.value ? 'The same value, with a new note' : valueInWords(row.replaces, unit);
  return row.replacesNote ? `${value} (its note was “${row.replacesNote}”)` : value;
}

type UploadRequest = PageRequest & { file?: { buffer: Buffer; originalname: string; size: number } };

/** Values for an area's measures from a spreadsheet: upload it, check what it would record, then save it all at once. */
@Pages()
@UseFilters(PageErrorFilter)
@Controller()
export class MeasureUploadPagesController {
  constructor(
    private readonly areas: ImprovementAreasService,
    private readonly measures: MeasuresService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('areas/:id/measure-uploads/new')
  @Allow('area:write')
  async form(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response, @Query('problem') problem?: string) {
    const area = await this.areas.get(id);
    const refused = uploadProblem(request.csrfToken, problem);
    const errors = refused ? { file: refused.message } : {};
    this.pages.render(
      request,
      response,
      'measure-upload.njk',
      {
        title: `Upload values for area ${area.reference}`,
        area,
        errors,
        errorList: refused ? [{ text: refused.message, href: '#file' }] : [],
        backLink: `/areas/${id}`,
      },
      refused ? 400 : 200,
    );
  }

  /** A CSV with the headings and a row for each of the area's measures, by name, to fill in. */
  @Get('areas/:id/measure-uploads/template.csv')
  @Allow('area:write')
  async template(@IdParam() id: string): Promise<StreamableFile> {
    const [area, measures] = await Promise.all([this.areas.get(id), this.measures.ofArea(id)]);
    const cells = [
      ['measure', 'month', 'value', 'note'],
      ...measures.map((measure) => [measure.name, '', '', '']).sort(([a], [b]) => a.localeCompare(b)),
    ];
    return download({
      body: Buffer.from(`${toCsv(cells)}\r\n`, 'utf8'),
      type: 'text/csv; charset=utf-8',
      fileName: `measure-values-area-${area.reference}.csv`,
    });
  }

  @Post('areas/:id/measure-uploads')
  @Allow('area:write')
  @UseInterceptors(SpreadsheetUploadInterceptor)
  async upload(@IdParam() id: string, @Req() request: UploadRequest, @Res() response: Response, @Actor() actor: SignedInUser) {
    const refuse = (message: string) =>
      response.redirect(303, uploadProblemAddress(`/areas/${id}/measure-uploads/new`, request.csrfToken!, message));
    const file = request.file;
    // A browser sends an empty part, without a name, when no file was chosen.
    if (!file?.originalname) return refuse('Select the spreadsheet of values');
    if (file.size === 0) return refuse(`The selected file, ${file.originalname}, is empty: choose the spreadsheet of values`);
    try {
      const upload = await this.measures.uploadFile(id, file.buffer, actor);
      response.redirect(303, `/measure-uploads/${upload.id}`);
    } catch (error) {
      if (error instanceof UnusableDocumentError) return refuse(error.message);
      throw error;
    }
  }

  @Get('measure-uploads/:id')
  @Allow('area:write')
  async preview(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response) {
    await this.showPreview(request, response, id);
  }

  @Post('measure-uploads/:id/commit')
  @Allow('area:write')
  async commit(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ) {
    let upload;
    try {
      upload = await this.measures.commitUpload(id, actor, {
        replace: body.replace === 'yes',
        // A page from before the field existed sends none: it is saved as such a page always was.
        checkedAgainst: text(body, 'checkedAgainst') || undefined,
      });
    } catch (error) {
      // Corrections not confirmed: the preview again, saying so by its box.
      if (error instanceof InvalidInputError && error.fields.replace)
        return this.showPreview(request, response, id, { refusal: error.fields.replace[0], at: 'replace', status: 400 });
      // Values entered meanwhile, perhaps every one the file gives: the preview again, as it now stands.
      if (error instanceof UploadOutdatedError || error instanceof NothingNewToSaveError)
        return this.showPreview(request, response, id, { refusal: error.message, at: 'values', status: 409 });
      throw error;
    }
    const area = await this.areas.get(upload.areaId);
    const count = upload.recorded;
    this.pages.render(request, response, 'confirmation.njk', {
      title: 'Values saved',
      panel: `${count} ${count === 1 ? 'value' : 'values'} saved for area ${area.reference}`,
      next: { href: `/areas/${area.id}#measures`, text: `Go back to area ${area.reference}` },
    });
  }

  /** The preview, or the same page refused: `at` is where on the page the refusal points. */
  private async showPreview(
    request: PageRequest,
    response: Response,
    id: string,
    refused?: { refusal: string; at: 'replace' | 'values'; status: number },
  ) {
    const upload = await this.measures.getUpload(id);
    const [area, measures] = await Promise.all([this.areas.get(upload.areaId), this.measures.ofArea(upload.areaId)]);
    const unitOf = new Map(measures.map((measure) => [measure.name, measure.unit]));
    const problems = upload.problems.map(problemInWords);
    // Each problem is a row of the file, or the whole file: there is no field on this page to link to.
    const errors: Record<string, string> = Object.fromEntries(problems.map((problem, index) => [String(index), problem]));
    const errorList: Array<{ text: string; href?: string }> = problems.map((problem) => ({ text: problem }));
    if (refused) {
      errors[refused.at] = refused.refusal;
      errorList.push({ text: refused.refusal, href: `#${refused.at}` });
    }
    this.pages.render(
      request,
      response,
      'measure-upload-preview.njk',
      {
        title:
          upload.status === 'committed'
            ? 'These values have been saved'
            : upload.problems.length > 0
              ? 'The spreadsheet needs correcting'
              : upload.rows.length === 0
                ? 'There is nothing new to save'
                : 'Check the values before saving them',
        area,
        upload,
        // Each value as the measure's page shows it: "55%".
        rows: upload.rows.map((row) => ({
          ...row,
          month: monthInWords(row.period),
          valueText: valueInWords(row.value, unitOf.get(row.measure)!),
          replacesText: replacesText(row, unitOf.get(row.measure)!),
        })),
        corrections: upload.rows.filter((row) => row.replaces !== null).length,
        unchangedRows: upload.unchanged.map((row) => row.row),
        // The day in England it was saved, not the day in UTC.
        committedOn: upload.committedAt ? formatDate(londonDate(new Date(upload.committedAt))) : null,
        errors,
        errorList,
        backLink: `/areas/${upload.areaId}/measure-uploads/new`,
      },
      refused?.status ?? 200,
    );
  }
}
