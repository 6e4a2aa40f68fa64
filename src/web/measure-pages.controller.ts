import { monthInWords } from '../../workflows/workflow.js';
import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Allow, Pages } from '../auth/access.decorators.js';
import type { PageRequest } from '../auth/page-sessions.js';
import { Actor, type SignedInUser } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { unitWords } from '../common/field-words.js';
import { IdParam } from '../common/validation.js';
import { ImprovementAreasService } from '../improvement-areas/improvement-areas.service.js';
import { mayRecordFigures } from '../measures/measure-owner-rule.js';
import type { AuditDetails, AuditEvent, AuditValue } from '../audit/audit-event.entity.js';
import { latestEnterableMonth, periodOf, valueInWords, type MeasureUnit } from '../measures/measure-rating.js';
import { MeasuresService } from '../measures/measures.service.js';
import { MILESTONE_ROWS, MeasureValueForm, NewMeasureForm } from './forms/measure-forms.js';
import { dateParts, doneMessage, errorList, type FieldErrors, formatDate, type FormBody } from './forms.js';
import { PageErrorFilter } from './page-error.filter.js';
import { PageRenderer } from './page-renderer.js';
import { emailsIn, offeredAs } from '../users/people.js';
import type { Person } from './forms/person-choice.js';
import { UsersService } from '../users/users.service.js';

const DONE: Record<string, string> = {
  created: 'Measure added.',
  value: 'Value saved.',
  changed: 'Your change has been saved.',
};

/** The measures of impact: adding one to an improvement area, and a measure's page with its values. */
@Pages()
@UseFilters(PageErrorFilter)
@Controller()
export class MeasurePagesController {
  constructor(
    private readonly areas: ImprovementAreasService,
    private readonly clock: Clock,
    private readonly measures: MeasuresService,
    private readonly pages: PageRenderer,
    private readonly users: UsersService,
  ) {}

  @Get('areas/:id/measures/new')
  @Allow('area:write')
  async newMeasure(@IdParam() id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    await this.showNewMeasure(request, response, id, null, {});
  }

  @Post('areas/:id/measures')
  @Allow('area:write')
  async addMeasure(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const outcome = await new NewMeasureForm(body, await this.officers()).submit((dto) => this.measures.create(id, dto, actor));
    if ('errors' in outcome) return this.showNewMeasure(request, response, id, body, outcome.errors);
    response.redirect(303, `/measures/${outcome.result.id}?done=created`);
  }

  @Get('measures/:id')
  @Allow('plan:read')
  async measure(
    @IdParam() id: string,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Query('done') done?: string,
  ): Promise<void> {
    await this.showMeasure(request, response, id, null, {}, done);
  }

  @Post('measures/:id/values')
  @Allow('measure:record')
  async addValue(
    @IdParam() id: string,
    @Body() body: FormBody,
    @Req() request: PageRequest,
    @Res() response: Response,
    @Actor() actor: SignedInUser,
  ): Promise<void> {
    const { unit } = await this.measures.get(id);
    const outcome = await new MeasureValueForm(body, unit).submit((dto) => this.measures.addValue(id, dto, actor));
    if ('errors' in outcome) return this.showMeasure(request, response, id, body, outcome.errors);
    response.redirect(303, `/measures/${id}?done=value`);
  }

  private async showNewMeasure(request: PageRequest, response: Response, areaId: string, form: FormBody | null, errors: FieldErrors) {
    const [area, officers] = await Promise.all([this.areas.get(areaId), this.officers()]);
    this.pages.render(
      request,
      response,
      'new-measure.njk',
      {
        title: `Add a measure to area ${area.reference}`,
        area,
        form: form ?? {},
        dates: {
          baselineOn: dateParts(form, 'baselineOn'),
          targetOn: dateParts(form, 'targetOn'),
          ...Object.fromEntries(
            Array.from({ length: MILESTONE_ROWS }, (_, i) => [`milestone${i + 1}On`, dateParts(form, `milestone${i + 1}On`)]),
          ),
        },
        milestoneRows: Array.from({ length: MILESTONE_ROWS }, (_, i) => i + 1),
        officers,
        errors,
        // Each date is three fields: the summary links to the first, the day.
        errorList: errorList(errors).map((item) => (/On$/.test(item.href) ? { ...item, href: `${item.href}-day` } : item)),
        backLink: `/areas/${areaId}`,
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }

  /** Who the form offers to enter a measure's figures: as on its Change page, the plan's officers. */
  private async officers(): Promise<Person[]> {
    return offeredAs(await this.users.list(), 'officer');
  }

  private async showMeasure(
    request: PageRequest,
    response: Response,
    id: string,
    form: FormBody | null,
    errors: FieldErrors,
    done?: string,
  ) {
    const [measure, history] = await Promise.all([this.measures.get(id), this.measures.history(id)]);
    const people = await this.users.namesOf(emailsIn(history));
    // The month most likely wanted: the one missing, or else the latest that can be entered (one that is over).
    const [year, month] = (measure.rating.missing?.period ?? latestEnterableMonth(periodOf(this.clock.today()), measure.frequency)).split(
      '-',
    );
    this.pages.render(
      request,
      response,
      'measure.njk',
      {
        title: `Measure: ${measure.name}`,
        measure,
        words: {
          unit: unitWords(measure.unit),
          baseline: `${valueInWords(measure.baseline.value, measure.unit)} on ${formatDate(measure.baseline.on)}`,
          target: `${valueInWords(measure.target.value, measure.unit)} by ${formatDate(measure.target.on)}`,
          milestones: measure.milestones.map((point) => `${valueInWords(point.value, measure.unit)} by ${formatDate(point.on)}`),
          values: measure.values.map((value) => ({
            ...value,
            month: monthInWords(value.period),
            text: valueInWords(value.value, measure.unit),
          })),
          latest: measure.rating.latest ? valueInWords(measure.rating.latest.value, measure.unit) : null,
        },
        history: historyInWords(history, measure.unit),
        people,
        mayRecord: mayRecordFigures(request.signedIn!, measure.owner),
        form: form ?? { 'period-month': String(Number(month)), 'period-year': year },
        errors,
        errorList: errorList(errors).map((item) => (item.href === '#period' ? { ...item, href: '#period-month' } : item)),
        done: doneMessage(DONE, done),
        backLink: `/areas/${measure.areaId}`,
      },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }
}

/** The fields of a measure's history that hold one of its values. */
const VALUE_FIELDS = new Set(['value', 'baselineValue', 'targetValue']);
/** Entries whose comment is the note entered with a value, not a reason. */
const VALUE_EVENTS = new Set(['VALUE_ENTERED', 'VALUE_CORRECTED']);

type Detail = AuditDetails[string];
/** A recorded value in words of `unit`: "52%", or milestones kept as "31 March 2026: 56; 30 June 2026: 60". */
const inUnit = (field: string, value: AuditValue, unit: MeasureUnit): AuditValue => {
  if (typeof value === 'number' && VALUE_FIELDS.has(field)) return valueInWords(value, unit);
  if (typeof value === 'string' && field === 'milestones')
    return value.replace(/: (-?\d+(?:\.\d+)?)(?=;|$)/g, (_, figure: string) => `: ${valueInWords(Number(figure), unit)}`);
  return value;
};

/** A change's from in the unit before it, its to in the unit after. */
const detailInUnits = (field: string, detail: Detail, units: { from: MeasureUnit; to: MeasureUnit }): Detail =>
  detail !== null && typeof detail === 'object'
    ? { from: inUnit(field, detail.from, units.from), to: inUnit(field, detail.to, units.to) }
    : inUnit(field, detail, units.to);

/**
 * A measure's history in the words of its page: values in the unit the measure had at the time ("Value: 52% to 54%"),
 * its owner as the person who enters the figures, and a value's note as its note rather than as the reason why.
 */
function historyInWords(history: AuditEvent[], currentUnit: MeasureUnit): AuditEvent[] {
  // Oldest first: each entry's values are in the unit it leaves, which is the unit before the next change of unit.
  const unitChanges = history.flatMap((entry) => {
    const change = entry.details?.unit;
    return change !== null && typeof change === 'object'
      ? [{ id: entry.id, from: change.from as MeasureUnit, to: change.to as MeasureUnit }]
      : [];
  });
  const unitAfter = (id: number) => unitChanges.find((change) => change.id > id)?.from ?? currentUnit;
  return history.map((entry) => {
    const change = unitChanges.find((unitChange) => unitChange.id === entry.id);
    const units = change ? { from: change.from, to: change.to } : { from: unitAfter(entry.id), to: unitAfter(entry.id) };
    const details: AuditDetails | null =
      entry.details &&
      Object.fromEntries(
        Object.entries(entry.details).map(([field, detail]) => [
          field === 'owner' ? 'figuresEnteredBy' : field,
          detailInUnits(field, detail, units),
        ]),
      );
    if (!VALUE_EVENTS.has(entry.event) || !entry.comment) return { ...entry, details };
    return { ...entry, details: details && 'note' in details ? details : { ...details, note: entry.comment }, comment: null };
  });
}
