import { Injectable } from '@nestjs/common';
import Holidays from 'date-holidays';
import { addDays, dayOfWeek, type IsoDate } from '../common/dates.js';
import { Policy } from '../config/policy.js';

const DAY_MS = 86_400_000;

/** One year's working days, so that counting and adding them is a look-up, not a walk day by day. */
interface WorkingYear {
  /** The working days in order. */
  days: IsoDate[];
  /** For each day of the year (0 is 1 January), how many working days fall on or before it. */
  upTo: Uint16Array;
}

/**
 * Working days as SI 2007/462 defines them: not a Saturday, Sunday, Christmas Day, Good Friday
 * or a bank holiday in England and Wales (including substitute and one-off days).
 */
@Injectable()
export class WorkingDays {
  private readonly englandAndWales = new Holidays('GB', 'ENG');
  private readonly bankHolidaysByYear = new Map<number, Map<IsoDate, string>>();
  private readonly workingYears = new Map<number, WorkingYear>();

  constructor(private readonly policy: Policy) {}

  bankHoliday(date: IsoDate): string | null {
    return this.bankHolidaysIn(yearOf(date)).get(date) ?? null;
  }

  isWorkingDay(date: IsoDate): boolean {
    const weekday = dayOfWeek(date);
    return weekday !== 0 && weekday !== 6 && this.bankHoliday(date) === null;
  }

  /** Why a date is not a working day, in words ("a Saturday", "the Summer bank holiday", "Christmas Day, a bank holiday"); null for a working day. */
  dayOff(date: IsoDate): string | null {
    if (this.isWorkingDay(date)) return null;
    const holiday = this.bankHoliday(date);
    if (!holiday) return `a ${dayOfWeek(date) === 0 ? 'Sunday' : 'Saturday'}`;
    return /bank holiday/i.test(holiday) ? `the ${holiday}` : `${holiday}, a bank holiday`;
  }

  /** The date `days` working days after `from`, counting from the next day, as the statutory deadlines do. */
  addWorkingDays(from: IsoDate, days: number): IsoDate {
    if (days <= 0) return from;
    let year = yearOf(from);
    // Index into the year's working days of the first one after `from`, then `days - 1` on.
    let index = this.countUpTo(from) + days - 1;
    for (let working = this.workingYear(year); index >= working.days.length; working = this.workingYear(year)) {
      index -= working.days.length;
      year += 1;
    }
    return this.workingYear(year).days[index];
  }

  /**
   * Moves `days` working days from `date`, backwards when negative. Zero gives `date` itself
   * when it is a working day, otherwise the working day before it.
   */
  shiftWorkingDays(date: IsoDate, days: number): IsoDate {
    if (days > 0) return this.addWorkingDays(date, days);
    if (days === 0 && this.isWorkingDay(date)) return date;
    let year = yearOf(date);
    // The working days before `date` in its year are days[0 .. before - 1].
    const before = this.countUpTo(date) - (this.isWorkingDay(date) ? 1 : 0);
    let index = before - Math.max(1, -days);
    while (index < 0) {
      year -= 1;
      index += this.workingYear(year).days.length;
    }
    return this.workingYear(year).days[index];
  }

  /** Working days after `from` up to and including `to`; negative when `to` has passed. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    if (to < from) return -this.workingDaysBetween(to, from);
    let count = this.countUpTo(to) - this.countUpTo(from);
    for (let year = yearOf(from); year < yearOf(to); year += 1) count += this.workingYear(year).days.length;
    return count;
  }

  /** Working days from 1 January of the date's year up to and including the date. */
  private countUpTo(date: IsoDate): number {
    const year = yearOf(date);
    return this.workingYear(year).upTo[(Date.parse(`${date}T00:00:00Z`) - Date.parse(`${firstOf(year)}T00:00:00Z`)) / DAY_MS];
  }

  private workingYear(year: number): WorkingYear {
    let working = this.workingYears.get(year);
    if (!working) {
      const days: IsoDate[] = [];
      const upTo = new Uint16Array(366);
      let index = 0;
      for (let date = firstOf(year); yearOf(date) === year; index += 1, date = addDays(date, 1)) {
        if (this.isWorkingDay(date)) days.push(date);
        upTo[index] = days.length;
      }
      working = { days, upTo };
      this.workingYears.set(year, working);
    }
    return working;
  }

  private bankHolidaysIn(year: number): Map<IsoDate, string> {
    let days = this.bankHolidaysByYear.get(year);
    if (!days) {
      const { add, remove } = this.policy.bankHolidays;
      days = new Map(
        this.englandAndWales
          .getHolidays(year)
          .filter((holiday) => holiday.type === 'public')
          .map((holiday) => [holiday.date.slice(0, 10), holiday.name] as const)
          .filter(([date]) => !remove.has(date)),
      );
      for (const [date, name] of add) if (date.startsWith(`${year}-`)) days.set(date, name);
      this.bankHolidaysByYear.set(year, days);
    }
    return days;
  }
}

/** 1 January of the year, as an ISO date (Date.UTC would read years below 100 as 19xx). */
function firstOf(year: number): IsoDate {
  return `${String(year).padStart(4, '0')}-01-01`;
}

function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}
