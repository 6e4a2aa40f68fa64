import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Pages } from '../auth/access.decorators.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { planSent, type ActionPlanState } from '../../workflows/action-plan.machine.js';
import { monthInWords } from '../../workflows/workflow.js';
import { grantOf } from '../auth/permissions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import { MeasuresService } from '../measures/measures.service.js';
import { ActionListService } from './action-list.service.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';
import { PlanOverviewService } from './plan-overview.service.js';
import { CHECKED_DECISIONS, planTaskStatuses } from './plan-tasks.js';

@Pages()
@UseFilters(PageErrorFilter)
@Controller()
export class HomeController {
  constructor(
    private readonly clock: Clock,
    private readonly inspections: InspectionsService,
    private readonly lists: ActionListService,
    private readonly measures: MeasuresService,
    private readonly overview: PlanOverviewService,
    private readonly pages: PageRenderer,
  ) {}

  /** What each role needs first: the plans and their deadlines, or the actions someone owns. */
  @Get()
  @Allow('plan:read')
  async home(@Req() request: PageRequest, @Res() response: Response, @Actor() actor: SignedInUser): Promise<void> {
    const ownsWork = actor.role === 'action_owner';
    const [plans, myActions, areasYouLead, leadsAnArea, hasAssigned, figuresDue] = await Promise.all([
      this.overview.plans(),
      ownsWork ? this.overview.myActions(actor.id) : [],
      ownsWork ? this.lists.areasLedBy(actor.id) : [],
      // Offered only with something in it: anyone may be named a lead, by address too.
      this.lists.leadsAnOpenArea(actor.id),
      grantOf(actor.role, 'action:write') ? this.lists.hasAssigned(actor.id) : false,
      // Whoever is named to enter a measure's figures, if their role lets them.
      grantOf(actor.role, 'measure:record') ? this.measures.figuresDueFrom(actor.id) : [],
    ]);
    this.pages.render(request, response, 'home.njk', {
      title: actor.role === 'action_owner' ? 'My actions' : 'Action plans',
      plans,
      waitingForYou: grantOf(actor.role, 'plan:decide') ? await this.decisionsWaiting(plans) : {},
      myActions,
      areasYouLead,
      offerAreasYouLead: leadsAnArea,
      offerActionsYouAssigned: hasAssigned,
      figuresDue: figuresDue.map(({ measure, area, period, dueOn }) => ({
        id: measure.id,
        name: measure.name,
        area: { id: area.id, reference: area.position, title: area.title },
        council: plans.find((plan) => plan.id === area.inspectionId)?.authority ?? '',
        period: monthInWords(period),
        dueOn,
        late: dueOn < this.clock.today(),
      })),
      ratingColumns: this.overview.ratingColumns(),
    });
  }

  /** For a director: each plan's decision that is ready to be taken (approval, then sending), linked to its check page. */
  private async decisionsWaiting(plans: ReadonlyArray<{ id: string; planState: string }>) {
    const waiting: Record<string, { href: string; text: string }> = {};
    const unsent = plans.filter((candidate) => !planSent(candidate.planState as ActionPlanState));
    const progress = await this.inspections.buildingProgressOf(unsent.map((plan) => plan.id));
    for (const plan of unsent) {
      const statuses = planTaskStatuses(progress.get(plan.id)!);
      const decision =
        statuses.approval === 'incomplete'
          ? CHECKED_DECISIONS.APPROVE
          : statuses.submission === 'incomplete'
            ? CHECKED_DECISIONS.SUBMIT
            : null;
      if (decision) waiting[plan.id] = { href: `/inspections/${plan.id}/${decision.path}`, text: decision.text };
    }
    return waiting;
  }
}
