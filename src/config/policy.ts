import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../common/dates.js';
import { MEASURE_STATUSES, MEASURE_UNITS, type MeasurePolicy } from '../measures/measure-rating.js';
import { RAG_STATUSES, type RagPolicy } from '../rag/rag-rules.js';

/**
 * The council's editable policy (config/*.yaml), read and checked once at start. Each file has a
 * schema; a file that does not fit it stops the service with every problem named by file and
 * setting, in words a council officer can act on.
 */

const wholeNumber = (min: number, max: number) => {
  const problem = `must be a whole number from ${min} to ${max}`;
  return z.number(problem).int(problem).min(min, problem).max(max, problem);
};
const words = (what: string) => z.string(`needs ${what}`).trim().min(1, `needs ${what}`);
/** Working-day offsets, largest first and each once: the order reminders go out in. */
const workingDaysBefore = z
  .array(wholeNumber(1, 120), 'must be a list of whole numbers of working days, such as [14, 7, 1]')
  .transform((days) => [...new Set(days)].sort((a, b) => b - a));
const time = z
  .string('must be a time written HH:MM, such as "08:00"')
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time written HH:MM, such as "08:00"');
const date = z.string('must be a real date written YYYY-MM-DD').refine(isIsoDate, 'must be a real date written YYYY-MM-DD');

const deadlineRule = z.strictObject({
  workingDays: wholeNumber(1, 366),
  onlyWithPriorityAction: z.boolean('must be true or false').default(false),
  onlyWhenRequired: z.boolean('must be true or false').default(false),
});

/** A report's timeframe as a due date: this many calendar months after publication (0: the day it was published). */
const timeframeRule = z.strictObject({ months: wholeNumber(0, 60) });

const frameworksFile = z.strictObject({
  frameworks: z
    .record(
      z.string(),
      z.strictObject({
        name: words('a name'),
        grades: z.record(z.string(), words('its wording')).default({}),
        deadlines: z.strictObject({ actionPlan: deadlineRule.optional(), draftActionPlan: deadlineRule.optional() }).default({}),
        principalAuthority: z.boolean('must be true or false').default(false),
      }),
    )
    // Checked beside each framework's settings rather than before them, so one reading lists every problem.
    .superRefine((frameworks, context) => {
      if (Object.keys(frameworks).length === 0) context.addIssue({ code: 'custom', message: 'must name at least one framework' });
      for (const code of Object.keys(frameworks).filter((code) => !/^[A-Z][A-Z0-9_]*$/.test(code))) {
        context.addIssue({ code: 'custom', path: [code], message: 'framework codes are capital letters, digits and underscores' });
      }
    }),
  timeframes: z.record(z.string(), timeframeRule).default({}),
});

const bankHolidaysFile = z.strictObject({
  add: z.array(z.object({ date, name: z.string().default('Bank holiday') }), 'must be a list').default([]),
  remove: z.array(z.object({ date }), 'must be a list').default([]),
});

/** How one deadline is reminded: ahead of it, on the day, then every few working days while it is missed. */
const deadlineReminders = z.strictObject({
  workingDaysBefore,
  onTheDay: z.boolean('must be true or false').default(true),
  overdueEveryWorkingDays: wholeNumber(1, 60),
  /** Whoever gave the work out (an action's assigner) is copied once it is this many working days overdue. */
  copyAssignerFromWorkingDaysOverdue: wholeNumber(1, 120).optional(),
});

/** Every other top-level setting is one kind of reminder's rules, read by that kind (see ReminderKinds). */
const remindersFile = z
  .object({
    sendAt: time,
    stopSendingAt: time,
    retry: z.strictObject({ maxAttempts: wholeNumber(1, 50), firstDelayMinutes: wholeNumber(1, 1440) }),
  })
  .catchall(deadlineReminders)
  .refine((file) => file.stopSendingAt > file.sendAt, { message: 'must be later in the day than sendAt', path: ['stopSendingAt'] });

const scrutinyFile = z.strictObject({
  everyMonths: wholeNumber(1, 24),
  clerk: deadlineReminders,
  areaLeads: z.strictObject({
    workingDaysBefore,
    // Files edited before summaries had a day of their own still start: the paper's usual lead time.
    // At least a day ahead: the leads are asked again that day, before the review's own.
    summaryDueWorkingDaysBefore: wholeNumber(1, 60).default(10),
  }),
});

const ratingWords = `must be one of the ratings above: ${RAG_STATUSES.join(', ')}`;
const ragFile = z.strictObject({
  ratings: z.strictObject(
    Object.fromEntries(
      RAG_STATUSES.map((status) => [status, z.strictObject({ colour: words('a colour'), label: words('its words') })]),
    ) as Record<(typeof RAG_STATUSES)[number], z.ZodObject<{ colour: z.ZodString; label: z.ZodString }>>,
  ),
  awaitingSignOff: z.strictObject({ percentComplete: wholeNumber(1, 100) }),
  atRisk: z.strictObject({
    dueWithinWorkingDays: wholeNumber(0, 120),
    progressBelowPercent: wholeNumber(0, 100),
    dateMovedTimes: wholeNumber(1, 100),
  }),
  ownerRating: z.enum(['worsens', 'ignore'], 'must be "worsens" or "ignore"'),
  areaFromMeasures: z.strictObject({ red: z.enum(RAG_STATUSES, ratingWords), amber: z.enum(RAG_STATUSES, ratingWords) }),
  measures: z.strictObject({
    ratings: z.strictObject(
      Object.fromEntries(
        MEASURE_STATUSES.map((status) => [status, z.strictObject({ colour: words('a colour'), label: words('its words') })]),
      ) as Record<(typeof MEASURE_STATUSES)[number], z.ZodObject<{ colour: z.ZodString; label: z.ZodString }>>,
    ),
    tolerance: z.strictObject(
      Object.fromEntries(
        MEASURE_UNITS.map((unit) => [unit, z.number('must be a number, 0 or more').min(0, 'must be a number, 0 or more')]),
      ) as Record<(typeof MEASURE_UNITS)[number], z.ZodNumber>,
    ),
    dataDueDaysAfterPeriod: wholeNumber(0, 90),
  }),
});

export type DeadlineRule = z.infer<typeof deadlineRule>;
export type DeadlineReminders = z.infer<typeof deadlineReminders>;

export interface FrameworkPolicy {
  code: string;
  name: string;
  /** Grade key to the words Ofsted uses; empty when the framework gives no graded judgements. */
  grades: Record<string, string>;
  deadlines: { actionPlan?: DeadlineRule; draftActionPlan?: DeadlineRule };
  /** Ofsted's letter names a principal authority to lead the plan, which may be a partner agency (a JTAI). */
  principalAuthority: boolean;
}

export interface BankHolidayCorrections {
  add: Map<IsoDate, string>;
  remove: Set<IsoDate>;
}

export interface ReminderPolicy {
  /** "HH:MM", Europe/London. */
  sendAt: string;
  stopSendingAt: string;
  retry: { maxAttempts: number; firstDelayMinutes: number };
  /** Each kind of reminder's rules, under the name the kind reads them by (actionDue, planDeadline, …). */
  kinds: ReadonlyMap<string, DeadlineReminders>;
}

export type ScrutinyPolicy = z.infer<typeof scrutinyFile>;

/** A timeframe as written ("Within three months"), in the form it is looked up by: lower case, single spaces, no full stop. */
export function timeframeKey(timeframe: string): string {
  return timeframe
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[.:;]+$/, '');
}

/** The council's editable policy, read from config/ once at start. */
export class Policy {
  constructor(
    readonly frameworks: ReadonlyMap<string, FrameworkPolicy>,
    readonly bankHolidays: BankHolidayCorrections,
    readonly reminders: ReminderPolicy,
    readonly scrutiny: ScrutinyPolicy,
    readonly rag: RagPolicy,
    /** Months from publication for each timeframe, by timeframeKey. */
    readonly timeframes: ReadonlyMap<string, number>,
    /** How measures of impact are rated, from config/rag.yaml's measures section. */
    readonly measures: MeasurePolicy,
  ) {}

  /** A framework's name in words ("Inspection of local authority children's services (ILACS, 2018 on)"), or its code if unknown. */
  frameworkName(code: string): string {
    return this.frameworks.get(code)?.name ?? code;
  }

  /** One kind of reminder's rules from config/reminders.yaml: a kind without its rules stops the service at start. */
  reminderRules(kind: string): DeadlineReminders {
    const rules = this.reminders.kinds.get(kind);
    if (!rules) throw new InvalidPolicyError('reminders.yaml', [`${kind} is missing: it says when these reminders go out.`]);
    return rules;
  }
}

export class InvalidPolicyError extends Error {
  constructor(file: string, problems: string[]) {
    super(`The policy file ${file} has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadPolicy(configDir: string): Policy {
  const read = <T extends z.ZodType>(name: string, schema: T): z.infer<T> => readPolicyFile(join(configDir, name), schema);
  const { frameworks, timeframes } = read('frameworks.yaml', frameworksFile);
  const bankHolidays = read('bank-holidays.yaml', bankHolidaysFile);
  const { sendAt, stopSendingAt, retry, ...kinds } = read('reminders.yaml', remindersFile);
  const rag = read('rag.yaml', ragFile);
  return new Policy(
    new Map(Object.entries(frameworks).map(([code, framework]) => [code, { code, ...framework }])),
    { add: new Map(bankHolidays.add.map((day) => [day.date, day.name])), remove: new Set(bankHolidays.remove.map((day) => day.date)) },
    { sendAt, stopSendingAt, retry, kinds: new Map(Object.entries(kinds as Record<string, DeadlineReminders>)) },
    read('scrutiny.yaml', scrutinyFile),
    rag,
    new Map(Object.entries(timeframes).map(([timeframe, rule]) => [timeframeKey(timeframe), rule.months])),
    rag.measures,
  );
}

/** One YAML file checked against its schema; every problem is named by its setting's path. */
export function readPolicyFile<T extends z.ZodType>(file: string, schema: T): z.infer<T> {
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidPolicyError(file, [error instanceof Error ? error.message : String(error)]);
  }
  const result = schema.safeParse(parsed ?? {}, { error: plainWords });
  if (!result.success) throw new InvalidPolicyError(file, result.error.issues.map(problem));
  return result.data;
}

function problem(issue: z.core.$ZodIssue): string {
  const setting = issue.path.join('.');
  return setting ? `${setting}: ${issue.message}.` : `${issue.message.charAt(0).toUpperCase()}${issue.message.slice(1)}.`;
}

/** Zod's own words for the problems the schemas above leave to it. */
function plainWords(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is missing';
  if (issue.code === 'invalid_type' && issue.expected === 'object') return 'should hold named settings, not a list or a single value';
  if (issue.code === 'unrecognized_keys') return `has settings the service does not know: ${issue.keys.join(', ')}`;
  return undefined;
}
