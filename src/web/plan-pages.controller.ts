import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { CreateActionDto, CreateProgressUpdateDto, UpdateActionDto } from '../actions/action.dto.js';
import { ActionsService } from '../actions/actions.service.js';
import { Allow, Pages } from '../auth/access.decorators.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { grantOf } from '../auth/permissions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { CreateImprovementAreaDto } from '../improvement-areas/improvement-area.dto.js';
import { ImprovementAreasService } from '../improvement-areas/improvement-areas.service.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import { describeWorkflow } from '../moves/workflow-descriptions.js';
import { WorkflowEventDto } from '../moves/workflow-event.dto.js';
import { asDto, attempt } from './form-validation.js';
import { dateFromFields, dateParts, errorList, formatDate, text, type FieldErrors, type FormBody } from './forms.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';
import { workflowDiagram } from './workflow-diagram.js';

const DONE: Record<string, string> = {
  area: 'Improvement area added.',
  created: 'Action added.',
  updated: 'Action updated.',
  progress: 'Progress update saved.',
  moved: 'Done: the state has changed.',
};
// Events that the workflow refuses without a reason: the form asks for one.
const NEEDS_COMMENT = ['BLOCK', 'CANCEL', 'REOPEN', 'REQUEST_FURTHER_ASSURANCE', 'RETURN_TO_DRAFT'];

/** The plan's own pages: an inspection and its plan, an improvement area, an action. Every change goes through the plan's services. */
@Pages()
@UseFilters(PageErrorFilter)
@Controller()
export class PlanPagesController {
  constructor(
    private readonly actions: ActionsService,
    private readonly areas: ImprovementAreasService,
    private readonly inspections: InspectionsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get('inspections/:id')
  @Allow('plan:read')
  async inspection(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    await this.showInspection(request, response, id, {}, {});
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
    const lead = { name: text(body, 'leadName'), email: text(body, 'leadEmail') };
    const fields = {
      title: text(body, 'title'),
      timeframe: text(body, 'timeframe') || undefined,
      ...(lead.name || lead.email ? { leadOfficer: lead } : {}),
    };
    const outcome = await attempt(async () => this.areas.create(id, await asDto(CreateImprovementAreaDto, fields), actor), {
      'leadOfficer.name': 'leadName',
      'leadOfficer.email': 'leadEmail',
      leadOfficer: 'leadName',
    });
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
    const inspection = await this.inspections.applyEvent(id, await asDto(WorkflowEventDto, workflowEvent(body)), actor);
    this.pages.render(request, response, 'confirmation.njk', {
      title: `Action plan ${inspection.plan.state.replaceAll('_', ' ')}`,
      panel:
        inspection.plan.state === 'submitted'
          ? `Sent to Ofsted on ${formatDate(inspection.plan.submittedOn)}${inspection.plan.submittedLate ? ' (after the deadline)' : ''}`
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
    const due = dateFromFields(body, 'dueOn', 'Due date');
    const outcome = await attempt(
      async () =>
        this.actions.create(
          id,
          await asDto(CreateActionDto, {
            title: text(body, 'title'),
            ...owner(body),
            dueOn: due.value,
            successMeasure: text(body, 'successMeasure') || undefined,
          }),
          actor,
        ),
      OWNER_FIELDS,
    );
    const errors = { ...('errors' in outcome ? outcome.errors : {}), ...(due.error ? { dueOn: due.error } : {}) };
    if (Object.keys(errors).length > 0 || !('result' in outcome)) return this.showArea(request, response, id, body, errors);
    response.redirect(303, `/actions/${outcome.result.id}?done=created`);
  }

  @Post('areas/:id/events')
  @Allow('area:move')
  async areaEvent(@IdParam() id: string, @Body() body: FormBody, @Res() response: Response, @Actor() actor: SignedInUser): Promise<void> {
    await this.areas.applyEvent(id, await asDto(WorkflowEventDto, workflowEvent(body)), actor);
    response.redirect(303, `/areas/${id}?done=moved`);
  }

  @Get('actions/:id')
  @Allow('plan:read')
  async action(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response, @Query('done') done?: string): Promise<void> {
    await this.showAction(request, response, id, {}, {}, done);
  }

  @Post('actions/:id')
  @Allow('action:write')
  async updateAction(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const due = dateFromFields(body, 'dueOn', 'Due date');
    const outcome = await attempt(
      async () =>
        this.actions.update(
          id,
          await asDto(UpdateActionDto, {
            version: Number(body.version),
            ...owner(body),
            dueOn: due.value,
            successMeasure: text(body, 'successMeasure') || undefined,
          }),
          actor,
        ),
      OWNER_FIELDS,
    );
    const errors = { ...('errors' in outcome ? outcome.errors : {}), ...(due.error ? { dueOn: due.error } : {}) };
    if (Object.keys(errors).length > 0 || !('result' in outcome)) return this.showAction(request, response, id, { edit: body }, errors);
    response.redirect(303, `/actions/${id}?done=updated`);
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
    const percent = text(body, 'percentComplete');
    const outcome = await attempt(async () =>
      this.actions.addProgressUpdate(
        id,
        await asDto(CreateProgressUpdateDto, {
          text: text(body, 'text'),
          percentComplete: /^\d+$/.test(percent) ? Number(percent) : percent,
          rag: text(body, 'rag') || undefined,
        }),
        actor,
      ),
    );
    if ('errors' in outcome) return this.showAction(request, response, id, { progress: body }, progressMessages(outcome.errors));
    response.redirect(303, `/actions/${id}?done=progress`);
  }

  @Post('actions/:id/events')
  @Allow('action:update')
  async actionEvent(@IdParam() id: string, @Body() body: FormBody, @Res() response: Response, @Actor() actor: SignedInUser): Promise<void> {
    await this.actions.applyEvent(id, await asDto(WorkflowEventDto, workflowEvent(body)), actor);
    response.redirect(303, `/actions/${id}?done=moved`);
  }

  private async showInspection(request: PageRequest, response: Response, id: string, form: FormBody, errors: FieldErrors): Promise<void> {
    const inspection = await this.inspections.get(id);
    const planEvents = grantOf(request.signedIn!.role, 'plan:decide') ? firstThingsFirst(await this.inspections.planEventChecks(id)) : [];
    this.pages.render(
      request,
      response,
      'inspection.njk',
      {
        title: `${inspection.authority}: action plan`,
        inspection,
        planEvents,
        form,
        errors,
        errorList: errorList(errors),
        needsComment: NEEDS_COMMENT,
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
  ): Promise<void> {
    const [area, history, events] = await Promise.all([this.areas.get(id), this.areas.history(id), this.areas.eventChecks(id)]);
    this.pages.render(
      request,
      response,
      'area.njk',
      {
        title: `Area ${area.reference}: ${area.title}`,
        area,
        history,
        diagram: workflowDiagram(describeWorkflow('improvementArea'), area.state),
        events: firstThingsFirst(events),
        form: form ?? {},
        dueOn: dateParts(form, 'dueOn'),
        errors,
        errorList: errorList(errors),
        done: done ? DONE[done] : null,
        needsComment: NEEDS_COMMENT,
        backLink: `/inspections/${area.inspectionId}`,
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }

  private async showAction(
    request: PageRequest,
    response: Response,
    id: string,
    forms: { edit?: FormBody; progress?: FormBody },
    errors: FieldErrors,
    done?: string,
  ): Promise<void> {
    const action = await this.actions.get(id);
    const user = request.signedIn!;
    const grant = grantOf(user.role, 'action:update');
    const mayUpdate = grant === 'all' || (grant === 'own' && action.owner?.email === user.email);
    this.pages.render(
      request,
      response,
      'action.njk',
      {
        title: `Action ${action.reference}: ${action.title}`,
        action,
        mayUpdate,
        diagram: workflowDiagram(describeWorkflow('action'), action.state),
        events: eventButtons(action.acceptedEvents),
        edit: forms.edit ?? { ownerName: action.owner?.name, ownerEmail: action.owner?.email, successMeasure: action.successMeasure },
        dueOn: dateParts(forms.edit ?? null, 'dueOn', action.dueOn),
        progress: forms.progress ?? {},
        errors,
        errorList: errorList(errors),
        done: done ? DONE[done] : null,
        needsComment: NEEDS_COMMENT,
        backLink: `/areas/${action.areaId}`,
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }
}

/** A record's next steps as buttons: the usual ones first, those that need a reason after. */
function firstThingsFirst<T extends { event: string }>(events: T[]): T[] {
  return [...events].sort((a, b) => Number(NEEDS_COMMENT.includes(a.event)) - Number(NEEDS_COMMENT.includes(b.event)));
}

function eventButtons(accepted: string[]) {
  return firstThingsFirst(accepted.map((event) => ({ event, reasons: [] as string[] })));
}

const OWNER_FIELDS = { 'owner.name': 'ownerName', 'owner.email': 'ownerEmail', owner: 'ownerName' };

/** The owner fields become a person only when either is filled in, so leaving both empty means "no owner yet" or "unchanged". */
function owner(body: FormBody): { owner?: { name: string; email: string } } {
  const name = text(body, 'ownerName');
  const email = text(body, 'ownerEmail');
  return name || email ? { owner: { name, email } } : {};
}

function workflowEvent(body: FormBody) {
  return { type: text(body, 'type'), version: Number(body.version), comment: text(body, 'comment') || undefined };
}

/** The service's messages name its fields; on the form they should read as instructions. */
function progressMessages(errors: FieldErrors): FieldErrors {
  const words: FieldErrors = {
    text: 'Enter what has been done since the last update',
    percentComplete: 'Enter how complete the action is, as a whole number from 0 to 100',
  };
  return Object.fromEntries(Object.keys(errors).map((field) => [field, words[field] ?? errors[field]]));
}
