import type { Type } from '@nestjs/common';
import { UpdateActionDto } from '../../actions/action.dto.js';
import { UpdateImprovementAreaDto } from '../../improvement-areas/improvement-area.dto.js';
import { UpdateInspectionDto } from '../../inspections/inspection.dto.js';
import { UpdateMeasureDto } from '../../measures/measure.dto.js';
import { figureAsTyped } from '../../measures/measure-rating.js';
import { dateFromFields, dateParts, text, type FieldErrors, type FormBody } from '../forms.js';
import { PageForm } from './page-form.js';
import type { Person } from './person-choice.js';

/**
 * One field of a Change page. A `person` is chosen from those on record (a select, which JavaScript
 * turns into an autocomplete) or given as a new name and email; a `date` is the GOV.UK three fields.
 */
export interface ChangeField {
  kind: 'text' | 'textarea' | 'date' | 'person';
  /** The DTO's field, and the form's. */
  name: string;
  label: string;
  hint?: string;
  /** A date field for a day still to come: its hint gives an example this many days ahead, never one long gone. */
  exampleDaysAhead?: number;
}

/** What one Change link leads to: a heading and the fields it changes. */
export interface ChangePart {
  heading: string;
  fields: ChangeField[];
  /** Where the API takes one thing in two fields (a target's value and date), how the form's values become its body; `current`, the record as it stands (a measure's unit). */
  toDto?: (values: Record<string, unknown>, current: Record<string, unknown>) => Record<string, unknown>;
  /** The API's paths for the fields `toDto` nests, as the form's own field names. */
  paths?: Record<string, string>;
}

/** A measure's baseline or target: one thing to the API (`{value, on}`), two fields on the page. */
function pointOfTrajectory(
  point: 'baseline' | 'target',
  valueLabel: string,
  dateLabel: string,
  date: Pick<ChangeField, 'hint' | 'exampleDaysAhead'>,
): ChangePart {
  const [value, on] = [`${point}Value`, `${point}On`];
  return {
    heading: `Change the ${point}`,
    fields: [
      { kind: 'text', name: value, label: valueLabel },
      { kind: 'date', name: on, label: dateLabel, ...date },
    ],
    toDto: ({ [value]: typed, [on]: date, ...rest }, { unit }) => ({
      ...rest,
      [point]: { value: numberIfWritten(typed, String(unit)), on: date },
    }),
    paths: { [`${point}.value`]: value, [`${point}.on`]: on },
  };
}

/** The parts of an inspection, an area and an action that have Change links, by the address's last segment. */
export const CHANGE_PARTS = {
  inspection: {
    council: { heading: 'Change the council', fields: [{ kind: 'text', name: 'authority', label: 'Council' }] },
    dates: {
      heading: 'Change the inspection’s dates',
      fields: [
        { kind: 'date', name: 'startedOn', label: 'First day of the inspection' },
        { kind: 'date', name: 'endedOn', label: 'Last day of the inspection' },
        { kind: 'date', name: 'publishedOn', label: 'Date the report was published' },
        {
          kind: 'date',
          name: 'receivedOn',
          label: 'Date the council received the report',
          hint: 'The deadlines are counted from the day after. Leave it empty if it is not known yet.',
        },
      ],
    },
    'plan-lead': {
      heading: 'Change who leads the plan',
      fields: [{ kind: 'person', name: 'planLead', label: 'Plan lead', hint: 'Reminded as the statutory deadline approaches.' }],
    },
    scrutiny: {
      heading: 'Change the scrutiny committee',
      fields: [
        { kind: 'text', name: 'scrutinyCommittee', label: 'Committee', hint: 'Its name, as its papers give it.' },
        { kind: 'person', name: 'scrutinyClerk', label: 'Committee clerk', hint: 'Reminded as each review approaches.' },
      ],
    },
  },
  area: {
    title: {
      heading: 'Change what needs to improve',
      fields: [{ kind: 'textarea', name: 'title', label: 'What needs to improve', hint: 'As the report words it.' }],
    },
    'lead-officer': {
      heading: 'Change the lead officer',
      fields: [{ kind: 'person', name: 'leadOfficer', label: 'Lead officer' }],
    },
    timeframe: {
      heading: 'Change the timeframe',
      fields: [{ kind: 'text', name: 'timeframe', label: 'Timeframe', hint: 'For example, within three months' }],
    },
    description: {
      heading: 'Change the description',
      fields: [{ kind: 'textarea', name: 'description', label: 'Description' }],
    },
  },
  action: {
    title: { heading: 'Change the action', fields: [{ kind: 'textarea', name: 'title', label: 'Action' }] },
    owner: {
      heading: 'Change the owner',
      fields: [
        { kind: 'person', name: 'owner', label: 'Owner', hint: 'A new owner reassigns the action, and you are recorded as assigning it.' },
      ],
    },
    'due-date': {
      heading: 'Change the due date',
      fields: [
        { kind: 'date', name: 'dueOn', label: 'Due date', exampleDaysAhead: 60 },
        {
          kind: 'textarea',
          name: 'reason',
          label: 'Why the due date is moving',
          hint: 'Needed once the plan has been sent to Ofsted: the committee sees why each due date moved.',
        },
      ],
    },
    'success-measure': {
      heading: 'Change the success measure',
      fields: [{ kind: 'textarea', name: 'successMeasure', label: 'Success measure' }],
    },
  },
  measure: {
    name: { heading: 'Change the measure’s name', fields: [{ kind: 'text', name: 'name', label: 'Name' }] },
    definition: {
      heading: 'Change the definition',
      fields: [{ kind: 'textarea', name: 'definition', label: 'Definition', hint: 'What is counted, and out of what.' }],
    },
    baseline: pointOfTrajectory('baseline', 'Baseline value', 'Date of the baseline', { hint: 'For example, 31 3 2024' }),
    target: pointOfTrajectory('target', 'Target value', 'Target date', { exampleDaysAhead: 365 }),
    'data-source': {
      heading: 'Change where the figures come from',
      fields: [
        { kind: 'text', name: 'dataSource', label: 'Where the figures come from', hint: 'The system or report they are taken from.' },
      ],
    },
    owner: {
      heading: 'Change who enters the figures',
      fields: [{ kind: 'person', name: 'owner', label: 'Who enters the figures', hint: 'Reminded when each month’s figure is due.' }],
    },
  },
} satisfies Record<string, Record<string, ChangePart>>;

export type ChangedRecord = keyof typeof CHANGE_PARTS;

/** The form's fields filled from the record as it is now: `values` holds the record's own (dates as ISO, people as {name, email}). */
export function formFromRecord(part: ChangePart, values: Record<string, unknown>): FormBody {
  const body: FormBody = {};
  for (const field of part.fields) {
    const value = values[field.name];
    if (field.kind === 'date') {
      const parts = dateParts(null, field.name, typeof value === 'string' ? value : null);
      for (const [unit, typed] of Object.entries(parts)) body[`${field.name}-${unit}`] = typed;
    } else if (field.kind === 'person') {
      body[field.name] = (value as Person | null)?.email ?? '';
    } else {
      body[field.name] = typeof value === 'string' ? value : '';
    }
  }
  return body;
}

const DTOS: Record<ChangedRecord, Type<object>> = {
  inspection: UpdateInspectionDto,
  area: UpdateImprovementAreaDto,
  action: UpdateActionDto,
  measure: UpdateMeasureDto,
};

/** A number as typed in the measure's unit ("62", or "62%" for a percentage), or the text itself, so that the API's own check says what is wrong with it. */
function numberIfWritten(typed: unknown, unit: string): unknown {
  return typeof typed === 'string' && typed ? (figureAsTyped(typed, unit) ?? typed) : undefined;
}

/**
 * A Change page's form, for any of its parts: only the fields on the page go to the service, with the
 * version the page was read at. A person is someone on record (chosen by email) unless a new name or
 * email is typed; nobody chosen leaves the person as they were.
 */
export class ChangeForm extends PageForm<object> {
  protected readonly dto: Type<object>;
  private readonly dates: Record<string, { value?: string; error?: string }> = {};

  constructor(
    body: FormBody,
    record: ChangedRecord,
    private readonly part: ChangePart,
    private readonly people: readonly Person[],
    private readonly current: Record<string, unknown>,
  ) {
    super(body);
    this.dto = DTOS[record];
    for (const field of part.fields.filter((candidate) => candidate.kind === 'date')) {
      this.dates[field.name] = dateFromFields(body, field.name, field.label);
    }
  }
  protected override explainsStaleEdits(): boolean {
    return true;
  }

  protected values() {
    const values: Record<string, unknown> = { version: Number(this.body.version) };
    for (const field of this.part.fields) {
      if (field.kind === 'date') values[field.name] = this.dates[field.name].value;
      else if (field.kind === 'person') values[field.name] = this.person(field.name);
      else values[field.name] = text(this.body, field.name);
    }
    // A due date already past is taken only once the person confirms it (the box shows after the service asks).
    if (this.body.confirmPastDueOn === 'yes') values.confirmPastDueOn = true;
    return this.part.toDto ? this.part.toDto(values, this.current) : values;
  }

  protected override checks(): FieldErrors {
    return Object.fromEntries(
      Object.entries(this.dates)
        .filter(([, date]) => date.error)
        .map(([name, date]) => [name, date.error!]),
    );
  }

  protected override fieldNames(): Record<string, string> {
    const people = this.part.fields
      .filter((field) => field.kind === 'person')
      .flatMap((field) => [
        [`${field.name}.name`, `${field.name}Name`],
        [`${field.name}.email`, `${field.name}Email`],
      ]);
    return { ...(Object.fromEntries(people) as Record<string, string>), ...this.part.paths };
  }

  protected override reword(field: string, message: string): string {
    const person = this.part.fields.find((candidate) => candidate.kind === 'person' && field.startsWith(candidate.name));
    if (person && field.endsWith('Email')) return 'Enter an email address in the correct format, like name@example.com';
    if (person && field.endsWith('Name')) return `Enter the name of the ${person.label.toLowerCase()}`;
    const own = this.part.fields.find((candidate) => candidate.name === field);
    if (own && /should not be empty|must be a string/.test(message)) return `Enter the ${own.label.toLowerCase()}`;
    if (own && /must be shorter/.test(message)) return `${own.label} is too long: shorten it`;
    if (own && /must be a number/.test(message)) return `Enter the ${own.label.toLowerCase()} as a number`;
    if (own && own.kind === 'date' && /^Enter /.test(message)) return `Enter the ${own.label.toLowerCase()}`;
    // The service's own checks name fields as the API does (endedOn): name them as this page does.
    const worded = this.part.fields.reduce((words, known) => words.replaceAll(known.name, `the ${known.label.toLowerCase()}`), message);
    return worded.charAt(0).toUpperCase() + worded.slice(1);
  }

  private person(name: string): Person | undefined {
    const typed = { name: text(this.body, `${name}Name`), email: text(this.body, `${name}Email`) };
    if (typed.name || typed.email) return typed;
    const chosen = text(this.body, name).toLowerCase();
    return this.people.find((person) => person.email.toLowerCase() === chosen);
  }
}
