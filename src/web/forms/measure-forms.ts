import { CreateMeasureDto, MeasureValueDto } from '../../measures/measure.dto.js';
import { monthNumberOfName } from '../../../workflows/workflow.js';
import { figureAsTyped, lineProblems, MEASURE_UNITS, type MeasureUnit } from '../../measures/measure-rating.js';
import { dateFromFields, text, type FieldErrors, type FormBody } from '../forms.js';
import { PageForm } from './page-form.js';
import { PersonChoice, type Person } from './person-choice.js';

/** How many milestones the page offers: more can be given through the API. */
export const MILESTONE_ROWS = 3;

/**
 * A number as typed: a number when it reads as one, otherwise the text, which the DTO refuses in words. A percentage
 * may be typed as "62%", as a spreadsheet of values may give it; a figure of another unit may not.
 */
function number(body: FormBody, name: string, unit: string): number | string | undefined {
  const written = text(body, name);
  return written ? (figureAsTyped(written, unit) ?? written) : undefined;
}

const MEASURE_FIELD_ORDER = [
  'name',
  'definition',
  'unit',
  'direction',
  'baselineValue',
  'baselineOn',
  'targetValue',
  'targetOn',
  ...Array.from({ length: MILESTONE_ROWS }, (_, i) => [`milestone${i + 1}Value`, `milestone${i + 1}On`]).flat(),
  'dataSource',
  'owner',
  'ownerName',
  'ownerEmail',
  'frequency',
];

const MEASURE_INSTRUCTIONS: FieldErrors = {
  unit: 'Select the unit the measure is counted in',
  direction: 'Select whether a higher or a lower value is better',
  frequency: 'Select how often the figures are due',
  baselineValue: 'Enter the baseline value as a number',
  targetValue: 'Enter the target value as a number',
};

/** Adding a measure of impact to an improvement area. */
export class NewMeasureForm extends PageForm<CreateMeasureDto> {
  protected readonly dto = CreateMeasureDto;
  private readonly baselineOn = dateFromFields(this.body, 'baselineOn', 'Baseline date');
  private readonly targetOn = dateFromFields(this.body, 'targetOn', 'Target date');
  private readonly milestones = Array.from({ length: MILESTONE_ROWS }, (_, i) => ({
    value: number(this.body, `milestone${i + 1}Value`, text(this.body, 'unit')),
    on: dateFromFields(this.body, `milestone${i + 1}On`, `Milestone ${i + 1} date`),
  }));

  private readonly owner: PersonChoice;

  constructor(body: FormBody, onRecord: readonly Person[]) {
    super(body);
    this.owner = new PersonChoice(body, 'owner', onRecord);
  }

  protected override fieldNames() {
    const names: Record<string, string> = {
      'baseline.value': 'baselineValue',
      'baseline.on': 'baselineOn',
      'target.value': 'targetValue',
      'target.on': 'targetOn',
      'owner.name': 'ownerName',
      'owner.email': 'ownerEmail',
      owner: 'ownerName',
      milestones: 'milestone1Value',
    };
    // Only the milestones given go to the service: its numbering is of those, the page's of its rows.
    this.givenMilestones().forEach((row, index) => {
      names[`milestones.${index}.value`] = `milestone${row + 1}Value`;
      names[`milestones.${index}.on`] = `milestone${row + 1}On`;
    });
    return names;
  }

  protected override fieldOrder() {
    return MEASURE_FIELD_ORDER;
  }

  protected override reword(field: string, message: string): string {
    return MEASURE_INSTRUCTIONS[field] && /^(Select|Enter|.* must be a number)/.test(message) ? MEASURE_INSTRUCTIONS[field] : message;
  }

  private givenMilestones(): number[] {
    return this.milestones.flatMap((milestone, row) => (milestone.value !== undefined || milestone.on.value ? [row] : []));
  }

  protected values() {
    return {
      name: text(this.body, 'name'),
      definition: text(this.body, 'definition'),
      unit: text(this.body, 'unit') || undefined,
      direction: text(this.body, 'direction') || undefined,
      baseline: { value: number(this.body, 'baselineValue', text(this.body, 'unit')), on: this.baselineOn.value },
      target: { value: number(this.body, 'targetValue', text(this.body, 'unit')), on: this.targetOn.value },
      milestones: this.givenMilestones().map((row) => ({ value: this.milestones[row].value, on: this.milestones[row].on.value })),
      dataSource: text(this.body, 'dataSource'),
      owner: this.owner.person,
      frequency: text(this.body, 'frequency') || undefined,
    };
  }

  /** Dates the form can see are wrong or missing, and a milestone with half of it given. */
  protected override checks(): FieldErrors {
    const errors: FieldErrors = this.owner.problems('the person who enters the figures', true);
    if (this.baselineOn.error) errors.baselineOn = this.baselineOn.error;
    else if (!this.baselineOn.value) errors.baselineOn = 'Enter the baseline date';
    if (this.targetOn.error) errors.targetOn = this.targetOn.error;
    else if (!this.targetOn.value) errors.targetOn = 'Enter the target date';
    this.milestones.forEach((milestone, row) => {
      if (milestone.on.error) errors[`milestone${row + 1}On`] = milestone.on.error;
      else if (milestone.value !== undefined && !milestone.on.value)
        errors[`milestone${row + 1}On`] = `Enter the date of milestone ${row + 1}`;
      if (milestone.value === undefined && milestone.on.value)
        errors[`milestone${row + 1}Value`] = `Enter the value of milestone ${row + 1}`;
    });
    // The line's own problems (a target date before the baseline's, a percentage over 100) with the rest, not after them.
    const figure = (value: unknown) => (typeof value === 'number' ? value : undefined);
    const { baseline, target } = this.values();
    const unit = MEASURE_UNITS.find((known) => known === text(this.body, 'unit'));
    const line = lineProblems(
      {
        baseline: { value: figure(baseline.value), on: baseline.on },
        target: { value: figure(target.value), on: target.on },
        milestones: this.givenMilestones().map((row) => ({ value: figure(this.milestones[row].value), on: this.milestones[row].on.value })),
      },
      unit,
    );
    const names = this.fieldNames();
    for (const [path, [message]] of Object.entries(line)) errors[names[path] ?? path] ??= message;
    return errors;
  }
}

/** A value for one month, entered on the measure's page. */
export class MeasureValueForm extends PageForm<MeasureValueDto> {
  protected readonly dto = MeasureValueDto;

  /** `unit`: the measure's, by which "62%" is a percentage's value. */
  constructor(
    body: FormBody,
    private readonly unit: MeasureUnit,
  ) {
    super(body);
  }

  protected override fieldOrder() {
    return ['period', 'value', 'note', 'replace'];
  }

  /** A second value for a month is refused beside the box that says it corrects the first. */
  protected override refusalField(): string {
    return 'replace';
  }

  protected override reword(field: string, message: string): string {
    if (field === 'value' && /number|Enter/.test(message)) return 'Enter the value as a number';
    if (field === 'period' && /YYYY-MM/.test(message)) return 'Enter the month and year the value is for, like 3 2025';
    return message;
  }

  /** The month as typed: a number, or its name ("March", "mar"). */
  private period(): string | undefined {
    const typedMonth = text(this.body, 'period-month').toLowerCase();
    const year = text(this.body, 'period-year');
    if (!typedMonth && !year) return undefined;
    const month = /^\d{1,2}$/.test(typedMonth) ? Number(typedMonth) : monthNumberOfName(typedMonth);
    return `${year}-${String(month).padStart(2, '0')}`;
  }

  protected values() {
    return {
      period: this.period(),
      value: number(this.body, 'value', this.unit),
      note: text(this.body, 'note') || undefined,
      replace: this.body.replace === 'yes' ? true : undefined,
    };
  }

  protected override checks(): FieldErrors {
    const errors: FieldErrors = {};
    if (!text(this.body, 'period-month') || !text(this.body, 'period-year')) errors.period = 'Enter the month and year the value is for';
    if (text(this.body, 'value') === '') errors.value = 'Enter the value';
    return errors;
  }
}
