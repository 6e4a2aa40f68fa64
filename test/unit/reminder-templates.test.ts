import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReminderTemplates, type ReminderItem } from '../../src/reminders/reminder-messages.js';
import type { User } from '../../src/users/user.entity.js';

const lead = {
  name: 'Lee Lead',
  email: 'lee.lead@oxfordshire.gov.uk',
  active: true,
  role: 'action_owner',
  reminderDelivery: 'digest',
} as User;

/** The committee's questions to an area's lead, as the sweeper hands them to the templates. */
const questions: ReminderItem = {
  reminders: [],
  workingDaysLeft: 110,
  label: 'Improvement area 2 (Oxfordshire County Council)',
  title: 'Care leavers in education, employment or training',
  when: 'Your summary for review 2 is wanted by Wednesday 2 July 2025.',
  link: 'http://localhost:3000/areas/a2/summary',
  ownerName: null,
  rag: null,
  ragReason: null,
  ratingName: 'RAG rating',
  news: 'At its meeting on Thursday 16 January 2025, the Performance Scrutiny Committee asked for further assurance about this area: How many have started?',
  todo: 'answer its questions in your summary of the area’s progress.',
  ofWorkTheyAssigned: false,
  fromCommittee: true,
  plan: 'Oxfordshire County Council’s Ofsted action plan (report published on 9 April 2024)',
  dated: false,
};

const render = (configDir: string) =>
  new ReminderTemplates(configDir).render(lead, [questions], 'Action plans', 'http://localhost:3000/settings', []);

describe('the reminder templates and the committee’s questions', () => {
  it('lists them under their own heading in the templates that come with the service', () => {
    const { subject, text, html } = render(join(process.cwd(), 'config'));
    expect(subject).toBe('From the scrutiny committee: Care leavers in education, employment or training — action plan reminder');
    expect(text).toContain(
      'The scrutiny committee has asked about an improvement area you lead in Oxfordshire County Council’s Ofsted action plan',
    );
    expect(text).toContain('FROM THE SCRUTINY COMMITTEE\n- Improvement area 2 (Oxfordshire County Council): Care leavers');
    expect(html).toContain('From the scrutiny committee</h2>');
    // The committee's questions keep their lines, and their words stay words.
    const asked = new ReminderTemplates(join(process.cwd(), 'config')).render(
      lead,
      [{ ...questions, news: 'Its questions:\n1. How many <em>care leavers</em>?\n2. By when?' }],
      'Action plans',
      'http://localhost:3000/settings',
      [],
    );
    expect(asked.html).toContain('Its questions:<br />\n1. How many &lt;em&gt;care leavers&lt;/em&gt;?<br />\n2. By when?');
    expect(text).not.toContain('ASSIGNED TO YOU');
  });

  it('says how many areas where the committee asked about several of a lead’s areas at once', () => {
    const other = {
      ...questions,
      label: 'Improvement area 3 (Oxfordshire County Council)',
      title: 'Supervision',
      link: 'http://localhost:3000/areas/a3/summary',
    };
    const { subject, text } = new ReminderTemplates(join(process.cwd(), 'config')).render(
      lead,
      [questions, other],
      'Action plans',
      'http://localhost:3000/settings',
      [],
    );
    expect(subject).toBe('The scrutiny committee’s questions on 2 areas you lead — action plan reminder');
    expect(text).toContain(
      'The scrutiny committee has asked about 2 improvement areas you lead in Oxfordshire County Council’s Ofsted action plan',
    );
    expect(text.match(/^- Improvement area/gm)).toHaveLength(2);
  });

  it('lists them by their date in a council’s templates edited before there were any, leaving nothing out', () => {
    // As a council keeps them: its own templates in its config folder.
    const configDir = mkdtempSync(join(tmpdir(), 'council-config-'));
    cpSync(join(process.cwd(), 'test/fixtures/templates-before-updates'), join(configDir, 'templates'), { recursive: true });
    expect(new ReminderTemplates(configDir).listCommittee).toBe(false);
    const { subject, text } = render(configDir);
    expect(subject).toBe('Coming up: Care leavers in education, employment or training — action plan reminder');
    expect(text).toContain(
      'COMING UP\n- Improvement area 2 (Oxfordshire County Council): Care leavers in education, employment or training\n  At its meeting on Thursday 16 January 2025',
    );
    expect(text).not.toContain('ASSIGNED TO YOU');
    rmSync(configDir, { recursive: true });
  });
});
