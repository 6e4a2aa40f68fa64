import fc from 'fast-check';
import { resolve } from 'node:path';
import { WorkingDays } from '../../src/working-days/working-days.service.js';
import { addDays, londonDate } from '../../src/common/dates.js';
import { loadPolicy } from '../../src/config/policy.js';

const workingDays = new WorkingDays(loadPolicy(resolve(import.meta.dirname, '../../config')));

describe('working days in England and Wales', () => {
  it.each([
    // Report published 9 April 2024, plan due 18 July 2024: checked against the council's committee paper.
    ['2024-04-09', 70, '2024-07-18'],
    // Counting starts the next working day: a Friday receipt's first day is the Monday.
    ['2024-04-12', 1, '2024-04-15'],
    // Good Friday 29 March and Easter Monday 1 April 2024 are skipped.
    ['2024-03-28', 1, '2024-04-02'],
    // Christmas 2021 fell on a weekend: 27 and 28 December were the substitute days.
    ['2021-12-24', 1, '2021-12-29'],
    // New Year's Day 2022 was a Saturday: Monday 3 January was its substitute.
    ['2021-12-31', 1, '2022-01-04'],
    // One-off days by proclamation: Platinum Jubilee, the Queen's funeral, the Coronation.
    ['2022-06-01', 1, '2022-06-06'],
    ['2022-09-16', 1, '2022-09-20'],
    ['2023-05-05', 1, '2023-05-09'],
    // The 2011 royal wedding, which the holiday library lacks: config/bank-holidays.yaml adds it.
    ['2011-04-28', 1, '2011-05-03'],
    // 2012: the spring bank holiday moved from 28 May to 4 June (config corrects the library).
    ['2012-05-25', 1, '2012-05-28'],
    ['2012-06-01', 1, '2012-06-06'],
    ['2024-04-09', 0, '2024-04-09'],
  ])('%s plus %i working days is %s', (from, days, expected) => {
    expect(workingDays.addWorkingDays(from, days)).toBe(expected);
  });

  it('names the bank holiday on a day off', () => {
    expect(workingDays.bankHoliday('2011-04-29')).toBe('Wedding of Prince William and Catherine Middleton');
    expect(workingDays.bankHoliday('2024-12-25')).toMatch(/Christmas/);
    expect(workingDays.bankHoliday('2012-05-28')).toBeNull();
    expect(workingDays.isWorkingDay('2024-04-09')).toBe(true);
    expect(workingDays.isWorkingDay('2024-04-13')).toBe(false);
  });

  it('counts the working days left, negative once the date has passed', () => {
    expect(workingDays.workingDaysBetween('2024-07-11', '2024-07-18')).toBe(5);
    expect(workingDays.workingDaysBetween('2024-07-18', '2024-07-18')).toBe(0);
    expect(workingDays.workingDaysBetween('2024-07-22', '2024-07-18')).toBe(-2);
  });

  const anyDate = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('always lands on a working day, and counting back gives the same number of days', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 120 }), (from, days) => {
        const due = workingDays.addWorkingDays(from, days);
        expect(workingDays.isWorkingDay(due)).toBe(true);
        expect(workingDays.workingDaysBetween(from, due)).toBe(days);
        // The day before the deadline is always one working day short of it.
        expect(workingDays.workingDaysBetween(from, addDays(due, -1))).toBe(days - 1);
      }),
    );
  });

  it('agrees with walking the calendar one day at a time, across years and bank holidays', () => {
    // The service counts through per-year tables; this is the definition they must match.
    const walkForward = (from: string, days: number) => {
      let date = from;
      for (let counted = 0; counted < days;) if (workingDays.isWorkingDay((date = addDays(date, 1)))) counted += 1;
      return date;
    };
    const walkBack = (from: string, days: number) => {
      let date = from;
      for (let counted = 0; counted < days;) if (workingDays.isWorkingDay((date = addDays(date, -1)))) counted += 1;
      return date;
    };
    const walkBetween = (from: string, to: string) => {
      let count = 0;
      for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (workingDays.isWorkingDay(date)) count += 1;
      return count;
    };
    fc.assert(
      fc.property(anyDate, anyDate, fc.integer({ min: 0, max: 600 }), (from, to, days) => {
        expect(workingDays.addWorkingDays(from, days)).toBe(walkForward(from, days));
        expect(workingDays.shiftWorkingDays(from, -days)).toBe(
          days === 0 && !workingDays.isWorkingDay(from) ? walkBack(from, 1) : walkBack(from, days),
        );
        expect(workingDays.workingDaysBetween(from, to)).toBe(to < from ? -walkBetween(to, from) : walkBetween(from, to));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the date in England', () => {
  const formatter = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

  it('turns at midnight in England, in GMT and in BST', () => {
    expect(londonDate(new Date('2024-03-30T23:59:59Z'))).toBe('2024-03-30');
    expect(londonDate(new Date('2024-03-31T00:00:00Z'))).toBe('2024-03-31');
    expect(londonDate(new Date('2024-07-18T22:59:59Z'))).toBe('2024-07-18');
    expect(londonDate(new Date('2024-07-18T23:00:00Z'))).toBe('2024-07-19');
    expect(londonDate(new Date('2024-10-26T22:59:59Z'))).toBe('2024-10-26');
    expect(londonDate(new Date('2024-10-26T23:00:00Z'))).toBe('2024-10-27');
  });

  it('agrees with the time-zone database for any instant, asked in any order', () => {
    // It remembers the last hour's answer: instants are drawn close together as well as far apart.
    const instant = fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-12-31T00:00:00Z') });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(instant, fc.integer({ min: -7_200_000, max: 7_200_000 })), { minLength: 1, maxLength: 20 }),
        (pairs) => {
          for (const [at, step] of pairs) {
            for (const moment of [new Date(at), new Date(at + step)]) expect(londonDate(moment)).toBe(formatter.format(moment));
          }
        },
      ),
    );
  });
});
