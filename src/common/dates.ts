/** Calendar dates are ISO strings (YYYY-MM-DD) throughout: no time, no zone, nothing to drift. */
export type IsoDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  // A month past 12 is no date at all (toISOString would throw); a day past the month's end rolls over.
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

let lastHour = NaN;
let lastDate: IsoDate = '';

/** The date it is in England at that instant: deadlines are English dates, whatever the server's zone. */
export function londonDate(instant: Date): IsoDate {
  // Days in England begin on the hour in UTC (at 00:00 or 23:00), so one answer serves a whole UTC hour;
  // the formatter is slow enough to show in every request's profile.
  const hour = Math.floor(instant.getTime() / 3_600_000);
  if (hour !== lastHour) {
    lastDate = LONDON_DATE.format(instant);
    lastHour = hour;
  }
  return lastDate;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/** 0 is Sunday, 6 is Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** "HH:MM" on the clocks in England at that instant. */
export function londonTime(instant: Date): string {
  return londonWallClock(instant).slice(11, 16);
}

/** The instant at which clocks in England show `time` ("HH:MM") on `date`, in GMT or BST as that day has it. */
export function londonInstant(date: IsoDate, time: string): Date {
  const wanted = Date.parse(`${date}T${time}:00Z`);
  // Guess as if London were on UTC, then correct by the offset the clocks actually had; twice covers a change of offset.
  let instant = wanted;
  for (let pass = 0; pass < 2; pass += 1) instant = wanted - (Date.parse(`${londonWallClock(new Date(instant))}Z`) - instant);
  return new Date(instant);
}

function londonWallClock(instant: Date): string {
  const parts = Object.fromEntries(LONDON_CLOCK.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The same day `months` calendar months later, or the month's last day when it is shorter (31 August + 6 is 28 February). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}
