import { Body, Controller, Get, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { ACTION_PLAN_STATES, actionPlanWorkflow, type ActionPlanState } from '../../workflows/action-plan.machine.js';
import { eventsNeedingComment } from '../../workflows/workflow.js';
import { Allow, Pages } from '../auth/access.decorators.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { IdParam } from '../common/validation.js';
import { ENVIRONMENT } from '../config/config.module.js';
import type { Environment } from '../config/environment.js';
import { longDate } from '../reminders/reminder-messages.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import { ReportsService } from '../reports/reports.service.js';
import { canSignIn, UsersService } from '../users/users.service.js';
import { WorkingDays } from '../working-days/working-days.service.js';
import { DATED_STEPS, PlanEventForm } from './forms/deadline-forms.js';
import { dateParts, errorList, formatDate, humanise, type FieldErrors, type FormBody } from './forms.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';
import { pointsToCheck } from './plan-points-to-check.js';

/** The two decisions a director checks the whole plan before recording: cabinet's approval, and sending it to Ofsted. */
const CHECKS = {
  approve: {
    event: 'APPROVE',
    title: 'Check the plan before recording cabinet approval',
    done: 'Action plan approved',
    panel: (on: string) => `Cabinet approval on ${formatDate(on)} is recorded. The plan can now be sent to Ofsted.`,
    /** Where the plan is once this has been recorded, and what the page says then instead of its form. */
    recordedIn: [ACTION_PLAN_STATES.approved, ACTION_PLAN_STATES.submitted, ACTION_PLAN_STATES.closed] as ActionPlanState[],
    // A plan approved before the service kept the day has none to give.
    recorded: (plan: PlanDates) =>
      plan.approvedOn
        ? `Cabinet approved the plan on ${formatDate(plan.approvedOn)}. This has been recorded.`
        : 'Cabinet approval has been recorded.',
  },
  submit: {
    event: 'SUBMIT',
    title: 'Check the plan before recording it as sent to Ofsted',
    done: 'Action plan submitted',
    panel: (on: string, late: boolean) =>
      `The plan is recorded as sent to Ofsted on ${formatDate(on)}${late ? ', after its deadline' : ''}. Its areas are now submitted: start their delivery from the plan’s page as work on them begins, so that the scrutiny committee can review them.`,
    recordedIn: [ACTION_PLAN_STATES.submitted, ACTION_PLAN_STATES.closed] as ActionPlanState[],
    recorded: (plan: PlanDates) =>
      `The plan was sent to Ofsted on ${formatDate(plan.submittedOn!)}${plan.submittedLate ? ', after its deadline' : ''}. This has been recorded.`,
  },
} as const;

type Check = keyof typeof CHECKS;
type PlanDates = { approvedOn: string | null; submittedOn: string | null; submittedLate: boolean };

/**
 * Check your answers before approval and before submission: the whole plan on one page (its areas,
 * lead officers, actions, owners and dates), then the decision with the day it happened.
 */
@Pages()
@UseFilters(PageErrorFilter)
@Controller('inspections/:id/check')
export class PlanCheckPagesController {
  constructor(
    private readonly clock: Clock,
    @Inject(ENVIRONMENT) private readonly environment: Environment,
    private readonly inspections: InspectionsService,
    private readonly pages: PageRenderer,
    private readonly reports: ReportsService,
    private readonly users: UsersService,
    private readonly workingDays: WorkingDays,
  ) {}

  @Get('approve')
  @Allow('plan:decide')
  async checkApproval(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    await this.showCheck(request, response, id, 'approve', null, {});
  }

  @Post('approve')
  @Allow('plan:decide')
  async approve(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    await this.decide(request, response, id, 'approve', body, actor);
  }

  @Get('submit')
  @Allow('plan:decide')
  async checkSubmission(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    await this.showCheck(request, response, id, 'submit', null, {});
  }

  @Post('submit')
  @Allow('plan:decide')
  async submit(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    await this.decide(request, response, id, 'submit', body, actor);
  }

  /** Records the page's own decision, whatever the form's `type` says, and says what was recorded. */
  private async decide(request: PageRequest, response: Response, id: string, check: Check, body: FormBody, actor: SignedInUser) {
    const step = CHECKS[check];
    const form = new PlanEventForm({ ...body, type: step.event });
    const outcome = await form.submit((dto) => this.inspections.applyEvent(id, dto, actor));
    if ('errors' in outcome) return this.showCheck(request, response, id, check, body, outcome.errors);
    const { plan, nextReview } = outcome.result;
    this.pages.render(request, response, 'confirmation.njk', {
      title: step.done,
      panel: check === 'approve' ? CHECKS.approve.panel(plan.approvedOn!) : CHECKS.submit.panel(plan.submittedOn!, plan.submittedLate),
      whatNext:
        check === 'approve'
          ? ['Once the plan has gone to Ofsted, record the day it was sent.']
          : [
              ...(nextReview
                ? [
                    `The scrutiny committee’s first review of progress is due by ${formatDate(nextReview.dueOn)}. Its clerk and the area leads are reminded ahead of it.`,
                  ]
                : []),
              'From now on an action added by mistake is cancelled with a reason rather than removed, and moving a due date asks why.',
            ],
      nextStep:
        check === 'approve' ? { href: `/inspections/${id}/check/submit`, text: 'Check the plan and record it as sent to Ofsted' } : null,
      next: { href: `/inspections/${id}`, text: 'Go back to the action plan' },
    });
  }

  private async showCheck(
    request: PageRequest,
    response: Response,
    id: string,
    check: Check,
    form: FormBody | null,
    errors: FieldErrors,
  ): Promise<void> {
    const step = CHECKS[check];
    const [inspection, plan, checks, people] = await Promise.all([
      this.inspections.get(id),
      this.reports.plan(id),
      this.inspections.planEventChecks(id),
      this.users.list(),
    ]);
    const signsIn = new Set(people.filter((person) => canSignIn(person, this.environment.oidc !== null)).map((person) => person.email));
    const areaIds = new Map(inspection.areas.map((area) => [area.reference, area.id]));
    const accepted = checks.find((candidate) => candidate.event === step.event);
    const event = accepted ?? {
      event: step.event,
      reasons: [`The plan is ${humanise(inspection.plan.state).toLowerCase()}, so this cannot be recorded now.`],
    };
    this.pages.render(
      request,
      response,
      'check-plan.njk',
      {
        title: step.title,
        check,
        recorded: step.recordedIn.includes(inspection.plan.state) ? step.recorded(inspection.plan) : null,
        // Sending the plan after its deadline is allowed, and recorded as late: the director is told before, not after.
        deadlinePassed: plan.actionPlanDueOn !== null && plan.actionPlanDueOn < this.clock.today(),
        inspection,
        plan,
        areas: plan.areas.map((area) => ({ ...area, id: areaIds.get(area.reference) })),
        actionCount: plan.areas.reduce((count, area) => count + area.actions.length, 0),
        pointsToCheck: pointsToCheck(
          plan,
          (email) => signsIn.has(email),
          (date) => {
            if (this.workingDays.isWorkingDay(date)) return null;
            const holiday = this.workingDays.bankHoliday(date);
            return holiday ? `${longDate(date)}, ${holiday}` : longDate(date);
          },
        ),
        events: [event],
        formAction: `/inspections/${id}/check/${check}`,
        version: inspection.version,
        datedSteps: DATED_STEPS,
        stepDates: { [step.event]: dateParts(form, `happenedOn-${step.event}`, this.clock.today()) },
        stepComments: { [step.event]: form?.comment ?? '' },
        needsComment: eventsNeedingComment(actionPlanWorkflow),
        errors,
        errorList: errorList(errors),
        backLink: `/inspections/${id}`,
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }
}
