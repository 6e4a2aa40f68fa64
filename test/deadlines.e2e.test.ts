import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { csrfTokenFor } from '../src/auth/page-sessions.js';
import type { Role } from '../src/auth/permissions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { ScheduledWork } from '../src/scheduling/scheduled-work.service.js';
import { drivers } from './support/databases.js';
import { fixture } from './support/reports.js';
import { words } from './support/page-words.js';
import { scenario } from './support/scenario.js';
import { startInbox, type Inbox } from './support/smtp-inbox.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';
import { LONG_TASK_LIMIT_MS } from './support/test-clock.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "30 June 2014" as 2014-06-30. */
function isoDate(words: string): string {
  const [, day, month, year] = /(\d{1,2}) (\w+) (\d{4})/.exec(words)!;
  return `${year}-${String(MONTHS.indexOf(month) + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** Oxfordshire's cabinet paper of 16 September 2014: when the report was published, and the date the plan was due, in its own words. */
const cabinet2014 = fixture('cabinet-action-plan-report-2014.md').toString('utf8');
const published2014 = isoDate(/published on (\d{1,2} \w+ \d{4})/.exec(cabinet2014)![1]);
const stated2014 = isoDate(/on or before (\d{1,2} \w+ \d{4})/.exec(cabinet2014)![1]);

/** Oxfordshire's cabinet paper of 2011: the report's publication, and its first recommendation due "Within three months". */
const cabinet2011 = fixture('slac-cabinet-report-2011.txt').toString('utf8');
const published2011 = isoDate(/published on the (\d{1,2} \w+ \d{4})/.exec(cabinet2011)![1]);
const withinThreeMonths = /Within three months\s+•\s+([^•]+?)\s+•/.exec(cabinet2011)![1].replace(/\s+/g, ' ');

const lead = { name: 'Lucy Butler', email: 'lucy.butler@oxfordshire.gov.uk' };

/** The events of an iCalendar file as "YYYYMMDD summary", lines unfolded, in date order. */
function calendarDays(ics: string): string[] {
  const unfolded = ics.replace(/\r\n[ \t]/g, '');
  return [...unfolded.matchAll(/BEGIN:VEVENT\r\n([\s\S]*?)END:VEVENT/g)]
    .map(([, event]) => `${/DTSTART;VALUE=DATE:(\d{8})/.exec(event)![1]} ${/SUMMARY:([^\r\n]*)/.exec(event)![1]}`)
    .sort();
}

describe.each(drivers)('the dates councils work to, on %s', (driver) => {
  let inbox: Inbox;
  let t: TestApp;
  let s: ReturnType<typeof scenario>;
  let director: ReturnType<typeof scenario>;
  const sweep = () => t.app.get(ScheduledWork).runOnce();
  const pending = async (subject: string, subjectId: string) =>
    (await t.http.get('/api/reminders').set(t.as('admin')).query({ status: 'pending', limit: 500 }).expect(200)).body.filter(
      (reminder: { subject: string; subjectId: string }) => reminder.subject === subject && reminder.subjectId === subjectId,
    ) as Array<{ dueOn: string; sendOn: string; workingDaysFromDue: number; recipientRole: string; recipient: { email: string } }>;
  const calendarOf = async (email: string) => {
    const made = await t.http
      .post('/api/calendar-feeds')
      .set(await t.signIn(email))
      .send({})
      .expect(201);
    return async () => calendarDays((await t.http.get(new URL(made.body.url as string).pathname).expect(200)).text);
  };
  const audit = (entityId: string, event: string) => t.dataSource.getRepository(AuditEvent).findOneByOrFail({ entityId, event });
  /** A signed-in browser of this role: the pages it opens, and the forms it sends with its token. */
  const browser = async (role: Role) => {
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users[role].id));
    const cookie = `session=${token}`;
    return {
      page: async (path: string) => (await t.http.get(path).set('Cookie', cookie).expect(200)).text,
      submit: (path: string, fields: Record<string, string>) =>
        t.http
          .post(path)
          .set('Cookie', cookie)
          .type('form')
          .send({ _csrf: csrfTokenFor(token), ...fields }),
    };
  };
  /** The committee paper's words, from its printable page. */
  const paper = async (inspectionId: string) =>
    words((await t.http.get(`/api/inspections/${inspectionId}/reports/scrutiny.html`).set(t.as('viewer')).expect(200)).text);

  beforeEach(async () => {
    inbox = await startInbox();
    t = await createTestApp(driver, { now: '2014-07-01T09:00:00Z', env: { SMTP_URL: inbox.url } });
    s = scenario(t);
    director = scenario(t, 'director');
  });
  afterEach(async () => {
    await t.close();
    await inbox.close();
  });

  describe('Oxfordshire, 2014: Ofsted’s stated date rules over the one counted from publication', () => {
    const sif2014 = () =>
      s.inspection({ framework: 'SIF', startedOn: '2014-05-06', endedOn: '2014-05-29', publishedOn: published2014, planLead: lead });

    it(
      'counts 7 October from publication, provisionally, until Ofsted’s 6 October is recorded',
      async () => {
        expect([published2014, stated2014]).toEqual(['2014-06-30', '2014-10-06']);
        const inspection = await sif2014();
        expect(inspection).toMatchObject({
          receiptConfirmed: false,
          actionPlanDueOn: '2014-10-07',
          deadlines: {
            actionPlan: {
              dueOn: '2014-10-07',
              source: 'counted_from_receipt',
              provisional: true,
              countedOn: '2014-10-07',
              workingDays: 70,
            },
            draftPlan: null,
          },
        });

        const deputy = await browser('deputy_director');
        const before = words(await deputy.page(`/inspections/${inspection.id}`));
        expect(before).toContain('Plan due with Ofsted 7 October 2014 Provisional 70 working days from publication');
        expect(before).toContain('The deadlines are provisional: they are counted from the date the report was published.');
        expect(await paper(inspection.id)).toContain(
          'the statutory deadline is Tuesday 7 October 2014, provisionally: it is counted from the report’s publication until the council confirms the date it received the report.',
        );

        // The deputy director records the date from Ofsted's letter on its page.
        expect(words(await deputy.page(`/inspections/${inspection.id}/letter`))).toContain(
          'Date Ofsted’s letter gives for the final plan (optional)',
        );
        const [year, month, day] = stated2014.split('-');
        await deputy
          .submit(`/inspections/${inspection.id}/letter`, {
            version: '1',
            'statedActionPlanDueOn-day': String(Number(day)),
            'statedActionPlanDueOn-month': String(Number(month)),
            'statedActionPlanDueOn-year': year,
          })
          .expect(303)
          .expect('Location', `/inspections/${inspection.id}?done=letter`);
        const stated = await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('viewer')).expect(200);
        expect(stated.body).toMatchObject({
          statedActionPlanDueOn: '2014-10-06',
          actionPlanDueOn: '2014-10-06',
          deadlines: { actionPlan: { dueOn: '2014-10-06', source: 'ofsted_letter', provisional: false, countedOn: '2014-10-07' } },
        });
        expect((await audit(inspection.id, 'UPDATED')).details).toEqual({
          statedActionPlanDueOn: { from: null, to: '2014-10-06' },
          actionPlanDueOn: { from: '2014-10-07', to: '2014-10-06' },
        });
        const list = await t.http.get('/api/inspections').set(t.as('viewer')).expect(200);
        expect(list.body).toContainEqual(
          expect.objectContaining({ id: inspection.id, actionPlanDueOn: '2014-10-06', deadlines: expect.objectContaining({}) }),
        );

        // The pages and the paper say it is Ofsted's date.
        const after = words(await deputy.page(`/inspections/${inspection.id}?done=letter`));
        expect(after).toContain('The dates from Ofsted’s letter are saved.');
        expect(after).toContain(
          'Plan due with Ofsted 6 October 2014 (the date in Ofsted’s letter; counting 70 working days from receipt would give 7 October 2014)',
        );
        expect(after).not.toContain('Provisional');
        expect(words(await (await browser('director')).page('/'))).toContain(
          'Plan due with Ofsted 6 October 2014 (the date in Ofsted’s letter;',
        );
        const statedPaper = await paper(inspection.id);
        expect(statedPaper).toContain(
          'The action plan has not yet been submitted to Ofsted; it is due by Monday 6 October 2014, the date given in Ofsted’s letter.',
        );
        expect(statedPaper).not.toContain('7 October 2014');

        // Reminders, the calendar and the missed-deadline job all work to Ofsted's date.
        const reminders = await pending('plan', inspection.id);
        expect(new Set(reminders.map((reminder) => reminder.dueOn))).toEqual(new Set(['2014-10-06']));
        expect(reminders.filter((r) => r.recipientRole === 'plan_lead').map((r) => `${r.sendOn} ${r.workingDaysFromDue}`)).toEqual([
          '2014-09-08 -20',
          '2014-09-22 -10',
          '2014-09-29 -5',
          '2014-10-03 -1',
          '2014-10-06 0',
          '2014-10-07 1',
          '2014-10-14 6',
        ]);
        expect(await (await calendarOf(lead.email))()).toEqual(['20141006 Action plan due with Ofsted (Oxfordshire County Council)']);

        t.clock.set('2014-10-06T08:00:00Z');
        await sweep();
        const onTheDay = inbox.messages.find((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === lead.email)!;
        expect(onTheDay.text).toContain('Send the action plan to Ofsted (the date in Ofsted’s letter)');
        expect(onTheDay.text).toContain('Due today, Monday 6 October 2014.');

        t.clock.set('2014-10-07T08:00:00Z');
        expect(await sweep()).toMatchObject({ missedDeadlinesRecorded: 1 });
        expect(await audit(inspection.id, 'DEADLINE_PASSED')).toMatchObject({
          comment: 'The deadline of 6 October 2014 (the date in Ofsted’s letter) passed with the plan not yet submitted to Ofsted.',
          details: { deadlineMissedOn: '2014-10-07' },
        });
      },
      LONG_TASK_LIMIT_MS,
    );

    it('refuses a stated date no later than the report’s receipt, and forgets one once the plan is not asked for', async () => {
      const inspection = await sif2014();
      const refused = await t.http
        .patch(`/api/inspections/${inspection.id}`)
        .set(t.as('deputy_director'))
        .send({ version: 1, statedActionPlanDueOn: '2014-06-30' })
        .expect(400);
      expect(refused.body.fields).toEqual({
        statedActionPlanDueOn: ['The date the action plan is due must be after the date the council received the report'],
      });
      // On the page: the same refusal in the form's words, and a date that cannot be, with what was typed kept.
      const deputy = await browser('deputy_director');
      const typed = (field: string, day: string, month: string, year: string) => ({
        [`${field}-day`]: day,
        [`${field}-month`]: month,
        [`${field}-year`]: year,
      });
      const page = await deputy
        .submit(`/inspections/${inspection.id}/letter`, {
          version: '1',
          ...typed('receivedOn', '31', '2', '2014'),
          ...typed('statedActionPlanDueOn', '6', '10', '2014'),
        })
        .expect(400);
      expect(page.text).toContain('<title>Error: ');
      expect(page.text).toMatch(/govuk-error-summary[\s\S]*href="#receivedOn-day"/);
      expect(page.text).toContain('The date the council received the report must be a real date');
      expect(page.text).toContain('value="31"');
      const early = await deputy
        .submit(`/inspections/${inspection.id}/letter`, { version: '1', ...typed('statedActionPlanDueOn', '30', '6', '2014') })
        .expect(400);
      expect(early.text).toContain('The date the action plan is due must be after the date the council received the report');
      expect(early.text).toMatch(/govuk-error-summary[\s\S]*href="#statedActionPlanDueOn-day"/);

      const quiet = await s.inspection({
        framework: 'FOCUSED_VISIT',
        startedOn: '2014-06-03',
        endedOn: '2014-06-04',
        publishedOn: '2014-06-30',
      });
      const notAsked = await t.http
        .patch(`/api/inspections/${quiet.id}`)
        .set(t.as('deputy_director'))
        .send({ version: 1, statedActionPlanDueOn: '2014-10-06' })
        .expect(400);
      expect(notAsked.body.fields).toEqual({
        statedActionPlanDueOn: ['Leave the date out: Ofsted asks for no action plan after this inspection'],
      });

      const visit = await s.inspection({
        framework: 'FOCUSED_VISIT',
        priorityAction: true,
        startedOn: '2014-06-03',
        endedOn: '2014-06-04',
        publishedOn: '2014-06-30',
        statedDraftPlanDueOn: '2014-07-25',
        statedActionPlanDueOn: '2014-10-06',
      });
      expect(visit).toMatchObject({ draftPlanDueOn: '2014-07-25', actionPlanDueOn: '2014-10-06' });
      const corrected = await t.http
        .patch(`/api/inspections/${visit.id}`)
        .set(t.as('deputy_director'))
        .send({ version: 1, priorityAction: false })
        .expect(200);
      expect(corrected.body).toMatchObject({
        statedDraftPlanDueOn: null,
        statedActionPlanDueOn: null,
        draftPlanDueOn: null,
        actionPlanDueOn: null,
      });
    });
  });

  describe('a provisional date', () => {
    it('turns firm when the council confirms when it received the report, and its reminders move with it', async () => {
      t.clock.set('2024-04-15T09:00:00Z');
      const inspection = await s.inspection({ planLead: lead });
      expect(inspection.deadlines.actionPlan).toMatchObject({ dueOn: '2024-07-18', provisional: true });
      expect(new Set((await pending('plan', inspection.id)).map((r) => r.dueOn))).toEqual(new Set(['2024-07-18']));

      // Received on the Friday before publication: two working days earlier.
      const confirmed = await t.http
        .patch(`/api/inspections/${inspection.id}`)
        .set(t.as('deputy_director'))
        .send({ version: 1, receivedOn: '2024-04-05' })
        .expect(200);
      expect(confirmed.body).toMatchObject({
        receivedOn: '2024-04-05',
        receiptConfirmed: true,
        actionPlanDueOn: '2024-07-16',
        deadlines: { actionPlan: { dueOn: '2024-07-16', source: 'counted_from_receipt', provisional: false } },
      });
      const moved = await pending('plan', inspection.id);
      expect(new Set(moved.map((r) => r.dueOn))).toEqual(new Set(['2024-07-16']));
      expect(moved.filter((r) => r.recipientRole === 'plan_lead').map((r) => r.sendOn)).toContain('2024-07-16');
      expect(await (await calendarOf(lead.email))()).toEqual(['20240716 Action plan due with Ofsted (Oxfordshire County Council)']);
    });

    it('moves with a corrected publication date until receipt is confirmed, and not after', async () => {
      t.clock.set('2024-04-15T09:00:00Z');
      const inspection = await s.inspection({ publishedOn: '2024-04-10' });
      const corrected = await t.http
        .patch(`/api/inspections/${inspection.id}`)
        .set(t.as('deputy_director'))
        .send({ version: 1, publishedOn: '2024-04-09' })
        .expect(200);
      expect(corrected.body).toMatchObject({ receivedOn: '2024-04-09', receiptConfirmed: false, actionPlanDueOn: '2024-07-18' });
      await t.http
        .patch(`/api/inspections/${inspection.id}`)
        .set(t.as('deputy_director'))
        .send({ version: 2, receivedOn: '2024-04-08' })
        .expect(200);
      const confirmed = await t.http
        .patch(`/api/inspections/${inspection.id}`)
        .set(t.as('deputy_director'))
        .send({ version: 3, publishedOn: '2024-04-10' })
        .expect(200);
      expect(confirmed.body).toMatchObject({ publishedOn: '2024-04-10', receivedOn: '2024-04-08', actionPlanDueOn: '2024-07-17' });
    });

    it('turns firm when the council confirms it received the report the day it was published', async () => {
      t.clock.set('2024-04-15T09:00:00Z');
      const inspection = await s.inspection();
      const confirmed = await t.http
        .patch(`/api/inspections/${inspection.id}`)
        .set(t.as('deputy_director'))
        .send({ version: 1, receivedOn: '2024-04-09' })
        .expect(200);
      expect(confirmed.body).toMatchObject({
        actionPlanDueOn: '2024-07-18',
        deadlines: { actionPlan: { provisional: false } },
        version: 2,
      });
      expect((await audit(inspection.id, 'UPDATED')).details).toEqual({ receiptConfirmed: { from: false, to: true } });
    });
  });

  describe('the draft plan of a focused visit with areas for priority action', () => {
    it('is reminded across the May bank holiday, and its sending is recorded, with the day it happened, in the audit trail', async () => {
      t.clock.set('2024-04-15T09:00:00Z');
      const visit = await s.inspection({
        framework: 'FOCUSED_VISIT',
        priorityAction: true,
        receivedOn: '2024-04-09',
        judgements: [],
        planLead: lead,
      });
      expect(visit).toMatchObject({
        draftPlanDueOn: '2024-05-08',
        actionPlanDueOn: '2024-07-18',
        deadlines: { draftPlan: { dueOn: '2024-05-08', source: 'counted_from_receipt', provisional: false, workingDays: 20 } },
      });
      const asDirector = words(await (await browser('director')).page(`/inspections/${visit.id}`));
      expect(asDirector).toContain('Draft plan due with Ofsted 8 May 2024 (20 working days from receipt on 9 April 2024)');
      expect(asDirector).toContain('Date the draft plan was sent to Ofsted');
      expect(words(await (await browser('viewer')).page('/'))).toContain(
        'Draft plan due with Ofsted 8 May 2024 (20 working days from receipt)',
      );
      const calendar = await calendarOf(lead.email);
      expect(await calendar()).toEqual([
        '20240508 Draft action plan due with Ofsted (Oxfordshire County Council)',
        '20240718 Action plan due with Ofsted (Oxfordshire County Council)',
      ]);

      // Monday 6 May 2024 is a bank holiday: the day before is Tuesday 7 May, five before is Tuesday 30 April.
      const drafts = await pending('draft_plan', visit.id);
      expect(drafts.filter((r) => r.recipientRole === 'plan_lead').map((r) => `${r.sendOn} ${r.workingDaysFromDue}`)).toEqual([
        '2024-04-23 -10',
        '2024-04-30 -5',
        '2024-05-07 -1',
        '2024-05-08 0',
        '2024-05-09 1',
        '2024-05-13 3',
      ]);
      expect(new Set(drafts.map((r) => r.recipient.email))).toEqual(new Set([lead.email, PEOPLE.director.email]));

      t.clock.set('2024-05-06T08:30:00Z');
      expect(await sweep()).toMatchObject({ messages: 0 });
      t.clock.set('2024-05-07T08:00:00Z');
      await sweep();
      const toLead = inbox.messages.filter((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === lead.email);
      expect(toLead.at(-1)!.text).toContain('Send the draft action plan to Ofsted (statutory deadline)');
      expect(toLead.at(-1)!.text).toContain('Due on Wednesday 8 May 2024: 1 working day left.');

      // Sent on the 7th, recorded on the 8th: on time, with the reason it was recorded late.
      t.clock.set('2024-05-08T10:00:00Z');
      const sent = await director.post(
        `/api/inspections/${visit.id}/events`,
        {
          type: 'SEND_DRAFT',
          version: 1,
          happenedOn: '2024-05-07',
          comment: 'Emailed to the lead inspector on 7 May; recorded the next morning.',
        },
        200,
      );
      expect(sent.plan).toMatchObject({ state: 'draft', draftSentOn: '2024-05-07', draftSentLate: false });
      expect(await audit(visit.id, 'SEND_DRAFT')).toMatchObject({
        fromState: 'draft',
        toState: 'draft',
        actorEmail: PEOPLE.director.email,
        comment: 'Emailed to the lead inspector on 7 May; recorded the next morning.',
        details: { draftSentOn: '2024-05-07' },
      });
      expect(await pending('draft_plan', visit.id)).toEqual([]);
      expect(await calendar()).toEqual(['20240718 Action plan due with Ofsted (Oxfordshire County Council)']);
      const visitPage = words(await (await browser('director')).page(`/inspections/${visit.id}`));
      expect(visitPage).toContain('Draft plan due with Ofsted Recorded as sent to Ofsted on 7 May 2024');
      expect(visitPage).not.toContain('Record the draft plan as sent');
      // The draft's date is what it was judged against once it went; the final plan's can still be corrected.
      const deputysPage = await (await browser('deputy_director')).page(`/inspections/${visit.id}`);
      expect(deputysPage).not.toContain('<span class="govuk-visually-hidden"> the date the draft plan is due</span>');
      expect(deputysPage).toContain('<span class="govuk-visually-hidden"> the date the plan is due</span>');
      const { version } = (await t.http.get(`/api/inspections/${visit.id}`).set(t.as('viewer')).expect(200)).body;
      const moved = await t.http
        .patch(`/api/inspections/${visit.id}`)
        .set(t.as('deputy_director'))
        .send({ version, statedDraftPlanDueOn: '2024-05-15' })
        .expect(400);
      expect(moved.body.fields).toEqual({
        statedDraftPlanDueOn: [
          'The draft plan went to Ofsted on 7 May 2024: the date it was due then, 8 May 2024, is what its sending was judged against, so it cannot change now',
        ],
      });
      expect(await paper(visit.id)).toContain(
        'Ofsted asked for a draft action plan by Wednesday 8 May 2024; it was sent on Tuesday 7 May 2024.',
      );

      const again = await t.http
        .post(`/api/inspections/${visit.id}/events`)
        .set(t.as('director'))
        .send({ type: 'SEND_DRAFT', version: 2 })
        .expect(409);
      expect(again.body.reasons).toEqual(['The draft plan was already sent to Ofsted on 7 May 2024.']);
    });
  });

  describe('a focused visit whose letter states its dates', () => {
    it('reminds of, and puts in the calendar, Ofsted’s dates for the draft and the final plan', async () => {
      t.clock.set('2024-04-15T09:00:00Z');
      const visit = await s.inspection({
        framework: 'FOCUSED_VISIT',
        priorityAction: true,
        judgements: [],
        planLead: lead,
        statedDraftPlanDueOn: '2024-05-10',
        statedActionPlanDueOn: '2024-07-19',
      });
      expect(visit.deadlines).toMatchObject({
        draftPlan: { dueOn: '2024-05-10', source: 'ofsted_letter', provisional: false, countedOn: '2024-05-08' },
        actionPlan: { dueOn: '2024-07-19', source: 'ofsted_letter', provisional: false, countedOn: '2024-07-18' },
      });
      expect(new Set((await pending('draft_plan', visit.id)).map((r) => r.dueOn))).toEqual(new Set(['2024-05-10']));
      expect(new Set((await pending('plan', visit.id)).map((r) => r.dueOn))).toEqual(new Set(['2024-07-19']));
      expect(await (await calendarOf(lead.email))()).toEqual([
        '20240510 Draft action plan due with Ofsted (Oxfordshire County Council)',
        '20240719 Action plan due with Ofsted (Oxfordshire County Council)',
      ]);
      const page = words(await (await browser('viewer')).page(`/inspections/${visit.id}`));
      expect(page).toContain('Draft plan due with Ofsted 10 May 2024 (the date in Ofsted’s letter;');
      expect(page).toContain('Plan due with Ofsted 19 July 2024 (the date in Ofsted’s letter;');
      expect(await paper(visit.id)).toContain(
        'Ofsted asked for a draft action plan by Friday 10 May 2024 (the date given in its letter); it has not yet been sent.',
      );
    });
  });

  describe('timeframes as dates', () => {
    it('gives “Within three months” of a report published on 6 May 2011 the date 6 August 2011, and flags an action due after it', async () => {
      expect(published2011).toBe('2011-05-06');
      t.clock.set('2011-05-10T09:00:00Z');
      const inspection = await s.inspection({
        framework: 'SLAC_2011',
        startedOn: '2011-03-07',
        endedOn: '2011-03-18',
        publishedOn: published2011,
      });
      const area = await s.post(`/api/inspections/${inspection.id}/areas`, {
        title: withinThreeMonths,
        timeframe: 'Within three months',
        leadOfficer: lead,
      });
      expect(area).toMatchObject({
        title: 'Ensure that all reports for child protection conferences are distributed in advance.',
        dueOn: '2011-08-06',
      });
      const immediate = await s.post(`/api/inspections/${inspection.id}/areas`, {
        title: 'Review adult services’ attendance',
        timeframe: 'Immediately',
      });
      const unknown = await s.post(`/api/inspections/${inspection.id}/areas`, { title: 'Something else', timeframe: 'By the autumn' });
      expect([immediate.dueOn, unknown.dueOn]).toEqual(['2011-05-06', null]);

      const inTime = await s.action(area.id, { dueOn: '2011-07-29' });
      const late = await s.action(area.id, { title: 'Audit distribution of conference reports', dueOn: '2011-09-30' });
      expect([inTime.dueAfterArea, late.dueAfterArea]).toEqual([false, true]);
      expect(late.areaDueOn).toBe('2011-08-06');
      const read = await t.http.get(`/api/areas/${area.id}`).set(t.as('viewer')).expect(200);
      expect(
        read.body.actions.map((action: { reference: string; dueAfterArea: boolean }) => [action.reference, action.dueAfterArea]),
      ).toEqual([
        ['1.1', false],
        ['1.2', true],
      ]);
      const plan = await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('viewer')).expect(200);
      expect(plan.body.areas.map((a: { dueOn: string | null }) => a.dueOn)).toEqual(['2011-08-06', '2011-05-06', null]);

      // The lead is reminded of the area's date (a Saturday: its day-of reminder goes on the Friday before).
      expect((await pending('area', area.id)).map((r) => `${r.sendOn} ${r.workingDaysFromDue} ${r.recipient.email}`)).toEqual([
        `2011-07-11 -20 ${lead.email}`,
        `2011-08-01 -5 ${lead.email}`,
        `2011-08-05 0 ${lead.email}`,
        `2011-08-08 1 ${lead.email}`,
        `2011-08-22 11 ${lead.email}`,
      ]);
      expect(await (await calendarOf(lead.email))()).toEqual([`20110806 Improvement area 1 due: ${withinThreeMonths}`]);

      const viewer = await browser('viewer');
      expect(words(await viewer.page(`/inspections/${inspection.id}`))).toContain('Within three months, by 6 August 2011');
      const areaPage = words(await viewer.page(`/areas/${area.id}`));
      expect(areaPage).toContain('Timeframe Within three months: due by 6 August 2011');
      expect(areaPage).toContain('30 September 2011 After the area’s date');
      expect(areaPage).not.toContain('29 July 2011 After the area’s date');
      expect(words(await viewer.page(`/actions/${late.id}`))).toContain(
        'Due 30 September 2011 After the area’s date Its improvement area is due by 6 August 2011.',
      );
      const areaPaper = await paper(inspection.id);
      expect(areaPaper).toContain(
        `Actions due after their area’s date The report gave these areas a timeframe. Each action below is due after the date its timeframe gives, counted from the report’s publication. Ref Action Owner Due Area’s timeframe 1.2 Audit distribution of conference reports ${PEOPLE.action_owner.name} 30 September 2011 Within three months: by 6 August 2011`,
      );
      expect(areaPaper).toContain('Within three months (by 6 August 2011)');

      // On the day, the lead is told what they can do about it.
      t.clock.set('2011-08-05T08:00:00Z');
      await sweep();
      const toLead = inbox.messages.filter((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === lead.email);
      expect(toLead.at(-1)!.text).toContain(
        'What to do: see that its 2 open actions are done, or ask a deputy director to move their dates, with why.',
      );

      // Once the area's work is done, its reminders stop.
      for (const action of [inTime, late]) await s.event('actions', action.id, 'COMPLETE', 1);
      expect(await pending('area', area.id)).toEqual([]);
    });
  });

  describe('dates that happened', () => {
    it('takes the day the plan was sent, so a plan sent on its deadline and recorded the next day is on time', async () => {
      t.clock.set('2024-04-15T09:00:00Z');
      const inspection = await s.inspection({ receivedOn: '2024-04-09' });
      const area = await s.area(inspection.id);
      await s.action(area.id);

      t.clock.set('2024-07-17T09:00:00Z');
      const approve = (body: object) =>
        t.http
          .post(`/api/inspections/${inspection.id}/events`)
          .set(t.as('director'))
          .send({ type: 'APPROVE', version: 1, ...body });
      expect((await approve({ happenedOn: '2024-07-18' }).expect(400)).body.fields).toEqual({
        happenedOn: ['The date the plan was approved must be today or in the past'],
      });
      expect((await approve({ happenedOn: '2024-07-16' }).expect(400)).body.fields).toEqual({
        comment: ['Enter why the date given is before today'],
      });
      expect((await approve({ happenedOn: '2024-04-01', comment: 'Typed wrong' }).expect(400)).body.fields).toEqual({
        happenedOn: ['The date the plan was approved must be on or after the date the council received the report'],
      });
      const approved = await approve({ happenedOn: '2024-07-16', comment: 'Cabinet met on 16 July.' }).expect(200);
      expect(approved.body.plan).toMatchObject({ state: 'approved', approvedOn: '2024-07-16' });
      expect(await audit(inspection.id, 'APPROVE')).toMatchObject({
        comment: 'Cabinet met on 16 July.',
        details: { approvedOn: '2024-07-16' },
      });

      // Until the plan is sent, its deputy director can correct the date it is due from Ofsted's letter.
      const changeTheDate = '<span class="govuk-visually-hidden"> the date the plan is due</span>';
      expect(await (await browser('deputy_director')).page(`/inspections/${inspection.id}`)).toContain(changeTheDate);

      // The morning after the deadline: the service records it missed.
      t.clock.set('2024-07-19T08:00:00Z');
      expect(await sweep()).toMatchObject({ missedDeadlinesRecorded: 1 });
      const submit = (body: object) =>
        t.http
          .post(`/api/inspections/${inspection.id}/events`)
          .set(t.as('director'))
          .send({ type: 'SUBMIT', version: 3, ...body });
      expect((await submit({ happenedOn: '2024-07-15', comment: 'Sent early' }).expect(400)).body.fields).toEqual({
        happenedOn: ['The date the plan was sent to Ofsted must be on or after 16 July 2024, the date it was approved'],
      });
      const submitted = await submit({
        happenedOn: '2024-07-18',
        comment: 'Sent by email at 16:40 on 18 July; recorded the next morning.',
      }).expect(200);
      expect(submitted.body.plan).toMatchObject({
        state: 'submitted',
        submittedOn: '2024-07-18',
        submittedLate: false,
        deadlineMissedOn: null,
      });
      expect(await audit(inspection.id, 'SUBMIT')).toMatchObject({
        actorEmail: PEOPLE.director.email,
        comment: 'Sent by email at 16:40 on 18 July; recorded the next morning.',
        details: { submittedOn: '2024-07-18', deadlineMissedOn: null },
      });
      const areaNow = await t.http.get(`/api/areas/${area.id}`).set(t.as('viewer')).expect(200);
      expect(areaNow.body).toMatchObject({ state: 'submitted', submittedOn: '2024-07-18', submittedLate: false });
      // Once it is sent, the date it was due is what it was judged against: the page no longer offers to change it,
      // nor the date of receipt it was counted from, and the service refuses a change that would move it.
      const deputy = await browser('deputy_director');
      const sentPage = await deputy.page(`/inspections/${inspection.id}`);
      expect(words(sentPage)).toContain('Plan sent to Ofsted 18 July 2024, by the deadline of 18 July 2024');
      expect(sentPage).not.toContain(changeTheDate);
      expect(sentPage).not.toContain('<span class="govuk-visually-hidden"> the date the report was received</span>');
      const letterPage = await deputy.page(`/inspections/${inspection.id}/letter`);
      expect(words(letterPage)).toContain(
        'The plan went to Ofsted on 18 July 2024. The date the council received the report and the dates the plans were due are what its sending was judged against, so they cannot change now.',
      );
      expect(letterPage).not.toContain('name="receivedOn-day"');
      expect(letterPage).not.toContain('name="statedActionPlanDueOn-day"');
      const change = async (body: object) =>
        t.http
          .patch(`/api/inspections/${inspection.id}`)
          .set(t.as('deputy_director'))
          .send({ version: (await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('viewer')).expect(200)).body.version, ...body });
      const judgedAgainst =
        'The plan went to Ofsted on 18 July 2024: the date it was due then, 18 July 2024, is what its sending was judged against, so it cannot change now';
      expect((await change({ statedActionPlanDueOn: '2024-07-25' })).body.fields).toEqual({ statedActionPlanDueOn: [judgedAgainst] });
      expect((await change({ receivedOn: '2024-04-01' })).body.fields).toEqual({ receivedOn: [judgedAgainst] });
      // What does not move it still changes.
      expect((await change({ scrutinyCommittee: 'Performance Scrutiny Committee' })).status).toBe(200);
      expect((await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('viewer')).expect(200)).body).toMatchObject({
        actionPlanDueOn: '2024-07-18',
        scrutinyCommittee: 'Performance Scrutiny Committee',
      });

      // From the page: a back-dated step asks why, and keeps the date typed.
      const other = await s.inspection({ receivedOn: '2024-04-09' });
      const otherArea = await s.area(other.id);
      await s.action(otherArea.id);
      // Saturday 31 August 2024, for someone named on the plan who has not been given access.
      const onSaturday = await s.action(otherArea.id, {
        owner: { name: 'Dan Newman', email: 'dan.newman@oxfordshire.gov.uk' },
        dueOn: '2024-08-31',
      });
      // Monday 26 August 2024, the summer bank holiday.
      const onBankHoliday = await s.action(otherArea.id, { owner: PEOPLE.action_owner, dueOn: '2024-08-26' });
      const director = await browser('director');
      const checkPage = words(await director.page(`/inspections/${other.id}/check/approve`));
      expect(checkPage).toContain('Date cabinet (or the executive) approved the plan');
      // What the plan will answer for later, said before the decision, which it does not stop.
      expect(checkPage).toContain(
        'Points to check You can still record the decision, but you may want to put these right first. ' +
          'Area 1 has no measure of impact, so the committee will have no figures to show whether things are better for children there. ' +
          // The test's accounts have no password, and single sign-on is not set up: as the Users page says, they cannot sign in.
          'Owen Owner owns actions 1.1 and 1.3 but cannot sign in: they will be sent reminders whose links they cannot open. An administrator can give them access. ' +
          'Dan Newman owns action 1.2 but cannot sign in: they will be sent reminders whose links they cannot open. An administrator can give them access. ' +
          'Action 1.2 is due on Saturday 31 August 2024, which is not a working day. ' +
          'Action 1.3 is due on Monday 26 August 2024, Summer bank holiday, which is not a working day.',
      );
      // Each action with how its owner will know it worked: what the director is agreeing to.
      expect(checkPage).toContain('How they will know it worked: 90% rated good');
      // The action's own page says so beside its date.
      expect(words(await director.page(`/actions/${onSaturday.id}`))).toContain(
        'Due 31 August 2024 That is a Saturday, not a working day.',
      );
      expect(words(await director.page(`/actions/${onBankHoliday.id}`))).toContain(
        'Due 26 August 2024 That is the Summer bank holiday, not a working day.',
      );
      const dated = {
        type: 'APPROVE',
        version: '1',
        'happenedOn-APPROVE-day': '16',
        'happenedOn-APPROVE-month': '7',
        'happenedOn-APPROVE-year': '2024',
      };
      const asked = await director.submit(`/inspections/${other.id}/check/approve`, dated).expect(400);
      expect(asked.text).toMatch(/govuk-error-summary[\s\S]*href="#comment-APPROVE"/);
      expect(asked.text).toContain('Say why this is recorded after the day it happened');
      expect(asked.text).toMatch(/name="happenedOn-APPROVE-day" type="text"[^>]* value="16"/);
      const done = await director
        .submit(`/inspections/${other.id}/check/approve`, { ...dated, comment: 'Cabinet met on 16 July.' })
        .expect(200);
      expect(words(done.text)).toContain('Action plan approved');
      // The next step is a link away.
      expect(words(done.text)).toContain('What happens next Once the plan has gone to Ofsted, record the day it was sent.');
      expect(done.text).toContain(`href="/inspections/${other.id}/check/submit">Check the plan and record it as sent to Ofsted</a>`);
      expect((await t.http.get(`/api/inspections/${other.id}`).set(t.as('viewer')).expect(200)).body.plan.approvedOn).toBe('2024-07-16');

      // Before recording it as sent, the director is told the deadline has passed, and that the service sends nothing itself.
      const check = words(await director.page(`/inspections/${other.id}/check/submit`));
      expect(check).toContain(
        'Warning The plan was due with Ofsted on 18 July 2024. Unless it was sent by then, it will be recorded as sent late.',
      );
      expect(check).toContain('The service does not send anything to Ofsted');
      expect(check).toContain('Printable plan');
      expect(check).toContain('Record the plan as sent');
      // The plan's page and Home say when each plan was approved and sent, and whether that met the deadline.
      await scenario(t, 'director').event('inspections', other.id, 'SUBMIT', 2);
      // Each check page, opened again, says what was recorded rather than offering the step again.
      const sent = words(await director.page(`/inspections/${other.id}/check/submit`));
      expect(sent).toContain('Already recorded The plan was sent to Ofsted on 19 July 2024, after its deadline. This has been recorded.');
      expect(sent).not.toContain('Record the plan as sent');
      expect(words(await director.page(`/inspections/${other.id}/check/approve`))).toContain(
        'Already recorded Cabinet approved the plan on 16 July 2024. This has been recorded.',
      );
      const viewer = await browser('viewer');
      expect(words(await viewer.page(`/inspections/${inspection.id}`))).toContain(
        'Plan approved 16 July 2024 Plan sent to Ofsted 18 July 2024, by the deadline of 18 July 2024',
      );
      expect(words(await viewer.page(`/inspections/${other.id}`))).toContain(
        'Plan approved 16 July 2024 Plan sent to Ofsted 19 July 2024 Late after the deadline of 18 July 2024',
      );
      const home = words(await viewer.page('/'));
      expect(home).toContain('Plan sent to Ofsted 18 July 2024, by the deadline of 18 July 2024');
      expect(home).toContain('Plan sent to Ofsted 19 July 2024 Late after the deadline of 18 July 2024');
      expect(home).not.toContain('Plan due with Ofsted');

      const returned = await t.http
        .post(`/api/inspections/${inspection.id}/events`)
        .set(t.as('director'))
        .send({ type: 'CLOSE', version: 4, happenedOn: '2024-07-19' })
        .expect(400);
      expect(returned.body.fields).toEqual({ happenedOn: ['A date is recorded only for approving, submitting or sending a draft plan'] });
    });
  });

  describe('joint targeted area inspections', () => {
    const jtai = (over: object = {}) =>
      s.inspection({
        framework: 'JTAI',
        startedOn: '2024-01-15',
        endedOn: '2024-01-19',
        publishedOn: '2024-03-12',
        judgements: [],
        planLead: lead,
        ...over,
      });

    it('ask for a written statement only when the letter does, led by the principal authority it names', async () => {
      t.clock.set('2024-03-13T09:00:00Z');
      const led = await jtai({ statementRequired: true, principalAuthority: 'Thames Valley Police', receivedOn: '2024-03-12' });
      expect(led).toMatchObject({ statementRequired: true, principalAuthority: 'Thames Valley Police', actionPlanDueOn: '2024-06-24' });

      // Not yet recorded: counted as required, so no date is missed meanwhile.
      const unsaid = await jtai();
      expect(unsaid).toMatchObject({ statementRequired: null, actionPlanDueOn: '2024-06-24' });
      expect((await pending('plan', unsaid.id)).length).toBeGreaterThan(0);
      const notRequired = await t.http
        .patch(`/api/inspections/${unsaid.id}`)
        .set(t.as('deputy_director'))
        .send({ version: 1, statementRequired: false })
        .expect(200);
      expect(notRequired.body).toMatchObject({
        statementRequired: false,
        actionPlanDueOn: null,
        deadlines: { actionPlan: null },
        workingDaysLeft: null,
      });
      expect(await pending('plan', unsaid.id)).toEqual([]);

      const jtaiPage = words(await (await browser('viewer')).page(`/inspections/${led.id}`));
      expect(jtaiPage).toContain('Written statement required Yes');
      expect(jtaiPage).toContain('Principal authority Thames Valley Police');
      expect(await paper(led.id)).toContain(
        'The written statement of proposed action is led by Thames Valley Police, the principal authority named in Ofsted’s letter.',
      );
      expect(await paper(unsaid.id)).toContain('Ofsted’s letter did not require a written statement of proposed action.');

      const ilacs = await t.http
        .post('/api/inspections')
        .set(t.as('deputy_director'))
        .send({
          authority: 'Oxfordshire County Council',
          framework: 'ILACS',
          publishedOn: '2024-03-12',
          statementRequired: true,
          principalAuthority: 'Thames Valley Police',
        })
        .expect(400);
      expect(ilacs.body.fields).toEqual({
        statementRequired: ['Whether a written statement is required is recorded only where Ofsted’s letter decides it (JTAI)'],
        principalAuthority: ['A principal authority is recorded only where Ofsted’s letter names one (JTAI)'],
      });
    });
  });
});
