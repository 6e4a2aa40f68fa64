import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadPolicy } from '../../src/config/policy.js';

const shipped = resolve(import.meta.dirname, '../../config');

/** The shipped policy with one file replaced: what loading it says. */
function problemsWith(file: string, yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-'));
  try {
    cpSync(shipped, dir, { recursive: true });
    writeFileSync(join(dir, file), yaml);
    loadPolicy(dir);
    return 'no problems';
  } catch (error) {
    return (error as Error).message.replace(dir, 'config');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the policy files (config/)', () => {
  it('reads the files the service ships with', () => {
    const policy = loadPolicy(shipped);
    expect(policy.frameworks.get('FOCUSED_VISIT')?.deadlines).toEqual({
      draftActionPlan: { workingDays: 20, onlyWithPriorityAction: true, onlyWhenRequired: false },
      actionPlan: { workingDays: 70, onlyWithPriorityAction: true, onlyWhenRequired: false },
    });
    expect(policy.frameworks.get('JTAI')).toMatchObject({
      deadlines: { actionPlan: { workingDays: 70, onlyWithPriorityAction: false, onlyWhenRequired: true } },
      principalAuthority: true,
    });
    expect(policy.frameworks.get('ILACS')?.principalAuthority).toBe(false);
    expect(policy.timeframes.get('within three months')).toBe(3);
    expect(policy.timeframes.get('immediately')).toBe(0);
    expect(policy.reminderRules('actionDue')).toEqual({
      workingDaysBefore: [14, 7, 1],
      onTheDay: true,
      overdueEveryWorkingDays: 5,
      copyAssignerFromWorkingDaysOverdue: 1,
    });
    expect(policy.bankHolidays.add.get('2011-04-29')).toBe('Wedding of Prince William and Catherine Middleton');
    expect(policy.scrutiny.areaLeads).toEqual({ workingDaysBefore: [20], summaryDueWorkingDaysBefore: 10 });
    expect(policy.rag.ratings.awaiting_sign_off).toEqual({ colour: 'purple', label: 'Awaiting sign-off' });
  });

  it('still reads a scrutiny file edited before summaries had a day of their own, with the paper’s usual lead time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    try {
      cpSync(shipped, dir, { recursive: true });
      writeFileSync(
        join(dir, 'scrutiny.yaml'),
        'everyMonths: 6\nclerk:\n  workingDaysBefore: [20, 5]\n  onTheDay: true\n  overdueEveryWorkingDays: 5\nareaLeads:\n  workingDaysBefore: [15]\n',
      );
      expect(loadPolicy(dir).scrutiny.areaLeads).toEqual({ workingDaysBefore: [15], summaryDueWorkingDaysBefore: 10 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(
      problemsWith(
        'scrutiny.yaml',
        'everyMonths: 6\nclerk: { workingDaysBefore: [5], onTheDay: true, overdueEveryWorkingDays: 5 }\nareaLeads: { workingDaysBefore: [20], summaryDueWorkingDaysBefore: 90 }',
      ),
    ).toBe(
      'The policy file config/scrutiny.yaml has problems:\n  - areaLeads.summaryDueWorkingDaysBefore: must be a whole number from 1 to 60.',
    );
  });

  it('names every problem in a reminders file by its setting, in plain words', () => {
    const yaml = [
      'sendAt: 8am',
      'stopSendingAt: "07:00"',
      'actionDue:',
      '  workingDaysBefore: [14, 0, seven]',
      '  overdueEveryWorkingDays: 5',
    ].join('\n');
    expect(problemsWith('reminders.yaml', yaml)).toBe(
      [
        'The policy file config/reminders.yaml has problems:',
        '  - sendAt: must be a time written HH:MM, such as "08:00".',
        '  - retry: is missing.',
        '  - actionDue.workingDaysBefore.1: must be a whole number from 1 to 120.',
        '  - actionDue.workingDaysBefore.2: must be a whole number from 1 to 120.',
      ].join('\n'),
    );
  });

  it('checks the order of the sending window once the times themselves are right', () => {
    const yaml = ['sendAt: "18:00"', 'stopSendingAt: "08:00"', 'retry: { maxAttempts: 8, firstDelayMinutes: 1 }'].join('\n');
    expect(problemsWith('reminders.yaml', yaml)).toContain('  - stopSendingAt: must be later in the day than sendAt.');
  });

  it('refuses framework codes, deadlines and settings it does not know', () => {
    const yaml = [
      'frameworks:',
      '  ilacs:',
      '    name: ILACS',
      '    deadlines:',
      '      finalPlan: { workingDays: 70 }',
      '    colour: red',
    ].join('\n');
    expect(problemsWith('frameworks.yaml', yaml)).toBe(
      [
        'The policy file config/frameworks.yaml has problems:',
        '  - frameworks.ilacs.deadlines: has settings the service does not know: finalPlan.',
        '  - frameworks.ilacs: has settings the service does not know: colour.',
        '  - frameworks.ilacs: framework codes are capital letters, digits and underscores.',
      ].join('\n'),
    );
  });

  it('names a timeframe whose rule is not a whole number of months', () => {
    const yaml = [
      'frameworks:',
      '  ILACS: { name: ILACS }',
      'timeframes:',
      '  Within three months: { months: three }',
      '  Soon: { weeks: 2 }',
    ].join('\n');
    expect(problemsWith('frameworks.yaml', yaml)).toBe(
      [
        'The policy file config/frameworks.yaml has problems:',
        '  - timeframes.Within three months.months: must be a whole number from 0 to 60.',
        '  - timeframes.Soon.months: must be a whole number from 0 to 60.',
        '  - timeframes.Soon: has settings the service does not know: weeks.',
      ].join('\n'),
    );
  });

  it('says which rating lacks its words, and which date is not a real one', () => {
    expect(problemsWith('rag.yaml', 'ratings: {}\nawaitingSignOff: { percentComplete: 100 }')).toContain(
      '  - ratings.on_track: is missing.',
    );
    expect(problemsWith('bank-holidays.yaml', 'add:\n  - date: 2011-02-30')).toBe(
      'The policy file config/bank-holidays.yaml has problems:\n  - add.0.date: must be a real date written YYYY-MM-DD.',
    );
  });

  it('reports a file that is not YAML, or not a set of named settings', () => {
    expect(problemsWith('scrutiny.yaml', 'everyMonths: [6')).toMatch(/^The policy file config\/scrutiny.yaml has problems:\n {2}- /);
    expect(problemsWith('scrutiny.yaml', '- 6')).toBe(
      'The policy file config/scrutiny.yaml has problems:\n  - Should hold named settings, not a list or a single value.',
    );
  });

  it('stops a kind of reminder that has no rules of its own', () => {
    expect(() => loadPolicy(shipped).reminderRules('boardReturn')).toThrow('boardReturn is missing: it says when these reminders go out.');
  });
});
