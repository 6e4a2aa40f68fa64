import { CommitImportDto } from '../../imports/import.dto.js';
import { dateFromFields, dateParts, text, type FieldErrors, type FormBody } from '../forms.js';
import type { IsoDate } from '../../common/dates.js';
import { impossibleDates } from '../../inspections/inspection-dates.js';
import { PageForm } from './page-form.js';
import { PersonChoice, type Person } from './person-choice.js';

/** What the import found, as far as the form needs it. */
export interface ImportPreview {
  authority: string | null;
  startedOn: string | null;
  endedOn: string | null;
  publishedOn: string | null;
  improvementAreas: Array<{ title: string; timeframe: string | null }>;
}

/** The people the preview asks for, with the words its messages use for each. */
const PEOPLE_FIELDS = { planLead: 'the plan lead', scrutinyClerk: 'the committee clerk' } as const;

const DATES = {
  startedOn: 'The date the inspection started',
  endedOn: 'The date the inspection ended',
  publishedOn: 'Date published',
  receivedOn: 'Date received',
} as const;

/** Most areas a preview can hold: as many as the commit takes. */
const MOST_AREAS = 100;

/** The preview's fields as the page shows them: what was found, or what was typed when a form is shown again. */
export function importPreviewFields(preview: ImportPreview, body: FormBody | null) {
  const typed = (name: string, found?: string | null) => (body ? text(body, name) : (found ?? ''));
  const count = body ? areaCount(body, preview) : preview.improvementAreas.length;
  return {
    authority: typed('authority', preview.authority),
    dates: {
      startedOn: dateParts(body, 'startedOn', preview.startedOn),
      endedOn: dateParts(body, 'endedOn', preview.endedOn),
      publishedOn: dateParts(body, 'publishedOn', preview.publishedOn),
      receivedOn: dateParts(body, 'receivedOn'),
    },
    people: Object.fromEntries(
      Object.keys(PEOPLE_FIELDS).map((field) => [
        field,
        { chosen: typed(field), name: typed(`${field}Name`), email: typed(`${field}Email`) },
      ]),
    ),
    scrutinyCommittee: typed('scrutinyCommittee'),
    areaCount: count,
    areas: Array.from({ length: count }, (_, index) => {
      const found = preview.improvementAreas[index];
      const field = (part: string) => `area-${index}-${part}`;
      return {
        title: typed(field('title'), found?.title),
        timeframe: typed(field('timeframe'), found?.timeframe),
        leftOut: body ? text(body, field('leftOut')) === 'yes' : false,
        lead: typed(field('lead')),
        leadName: typed(field('leadName')),
        leadEmail: typed(field('leadEmail')),
      };
    }),
  };
}

/**
 * How many area rows the form holds: those found, and any the person added. A form that does not
 * say holds those found, so that no area is dropped unless someone leaves it out.
 */
function areaCount(body: FormBody, preview: ImportPreview): number {
  const count = text(body, 'areaCount') ? Number(text(body, 'areaCount')) : NaN;
  return Number.isInteger(count) && count >= 0 ? Math.min(count, MOST_AREAS) : preview.improvementAreas.length;
}

/** The form again with one more, empty, area row: "Add another area" saves nothing. */
export function withAnotherArea(body: FormBody, preview: ImportPreview): FormBody {
  return { ...body, areaCount: String(Math.min(areaCount(body, preview) + 1, MOST_AREAS)) };
}

/**
 * Committing an imported report, with the person's corrections to what was found: the council and
 * dates, the areas kept, added and reworded, each area's lead officer, and who leads and scrutinises
 * the plan.
 */
export class ImportCommitForm extends PageForm<CommitImportDto> {
  protected readonly dto = CommitImportDto;
  private readonly dates = Object.fromEntries(
    Object.entries(DATES).map(([field, label]) => [field, dateFromFields(this.body, field, label)]),
  ) as Record<keyof typeof DATES, { value?: string; error?: string }>;
  private readonly people: Record<keyof typeof PEOPLE_FIELDS, PersonChoice>;
  /** The rows kept for the plan, each with its row number on the form (rows left out leave gaps in the list sent). */
  private readonly areas: Array<{ row: number; title: string; timeframe: string; lead: PersonChoice }>;

  constructor(
    body: FormBody,
    private readonly preview: ImportPreview,
    onRecord: readonly Person[],
    /** Today, in Europe/London: a report cannot be published or received after it. */
    private readonly today: IsoDate,
  ) {
    super(body);
    this.people = {
      planLead: new PersonChoice(body, 'planLead', onRecord),
      scrutinyClerk: new PersonChoice(body, 'scrutinyClerk', onRecord),
    };
    this.areas = Array.from({ length: areaCount(body, preview) }, (_, row) => row)
      .filter((row) => text(body, `area-${row}-leftOut`) !== 'yes')
      .map((row) => ({
        row,
        title: text(body, `area-${row}-title`),
        timeframe: text(body, `area-${row}-timeframe`),
        lead: new PersonChoice(body, `area-${row}-lead`, onRecord),
      }));
  }

  protected values() {
    return {
      authority: text(this.body, 'authority') || undefined,
      startedOn: this.dates.startedOn.value,
      endedOn: this.dates.endedOn.value,
      publishedOn: this.dates.publishedOn.value,
      receivedOn: this.dates.receivedOn.value,
      planLead: this.people.planLead.person,
      scrutinyCommittee: text(this.body, 'scrutinyCommittee') || undefined,
      scrutinyClerk: this.people.scrutinyClerk.person,
      improvementAreas: this.areas.map((area) => ({
        title: area.title,
        ...(area.timeframe ? { timeframe: area.timeframe } : {}),
        ...(area.lead.person ? { leadOfficer: area.lead.person } : {}),
      })),
    };
  }

  protected override checks(): FieldErrors {
    const errors: FieldErrors = {};
    // A field the page sent empty was cleared, and what the report said is not put back behind the person's back.
    const sent = (...fields: string[]) => fields.some((field) => field in this.body);
    if (!text(this.body, 'authority') && (sent('authority') || !this.preview.authority)) errors.authority = 'Enter the council’s name';
    for (const [field, date] of Object.entries(this.dates)) if (date.error) errors[field] = date.error;
    const publishedParts = ['day', 'month', 'year'].map((part) => `publishedOn-${part}`);
    if (!errors.publishedOn && !this.dates.publishedOn.value && (sent(...publishedParts) || !this.preview.publishedOn))
      errors.publishedOn = 'Enter the date the report was published';
    // Dates that cannot be together (an end before the start) are told with the rest, not once the rest is put right.
    const merged = (field: 'startedOn' | 'endedOn' | 'publishedOn') => this.dates[field].value ?? this.preview[field];
    const together = impossibleDates(
      {
        startedOn: merged('startedOn'),
        endedOn: merged('endedOn'),
        publishedOn: merged('publishedOn'),
        receivedOn: this.dates.receivedOn.value,
      },
      this.today,
    );
    for (const [field, [message]] of Object.entries(together)) errors[field] ??= message;
    for (const [field, who] of Object.entries(PEOPLE_FIELDS))
      Object.assign(errors, this.people[field as keyof typeof PEOPLE_FIELDS].problems(who, false));
    for (const area of this.areas) {
      if (!area.title) errors[`area-${area.row}-title`] = `Enter what needs to improve in area ${area.row + 1}, or leave the area out`;
      Object.assign(errors, area.lead.problems(`the lead officer for area ${area.row + 1}`, false));
    }
    return errors;
  }

  /** The service's problems and the form's own, listed together in the order of the page. */
  protected override fieldOrder(): string[] {
    const person = (field: string) => [field, `${field}Name`, `${field}Email`];
    return [
      'authority',
      ...Object.keys(DATES),
      ...person('planLead'),
      'scrutinyCommittee',
      ...person('scrutinyClerk'),
      ...Array.from({ length: areaCount(this.body, this.preview) }, (_, row) => [
        `area-${row}-title`,
        `area-${row}-timeframe`,
        ...person(`area-${row}-lead`),
      ]).flat(),
    ];
  }

  /** The commit's field paths (improvementAreas.2.leadOfficer.email) as the rows on the form. */
  protected override fieldNames(): Record<string, string> {
    const names: Record<string, string> = {
      'planLead.name': 'planLeadName',
      'planLead.email': 'planLeadEmail',
      'scrutinyClerk.name': 'scrutinyClerkName',
      'scrutinyClerk.email': 'scrutinyClerkEmail',
    };
    this.areas.forEach((area, index) => {
      const row = `area-${area.row}`;
      names[`improvementAreas.${index}.title`] = `${row}-title`;
      names[`improvementAreas.${index}.timeframe`] = `${row}-timeframe`;
      names[`improvementAreas.${index}.leadOfficer.name`] = `${row}-leadName`;
      names[`improvementAreas.${index}.leadOfficer.email`] = `${row}-leadEmail`;
    });
    return names;
  }

  protected override reword(field: string, message: string): string {
    const who = this.whoseField(field);
    if (field.endsWith('Email')) return `Enter the email address of ${who} in the correct format, like name@example.gov.uk`;
    if (field.endsWith('Name')) return `Enter the name of ${who} on one line, in 200 characters or less`;
    if (field === 'scrutinyCommittee') return 'Enter the committee’s name on one line, in 200 characters or less';
    if (field === 'authority') return 'Enter the council’s name on one line, in 200 characters or less';
    const area = /^area-(\d+)-(title|timeframe)$/.exec(field);
    if (area)
      return area[2] === 'title'
        ? `Enter what needs to improve in area ${Number(area[1]) + 1} on one line, in 2,000 characters or less`
        : `Enter the timeframe of area ${Number(area[1]) + 1} in 100 characters or less`;
    return message;
  }

  /** Whom a person's field names, as the messages say it. */
  private whoseField(field: string): string {
    const area = /^area-(\d+)-lead/.exec(field);
    if (area) return `the lead officer for area ${Number(area[1]) + 1}`;
    return field.startsWith('planLead') ? PEOPLE_FIELDS.planLead : PEOPLE_FIELDS.scrutinyClerk;
  }
}
