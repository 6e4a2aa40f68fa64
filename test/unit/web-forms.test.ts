import { dateFromFields, dateTimeInWords, formatDate, timeInWords, withLinks } from '../../src/web/forms.js';
import { ProgressForm } from '../../src/web/forms/plan-forms.js';

describe('reading and showing form values', () => {
  const date = (day: string, month: string, year: string) =>
    dateFromFields({ 'dueOn-day': day, 'dueOn-month': month, 'dueOn-year': year }, 'dueOn', 'Due date');

  it('reads a date from three fields, in the Design System words when it cannot', () => {
    expect(date('9', '4', '2024')).toEqual({ value: '2024-04-09' });
    expect(date('', '', '')).toEqual({});
    expect(date('9', '', '')).toEqual({ error: 'Due date must include a month and year' });
    expect(date('30', '2', '2024')).toEqual({ error: 'Due date must be a real date' });
    expect(date('9', 'April', '2024')).toEqual({ error: 'Due date must be a real date' });
    expect(date('9', '4', '24')).toEqual({ error: 'Due date must be a real date' });
    expect(date('9', '13', '2024')).toEqual({ error: 'Due date must be a real date' });
  });

  it('writes dates the GOV.UK way', () => {
    expect(formatDate('2024-07-18')).toBe('18 July 2024');
    expect(formatDate('2024-07-18T09:00:00.000Z')).toBe('18 July 2024');
    expect(formatDate(null)).toBe('');
  });

  it('writes times of day the GOV.UK way', () => {
    expect(['08:00', '17:30', '12:00', '00:00', '12:05', '09:05'].map(timeInWords)).toEqual([
      '8am',
      '5:30pm',
      'midday',
      'midnight',
      '12:05pm',
      '9:05am',
    ]);
  });

  it('writes a moment on the clocks in England, after midnight in summer time on the day it is there', () => {
    expect(dateTimeInWords('2024-11-04T09:05:00.000Z')).toBe('4 November 2024 at 9:05am');
    expect(dateTimeInWords('2024-05-08T23:30:00.000Z')).toBe('9 May 2024 at 12:30am');
    expect(dateTimeInWords('not a time')).toBe('');
  });

  it('makes web addresses in a progress update into links, and escapes everything else', () => {
    expect(withLinks('Audit: https://intranet.example.gov.uk/audit?a=1&b=2. <b>Done</b>')).toBe(
      'Audit: <a class="govuk-link" href="https://intranet.example.gov.uk/audit?a=1&amp;b=2">https://intranet.example.gov.uk/audit?a=1&amp;b=2</a>. &lt;b&gt;Done&lt;/b&gt;',
    );
    expect(withLinks('javascript:alert(1) "x"')).toBe('javascript:alert(1) &quot;x&quot;');
  });
});

describe('the progress form', () => {
  const echo = <T>(dto: T) => Promise.resolve(dto);

  it('takes “100%” as typed beside the box’s own % sign, and still refuses what is not a whole number', async () => {
    expect(await new ProgressForm({ text: 'All localities audited.', percentComplete: '100%' }).submit(echo)).toEqual({
      result: expect.objectContaining({ percentComplete: 100 }),
    });
    expect(await new ProgressForm({ text: 'Half done.', percentComplete: '50 %' }).submit(echo)).toEqual({
      result: expect.objectContaining({ percentComplete: 50 }),
    });
    expect(await new ProgressForm({ text: 'Nearly.', percentComplete: '99.5%' }).submit(echo)).toEqual({
      errors: { percentComplete: 'Enter how complete the action is, as a whole number from 0 to 100' },
    });
  });
});
