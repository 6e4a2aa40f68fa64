import { Injectable } from '@nestjs/common';
import Holidays from 'date-holidays';
import { addDays, dayOfWeek, type IsoDate } from '../common/dates.js';
import { Policy } from '../config/policy.js';

/**
 * Working days as SI 2007/462 defines them: not a Saturday, Sunday, Christmas Day, Good Friday
 * or a bank holiday in England and Wales (including substitute and one-off days).
 */
@Injectable()
export class CalendarService {
  private readonly englandAndWales = new Holidays('GB', 'ENG');
  private readonly bankHolidaysByYear = new Map<number, Map<IsoDate, string>>();

  constructor(private readonly policy: Policy) {}

  bankHoliday(date: IsoDate): string | null {
    return this.bankHolidaysIn(Number(date.slice(0, 4))).get(date) ?? null;
  }

  isWorkingDay(date: IsoDate): boolean {
    const weekday = dayOfWeek(date);
    return weekday !== 0 && weekday !== 6 && this.bankHoliday(date) === null;
  }

  /** The date `days` working days after `from`, counting from the next day, as the statutory deadlines do. */
  addWorkingDays(from: IsoDate, days: number): IsoDate {
    let date = from;
    for (let counted = 0; counted < days; ) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) counted += 1;
    }
    return date;
  }

  /**
   * Moves `days` working days from `date`, backwards when negative. Zero gives `date` itself
   * when it is a working day, otherwise the working day before it.
   */
  shiftWorkingDays(date: IsoDate, days: number): IsoDate {
    if (days > 0) return this.addWorkingDays(date, days);
    let shifted = date;
    if (days === 0) {
      while (!this.isWorkingDay(shifted)) shifted = addDays(shifted, -1);
      return shifted;
    }
    for (let counted = 0; counted < -days; ) {
      shifted = addDays(shifted, -1);
      if (this.isWorkingDay(shifted)) counted += 1;
    }
    return shifted;
  }

  /** Working days after `from` up to and including `to`; negative when `to` has passed. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    if (to < from) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (this.isWorkingDay(date)) count += 1;
    return count;
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
