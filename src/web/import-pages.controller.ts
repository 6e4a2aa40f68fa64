import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Pages } from '../auth/access.decorators.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { ConflictError, InvalidInputError, UnusableDocumentError } from '../common/errors.js';
import { IdParam } from '../common/validation.js';
import { Policy } from '../config/policy.js';
import { AlreadyImportedError, ImportsService } from '../imports/imports.service.js';
import { OneUploadAtATimeInterceptor } from '../imports/one-upload-at-a-time.interceptor.js';
import { ReportUploadInterceptor } from '../imports/report-upload.interceptor.js';
import { offeredAs, type NamedAs } from '../users/people.js';
import { UsersService } from '../users/users.service.js';
import { ImportCommitForm, importPreviewFields, withAnotherArea } from './forms/import-form.js';
import type { Person } from './forms/person-choice.js';
import { errorList, text, type FieldErrors, type FormBody } from './forms.js';
import { whenText } from '../reminders/reminder-messages.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';
import { uploadProblem, uploadProblemAddress } from './upload-problem.js';

type UploadRequest = PageRequest & { file?: { buffer: Buffer; originalname: string; mimetype: string; size: number } };

/** Import a report: upload it, check and correct what was found, commit it as an inspection with its draft plan. */
@Pages()
@UseFilters(PageErrorFilter)
@Controller('imports')
export class ImportPagesController {
  constructor(
    private readonly clock: Clock,
    private readonly imports: ImportsService,
    private readonly pages: PageRenderer,
    private readonly policy: Policy,
    private readonly users: UsersService,
  ) {}

  @Get('new')
  @Allow('inspection:write')
  form(@Req() request: PageRequest, @Res() response: Response, @Query('problem') problem?: string): void {
    const refused = uploadProblem(request.csrfToken, problem);
    this.showUpload(request, response, refused ? { file: refused.message } : {}, refused?.inspectionId);
  }

  @Post()
  @Allow('inspection:write')
  @UseInterceptors(OneUploadAtATimeInterceptor, ReportUploadInterceptor)
  async upload(@Req() request: UploadRequest, @Res() response: Response, @Actor() actor: SignedInUser): Promise<void> {
    const file = request.file;
    const refuse = (message: string, inspectionId?: string) =>
      response.redirect(303, uploadProblemAddress('/imports/new', request.csrfToken!, message, inspectionId));
    // A browser sends an empty part, without a name, when no file was chosen.
    if (!file?.originalname) return refuse('Select the report to import');
    if (file.size === 0) return refuse(`The selected file, ${file.originalname}, is empty: choose the report as Ofsted published it`);
    try {
      const preview = await this.imports.preview({ bytes: file.buffer, fileName: file.originalname, mediaType: file.mimetype }, actor);
      response.redirect(303, `/imports/${preview.id}`);
    } catch (error) {
      if (error instanceof AlreadyImportedError) return refuse(error.message, error.inspectionId);
      if (error instanceof UnusableDocumentError || error instanceof ConflictError) return refuse(error.message);
      if (error instanceof InvalidInputError) return refuse(Object.values(error.fields).flat()[0] ?? error.message);
      throw error;
    }
  }

  @Get(':id')
  @Allow('inspection:write')
  async preview(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    await this.showPreview(request, response, id, null, {});
  }

  @Post(':id/commit')
  @Allow('inspection:write')
  async commit(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const found = await this.imports.get(id);
    if (text(body, 'intent') === 'addArea') return this.showPreview(request, response, id, withAnotherArea(body, found), {});
    const form = new ImportCommitForm(body, found, (await this.peopleOnRecord()).clerk, this.clock.today());
    const outcome = await form.submit((dto) => this.imports.commit(id, dto, actor));
    if ('errors' in outcome) return this.showPreview(request, response, id, body, outcome.errors);
    this.pages.render(request, response, 'confirmation.njk', {
      title: 'Report imported',
      panel: `The draft action plan for ${outcome.result.authority} has ${outcome.result.areas.length} improvement areas`,
      whatNext: whatNext(outcome.result),
      next: { href: `/inspections/${outcome.result.id}`, text: 'Go to the action plan' },
    });
  }

  /** The upload form; `existingId`, the inspection a report refused as already imported became. */
  private showUpload(request: PageRequest, response: Response, errors: FieldErrors, existingId?: string): void {
    this.pages.render(
      request,
      response,
      'import-upload.njk',
      { title: 'Import an Ofsted report', errors, errorList: errorList(errors), existingId, backLink: '/' },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }

  private async showPreview(
    request: PageRequest,
    response: Response,
    id: string,
    form: FormBody | null,
    errors: FieldErrors,
  ): Promise<void> {
    const [preview, people] = await Promise.all([this.imports.get(id), this.peopleOnRecord()]);
    this.pages.render(
      request,
      response,
      'import-preview.njk',
      {
        title: 'Check what was found in the report',
        preview,
        frameworkName: preview.framework ? this.policy.frameworkName(preview.framework) : null,
        warnings: preview.warnings.map(inWordsForTheForm),
        fields: importPreviewFields(preview, form),
        people,
        errors,
        errorList: errorList(errors),
        backLink: '/imports/new',
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }

  /** Those who can be named on the plan without typing them again: as its officers, and as its committee's clerk. */
  private async peopleOnRecord(): Promise<Record<NamedAs, Person[]>> {
    const users = await this.users.list();
    return { officer: offeredAs(users, 'officer'), clerk: offeredAs(users, 'clerk') };
  }
}

/** The parser's warnings are written for API clients; on the page, the form below them is where to act. */
function inWordsForTheForm(warning: string): string {
  return warning
    .replace(': give authority when you commit.', ': enter it below.')
    .replace(': give publishedOn (YYYY-MM-DD) when you commit, so that', ': enter the date below, so that')
    .replace(': add the areas when you commit, or afterwards.', ': add them to the plan after recording it.');
}

/** The deadline the plan now works to, said as soon as it is imported: a report imported late must not learn it a page later. */
function whatNext(inspection: Awaited<ReturnType<ImportsService['commit']>>): string[] {
  const due = inspection.deadlines.actionPlan;
  const left = inspection.workingDaysLeft;
  const when = due && left !== null ? whenText(due.dueOn, left) : null;
  const deadline = when
    ? [
        `The action plan is ${when.charAt(0).toLowerCase()}${when.slice(1)}` +
          (left! < 0
            ? // Once the received date is given, the deadline already counts from it.
              ` If Ofsted’s letter gives another date${due!.provisional ? ', or the council received the report later than it was published' : ''}, record it under “Dates from Ofsted’s letter” on the plan’s page.`
            : due!.provisional
              ? ' It is counted from the publication date until you give the date the council received the report.'
              : ''),
      ]
    : [];
  return [
    ...deadline,
    'The plan’s page lists what is left to do: naming lead officers, adding each area’s actions, then approval and sending.',
  ];
}
