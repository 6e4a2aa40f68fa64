import type { ValidationError } from 'class-validator';
import { inWords, monthInWords } from '../../workflows/workflow.js';

/**
 * What each field is called when the service tells a person about it, written to follow "Enter …"
 * or to start a sentence. Keyed by the field's own name; a field inside a person or a list takes its
 * parent's words too (see `fieldLabel`).
 */
const LABELS: Record<string, string> = {
  actionId: 'the action',
  active: 'whether the account is active',
  add: 'the number of working days to add',
  area: 'the judgement',
  areaId: 'the improvement area',
  authority: 'the council’s name',
  baseline: 'the baseline',
  comment: 'the reason',
  committee: 'the committee',
  confirmPastDueOn: 'whether the due date in the past is right',
  csv: 'the values, as CSV',
  currentPassword: 'your current password',
  dataSource: 'where the figures come from',
  definition: 'the definition',
  description: 'the description',
  direction: 'which way is better',
  dueOn: 'the due date',
  email: 'the email address',
  endedOn: 'the date the inspection ended',
  expiresOn: 'the date it expires',
  figuresEnteredBy: 'who enters the figures',
  file: 'the report',
  framework: 'the inspection framework',
  frequency: 'how often the figures are due',
  from: 'the date to count from',
  grade: 'the grade',
  happenedOn: 'the date it happened',
  improvementAreas: 'the improvement areas',
  judgements: 'the judgements',
  leadInspector: 'the lead inspector’s name',
  leadOfficer: 'the lead officer',
  leadOfficerId: 'the lead officer',
  meetingOn: 'the date of the meeting',
  milestones: 'the milestones',
  mitigation: 'what is being done to bring it back on track',
  name: 'the name',
  narrative: 'the summary',
  narrativeConfirmedOn: 'the date the summary was confirmed as still true',
  newPassword: 'your new password',
  note: 'the note',
  on: 'the date',
  outcome: 'the outcome',
  ownerId: 'the owner',
  outcomes: 'the outcomes',
  overallEffectiveness: 'the grade for overall effectiveness',
  owner: 'the owner',
  password: 'the password',
  percentComplete: 'how complete it is',
  period: 'the month the value is for',
  planLead: 'the plan lead',
  planLeadId: 'the plan lead',
  principalAuthority: 'the principal authority',
  priorityAction: 'whether the report names areas for priority action',
  publishedOn: 'the date the report was published',
  // Told apart from the action's RAG rating, which the rules give (and which may read this one).
  rag: 'the RAG rating given with the update',
  receivedOn: 'the date the council received the report',
  reminderDelivery: 'how your reminders come',
  revisedDueOn: 'the revised date',
  replace: 'whether to replace the value already entered',
  reportedOn: 'the date of the update',
  role: 'a role',
  scrutinyClerk: 'the committee clerk',
  scrutinyClerkId: 'the committee clerk',
  scrutinyCommittee: 'the scrutiny committee',
  serviceAccount: 'whether this is a service account',
  startedOn: 'the date the inspection started',
  statedActionPlanDueOn: 'the date Ofsted’s letter gives for the action plan',
  statedDraftPlanDueOn: 'the date Ofsted’s letter gives for the draft plan',
  statementRequired: 'whether a written statement is required',
  status: 'which reminders to show',
  successMeasure: 'the success measure',
  target: 'the target',
  text: 'what has been done',
  timeframe: 'the timeframe',
  title: 'the title',
  type: 'what to do',
  unit: 'the unit',
  userId: 'the account',
  value: 'the value',
  version: 'the version you last read',
};

/** Who a person field belongs to, so "owner.email" reads "the owner’s email address". */
const WHOSE: Record<string, string> = {
  baseline: 'the baseline',
  leadOfficer: 'the lead officer’s',
  owner: 'the owner’s',
  planLead: 'the plan lead’s',
  scrutinyClerk: 'the committee clerk’s',
  target: 'the target',
};

/** What one entry of a list is called: "judgements.1.grade" is about judgement 2. */
const ENTRY: Record<string, string> = {
  improvementAreas: 'improvement area',
  judgements: 'judgement',
  milestones: 'milestone',
  outcomes: 'review outcome',
};

/** A field's words from its path (owner.email → "the owner’s email address"); a field this service does not name keeps its name. */
export function fieldLabel(path: string): string {
  const parts = path.split('.');
  let entry = '';
  // The innermost list entry names the row: "for improvement area 2".
  for (let index = parts.length - 2; index >= 0; index -= 1) {
    if (/^\d+$/.test(parts[index + 1] ?? '') && ENTRY[parts[index]]) {
      entry = ` for ${ENTRY[parts[index]]} ${Number(parts[index + 1]) + 1}`;
      break;
    }
  }
  const named = parts.filter((part) => !/^\d+$/.test(part));
  const field = named[named.length - 1] ?? path;
  const parent = named[named.length - 2];
  const own = LABELS[field] ?? field;
  const label = parent && WHOSE[parent] && field !== parent ? `${WHOSE[parent]} ${own.replace(/^the /, '')}` : own;
  return `${label}${entry}`;
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const numberIn = (message: string | undefined) => /\d+/.exec(message ?? '')?.[0] ?? '';
/** A count of characters as GOV.UK writes one: "2,000". */
const charactersIn = (message: string | undefined) => Number(numberIn(message)).toLocaleString('en-GB');

/**
 * One sentence per failed rule, in the GOV.UK Design System's words for error messages: what to do,
 * naming the field as a person knows it, never its path, a rule's name, or a list of codes.
 */
const RULES: Array<[rule: string, words: (label: string, message: string | undefined) => string]> = [
  ['whitelistValidation', (label) => `${sentence(label)} is not something this takes`],
  ['isDefined', (label) => `Enter ${label}`],
  ['isNotEmpty', (label) => `Enter ${label}`],
  ['isPoint', (label) => `Enter ${label} as a value and a date`],
  ['nestedValidation', (label) => `Enter ${label} as a name and an email address`],
  ['isPerson', (label) => `Enter ${label} as a name and an email address`],
  ['isIn', (label) => `Select ${label}`],
  ['isUUID', (label) => `Select ${label}`],
  ['isBoolean', (label) => `Select yes or no for ${label}`],
  ['isEmail', (label) => `Enter ${label} in the correct format, like name@example.com`],
  ['isCalendarDate', (label) => `${sentence(label)} must be a real date, like 2024-04-09`],
  ['isInt', (label) => `${sentence(label)} must be a whole number`],
  ['isNumber', (label) => `${sentence(label)} must be a number`],
  ['isPeriod', (label) => `${sentence(label)} must be a month written YYYY-MM, like 2025-03`],
  ['min', (label, message) => `${sentence(label)} must be ${numberIn(message)} or more`],
  ['max', (label, message) => `${sentence(label)} must be ${numberIn(message)} or less`],
  ['isString', (label) => `${sentence(label)} must be text`],
  ['isArray', (label) => `${sentence(label)} must be a list`],
  ['arrayMinSize', (label, message) => `Give at least ${numberIn(message)} of ${label}`],
  ['arrayMaxSize', (label, message) => `Give no more than ${numberIn(message)} of ${label}`],
  ['minLength', (label, message) => `${sentence(label)} must be ${charactersIn(message)} characters or more`],
  ['maxLength', (label, message) => `${sentence(label)} must be ${charactersIn(message)} characters or less`],
  ['singleLine', (label) => `${sentence(label)} must be on one line`],
  ['matches', (label) => `Select ${label}`],
];

/**
 * The one message a person needs about a field, from the rules it failed: the most basic first (a
 * missing value before its length), so "Enter the title" is not followed by "must be text".
 */
export function fieldMessage(path: string, constraints: Record<string, string>): string {
  const label = fieldLabel(path);
  for (const [rule, words] of RULES) if (rule in constraints) return words(label, constraints[rule]);
  // A rule not listed above: its own message, with the field named in words.
  const message = Object.values(constraints)[0] ?? '';
  const property = path.split('.').pop() ?? path;
  return sentence(message.startsWith(property) ? `${label}${message.slice(property.length)}` : message || `Check ${label}`);
}

/** class-validator's failures as one plain message per field, keyed by the field's path, in the order the fields are declared. */
export function fieldMessages(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) fields[path] = [fieldMessage(path, error.constraints)];
    Object.assign(fields, fieldMessages(error.children ?? [], path));
  }
  return fields;
}

type Recorded = string | number | boolean | null;

/** Stored values as a person reads them, by field: "Unit: percentage", never the stored "percent". */
const VALUE_WORDS: Record<string, Record<string, string>> = {
  unit: { percent: 'percentage', count: 'count', days: 'days', rate_per_10000: 'rate per 10,000 children' },
  direction: { higher: 'a higher value', lower: 'a lower value' },
};

/** A measure's unit as the pages name it: "Percentage". */
export const unitWords = (unit: string) => sentence(VALUE_WORDS.unit[unit] ?? unit);

/**
 * A value as a history shows it: a person by name (`people`, by address), its field's words for it, a date or a month
 * in words, nothing as "none", yes or no.
 */
function valueWords(field: string, value: Recorded, people: Readonly<Record<string, string>>): string {
  if (value === null || value === '') return 'none';
  if (typeof value === 'string' && Object.hasOwn(people, value)) return people[value];
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (field === 'percentComplete' && typeof value === 'number') return `${value}%`;
  if (typeof value === 'string' && VALUE_WORDS[field]?.[value]) return VALUE_WORDS[field][value];
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return inWords(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}$/.test(value)) return monthInWords(value);
  return String(value).replaceAll('_', ' ');
}

const CAME_THROUGH: Readonly<Record<string, string>> = { upload: 'From an uploaded spreadsheet' };

/**
 * What a history entry changed, one line per field in words: "Due date: 31 October 2024 to 28
 * February 2025", "Owner: Sam Patel to Jo Brown" (the history keeps addresses; `people` names them), or what
 * was set where there was nothing: "Lead officer: Jo Brown".
 * A field this service does not name keeps its name, split into words.
 */
export function changeWords(
  details: Record<string, Recorded | { from: Recorded; to: Recorded }> | null,
  people: Readonly<Record<string, string>> = {},
): string[] {
  return Object.entries(details ?? {}).map(([field, value]) => {
    // A record the change came through, kept by its id: said in words, as the id means nothing to a person.
    if (Object.hasOwn(CAME_THROUGH, field)) return CAME_THROUGH[field];
    const label = LABELS[field]
      ? sentence(LABELS[field].replace(/^(the|a) /, ''))
      : sentence(field.replace(/([A-Z])/g, ' $1').toLowerCase());
    // Set where there was nothing: what it now is, rather than "none to" before a summary's paragraphs.
    if (value !== null && typeof value === 'object' && (value.from === null || value.from === ''))
      return `${label}: ${valueWords(field, value.to, people)}`;
    if (value !== null && typeof value === 'object')
      return `${label}: ${valueWords(field, value.from, people)} to ${valueWords(field, value.to, people)}`;
    return `${label}: ${valueWords(field, value, people)}`;
  });
}
