import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Pages } from '../auth/access.decorators.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { IdParam } from '../common/validation.js';
import { Policy } from '../config/policy.js';
import { InspectionsService } from '../inspections/inspections.service.js';
import { LetterForm, letterQuestions } from './forms/deadline-forms.js';
import { dateParts, errorList, type FieldErrors, type FormBody } from './forms.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';

/** The dates a plan works to, as Ofsted's letter gives them: the day the report arrived, Ofsted's own dates, what it asks for. */
@Pages()
@UseFilters(PageErrorFilter)
@Controller('inspections/:id/letter')
export class DeadlinePagesController {
  constructor(
    private readonly inspections: InspectionsService,
    private readonly pages: PageRenderer,
    private readonly policy: Policy,
  ) {}

  @Get()
  @Allow('inspection:write')
  async letter(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    await this.show(request, response, id, null, {});
  }

  @Post()
  @Allow('inspection:write')
  async saveLetter(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const inspection = await this.inspections.get(id);
    const outcome = await new LetterForm(body, this.questions(inspection)).submit((dto) => this.inspections.update(id, dto, actor));
    if ('errors' in outcome) return this.show(request, response, id, body, outcome.errors);
    response.redirect(303, `/inspections/${id}?done=letter`);
  }

  private questions(inspection: Awaited<ReturnType<InspectionsService['get']>>) {
    return letterQuestions(this.policy.frameworks.get(inspection.framework)!, inspection.plan);
  }

  private async show(request: PageRequest, response: Response, id: string, form: FormBody | null, errors: FieldErrors): Promise<void> {
    const inspection = await this.inspections.get(id);
    const yesNo = (value: boolean | null) => (value === true ? 'yes' : value === false ? 'no' : '');
    this.pages.render(
      request,
      response,
      'letter.njk',
      {
        title: 'Dates from Ofsted’s letter',
        inspection,
        questions: this.questions(inspection),
        form: form ?? {
          version: inspection.version,
          priorityAction: yesNo(inspection.priorityAction),
          statementRequired: yesNo(inspection.statementRequired),
          principalAuthority: inspection.principalAuthority ?? '',
        },
        // An unconfirmed date of receipt is the publication date standing in for it: not shown as though someone had said it.
        receivedOn: dateParts(form, 'receivedOn', inspection.receiptConfirmed ? inspection.receivedOn : null),
        statedActionPlanDueOn: dateParts(form, 'statedActionPlanDueOn', inspection.statedActionPlanDueOn),
        statedDraftPlanDueOn: dateParts(form, 'statedDraftPlanDueOn', inspection.statedDraftPlanDueOn),
        errors,
        errorList: errorList(errors),
        backLink: `/inspections/${id}`,
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }
}
