import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { actionWorkflow, type ActionEventType } from '../../workflows/action.machine.js';
import { ACTION_PLAN_STATES, actionPlanWorkflow, REVIEWED_PLAN_STATES } from '../../workflows/action-plan.machine.js';
import { GOES_WITH_PLAN, improvementAreaWorkflow } from '../../workflows/improvement-area.machine.js';
import { eventsInWrittenOrder, eventsNeedingComment, type Workflow } from '../../workflows/workflow.js';
import { ActionsService } from '../actions/actions.service.js';
import { ASSIGNERS_EVENTS, mayDecideOn, mayReportOn } from '../actions/owner-rule.js';
import { ForbiddenError, StaleVersionError } from '../common/errors.js';
import { Allow, Pages } from '../auth/access.decorators.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { grantOf } from '../auth/permissions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { Policy } from '../config/policy.js';
import { IdParam } from '../common/validation.js';
import { NARRATIVE_MAX_LENGTH } from '../improvement-areas/improvement-area.dto.js';
import { ImprovementAreasService } from '../improvement-areas/improvement-areas.service.js';
import { mayNarrate } from '../improvement-areas/lead-officer-rule.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import { MeasuresService } from '../measures/measures.service.js';
import { describeWorkflow } from '../moves/workflow-descriptions.js';
import { ScrutinyService } from '../scrutiny/scrutiny.service.js';
import { emailsIn, offeredAs } from '../users/people.js';
import { UsersService } from '../users/users.service.js';
import { WorkingDays } from '../working-days/working-days.service.js';
import { DATED_STEPS, letterQuestions, PlanEventForm } from './forms/deadline-forms.js';
import { AreaForm, NarrativeForm, NewActionForm, ProgressForm, WorkflowEventForm } from './forms/plan-forms.js';
import { dateParts, doneMessage, errorList, type FieldErrors, formatDate, type FormBody, humanise } from './forms.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';
import { CHECKED_DECISIONS, planTaskList } from './plan-tasks.js';
import { workflowDiagram } from './workflow-diagram.js';
import { summaryDateOf, summaryOlderThanReview } from '../scrutiny/summary-period.js';

const DONE: Record<string, string> = {
  area: 'Improvement area added.',
  created: 'Action added.',
  changed: 'Your change has been saved.',
  removed: 'The action has been removed.',
  removedRenumbered: 'The action has been removed, and the actions after it renumbered.',
  progress: 'Progress update saved.',
  summary: 'The lead officer’s summary is saved.',
  letter: 'The dates from Ofsted’s letter are saved.',
  delivery: 'Delivery has started on every area that was waiting for it: the committee can review them.',
  noDelivery: 'No area was waiting for its delivery to start: someone else may have started it.',
};

/** Steps of an action that need no reason, but read better in its history with a word on how: the committee sees it there. */
const ACTION_NOTES: Partial<Record<ActionEventType, string>> = {
  COMPLETE: 'How its success measure was met (optional)',
  UNBLOCK: 'What unblocked it (optional)',
};

const STALE_SUMMARY =
  'Someone else changed this area while you were writing. Check your summary against the one saved now, and save again.';

/** The plan's own pages: an inspection and its plan, an improvement area, an action. Every change goes through the plan's services. */
@Pages()
@UseFilters(PageErrorFilter)
@Controller()
export class PlanPagesController {
  constructor(
    private readonly actions: ActionsService,
    private readonly areas: ImprovementAreasService,
    private readonly clock: Clock,
    private readonly inspections: InspectionsService,
    private readonly measures: MeasuresService,
    private readonly pages: PageRenderer,
    private readonly policy: Policy,
    private readonly scrutiny: ScrutinyService,
    private readonly users: UsersService,
    private readonly workingDays: WorkingDays,
  ) {}

  @Get('inspections/:id')
  @Allow('plan:read')
  async inspection(
    @IdParam() id: string,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Query('done') done?: string,
  ): Promise<void> {
    await this.showInspection(request, response, id, {}, {}, done);
  }

  @Post('inspections/:id/areas')
  @Allow('area:write')
  async addArea(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const outcome = await new AreaForm(body, await this.officers()).submit((dto) => this.areas.create(id, dto, actor));
    if ('errors' in outcome) return this.showInspection(request, response, id, body, outcome.errors);
    response.redirect(303, `/areas/${outcome.result.id}?done=area`);
  }

  @Post('inspections/:id/events')
  @Allow('plan:decide')
  async planEvent(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const outcome = await new PlanEventForm(body).submit((dto) => this.inspections.applyEvent(id, dto, actor));
    if ('errors' in outcome) return this.showInspection(request, response, id, body, outcome.errors);
    const { plan } = outcome.result;
    const draftSent = body.type === 'SEND_DRAFT';
    this.pages.render(request, response, 'confirmation.njk', {
      title: draftSent ? 'Draft action plan recorded as sent' : `Action plan ${plan.state.replaceAll('_', ' ')}`,
      panel: draftSent
        ? `Recorded as sent to Ofsted on ${formatDate(plan.draftSentOn)}${plan.draftSentLate ? ' (after its date)' : ''}`
        : REVIEWED_PLAN_STATES.includes(plan.state)
          ? `Recorded as sent to Ofsted on ${formatDate(plan.submittedOn)}${plan.submittedLate ? ' (after the deadline)' : ''}`
          : null,
      next: { href: `/inspections/${id}`, text: 'Go back to the action plan' },
    });
  }

  @Get('areas/:id')
  @Allow('plan:read')
  async area(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response, @Query('done') done?: string): Promise<void> {
    await this.showArea(request, response, id, null, {}, done);
  }

  @Post('areas/:id/actions')
  @Allow('action:write')
  async addAction(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const outcome = await new NewActionForm(body, await this.officers()).submit((dto) => this.actions.create(id, dto, actor));
    if ('errors' in outcome) return this.showArea(request, response, id, body, outcome.errors);
    response.redirect(303, `/actions/${outcome.result.id}?done=created`);
  }

  /** Delivery started on every area waiting for it, from the plan's page, rather than from each area's page in turn. */
  @Post('inspections/:id/start-delivery')
  @Allow('area:move')
  async startDelivery(@IdParam() id: string, @Res() response: Response, @Actor() actor: SignedInUser): Promise<void> {
    const started = await this.areas.startDeliveryOfPlan(id, actor);
    response.redirect(303, `/inspections/${id}?done=${started > 0 ? 'delivery' : 'noDelivery'}`);
  }

  @Post('areas/:id/events')
  @Allow('area:move')
  async areaEvent(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const outcome = await new WorkflowEventForm(body).submit((dto) => this.areas.applyEvent(id, dto, actor));
    if ('errors' in outcome) return this.showArea(request, response, id, null, outcome.errors, undefined, body);
    response.redirect(303, `/areas/${id}?done=moved`);
  }

  @Get('areas/:id/summary')
  @Allow('area:narrate')
  async summary(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    await this.showSummary(request, response, id, null, {});
  }

  @Post('areas/:id/summary')
  @Allow('area:narrate')
  async writeSummary(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    try {
      const outcome = await new NarrativeForm(body).submit((dto) => this.areas.writeNarrative(id, dto, actor));
      if ('errors' in outcome) return this.showSummary(request, response, id, body, outcome.errors);
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      // Someone saved first: what was typed comes back beside the summary as saved now, and saving again replaces it.
      return this.showSummary(request, response, id, body, {}, true);
    }
    response.redirect(303, `/areas/${id}?done=summary#summary`);
  }

  @Get('actions/:id')
  @Allow('plan:read')
  async action(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response, @Query('done') done?: string): Promise<void> {
    await this.showAction(request, response, id, {}, {}, done);
  }

  @Post('actions/:id/updates')
  @Allow('action:update')
  async addProgress(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const outcome = await new ProgressForm(body).submit((dto) => this.actions.addProgressUpdate(id, dto, actor));
    if ('errors' in outcome) return this.showAction(request, response, id, { progress: body }, outcome.errors);
    response.redirect(303, `/actions/${id}?done=progress`);
  }

  @Post('actions/:id/events')
  @Allow('action:update')
  async actionEvent(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const outcome = await new WorkflowEventForm(body).submit((dto) => this.actions.applyEvent(id, dto, actor));
    if ('errors' in outcome) return this.showAction(request, response, id, { event: body }, outcome.errors);
    response.redirect(303, `/actions/${id}?done=moved`);
  }

  private async showInspection(
    request: PageRequest,
    response: Response,
    id: string,
    form: FormBody,
    errors: FieldErrors,
    done?: string,
  ): Promise<void> {
    const [inspection, progress] = await Promise.all([this.inspections.get(id), this.inspections.buildingProgress(id)]);
    // The draft step only where Ofsted asked for a draft that has not gone yet: elsewhere it could only ever be refused.
    const draftToSend = inspection.draftPlanDueOn !== null && !inspection.plan.draftSentOn;
    const planChecks = grantOf(request.signedIn!.role, 'plan:decide') ? await this.inspections.planEventChecks(id) : [];
    const planEvents = firstThingsFirst(actionPlanWorkflow, planChecks)
      // Approval and submission are recorded from their check pages (the task list links there), after reading the whole plan; here, only why not yet.
      .filter((check) => !(check.event in CHECKED_DECISIONS) || check.reasons.length > 0)
      .filter((check) => check.event !== 'SEND_DRAFT' || draftToSend)
      // The steps forward, each with its date, before the steps back.
      .sort((a, b) => Number(!(a.event in DATED_STEPS)) - Number(!(b.event in DATED_STEPS)));
    const typed = (event: string) => (form.type === event ? form : null);
    // Only the Add an improvement area form offers them, and only to those who may add areas.
    const officers = grantOf(request.signedIn!.role, 'area:write') ? await this.officers() : [];
    this.pages.render(
      request,
      response,
      'inspection.njk',
      {
        title: `${inspection.authority}: action plan`,
        inspection,
        questions: letterQuestions(this.policy.frameworks.get(inspection.framework)!, inspection.plan),
        tasks: planTaskList(id, progress, {
          change: grantOf(request.signedIn!.role, 'inspection:write') !== undefined,
          decide: grantOf(request.signedIn!.role, 'plan:decide') !== undefined,
        }),
        planEvents,
        officers,
        datedSteps: DATED_STEPS,
        stepDates: Object.fromEntries(
          Object.keys(DATED_STEPS).map((event) => [event, dateParts(typed(event), `happenedOn-${event}`, this.clock.today())]),
        ),
        stepComments: Object.fromEntries(Object.keys(DATED_STEPS).map((event) => [event, typed(event)?.comment ?? ''])),
        form,
        errors,
        errorList: errorList(errors),
        done: doneMessage(DONE, done),
        needsComment: eventsNeedingComment(actionPlanWorkflow),
        backLink: '/',
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }

  private async showArea(
    request: PageRequest,
    response: Response,
    id: string,
    form: FormBody | null,
    errors: FieldErrors,
    done?: string,
    eventForm?: FormBody,
  ): Promise<void> {
    const [area, history, events, measures, lastWord] = await Promise.all([
      this.areas.get(id),
      this.areas.history(id),
      this.areas.eventChecks(id),
      this.measures.ofArea(id),
      this.scrutiny.lastWordOn(id),
    ]);
    const leadHasNoAccess = area.leadOfficer ? await this.users.hasNoAccess(area.leadOfficer.email) : false;
    const people = await this.users.namesOf(emailsIn(history));
    // Only the Add action form offers them, and only to those who may add actions: a reader's page reads no list of people.
    const officers = grantOf(request.signedIn!.role, 'action:write') ? await this.officers() : [];
    // Until the plan goes to Ofsted its draft areas go with it: an area's own Submit would read as sending the plan.
    const submit = area.planSent ? undefined : events.find((event) => event.event === 'SUBMIT');
    // The page says the area goes with the plan in its own words: the reasons left are what the area still needs.
    const goesWithPlan = submit ? { ...submit, reasons: submit.reasons.filter((reason) => reason !== GOES_WITH_PLAN) } : null;
    this.pages.render(
      request,
      response,
      'area.njk',
      {
        title: `Area ${area.reference}: ${area.title}`,
        area,
        measures,
        history,
        lastWord,
        // The area's history holds its actions' entries too: each says which action it is about.
        subjects: Object.fromEntries(area.actions.map((action) => [action.id, `Action ${action.reference}`])),
        people,
        mayNarrate: mayNarrate(request.signedIn!, area.leadOfficer),
        leadHasNoAccess,
        officers,
        diagram: workflowDiagram(describeWorkflow('improvementArea'), area.state),
        events: firstThingsFirst(
          improvementAreaWorkflow,
          events.filter((event) => event !== submit),
        ),
        goesWithPlan,
        buttonWords: { SUBMIT: 'Mark as sent to Ofsted' },
        form: form ?? {},
        dueOn: dateParts(form, 'dueOn'),
        errors,
        errorList: errorList(errors),
        done: done === 'moved' ? `This improvement area is now ${humanise(area.state).toLowerCase()}.` : doneMessage(DONE, done),
        needsComment: eventsNeedingComment(improvementAreaWorkflow),
        eventForm,
        backLink: `/inspections/${area.inspectionId}`,
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }

  /** The summary's form: only for whoever may write it, with the text as saved, or as typed when it was refused. */
  private async showSummary(
    request: PageRequest,
    response: Response,
    id: string,
    form: FormBody | null,
    errors: FieldErrors,
    stale = false,
  ) {
    const [area, lastWord] = await Promise.all([this.areas.get(id), this.scrutiny.lastWordOn(id)]);
    const wanted = await this.scrutiny.summaryRequest(area.inspectionId);
    const shown = stale ? { narrative: STALE_SUMMARY } : errors;
    if (!mayNarrate(request.signedIn!, area.leadOfficer)) {
      throw new ForbiddenError(
        `Area ${area.reference} is not yours: only its lead officer, or someone who may edit improvement areas, writes its summary.`,
      );
    }
    this.pages.render(
      request,
      response,
      'summary.njk',
      {
        title: `${area.narrative ? 'Change' : 'Write'} the lead officer’s summary for area ${area.reference}`,
        area,
        lastWord,
        summaryDate: area.narrative ? summaryDateOf(area.narrative) : null,
        // Saved, but not for the coming review: what the committee read last time, or drafted before the plan went.
        olderThanReview:
          wanted && area.narrative ? summaryOlderThanReview(summaryDateOf(area.narrative), wanted.lastMetOn, wanted.submittedOn) : null,
        wanted,
        narrative: form ? form.narrative : (area.narrative?.text ?? ''),
        version: form && !stale ? form.version : area.version,
        stale,
        maxLength: NARRATIVE_MAX_LENGTH,
        errors: shown,
        errorList: errorList(shown),
        backLink: `/areas/${id}`,
      },
      stale ? 409 : Object.keys(shown).length > 0 ? 400 : 200,
    );
  }

  /** Who the Add forms offer as an action's owner or an area's lead officer. */
  private async officers(): Promise<Array<{ name: string; email: string }>> {
    return offeredAs(await this.users.list(), 'officer');
  }

  private async showAction(
    request: PageRequest,
    response: Response,
    id: string,
    forms: { progress?: FormBody; event?: FormBody },
    errors: FieldErrors,
    done?: string,
  ): Promise<void> {
    const [action, history] = await Promise.all([this.actions.get(id), this.actions.history(id)]);
    const [ownerHasNoAccess, assignerHasNoAccess] = await Promise.all(
      [action.owner, action.assignedBy].map((person) => (person ? this.users.hasNoAccess(person.email) : Promise.resolve(false))),
    );
    const people = await this.users.namesOf(emailsIn(history));
    const mayUpdate = mayReportOn(request.signedIn!, action.owner);
    // Only a draft plan's actions can be removed; later, a mistaken action is cancelled with a reason.
    const removable = (await this.inspections.get(action.inspectionId)).plan.state === ACTION_PLAN_STATES.draft;
    this.pages.render(
      request,
      response,
      'action.njk',
      {
        title: `Action ${action.reference}: ${action.title}`,
        action,
        history,
        people,
        ownerHasNoAccess,
        // A weekend or a bank holiday, said in the page's words: a date typed without a calendar to hand often is one.
        dueOnDayOff: action.dueOn ? this.workingDays.dayOff(action.dueOn) : null,
        // Who signs it off once reported done: whoever assigned it, while they are still here.
        signer: action.assignedBy && !assignerHasNoAccess ? action.assignedBy : null,
        mayUpdate,
        // Whether a reported amber or red makes the action's own rating worse (config/rag.yaml): the form says which.
        ownerRatingCounts: this.policy.rag.ownerRating === 'worsens',
        diagram: workflowDiagram(describeWorkflow('action'), action.state),
        // An owner reports it done for sign-off, or asks to have it cancelled: those buttons are not theirs.
        events: eventButtons(
          actionWorkflow,
          action.acceptedEvents.filter((event) => mayDecideOn(request.signedIn!) || !ASSIGNERS_EVENTS.includes(event)),
        ),
        mayDecide: mayDecideOn(request.signedIn!),
        // "Cancel" alone reads as leaving the page, as it does on every other form.
        buttonWords: { CANCEL: 'Cancel the action' },
        optionalNotes: ACTION_NOTES,
        removable,
        progress: forms.progress ?? {},
        revisedDueOn: dateParts(forms.progress ?? null, 'revisedDueOn'),
        errors,
        errorList: errorList(errors),
        done: done === 'moved' ? `This action is now ${humanise(action.state).toLowerCase()}.` : doneMessage(DONE, done),
        needsComment: eventsNeedingComment(actionWorkflow),
        eventForm: forms.event,
        backLink: `/areas/${action.areaId}`,
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }
}

/** A record's next steps as buttons: the usual ones first, in the workflow's own order, those that need a reason after. */
function firstThingsFirst<T extends { event: string }>(workflow: Workflow, events: T[]): T[] {
  const needsComment = eventsNeedingComment(workflow);
  const written = eventsInWrittenOrder(workflow);
  const rank = (event: string) => Number(needsComment.includes(event)) * written.length + written.indexOf(event);
  return [...events].sort((a, b) => rank(a.event) - rank(b.event));
}

function eventButtons(workflow: Workflow, accepted: string[]) {
  return firstThingsFirst(
    workflow,
    accepted.map((event) => ({ event, reasons: [] as string[] })),
  );
}
