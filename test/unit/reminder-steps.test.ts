import fc from 'fast-check';
import { resolve } from 'node:path';
import { loadPolicy } from '../../src/config/policy.js';
import { reminderSteps } from '../../src/reminders/reminder-schedule.js';
import { WorkingDays } from '../../src/working-days/working-days.service.js';

const policy = loadPolicy(resolve(import.meta.dirname, '../../config'));
const workingDays = new WorkingDays(policy);
const actionDue = policy.reminderRules('actionDue');

describe('when a deadline’s reminders go out', () => {
  it('warns ahead in working days, on the day, then weekly while it is missed', () => {
    // Due Thursday 18 July 2024: 14, 7 and 1 working days before, the day, then 1 and 6 working days after.
    expect(reminderSteps('2024-07-18', actionDue, '2024-06-01', workingDays)).toEqual([
      { step: -14, sendOn: '2024-06-28' },
      { step: -7, sendOn: '2024-07-09' },
      { step: -1, sendOn: '2024-07-17' },
      { step: 0, sendOn: '2024-07-18' },
      { step: 1, sendOn: '2024-07-19' },
      { step: 6, sendOn: '2024-07-26' },
    ]);
  });

  it('skips the bank holiday: due the day after Easter Monday 2024, the day before is Thursday', () => {
    expect(
      reminderSteps('2024-04-02', { workingDaysBefore: [1], onTheDay: false, overdueEveryWorkingDays: 5 }, '2024-03-01', workingDays),
    ).toEqual([
      { step: -1, sendOn: '2024-03-28' },
      { step: 1, sendOn: '2024-04-03' },
      { step: 6, sendOn: '2024-04-10' },
    ]);
  });

  it('plans nothing before today, and only the next two overdue reminders after it', () => {
    expect(reminderSteps('2024-07-18', actionDue, '2024-08-05', workingDays)).toEqual([
      { step: 16, sendOn: '2024-08-09' },
      { step: 21, sendOn: '2024-08-16' },
    ]);
  });

  it('never sends two reminders of one deadline on one day, and keeps them on working days from today on', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2023-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }),
        fc.integer({ min: -60, max: 60 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 5 }),
        (due, offset, before) => {
          const dueOn = due.toISOString().slice(0, 10);
          const today = workingDays.addWorkingDays(dueOn, offset);
          const steps = reminderSteps(dueOn, { workingDaysBefore: before, onTheDay: true, overdueEveryWorkingDays: 5 }, today, workingDays);
          const days = steps.map((step) => step.sendOn);
          return new Set(days).size === days.length && days.every((day) => day >= today && workingDays.isWorkingDay(day));
        },
      ),
    );
  });
});
