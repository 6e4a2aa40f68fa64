import { Controller, Get, Query, Req, Res, StreamableFile, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Pages } from '../auth/access.decorators.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import { download, ReportsService } from '../reports/reports.service.js';
import { ScrutinyService } from '../scrutiny/scrutiny.service.js';
import { SnapshotsService } from '../snapshots/snapshots.service.js';
import { ActionListService, actionFilterOf } from './action-list.service.js';
import type { FormBody } from './forms.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';

/** Lists across the plans (actions by filter, the actions someone assigned, the areas someone leads), past reviews, and the plan's downloads. */
@Pages()
@UseFilters(PageErrorFilter)
@Controller()
export class ListPagesController {
  constructor(
    private readonly inspections: InspectionsService,
    private readonly lists: ActionListService,
    private readonly pages: PageRenderer,
    private readonly reports: ReportsService,
    private readonly scrutiny: ScrutinyService,
    private readonly snapshots: SnapshotsService,
  ) {}

  @Get('actions')
  @Allow('plan:read')
  async actions(@Query() query: FormBody, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    const filter = actionFilterOf(query);
    const [actions, choices] = await Promise.all([this.lists.actions(filter), this.lists.filterChoices()]);
    this.pages.render(request, response, 'actions.njk', { title: 'Actions', actions, choices, filter, filtered: query });
  }

  @Get('assigned-actions')
  @Allow('plan:read')
  async assignedActions(@Req() request: PageRequest, @Res() response: Response, @Actor() actor: SignedInUser): Promise<void> {
    const actions = await this.lists.actions({ assignedById: actor.id });
    this.pages.render(request, response, 'actions.njk', { title: 'Actions you assigned', actions });
  }

  @Get('my-areas')
  @Allow('plan:read')
  async myAreas(@Req() request: PageRequest, @Res() response: Response, @Actor() actor: SignedInUser): Promise<void> {
    const areas = await this.lists.areasLedBy(actor.id);
    this.pages.render(request, response, 'my-areas.njk', { title: 'Areas you lead', areas });
  }

  @Get('inspections/:id/reviews')
  @Allow('plan:read')
  async reviews(
    @IdParam() id: string,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Query('done') done?: string,
    @Query('moved') moved?: string,
  ): Promise<void> {
    const [inspection, reviews, snapshots, summaries] = await Promise.all([
      this.inspections.get(id),
      this.scrutiny.list(id),
      this.snapshots.list(id),
      this.scrutiny.summariesForNextReview(id),
    ]);
    // After "Record a snapshot now": the one just taken, named in the banner.
    const taken = done ? snapshots.find((snapshot) => snapshot.id === done) : undefined;
    // After "Change the date": the review now due on the committee's day.
    const movedReview = moved ? reviews.find((review) => review.id === moved && !review.meetingOn) : undefined;
    this.pages.render(request, response, 'reviews.njk', {
      title: 'Scrutiny reviews',
      inspection,
      reviews: [...reviews].reverse(),
      reviewPapers: Object.fromEntries(
        reviews.map((review, index) => [
          review.id,
          papersOfReview(review, reviews[index - 1] ?? null, inspection.plan.submittedOn, snapshots),
        ]),
      ),
      snapshots,
      summaries,
      taken,
      movedReview,
      backLink: `/inspections/${id}`,
    });
  }

  @Get('inspections/:id/print')
  @Allow('plan:read')
  async printablePlan(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    const plan = await this.reports.plan(id);
    this.pages.render(request, response, 'print.njk', { title: `${plan.authority}: action plan`, plan, backLink: `/inspections/${id}` });
  }

  /** The plan's spreadsheet for a signed-in browser (the API's copy takes a bearer token). */
  @Get('inspections/:id/plan.xlsx')
  @Allow('plan:read')
  async planXlsx(@IdParam() id: string): Promise<StreamableFile> {
    return download(await this.reports.planSpreadsheet(id));
  }

  @Get('inspections/:id/plan.csv')
  @Allow('plan:read')
  async planCsv(@IdParam() id: string): Promise<StreamableFile> {
    return download(await this.reports.planCsv(id));
  }
}

type ListedSnapshot = Awaited<ReturnType<SnapshotsService['list']>>[number];

/**
 * A held review's papers: the last snapshot taken for its period (after the review before it was recorded, or after
 * the plan went to Ofsted) and on or before the day its committee met, which is what its paper said as it went out,
 * where one was taken then; and its own, taken as the review was recorded, with the committee's decisions. Another
 * review's snapshot is never this one's paper. `reviews` and `snapshots` are as listed: oldest and newest first.
 */
function papersOfReview(
  review: { id: string; meetingOn: string | null },
  previous: { recordedAt: string | null } | null,
  submittedOn: string | null,
  snapshots: readonly ListedSnapshot[],
) {
  const meetingOn = review.meetingOn;
  if (!meetingOn) return { before: null, recorded: null };
  const forThisPeriod = (snapshot: ListedSnapshot) =>
    previous?.recordedAt ? snapshot.takenAt > previous.recordedAt : submittedOn === null || snapshot.takenOn >= submittedOn;
  return {
    before: snapshots.find((snapshot) => snapshot.reason !== 'review' && snapshot.takenOn <= meetingOn && forThisPeriod(snapshot)) ?? null,
    recorded: snapshots.find((snapshot) => snapshot.review?.id === review.id) ?? null,
  };
}
