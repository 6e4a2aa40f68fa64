import { Body, Controller, Get, Post, Req, Res, StreamableFile, UseFilters } from '@nestjs/common';
import { listInWords } from '../../workflows/workflow.js';
import { Clock } from '../common/clock.js';
import { NotFoundError } from '../common/errors.js';
import type { Response } from 'express';
import { Allow, Pages } from '../auth/access.decorators.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import { download, ReportsService } from '../reports/reports.service.js';
import { reviewableAreas, ScrutinyService } from '../scrutiny/scrutiny.service.js';
import { leadHearsOutcome } from '../scrutiny/review-outcomes.js';
import { ReviewDateForm, ReviewForm } from './forms/review-form.js';
import { dateParts, errorList, formatDate, type FieldErrors, type FormBody } from './forms.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';

/** The scrutiny committee's pages: recording a review and its outcomes, and the committee paper. */
@Pages()
@UseFilters(PageErrorFilter)
@Controller('inspections/:id')
export class ScrutinyPagesController {
  constructor(
    private readonly clock: Clock,
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
    const areas = reviewableAreas((await this.inspections.get(id)).areas);
    const outcome = await new ReviewForm(body, areas).submit((dto) => this.scrutiny.record(id, dto, actor));
    if ('errors' in outcome) return this.showReviewForm(request, response, id, body, outcome.errors);
    const review = outcome.result;
    const { nextReview, areas: planAreas } = await this.inspections.get(id);
    // Who hears the committee's questions (ReviewQuestionReminders): each such area's lead, but not whoever recorded them.
    const told = review.outcomes.flatMap((outcome) => {
      const lead = planAreas.find((area) => area.id === outcome.areaId)?.leadOfficer;
      return lead && leadHearsOutcome(outcome.outcome, lead.email, actor.email) ? [`${lead.name} (area ${outcome.reference})`] : [];
    });
    this.pages.render(request, response, 'confirmation.njk', {
      title: 'Scrutiny review recorded',
      panel: `Review ${review.sequence}: ${review.committee}, ${formatDate(review.meetingOn)}`,
      whatNext: [
        'The plan was kept as it stood, with what the committee concluded: it is listed with this review under Scrutiny reviews, beside the last paper taken before the meeting, each the same whenever it is opened.',
        ...(told.length > 0
          ? [
              `${listInWords(told)} ${told.length === 1 ? 'is' : 'are'} emailed what the committee asked or why, to answer in the summary of progress for the next review.`,
            ]
          : []),
        nextReview
          ? `The next review is due by ${formatDate(nextReview.dueOn)}. The clerk and the area leads are reminded ahead of it; once the committee’s meeting is set, change the review’s date to that day.`
          : 'No further review is scheduled.',
      ],
      next: { href: `/inspections/${id}`, text: 'Go back to the action plan' },
    });
  }

  @Get('reviews/:reviewId/date')
  @Allow('scrutiny:record')
  async reviewDateForm(
    @IdParam() id: string,
    @IdParam('reviewId') reviewId: string,
    @Req() request: PageRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.showReviewDateForm(request, response, id, reviewId, null, {});
  }

  /** The committee's meeting day, set ahead: the review falls due then, and its reminders move with it. */
  @Post('reviews/:reviewId/date')
  @Allow('scrutiny:record')
  async moveReview(
    @IdParam() id: string,
    @IdParam('reviewId') reviewId: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const outcome = await new ReviewDateForm(body).submit((dto) => this.scrutiny.reschedule(id, reviewId, dto, actor));
    if ('errors' in outcome) return this.showReviewDateForm(request, response, id, reviewId, body, outcome.errors);
    response.redirect(303, `/inspections/${id}/reviews?moved=${reviewId}`);
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
        areas: reviewableAreas(inspection.areas),
        form: form ?? { committee: inspection.scrutinyCommittee ?? '' },
        // The meeting's day as the clerk set it, once it has come: it is most likely the day being recorded.
        meetingOn: dateParts(
          form,
          'meetingOn',
          inspection.nextReview?.meetingSet && inspection.nextReview.dueOn <= this.clock.today() ? inspection.nextReview.dueOn : null,
        ),
        errors,
        errorList: errorList(errors),
        backLink: `/inspections/${id}`,
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }

  private async showReviewDateForm(
    request: PageRequest,
    response: Response,
    id: string,
    reviewId: string,
    form: FormBody | null,
    errors: FieldErrors,
  ): Promise<void> {
    const [inspection, reviews] = await Promise.all([this.inspections.get(id), this.scrutiny.list(id)]);
    // A held review has no date to change; one held while this form was open is refused on the form.
    const review = reviews.find((candidate) => candidate.id === reviewId && (form !== null || !candidate.meetingOn));
    if (!review) throw new NotFoundError('scheduled review', reviewId);
    this.pages.render(
      request,
      response,
      'review-date.njk',
      {
        title: `When does the committee hold review ${review.sequence}?`,
        inspection,
        review,
        dueOn: dateParts(form, 'dueOn', review.dueOn),
        errors,
        errorList: errorList(errors),
        backLink: `/inspections/${id}/reviews`,
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }
}
