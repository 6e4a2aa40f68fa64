import { Body, Controller, Get, NotFoundException, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { ActionsService } from '../actions/actions.service.js';
import { Allow, Pages } from '../auth/access.decorators.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { StaleVersionError } from '../common/errors.js';
import { IdParam } from '../common/validation.js';
import { ImprovementAreasService } from '../improvement-areas/improvement-areas.service.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import { MeasuresService } from '../measures/measures.service.js';
import { offeredAs } from '../users/people.js';
import { UsersService } from '../users/users.service.js';
import { ChangeHistory } from './change-history.service.js';
import { CHANGE_PARTS, ChangeForm, formFromRecord, type ChangedRecord, type ChangePart } from './forms/change-forms.js';
import type { Person } from './forms/person-choice.js';
import { RemoveActionForm } from './forms/remove-action-form.js';
import { dateParts, errorList, type FieldErrors, type FormBody } from './forms.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';

/** A record as a Change page needs it: its current values, version, and where it lives. */
interface Editable {
  values: Record<string, unknown>;
  version: number;
  caption: string;
  path: string;
}

/**
 * The pages behind the Change links of the inspection, area, action and measure pages (GOV.UK summary list
 * pattern): one small form per part, through the same services as the API. A form carries the version
 * it was read at; a stale one is shown again with what was typed and who changed what since.
 */
@Pages()
@UseFilters(PageErrorFilter)
@Controller()
export class ChangePagesController {
  constructor(
    private readonly actions: ActionsService,
    private readonly areas: ImprovementAreasService,
    private readonly history: ChangeHistory,
    private readonly inspections: InspectionsService,
    private readonly measures: MeasuresService,
    private readonly pages: PageRenderer,
    private readonly users: UsersService,
  ) {}

  @Get('inspections/:id/change/:part')
  @Allow('inspection:write')
  changeInspection(@IdParam() id: string, @Param('part') part: string, @Req() request: PageRequest, @Res() response: Response) {
    return this.show(request, response, 'inspection', id, part);
  }

  @Post('inspections/:id/change/:part')
  @Allow('inspection:write')
  saveInspection(
    @IdParam() id: string,
    @Param('part') part: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ) {
    return this.save(request, response, 'inspection', id, part, body, (dto) => this.inspections.update(id, dto as never, actor));
  }

  @Get('areas/:id/change/:part')
  @Allow('area:write')
  changeArea(@IdParam() id: string, @Param('part') part: string, @Req() request: PageRequest, @Res() response: Response) {
    return this.show(request, response, 'area', id, part);
  }

  @Post('areas/:id/change/:part')
  @Allow('area:write')
  saveArea(
    @IdParam() id: string,
    @Param('part') part: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ) {
    return this.save(request, response, 'area', id, part, body, (dto) => this.areas.update(id, dto as never, actor));
  }

  @Get('actions/:id/change/:part')
  @Allow('action:write')
  changeAction(@IdParam() id: string, @Param('part') part: string, @Req() request: PageRequest, @Res() response: Response) {
    return this.show(request, response, 'action', id, part);
  }

  @Post('actions/:id/change/:part')
  @Allow('action:write')
  saveAction(
    @IdParam() id: string,
    @Param('part') part: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ) {
    return this.save(request, response, 'action', id, part, body, (dto) => this.actions.update(id, dto as never, actor));
  }

  @Get('measures/:id/change/:part')
  @Allow('area:write')
  changeMeasure(@IdParam() id: string, @Param('part') part: string, @Req() request: PageRequest, @Res() response: Response) {
    return this.show(request, response, 'measure', id, part);
  }

  @Post('measures/:id/change/:part')
  @Allow('area:write')
  saveMeasure(
    @IdParam() id: string,
    @Param('part') part: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ) {
    return this.save(request, response, 'measure', id, part, body, (dto) => this.measures.update(id, dto as never, actor));
  }

  @Get('actions/:id/remove')
  @Allow('action:write')
  async confirmRemoval(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    await this.showRemoval(request, response, id, null);
  }

  @Post('actions/:id/remove')
  @Allow('action:write')
  async removeAction(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    try {
      const outcome = await new RemoveActionForm(body).submit((dto) => this.actions.remove(id, dto, actor));
      if ('errors' in outcome) return this.showRemoval(request, response, id, Object.values(outcome.errors)[0]);
      response.redirect(
        303,
        `/areas/${outcome.result.areaId}?done=${outcome.result.renumbered.length > 0 ? 'removedRenumbered' : 'removed'}`,
      );
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      await this.showRemoval(request, response, id, await this.staleSentence(id, body));
    }
  }

  private async show(request: PageRequest, response: Response, record: ChangedRecord, id: string, partName: string): Promise<void> {
    const part = partOf(record, partName);
    const editable = await this.read(record, id);
    const form = { ...formFromRecord(part, editable.values), version: editable.version, seen: await this.history.seen(id) };
    await this.render(request, response, part, editable, form, {});
  }

  private async save(
    request: PageRequest,
    response: Response,
    record: ChangedRecord,
    id: string,
    partName: string,
    body: FormBody,
    change: (dto: object) => Promise<unknown>,
  ): Promise<void> {
    const part = partOf(record, partName);
    try {
      // Read before saving only where the form needs the record as it stands (a measure's unit for its figures).
      const current = part.toDto ? await this.read(record, id) : undefined;
      const outcome = await new ChangeForm(body, record, part, await this.people(), current?.values ?? {}).submit(change);
      if ('errors' in outcome) return this.render(request, response, part, current ?? (await this.read(record, id)), body, outcome.errors);
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      // Someone saved first: show what was typed against the record as it is now, and say what they changed.
      const editable = await this.read(record, id);
      const changes = await this.history.since(id, Number(body.seen) || 0);
      const typed = { ...body, version: editable.version, seen: await this.history.seen(id) };
      return this.render(request, response, part, editable, typed, { [part.fields[0].name]: staleMessage(changes) }, 409);
    }
    response.redirect(303, `${pathOf(record, id)}?done=changed`);
  }

  private async render(
    request: PageRequest,
    response: Response,
    part: ChangePart,
    editable: Editable,
    form: FormBody,
    errors: FieldErrors,
    status = Object.keys(errors).length > 0 ? 400 : 200,
  ): Promise<void> {
    const users = await this.users.list();
    this.pages.render(
      request,
      response,
      'change.njk',
      {
        title: part.heading,
        caption: editable.caption,
        action: request.path,
        fields: part.fields.map((field) => ({
          ...field,
          date: field.kind === 'date' ? dateParts(form, field.name) : null,
          people: field.kind === 'person' ? offeredAs(users, field.name === 'scrutinyClerk' ? 'clerk' : 'officer') : null,
        })),
        choosesPeople: part.fields.some((field) => field.kind === 'person'),
        form,
        errors,
        errorList: errorList(errors),
        backLink: editable.path,
      },
      status,
    );
  }

  private async showRemoval(request: PageRequest, response: Response, id: string, refusal: string | null): Promise<void> {
    const action = await this.actions.get(id);
    const seen = await this.history.seen(id);
    this.pages.render(
      request,
      response,
      'remove-action.njk',
      {
        title: `Are you sure you want to remove action ${action.reference}?`,
        action,
        seen,
        errors: refusal ? { confirm: refusal } : {},
        errorList: refusal ? [{ text: refusal, href: '#confirm' }] : [],
        backLink: `/actions/${id}`,
      },
      refusal ? 409 : 200,
    );
  }

  private async staleSentence(id: string, body: FormBody): Promise<string> {
    return staleMessage(await this.history.since(id, Number(body.seen) || 0));
  }

  /** Everyone on record a person field can name, by name: people with accounts and people named on plans. */
  private people(): Promise<Person[]> {
    return this.users.list().then((users) => offeredAs(users, 'clerk'));
  }

  private async read(record: ChangedRecord, id: string): Promise<Editable> {
    if (record === 'inspection') {
      const inspection = await this.inspections.get(id);
      // An unconfirmed date of receipt is the publication date standing in for it: not shown as though someone had said it.
      const receivedOn = inspection.receiptConfirmed ? inspection.receivedOn : null;
      return {
        values: { ...inspection, receivedOn },
        version: inspection.version,
        caption: inspection.authority,
        path: `/inspections/${id}`,
      };
    }
    if (record === 'area') {
      const area = await this.areas.get(id);
      return { values: area, version: area.version, caption: `Area ${area.reference}: ${area.title}`, path: pathOf(record, id) };
    }
    if (record === 'measure') {
      const measure = await this.measures.get(id);
      const values = {
        ...measure,
        baselineValue: String(measure.baseline.value),
        baselineOn: measure.baseline.on,
        targetValue: String(measure.target.value),
        targetOn: measure.target.on,
      };
      return { values, version: measure.version, caption: `Measure: ${measure.name}`, path: pathOf(record, id) };
    }
    const action = await this.actions.get(id);
    return { values: action, version: action.version, caption: `Action ${action.reference}`, path: pathOf(record, id) };
  }
}

function pathOf(record: ChangedRecord, id: string): string {
  return `/${record === 'inspection' ? 'inspections' : `${record}s`}/${id}`;
}

function partOf(record: ChangedRecord, name: string): ChangePart {
  const parts: Record<string, ChangePart> = CHANGE_PARTS[record];
  if (!Object.hasOwn(parts, name)) throw new NotFoundException();
  return parts[name];
}

function staleMessage(changes: string[]): string {
  const what = changes.length > 0 ? changes.join(' ') : 'Someone else changed this while you were editing it.';
  return `${what} Check your change against it and save again.`;
}
