import { Body, Controller, Get, Post, Req, Res, StreamableFile, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Pages } from '../auth/access.decorators.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import { download, ReportsService } from '../reports/reports.service.js';
import { RecordReviewDto } from '../scrutiny/scrutiny.dto.js';
import { ScrutinyService } from '../scrutiny/scrutiny.service.js';
import { asDto, attempt } from './form-validation.js';
import { dateFromFields, dateParts, errorList, formatDate, text, type FieldErrors, type FormBody } from './forms.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';

// The committee reviews the areas whose delivery has started.
const REVIEWABLE = ['in_progress', 'under_review'];

/** The scrutiny committee's pages: recording a review and its outcomes, and the committee paper. */
@Pages()
@UseFilters(PageErrorFilter)
@Controller('inspections/:id')
export class ScrutinyPagesController {
  constructor(
    private readonly inspections: InspectionsService,
    private readonly pages: PageRenderer,
    private readonly reports: ReportsService,
    private readonly scrutiny: ScrutinyService,
  ) {}

  @Get('reviews/new')
  @Allow('scrutiny:record')
  async reviewForm(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    await this.showReviewForm(request, response, id, null, {});
  }

  @Post('reviews')
  @Allow('scrutiny:record')
  async recordReview(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const areas = reviewable(await this.inspections.get(id));
    const meeting = dateFromFields(body, 'meetingOn', 'Date of the meeting');
    // An area left "not on the agenda" is not part of this review.
    const chosen = areas.filter((area) => text(body, `outcome-${area.id}`));
    const names = Object.fromEntries(
      chosen.flatMap((area, index) => [
        [`outcomes.${index}.comment`, `comment-${area.id}`],
        [`outcomes.${index}.outcome`, `outcome-${area.id}`],
      ]),
    );
    const errors: FieldErrors = {
      ...(meeting.error ? { meetingOn: meeting.error } : meeting.value ? {} : { meetingOn: 'Enter the date of the meeting' }),
      ...(chosen.length === 0 && areas.length > 0
        ? { [`outcome-${areas[0].id}`]: 'Choose the committee’s outcome for at least one area' }
        : {}),
    };
    if (Object.keys(errors).length > 0) return this.showReviewForm(request, response, id, body, errors);

    const outcomes = chosen.map((area) => ({
      areaId: area.id,
      outcome: text(body, `outcome-${area.id}`),
      comment: text(body, `comment-${area.id}`) || undefined,
    }));
    const outcome = await attempt(
      async () =>
        this.scrutiny.record(
          id,
          await asDto(RecordReviewDto, { committee: text(body, 'committee') || undefined, meetingOn: meeting.value, outcomes }),
          actor,
        ),
      names,
    );
    if ('errors' in outcome) return this.showReviewForm(request, response, id, body, reviewMessages(outcome.errors, chosen));
    const review = outcome.result;
    this.pages.render(request, response, 'confirmation.njk', {
      title: 'Scrutiny review recorded',
      panel: `Review ${review.sequence}: ${review.committee}, ${formatDate(review.meetingOn)}`,
      next: { href: `/inspections/${id}`, text: 'Go back to the action plan' },
    });
  }

  /** The committee paper as a printable page, for a signed-in browser (the API's copy takes a bearer token). */
  @Get('reports/scrutiny.html')
  @Allow('plan:read')
  async paperHtml(@IdParam() id: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    response.type('html');
    return this.reports.scrutinyHtml(id);
  }

  @Get('reports/scrutiny.docx')
  @Allow('plan:read')
  async paperDocx(@IdParam() id: string): Promise<StreamableFile> {
    return download(await this.reports.scrutinyDocx(id));
  }

  private async showReviewForm(
    request: PageRequest,
    response: Response,
    id: string,
    form: FormBody | null,
    errors: FieldErrors,
  ): Promise<void> {
    const inspection = await this.inspections.get(id);
    this.pages.render(
      request,
      response,
      'review.njk',
      {
        title: 'Record a scrutiny review',
        inspection,
        areas: reviewable(inspection),
        form: form ?? { committee: inspection.scrutinyCommittee ?? '' },
        meetingOn: dateParts(form, 'meetingOn'),
        errors,
        errorList: errorList(errors),
        backLink: `/inspections/${id}`,
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }
}

function reviewable<T extends { areas: Array<{ id: string; state: string }> }>(inspection: T): T['areas'] {
  return inspection.areas.filter((area) => REVIEWABLE.includes(area.state));
}

/** The service's messages name its fields; on the form they should read as instructions. */
function reviewMessages(errors: FieldErrors, areas: Array<{ id: string; reference: string }>): FieldErrors {
  const words: FieldErrors = { committee: 'Enter the name of the committee' };
  for (const area of areas) words[`comment-${area.id}`] = `Enter the committee’s questions or reasons for area ${area.reference}`;
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [field, words[field] ?? message.replace(/^meetingOn/, 'The date of the meeting')]),
  );
}
