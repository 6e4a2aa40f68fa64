import nunjucks from 'nunjucks';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IsoDate } from '../common/dates.js';
import { grantOf } from '../auth/permissions.js';
import type { User } from '../users/user.entity.js';
import type { Reminder } from './reminder.entity.js';

/** One line of a reminder email, as the templates in config/templates see it: one per action or plan. */
export interface ReminderItem {
  /** Every due reminder this line answers for (after an outage, several steps of one deadline). */
  reminders: Reminder[];
  /** Working days to the deadline as the email goes out; negative once it has passed; Number.MAX_SAFE_INTEGER for none. */
  workingDaysLeft: number;
  /** "Action 2.1", or "Action plan for Oxfordshire County Council". */
  label: string;
  title: string;
  /** "Due on Friday 18 July 2024: 5 working days left", "3 working days overdue (due …)". */
  when: string;
  link: string;
  /** For an assigner's copy: whose action it is. */
  ownerName: string | null;
  rag: string | null;
  ragReason: string | null;
  /** "RAG rating" for an action or a plan; a measure's rating is against its trajectory. */
  ratingName: string;
  /** What happened, for news rather than a date: "Dana Deputy assigned it to you on …". */
  news: string | null;
  /** What to do now, where the title does not say: a clerk's review. */
  todo: string | null;
  /** News of work the recipient gave someone else (an action they assigned), listed apart from work given to them. */
  ofWorkTheyAssigned: boolean;
  /** News from the scrutiny committee (its questions to an area's lead officer), listed apart from work given to them. */
  fromCommittee: boolean;
  /** The plan it belongs to, named for an email: "Oxfordshire County Council’s Ofsted action plan (report published on 9 April 2024)". */
  plan: string;
  /** Whether a date is why it goes now: then it is listed by that date (overdue, due today, coming up), and its news within it. */
  dated: boolean;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "Thursday 31 October 2024", as GOV.UK writes dates. */
export function longDate(date: IsoDate): string {
  const parts = Object.fromEntries(LONG_DATE.formatToParts(new Date(`${date}T00:00:00Z`)).map((part) => [part.type, part.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

export function whenText(dueOn: IsoDate, workingDaysLeft: number): string {
  const days = (count: number) => `${count} working day${count === 1 ? '' : 's'}`;
  if (workingDaysLeft > 0) return `Due on ${longDate(dueOn)}: ${days(workingDaysLeft)} left.`;
  if (workingDaysLeft === 0) return `Due today, ${longDate(dueOn)}.`;
  return `${days(-workingDaysLeft)} overdue (it was due on ${longDate(dueOn)}).`;
}

const TEMPLATES = ['reminder.subject.njk', 'reminder.txt.njk', 'reminder.html.njk'];

/** Renders reminder emails from the council-editable templates in config/templates. */
export class ReminderTemplates {
  private readonly html: nunjucks.Environment;
  private readonly plain: nunjucks.Environment;
  /**
   * Whether the templates list news (actions newly assigned). A council's templates edited before there was news
   * do not: news is then listed by its date with the reminders, so that nothing sent is left out of the email.
   */
  readonly listNews: boolean;
  /** Whether the templates list updates on work the recipient assigned; edited before there were any, such news is listed by its date. */
  readonly listUpdates: boolean;
  /** Whether the templates list the committee's questions (fromCommittee); edited before there were any, they are listed by their date. */
  readonly listCommittee: boolean;

  constructor(configDir: string) {
    const templates = TEMPLATES.map((name) => readFileSync(join(configDir, 'templates', name), 'utf8'));
    this.listNews = templates.every((template) => /\bnews\b/.test(template));
    // Read as the templates use it, not as a word in their prose.
    this.listUpdates = templates.every((template) => /\bupdates\.length\b|\bin updates\b/.test(template));
    this.listCommittee = templates.every((template) => /\bfromCommittee\b/.test(template));
    const loader = () => new nunjucks.FileSystemLoader(join(configDir, 'templates'));
    const options = { throwOnUndefined: true, trimBlocks: true, lstripBlocks: true };
    this.html = new nunjucks.Environment(loader(), { ...options, autoescape: true });
    this.plain = new nunjucks.Environment(loader(), { ...options, autoescape: false });
  }

  /** `settingsLink`: where the person chooses how their reminders come; `administrators`: whom someone who cannot sign in asks for access. */
  render(
    recipient: User,
    items: ReminderItem[],
    sender: string,
    settingsLink: string,
    administrators: ReadonlyArray<Pick<User, 'name' | 'email'>>,
  ): RenderedMessage {
    if (!this.listNews) items = items.map((item) => ({ ...item, dated: true }));
    // Not as news of work given to them: listed by its date, where such templates say nothing of who it is for.
    if (!this.listUpdates)
      items = items.map((item) => (item.ofWorkTheyAssigned ? { ...item, dated: true, ofWorkTheyAssigned: false } : item));
    if (!this.listCommittee) items = items.map((item) => (item.fromCommittee ? { ...item, dated: true, fromCommittee: false } : item));
    const context = {
      // Someone named on a plan before anyone gave them access gets its emails too: they are told how to open the links.
      recipient: {
        name: recipient.name,
        email: recipient.email,
        oneEmailADay: recipient.reminderDelivery === 'digest',
        hasAccess: recipient.active,
        // Whether the plan's dates and owners are theirs to change (or, for a clerk, the review's date): an action's owner asks whoever gave it them.
        mayChangeDates: recipient.active && Boolean(grantOf(recipient.role, 'action:write') ?? grantOf(recipient.role, 'scrutiny:record')),
      },
      total: items.length,
      // Each plan once: the email names it, or where it covers several, each line names its own.
      plans: [...new Set(items.map((item) => item.plan))],
      news: items.filter((item) => !item.dated && !item.ofWorkTheyAssigned && !item.fromCommittee),
      updates: items.filter((item) => !item.dated && item.ofWorkTheyAssigned),
      fromCommittee: items.filter((item) => !item.dated && item.fromCommittee),
      overdue: items.filter((item) => item.dated && item.workingDaysLeft < 0),
      dueToday: items.filter((item) => item.dated && item.workingDaysLeft === 0),
      comingUp: items.filter((item) => item.dated && item.workingDaysLeft > 0),
      sender,
      settingsLink,
      administrators: administrators.map(({ name, email }) => ({ name, email })),
    };
    const subject = this.plain.render('reminder.subject.njk', context).replace(/\s+/g, ' ').trim();
    const text = this.plain.render('reminder.txt.njk', context).replace(/\n{3,}/g, '\n\n');
    return { subject, text, html: this.html.render('reminder.html.njk', { ...context, subject }) };
  }
}
