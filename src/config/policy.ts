import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isIsoDate, type IsoDate } from '../common/dates.js';
import { RAG_STATUSES, type RagPolicy } from '../rag/rag-rules.js';

export interface DeadlineRule {
  workingDays: number;
  onlyWithPriorityAction: boolean;
}

export interface FrameworkPolicy {
  code: string;
  name: string;
  /** Grade key to the words Ofsted uses; empty when the framework gives no graded judgements. */
  grades: Record<string, string>;
  deadlines: { actionPlan?: DeadlineRule; draftActionPlan?: DeadlineRule };
}

export interface BankHolidayCorrections {
  add: Map<IsoDate, string>;
  remove: Set<IsoDate>;
}

export interface DeadlineReminders {
  workingDaysBefore: number[];
  onTheDay: boolean;
  overdueEveryWorkingDays: number;
}

export interface ReminderPolicy {
  /** "HH:MM", Europe/London. */
  sendAt: string;
  stopSendingAt: string;
  actionDue: DeadlineReminders & { copyAssignerFromWorkingDaysOverdue: number };
  planDeadline: DeadlineReminders;
  retry: { maxAttempts: number; firstDelayMinutes: number };
}

export interface ScrutinyPolicy {
  everyMonths: number;
  clerk: DeadlineReminders;
  /** Asked for their update ahead of the review only: the clerk chases after it. */
  areaLeads: { workingDaysBefore: number[] };
}

/** The council's editable policy, read from config/ once at start. */
export class Policy {
  constructor(
    readonly frameworks: ReadonlyMap<string, FrameworkPolicy>,
    readonly bankHolidays: BankHolidayCorrections,
    readonly reminders: ReminderPolicy,
    readonly scrutiny: ScrutinyPolicy,
    readonly rag: RagPolicy,
  ) {}
}

export class InvalidPolicyError extends Error {
  constructor(file: string, problems: string[]) {
    super(`The policy file ${file} has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadPolicy(configDir: string): Policy {
  return new Policy(
    readFrameworks(join(configDir, 'frameworks.yaml')),
    readBankHolidays(join(configDir, 'bank-holidays.yaml')),
    readReminders(join(configDir, 'reminders.yaml')),
    readScrutiny(join(configDir, 'scrutiny.yaml')),
    readRag(join(configDir, 'rag.yaml')),
  );
}

function readYaml(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidPolicyError(file, [error instanceof Error ? error.message : String(error)]);
  }
  if (!isRecord(parsed)) throw new InvalidPolicyError(file, ['It should hold named settings, not a list or a single value.']);
  return parsed;
}

function readFrameworks(file: string): Map<string, FrameworkPolicy> {
  const problems: string[] = [];
  const frameworks = new Map<string, FrameworkPolicy>();
  const entries = readYaml(file).frameworks;
  if (!isRecord(entries) || Object.keys(entries).length === 0)
    throw new InvalidPolicyError(file, ['"frameworks" must name at least one framework.']);

  for (const [code, raw] of Object.entries(entries)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(code)) problems.push(`${code}: framework codes are capital letters, digits and underscores.`);
    if (!isRecord(raw)) {
      problems.push(`${code}: expected name, grades and deadlines.`);
      continue;
    }
    const name = typeof raw.name === 'string' && raw.name.trim() ? raw.name.trim() : (problems.push(`${code}: "name" is missing.`), code);
    const grades: Record<string, string> = {};
    if (raw.grades !== undefined && !isRecord(raw.grades)) problems.push(`${code}: "grades" must map grade keys to their wording.`);
    for (const [key, label] of Object.entries(isRecord(raw.grades) ? raw.grades : {})) {
      if (typeof label === 'string' && label.trim()) grades[key] = label.trim();
      else problems.push(`${code}: grade "${key}" needs its wording.`);
    }
    const deadlines: FrameworkPolicy['deadlines'] = {};
    const rawDeadlines = isRecord(raw.deadlines) ? raw.deadlines : {};
    for (const [kind, rule] of Object.entries(rawDeadlines)) {
      if (kind !== 'actionPlan' && kind !== 'draftActionPlan') {
        problems.push(`${code}: unknown deadline "${kind}" (expected actionPlan or draftActionPlan).`);
        continue;
      }
      const workingDays = isRecord(rule) ? rule.workingDays : undefined;
      if (typeof workingDays !== 'number' || !Number.isInteger(workingDays) || workingDays < 1 || workingDays > 366) {
        problems.push(`${code}: ${kind}.workingDays must be a whole number from 1 to 366.`);
        continue;
      }
      deadlines[kind] = { workingDays, onlyWithPriorityAction: isRecord(rule) && rule.onlyWithPriorityAction === true };
    }
    frameworks.set(code, { code, name, grades, deadlines });
  }
  if (problems.length > 0) throw new InvalidPolicyError(file, problems);
  return frameworks;
}

function readBankHolidays(file: string): BankHolidayCorrections {
  const problems: string[] = [];
  const raw = readYaml(file);
  const dates = (key: 'add' | 'remove') => {
    const list = raw[key] ?? [];
    if (!Array.isArray(list)) {
      problems.push(`"${key}" must be a list.`);
      return [];
    }
    return list.flatMap((entry: unknown, index) => {
      const date = isRecord(entry) ? entry.date : undefined;
      if (!isIsoDate(date)) {
        problems.push(`${key}[${index}]: "date" must be a real date written YYYY-MM-DD.`);
        return [];
      }
      return [{ date, name: isRecord(entry) && typeof entry.name === 'string' ? entry.name : 'Bank holiday' }];
    });
  };
  const corrections = { add: new Map(dates('add').map((d) => [d.date, d.name])), remove: new Set(dates('remove').map((d) => d.date)) };
  if (problems.length > 0) throw new InvalidPolicyError(file, problems);
  return corrections;
}

function readReminders(file: string): ReminderPolicy {
  const problems: string[] = [];
  const raw = readYaml(file);
  const time = (key: string) => {
    const value = raw[key];
    if (typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value)) return value;
    problems.push(`${key} must be a time written HH:MM, such as "08:00".`);
    return '08:00';
  };
  const count = (section: string, value: unknown, key: string, min: number, max: number) => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`${section}.${key} must be a whole number from ${min} to ${max}.`);
    return min;
  };
  const deadline = (section: 'actionDue' | 'planDeadline') => {
    const value = isRecord(raw[section]) ? raw[section] : (problems.push(`"${section}" is missing.`), {});
    const before = Array.isArray(value.workingDaysBefore)
      ? value.workingDaysBefore
      : (problems.push(`${section}.workingDaysBefore must be a list.`), []);
    return {
      value,
      reminders: {
        workingDaysBefore: [...new Set(before.map((days: unknown) => count(section, days, 'workingDaysBefore', 1, 120)))].sort(
          (a, b) => b - a,
        ),
        onTheDay: value.onTheDay !== false,
        overdueEveryWorkingDays: count(section, value.overdueEveryWorkingDays, 'overdueEveryWorkingDays', 1, 60),
      },
    };
  };
  const sendAt = time('sendAt');
  const stopSendingAt = time('stopSendingAt');
  if (stopSendingAt <= sendAt) problems.push('stopSendingAt must be later in the day than sendAt.');
  const actionDue = deadline('actionDue');
  const planDeadline = deadline('planDeadline');
  const retry = isRecord(raw.retry) ? raw.retry : (problems.push('"retry" is missing.'), {});
  const policy: ReminderPolicy = {
    sendAt,
    stopSendingAt,
    actionDue: {
      ...actionDue.reminders,
      copyAssignerFromWorkingDaysOverdue: count(
        'actionDue',
        actionDue.value.copyAssignerFromWorkingDaysOverdue,
        'copyAssignerFromWorkingDaysOverdue',
        1,
        120,
      ),
    },
    planDeadline: planDeadline.reminders,
    retry: {
      maxAttempts: count('retry', retry.maxAttempts, 'maxAttempts', 1, 50),
      firstDelayMinutes: count('retry', retry.firstDelayMinutes, 'firstDelayMinutes', 1, 1440),
    },
  };
  if (problems.length > 0) throw new InvalidPolicyError(file, problems);
  return policy;
}

function readScrutiny(file: string): ScrutinyPolicy {
  const problems: string[] = [];
  const raw = readYaml(file);
  const count = (key: string, value: unknown, min: number, max: number) => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`${key} must be a whole number from ${min} to ${max}.`);
    return min;
  };
  const section = (key: string) => (isRecord(raw[key]) ? raw[key] : (problems.push(`"${key}" is missing.`), {}));
  const daysBefore = (key: string, value: Record<string, unknown>) => {
    const list = Array.isArray(value.workingDaysBefore)
      ? value.workingDaysBefore
      : (problems.push(`${key}.workingDaysBefore must be a list.`), []);
    return [...new Set(list.map((days: unknown) => count(`${key}.workingDaysBefore`, days, 1, 120)))].sort((a, b) => b - a);
  };
  const clerk = section('clerk');
  const areaLeads = section('areaLeads');
  const policy: ScrutinyPolicy = {
    everyMonths: count('everyMonths', raw.everyMonths, 1, 24),
    clerk: {
      workingDaysBefore: daysBefore('clerk', clerk),
      onTheDay: clerk.onTheDay !== false,
      overdueEveryWorkingDays: count('clerk.overdueEveryWorkingDays', clerk.overdueEveryWorkingDays, 1, 60),
    },
    areaLeads: { workingDaysBefore: daysBefore('areaLeads', areaLeads) },
  };
  if (problems.length > 0) throw new InvalidPolicyError(file, problems);
  return policy;
}

function readRag(file: string): RagPolicy {
  const problems: string[] = [];
  const raw = readYaml(file);
  const section = (key: string) => (isRecord(raw[key]) ? raw[key] : (problems.push(`"${key}" is missing.`), {}));
  const count = (key: string, value: unknown, min: number, max: number) => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`${key} must be a whole number from ${min} to ${max}.`);
    return min;
  };
  const ratings = section('ratings');
  const rated = Object.fromEntries(
    RAG_STATUSES.map((status) => {
      const entry = isRecord(ratings[status]) ? ratings[status] : {};
      const text = (key: string) =>
        typeof entry[key] === 'string' && entry[key].trim()
          ? entry[key].trim()
          : (problems.push(`ratings.${status}.${key} is missing.`), status);
      return [status, { colour: text('colour'), label: text('label') }];
    }),
  ) as RagPolicy['ratings'];
  const atRisk = section('atRisk');
  const ownerRating =
    raw.ownerRating === 'worsens' || raw.ownerRating === 'ignore'
      ? raw.ownerRating
      : (problems.push('ownerRating must be "worsens" or "ignore".'), 'ignore');
  const policy: RagPolicy = {
    ratings: rated,
    awaitingSignOff: { percentComplete: count('awaitingSignOff.percentComplete', section('awaitingSignOff').percentComplete, 1, 100) },
    atRisk: {
      dueWithinWorkingDays: count('atRisk.dueWithinWorkingDays', atRisk.dueWithinWorkingDays, 0, 120),
      progressBelowPercent: count('atRisk.progressBelowPercent', atRisk.progressBelowPercent, 0, 100),
      dateMovedTimes: count('atRisk.dateMovedTimes', atRisk.dateMovedTimes, 1, 100),
    },
    ownerRating,
  };
  if (problems.length > 0) throw new InvalidPolicyError(file, problems);
  return policy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
