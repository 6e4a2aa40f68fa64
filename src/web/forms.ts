import { inWords } from '../../workflows/workflow.js';
import { isIsoDate, londonDate, londonTime } from '../common/dates.js';

/** Field messages keyed by field name, as the GOV.UK error summary and the fields show them. */
export type FieldErrors = Record<string, string>;

/** 2024-07-18 as "18 July 2024", the way GOV.UK writes dates. */
export function formatDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return '';
  return inWords(value.slice(0, 10));
}

/** A time of day as GOV.UK writes it: "08:00" as "8am", "17:30" as "5:30pm", and "midday" and "midnight". */
export function timeInWords(time: string): string {
  const [hours, minutes] = time.split(':').map(Number);
  if (minutes === 0 && (hours === 0 || hours === 12)) return hours === 0 ? 'midnight' : 'midday';
  return `${hours % 12 || 12}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}${hours < 12 ? 'am' : 'pm'}`;
}

/** A moment as GOV.UK writes it, on the clocks in England: "4 November 2024 at 9:05am". */
export function dateTimeInWords(value: unknown): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return '';
  const instant = new Date(value);
  return `${inWords(londonDate(instant))} at ${timeInWords(londonTime(instant))}`;
}

/** in_progress as "In progress", START_DELIVERY as "Start delivery". */
export function humanise(value: unknown): string {
  const words = (typeof value === 'string' ? value : '').toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML with its web addresses as links, so evidence named in a progress update is one click away. */
export function withLinks(value: unknown): string {
  const escaped = (typeof value === 'string' ? value : '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
  return escaped.replace(/https?:\/\/[^\s<]+?(?=[.,;:)]*(?:\s|$))/g, (url) => `<a class="govuk-link" href="${url}">${url}</a>`);
}

/** The confirmation a page shows for `?done=`, from its own messages; any other word in the address shows none. */
export const doneMessage = (messages: Readonly<Record<string, string>>, done: string | undefined | null): string | null =>
  done && Object.hasOwn(messages, done) ? messages[done] : null;

export type FormBody = Record<string, unknown>;

export function text(body: FormBody, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * A date from the GOV.UK pattern of three fields (name-day, name-month, name-year): the ISO date,
 * undefined when all three are empty, or an error message in the Design System's words.
 */
export function dateFromFields(body: FormBody, name: string, label: string): { value?: string; error?: string } {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => text(body, `${name}-${part}`));
  if (!day && !month && !year) return {};
  const missing = [
    ['day', day],
    ['month', month],
    ['year', year],
  ]
    .filter(([, value]) => !value)
    .map(([part]) => part);
  if (missing.length > 0) return { error: `${label} must include a ${missing.join(' and ')}` };
  if (![day, month, year].every((part) => /^\d+$/.test(part)) || year.length !== 4) return { error: `${label} must be a real date` };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isIsoDate(iso) ? { value: iso } : { error: `${label} must be a real date` };
}

/** The three fields' values again, to show what was typed, or a stored date split into them. */
export function dateParts(body: FormBody | null, name: string, stored?: string | null): { day: string; month: string; year: string } {
  if (body) return { day: text(body, `${name}-day`), month: text(body, `${name}-month`), year: text(body, `${name}-year`) };
  const [year, month, day] = (stored ?? '').split('-');
  return { day: day ? String(Number(day)) : '', month: month ? String(Number(month)) : '', year: year ?? '' };
}

/** The service's field paths (owner.email, percentComplete) mapped onto the form's fields, one message each. */
export function formErrors(fields: Record<string, string[]>, names: Record<string, string> = {}): FieldErrors {
  const errors: FieldErrors = {};
  for (const [path, messages] of Object.entries(fields)) {
    const field = names[path] ?? path.replaceAll('.', '-');
    errors[field] ??= messages[0];
  }
  return errors;
}

// Dates are three fields: the error summary links to the first, the day. A step's date is named after its step (happenedOn-SUBMIT).
const DATE_FIELDS = new Set([
  'dueOn',
  'endedOn',
  'expiresOn',
  'meetingOn',
  'publishedOn',
  'receivedOn',
  'revisedDueOn',
  'startedOn',
  'statedActionPlanDueOn',
  'statedDraftPlanDueOn',
]);
const isDateField = (field: string) => DATE_FIELDS.has(field) || field.startsWith('happenedOn-');

/** The error summary's list, in the order the fields appear on the page. */
export function errorList(errors: FieldErrors): Array<{ text: string; href: string }> {
  return Object.entries(errors).map(([field, message]) => ({ text: message, href: `#${field}${isDateField(field) ? '-day' : ''}` }));
}

/** Only a path on this service: never send someone elsewhere after they sign in or change their password. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
