import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { csrfTokenFor } from '../src/auth/page-sessions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { ImprovementArea } from '../src/improvement-areas/improvement-area.entity.js';
import { Reminder } from '../src/reminders/reminder.entity.js';
import { User } from '../src/users/user.entity.js';
import { ScheduledWork } from '../src/scheduling/scheduled-work.service.js';
import { drivers } from './support/databases.js';
import { words } from './support/page-words.js';
import { scenario } from './support/scenario.js';
import { startInbox, type Inbox } from './support/smtp-inbox.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

const clerk = { name: 'Clara Clerk', email: 'clara.clerk@oxfordshire.gov.uk' };
const leadA = { name: 'Lee Lead', email: 'lee.lead@oxfordshire.gov.uk' };
const leadB = { name: 'Bea Lead', email: 'bea.lead@oxfordshire.gov.uk' };
const committee = 'Education and Young People Overview & Scrutiny Committee';

describe.each(drivers)('six-monthly scrutiny reviews on %s', (driver) => {
  let inbox: Inbox;
  let t: TestApp;
  let s: ReturnType<typeof scenario>;
  const reviews = (inspectionId: string) =>
    t.http
      .get(`/api/inspections/${inspectionId}/reviews`)
      .set(t.as('deputy_director'))
      .expect(200)
      .then((r) => r.body);
  const pendingReviewReminders = async () =>
    (await t.http.get('/api/reminders').set(t.as('admin')).query({ status: 'pending' }).expect(200)).body
      .filter((r: { subject: string }) => r.subject === 'review')
      .map(
        (r: { sendOn: string; workingDaysFromDue: number; recipient: { email: string } }) =>
          `${r.sendOn} ${r.workingDaysFromDue} ${r.recipient.email}`,
      )
      .sort();
  const to = (email: string) => inbox.messages.filter((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === email);
  /** The lead officer's summary of an area, written as a deputy director may. */
  const writeSummary = async (areaId: string, narrative: string) =>
    t.http
      .put(`/api/areas/${areaId}/narrative`)
      .set(t.as('deputy_director'))
      .send({ version: (await area(areaId)).version, narrative })
      .expect(200);
  const area = (id: string) =>
    t.http
      .get(`/api/areas/${id}`)
      .set(t.as('deputy_director'))
      .expect(200)
      .then((r) => r.body);

  beforeEach(async () => {
    inbox = await startInbox();
    t = await createTestApp(driver, { now: '2024-07-01T09:00:00Z', env: { SMTP_URL: inbox.url } });
    s = scenario(t);
  });
  afterEach(async () => {
    await t.close();
    await inbox.close();
  });

  /** The Oxfordshire plan of 2024, two areas in delivery, submitted on 10 July 2024. */
  const submittedPlan = async ({ leaversStarted = true, started = true, submitOn = '2024-07-10' } = {}) => {
    const inspection = await s.inspection({ scrutinyCommittee: committee, scrutinyClerk: clerk });
    const pre = await s.post(`/api/inspections/${inspection.id}/areas`, { title: 'Timeliness of pre-proceedings', leadOfficer: leadA });
    const leavers = await s.post(`/api/inspections/${inspection.id}/areas`, {
      title: 'Care leavers in education, employment or training',
      leadOfficer: leadB,
    });
    const audit = await s.action(pre.id, { title: 'Audit pre-proceedings decisions', dueOn: '2025-06-27' });
    const tracker = await s.action(leavers.id, { title: 'Launch the care leavers jobs offer', dueOn: '2025-06-30' });
    // The owner hears of the actions that morning; what these tests follow comes after.
    await t.app.get(ScheduledWork).runOnce();
    inbox.messages.length = 0;
    await scenario(t, 'director').event('inspections', inspection.id, 'APPROVE', 1);
    t.clock.set(`${submitOn}T09:00:00Z`);
    await scenario(t, 'director').event('inspections', inspection.id, 'SUBMIT', 2);
    if (started) await s.event('areas', pre.id, 'START_DELIVERY', 2);
    if (started && leaversStarted) await s.event('areas', leavers.id, 'START_DELIVERY', 2);
    return { inspection, pre, leavers, audit, tracker };
  };

  it('runs the whole cycle: submitted, two reviews six months apart, every area closed, the plan closed', async () => {
    const { inspection, pre, leavers, audit, tracker } = await submittedPlan();
    expect(await reviews(inspection.id)).toEqual([
      expect.objectContaining({ sequence: 1, dueOn: '2025-01-10', status: 'scheduled', outcomes: [] }),
    ]);
    expect((await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('deputy_director')).expect(200)).body).toMatchObject({
      scrutinyCommittee: committee,
      scrutinyClerk: clerk,
      nextReview: { sequence: 1, dueOn: '2025-01-10' },
    });

    await s.event('actions', audit.id, 'COMPLETE', 1);
    t.clock.set('2025-01-16T15:00:00Z');
    const first = await scenario(t, 'scrutiny').post(`/api/inspections/${inspection.id}/reviews`, {
      meetingOn: '2025-01-16',
      outcomes: [
        { areaId: leavers.id, outcome: 'further_assurance', comment: 'How many care leavers have started apprenticeships?' },
        { areaId: pre.id, outcome: 'assured' },
      ],
    });
    expect(first).toMatchObject({
      sequence: 1,
      status: 'held',
      committee,
      meetingOn: '2025-01-16',
      recordedBy: { email: PEOPLE.scrutiny.email },
      outcomes: [
        { reference: '1', outcome: 'assured', comment: null, areaState: 'closed' },
        {
          reference: '2',
          outcome: 'further_assurance',
          comment: 'How many care leavers have started apprenticeships?',
          areaState: 'in_progress',
        },
      ],
    });
    expect(await area(pre.id)).toMatchObject({ state: 'closed', reviewsHeld: 1 });
    expect(await area(leavers.id)).toMatchObject({ state: 'in_progress', reviewsHeld: 1 });
    const history = (await t.http.get(`/api/areas/${leavers.id}/history`).set(t.as('deputy_director')).expect(200)).body.map(
      (e: AuditEvent) => `${e.event} ${e.toState}`,
    );
    expect(history.slice(-2)).toEqual(['SEND_TO_SCRUTINY under_review', 'REQUEST_FURTHER_ASSURANCE in_progress']);
    const recorded = await t.dataSource
      .getRepository(AuditEvent)
      .findOneByOrFail({ entityId: inspection.id, event: 'SCRUTINY_REVIEW_RECORDED' });
    expect(recorded).toMatchObject({ details: { committee, meetingOn: '2025-01-16', assured: 1, further_assurance: 1, escalated: 0 } });
    // The next review: six months after the meeting; only the lead of the area still open is asked for an update.
    expect(
      (await reviews(inspection.id)).map(
        (r: { sequence: number; dueOn: string; status: string }) => `${r.sequence} ${r.dueOn} ${r.status}`,
      ),
    ).toEqual(['1 2025-01-10 held', '2 2025-07-16 scheduled']);
    expect((await pendingReviewReminders()).filter((line: string) => line.includes('lead'))).toEqual([
      `2025-06-18 -10 ${leadB.email}`,
      `2025-07-02 0 ${leadB.email}`,
    ]);
    // The lead of the area the committee asked about hears its questions that afternoon, and where to answer them;
    // the other lead, whose area it closed, is asked nothing.
    inbox.messages.length = 0;
    await t.app.get(ScheduledWork).runOnce();
    expect(to(leadA.email)).toEqual([]);
    expect(to(leadB.email)).toHaveLength(1);
    expect(to(leadB.email)[0].subject).toBe(
      'From the scrutiny committee: Care leavers in education, employment or training — action plan reminder',
    );
    expect(to(leadB.email)[0].text).toContain(
      'The scrutiny committee has asked about an improvement area you lead in Oxfordshire County Council’s Ofsted action plan',
    );
    expect(to(leadB.email)[0].text).toContain(
      `FROM THE SCRUTINY COMMITTEE\n- Improvement area 2 (Oxfordshire County Council): Care leavers in education, employment or training\n  At its meeting on Thursday 16 January 2025, the ${committee} asked for further assurance about this area: How many care leavers have started apprenticeships?\n  Your summary for review 2 is wanted by Wednesday 2 July 2025.\n  What to do: answer its questions in your summary of the area’s progress.`,
    );
    expect(to(leadB.email)[0].html).toContain('From the scrutiny committee</h2>');
    expect(to(leadB.email)[0].text).toMatch(/http:\/\/[^\s]+\/areas\/[\w-]+\/summary/);
    expect(
      (await t.http.get('/api/reminders').set(t.as('admin')).query({ status: 'sent' }).expect(200)).body
        .filter((r: { subject: string }) => r.subject === 'questions')
        .map((r: { which: string; dueOn: string; recipient: { email: string } }) => `${r.which} ${r.dueOn} ${r.recipient.email}`),
    ).toEqual([`Questions from the committee 2025-07-02 ${leadB.email}`]);

    await s.event('actions', tracker.id, 'COMPLETE', 1);
    t.clock.set('2025-07-16T15:00:00Z');
    await scenario(t, 'scrutiny').post(`/api/inspections/${inspection.id}/reviews`, {
      meetingOn: '2025-07-16',
      outcomes: [{ areaId: leavers.id, outcome: 'assured', comment: 'Take-up has doubled.' }],
    });
    expect(await area(leavers.id)).toMatchObject({ state: 'closed', reviewsHeld: 2 });
    const plan = await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('deputy_director')).expect(200);
    expect(plan.body).toMatchObject({ plan: { state: 'closed', acceptedEvents: [] }, nextReview: null });
    expect((await reviews(inspection.id)).map((r: { status: string }) => r.status)).toEqual(['held', 'held']);
    expect(await pendingReviewReminders()).toEqual([]);
  });

  it('flags a review whose date has passed with no meeting recorded, on the API, the plan, Home and the review form', async () => {
    const { inspection } = await submittedPlan();
    // Signed in afresh for each page: the clock moves on further than a session lasts.
    const page = async (path: string) => {
      const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.scrutiny.id));
      return words((await t.http.get(path).set('Cookie', `session=${token}`).expect(200)).text);
    };
    const nextReview = async () =>
      (await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('scrutiny')).expect(200)).body.nextReview as object;

    t.clock.set('2025-01-10T16:00:00Z');
    expect(await nextReview()).toMatchObject({ sequence: 1, dueOn: '2025-01-10', overdue: false });
    expect(await page(`/inspections/${inspection.id}`)).toContain('Next review Review 1, due by 10 January 2025 ');
    expect(await page(`/inspections/${inspection.id}`)).not.toContain('Overdue');

    t.clock.set('2025-01-13T09:00:00Z');
    expect(await nextReview()).toMatchObject({ sequence: 1, overdue: true });
    expect(await page(`/inspections/${inspection.id}`)).toContain('Next review Review 1, due by 10 January 2025 Overdue');
    expect(await page('/')).toContain('Next scrutiny review Review 1, due by 10 January 2025 Overdue');
    expect(await page(`/inspections/${inspection.id}/reviews/new`)).toContain(
      'This is review 1, due by 10 January 2025. That day has passed: once the committee has met, record what it decided.',
    );
  });

  it('schedules a review on the working day before, where six months on is a weekend or a bank holiday', async () => {
    for (const [submitOn, dueOn] of [
      ['2024-07-11', '2025-01-10'], // Saturday 11 January 2025
      ['2024-11-26', '2025-05-23'], // the spring bank holiday, Monday 26 May 2025
    ]) {
      const { inspection } = await submittedPlan({ submitOn });
      expect((await reviews(inspection.id)).map((review: { dueOn: string }) => review.dueOn)).toEqual([dueOn]);
    }
  });

  it('says on the plan and the review form why an open area whose delivery has not started cannot be reviewed', async () => {
    const { inspection, leavers } = await submittedPlan({ leaversStarted: false });
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.scrutiny.id));
    const page = async (path: string) => (await t.http.get(path).set('Cookie', `session=${token}`).expect(200)).text;
    const why = `Delivery has not started on <a class="govuk-link" href="/areas/${leavers.id}">area 2</a>, so the committee cannot review it yet. A deputy director or director starts it from the area’s page.`;
    const form = await page(`/inspections/${inspection.id}/reviews/new`);
    expect(form).toContain(why);
    expect(form).not.toContain(`outcome-${leavers.id}`);
    expect(await page(`/inspections/${inspection.id}`)).toContain(why);

    await s.event('areas', leavers.id, 'START_DELIVERY', 2);
    expect(await page(`/inspections/${inspection.id}/reviews/new`)).not.toContain('Delivery has not started');

    // An area added after the plan went to Ofsted is a draft: it is submitted before its delivery starts.
    const late = await s.post(`/api/inspections/${inspection.id}/areas`, { title: 'Return home interviews', leadOfficer: leadA });
    expect(await page(`/inspections/${inspection.id}/reviews/new`)).toContain(
      `The committee cannot review <a class="govuk-link" href="/areas/${late.id}">area 3</a> yet: it is still a draft. Submit it, then start its delivery, from its page.`,
    );
  });

  it('starts delivery on every area waiting for it from the plan’s page, each move in the history', async () => {
    const { inspection, pre, leavers } = await submittedPlan({ started: false });
    const session = async (role: 'deputy_director' | 'scrutiny') => {
      const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users[role].id));
      return { cookie: `session=${token}`, csrf: csrfTokenFor(token) };
    };
    const deputy = await session('deputy_director');
    const planPage = async (cookie: string, path = `/inspections/${inspection.id}`) =>
      (await t.http.get(path).set('Cookie', cookie).expect(200)).text;
    expect(await planPage(deputy.cookie)).toContain('Start delivery on all 2 areas');
    // The committee's members read why, and who can start it; the button is not theirs.
    const member = await session('scrutiny');
    expect(await planPage(member.cookie)).toContain('Delivery has not started on');
    expect(await planPage(member.cookie)).not.toContain('Start delivery on all');
    await t.http
      .post(`/inspections/${inspection.id}/start-delivery`)
      .set('Cookie', member.cookie)
      .type('form')
      .send({ _csrf: member.csrf })
      .expect(403);

    const started = await t.http
      .post(`/inspections/${inspection.id}/start-delivery`)
      .set('Cookie', deputy.cookie)
      .type('form')
      .send({ _csrf: deputy.csrf })
      .expect(303);
    expect(started.headers.location).toBe(`/inspections/${inspection.id}?done=delivery`);
    expect(await area(pre.id)).toMatchObject({ state: 'in_progress' });
    expect(await area(leavers.id)).toMatchObject({ state: 'in_progress' });
    const moves = await t.dataSource.getRepository(AuditEvent).find({ where: { event: 'START_DELIVERY', inspectionId: inspection.id } });
    expect(moves.map((move) => [move.entityId, move.actorEmail]).sort()).toEqual(
      [pre.id, leavers.id].map((id) => [id, PEOPLE.deputy_director.email]).sort(),
    );
    const after = await planPage(deputy.cookie, started.headers.location);
    expect(after).toContain('Delivery has started on every area that was waiting for it');
    expect(after).not.toContain('Delivery has not started on');
    // Only the page's own confirmations: any other word in the address shows none.
    const odd = await planPage(deputy.cookie, `/inspections/${inspection.id}?done=constructor`);
    expect(odd).not.toContain('govuk-notification-banner--success');
    expect(odd).not.toContain('function Object');
    expect(await planPage(member.cookie, `/inspections/${inspection.id}/reviews/new`)).not.toContain('Delivery has not started');
  });

  it('moves a scheduled review to the committee’s meeting day from the reviews page, and shows a refused date again as typed', async () => {
    const { inspection, pre } = await submittedPlan();
    const [review] = await reviews(inspection.id);
    const signIn = () => t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.scrutiny.id));
    let { token } = await signIn();
    const open = async (path: string, status = 200) => (await t.http.get(path).set('Cookie', `session=${token}`).expect(status)).text;
    const send = (fields: Record<string, string>) =>
      t.http
        .post(`/inspections/${inspection.id}/reviews/${review.id}/date`)
        .set('Cookie', `session=${token}`)
        .type('form')
        .send({ _csrf: csrfTokenFor(token), ...fields });
    const date = (day: string, month: string, year: string) => ({ 'dueOn-day': day, 'dueOn-month': month, 'dueOn-year': year });

    const formPath = `/inspections/${inspection.id}/reviews/${review.id}/date`;
    expect(await open(`/inspections/${inspection.id}/reviews`)).toContain(
      `<a class="govuk-link" href="${formPath}">Change the date<span class="govuk-visually-hidden"> of review 1</span></a>`,
    );
    // Home and the plan's page, where a scrutiny member first looks, link the same form.
    for (const page of ['/', `/inspections/${inspection.id}`])
      expect(await open(page)).toContain(
        `<a class="govuk-link" href="${formPath}">Change<span class="govuk-visually-hidden"> the date of review 1 to the committee’s meeting</span></a>`,
      );
    const asDeputy = await t.dataSource.transaction((manager) =>
      t.app.get(TokensService).issueSession(manager, t.users.deputy_director.id),
    );
    expect((await t.http.get(`/inspections/${inspection.id}`).set('Cookie', `session=${asDeputy.token}`).expect(200)).text).not.toContain(
      formPath,
    );
    const form = await open(formPath);
    expect(form).toContain('When does the committee hold review 1?');
    expect(form).toContain('It is due by 10 January 2025.');
    expect(await reviews(inspection.id)).toEqual([expect.objectContaining({ meetingSet: false })]);
    expect(form).toMatch(/name="dueOn-day"[^>]*value="10"/);

    for (const [fields, message] of [
      [date('', '', ''), 'Enter the date of the meeting'],
      [date('31', '2', '2025'), 'The date of the meeting must be a real date'],
      [
        date('1', '7', '2024'),
        'The date of the meeting must be today or in the future. If the committee has already met, record the review instead',
      ],
    ] as const) {
      const refused = await send(fields).expect(400);
      expect(refused.text).toContain('There is a problem');
      expect(refused.text).toContain(`<a href="#dueOn-day">${message}</a>`);
      expect(refused.text).toMatch(new RegExp(`name="dueOn-month"[^>]*value="${fields['dueOn-month']}"`));
    }
    expect((await reviews(inspection.id))[0].dueOn).toBe('2025-01-10');

    const moved = await send(date('23', '1', '2025')).expect(303);
    expect(moved.headers.location).toBe(`/inspections/${inspection.id}/reviews?moved=${review.id}`);
    const reviewsPage = await open(moved.headers.location);
    expect(reviewsPage).toContain(
      'Review 1 is now at the committee’s meeting on 23 January 2025. Reminders to the clerk and the area leads have moved with it.',
    );
    // From now on the review is that meeting, not a date it is due by: on every page that gives it.
    expect(reviewsPage).toContain('Review 1 is at the committee’s meeting on 23 January 2025.');
    for (const page of ['/', `/inspections/${inspection.id}`])
      expect(words(await open(page))).toContain('Review 1, at the committee’s meeting on 23 January 2025');
    expect(words(await open(`/inspections/${inspection.id}/reviews/new`))).toContain(
      'This is review 1, at the committee’s meeting on 23 January 2025.',
    );
    expect(await open(formPath)).toContain('It is at the committee’s meeting on 23 January 2025.');
    expect(await reviews(inspection.id)).toEqual([expect.objectContaining({ dueOn: '2025-01-23', meetingSet: true })]);
    expect(await pendingReviewReminders()).toContain(`2025-01-23 0 ${clerk.email}`);
    const audit = await t.dataSource
      .getRepository(AuditEvent)
      .findOneByOrFail({ entityId: inspection.id, event: 'SCRUTINY_REVIEW_RESCHEDULED' });
    expect(audit).toMatchObject({
      actorEmail: PEOPLE.scrutiny.email,
      comment: 'Review 1 set for the committee’s meeting on 23 January 2025.',
      details: { review: 1, dueOn: { from: '2025-01-10', to: '2025-01-23' }, meetingOn: '2025-01-23' },
    });

    // Once held, a review has no date to change.
    t.clock.set('2025-01-23T15:00:00Z');
    await scenario(t, 'scrutiny').post(`/api/inspections/${inspection.id}/reviews`, {
      meetingOn: '2025-01-23',
      outcomes: [{ areaId: pre.id, outcome: 'further_assurance', comment: 'More data, please.' }],
    });
    ({ token } = await signIn());
    expect(await open(`/inspections/${inspection.id}/reviews`)).not.toContain(formPath);
    await open(formPath, 404);
    // A form left open while the review was recorded says why it cannot save.
    expect((await send(date('30', '1', '2025')).expect(400)).text).toContain('Review 1 has been held: only a scheduled review can move.');
  });

  it('asks the clerk and the area leads four weeks ahead, each exactly once, and a lead again on the day the paper needs their summary', async () => {
    const { inspection, pre } = await submittedPlan();
    expect(await pendingReviewReminders()).toEqual([
      // Twenty working days: four weeks, less Christmas Day, Boxing Day and New Year's Day. A lead's count is
      // from the day the paper needs their summary, ten working days before the review.
      `2024-12-10 -10 ${leadB.email}`,
      `2024-12-10 -10 ${leadA.email}`,
      `2024-12-10 -20 ${clerk.email}`,
      `2024-12-24 0 ${leadB.email}`,
      `2024-12-24 0 ${leadA.email}`,
      `2025-01-03 -5 ${clerk.email}`,
      `2025-01-10 0 ${clerk.email}`,
      `2025-01-13 1 ${clerk.email}`,
      `2025-01-20 6 ${clerk.email}`,
    ]);
    // The reminders page counts a lead's ask from the day it gives: the summary's, not the meeting's.
    const listed = (await t.http.get('/api/reminders').set(t.as('admin')).query({ status: 'pending' }).expect(200)).body.filter(
      (r: { recipient: { email: string } }) => r.recipient.email === leadA.email,
    );
    expect(listed.map((r: { dueOn: string; which: string }) => `${r.dueOn} ${r.which}`)).toEqual([
      '2024-12-24 10 working days before it is due',
      '2024-12-24 On the day it is due',
    ]);
    t.clock.set('2024-12-10T08:00:00Z');
    const sweep = () => t.app.get(ScheduledWork).runOnce();
    expect(await sweep()).toMatchObject({ messages: 3, sent: 3 });
    expect(await sweep()).toMatchObject({ messages: 0, sent: 0 });
    expect(to(clerk.email)).toHaveLength(1);
    expect(to(clerk.email)[0].text).toContain(
      `Scrutiny review of the action plan for Oxfordshire County Council: ${committee}: review 1 of progress`,
    );
    expect(to(clerk.email)[0].text).toContain('Due on Friday 10 January 2025: 20 working days left.');
    // And what to do about it.
    expect(to(clerk.email)[0].text).toContain(
      'What to do: make the review’s date the day the committee meets. Its paper needs the lead officers’ summaries by 24 December 2024: 0 of 2 are in.',
    );
    // Each lead officer is asked for the summary the committee reads, and linked to where it is written.
    expect(to(leadA.email)[0].text).toContain(
      'Write the summary of progress of area 1 for the committee’s paper (review 1 is due by 10 January 2025)',
    );
    expect(to(leadB.email)[0].text).toContain(
      'Write the summary of progress of area 2 for the committee’s paper (review 1 is due by 10 January 2025)',
    );
    // Due when the paper needs it, not on the day of the meeting.
    expect(to(leadA.email)[0].text).toContain('Due on Tuesday 24 December 2024: 10 working days left.');
    expect(to(leadA.email)[0].text).toMatch(/http:\/\/[^\s]+\/areas\/[\w-]+\/summary/);

    // Area 1's lead writes the summary: only area 2's is asked for again, on the day the paper needs it.
    t.clock.set('2024-12-18T10:00:00Z');
    await writeSummary(pre.id, 'Audits are on track.');
    // Listed still by the summary's day, though it will not be sent.
    const unneeded = (await t.http.get('/api/reminders').set(t.as('admin')).query({ status: 'pending' }).expect(200)).body.filter(
      (r: { recipient: { email: string } }) => r.recipient.email === leadA.email,
    );
    expect(unneeded.map((r: { dueOn: string; which: string; applies: boolean }) => `${r.dueOn} ${r.which} ${r.applies}`)).toEqual([
      '2024-12-24 On the day it is due false',
    ]);
    t.clock.set('2024-12-24T08:00:00Z');
    inbox.messages.length = 0;
    expect(await sweep()).toMatchObject({ messages: 1, sent: 1, withdrawn: 1 });
    expect(to(leadA.email)).toHaveLength(0);
    expect(to(leadB.email)[0].text).toContain('Due today, Tuesday 24 December 2024.');

    // A new clerk takes over: the old one's reminders are withdrawn, the new one's planned from today.
    const newClerk = { name: 'Nat Clerk', email: 'nat.clerk@oxfordshire.gov.uk' };
    const current = await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('deputy_director')).expect(200);
    await t.http
      .patch(`/api/inspections/${inspection.id}`)
      .set(t.as('deputy_director'))
      .send({ version: current.body.version, scrutinyClerk: newClerk })
      .expect(200);
    expect((await pendingReviewReminders()).filter((line: string) => line.includes('clerk'))).toEqual([
      `2025-01-03 -5 ${newClerk.email}`,
      `2025-01-10 0 ${newClerk.email}`,
      `2025-01-13 1 ${newClerk.email}`,
      `2025-01-20 6 ${newClerk.email}`,
    ]);
    // Once its day has come, the clerk is told to record it.
    t.clock.set('2025-01-13T08:00:00Z');
    inbox.messages.length = 0;
    await sweep();
    expect(to(newClerk.email)[0].text).toContain('What to do: once the committee has met, record what it decided for each area.');
  });

  it('asks for a summary for the first review even where one was written while the plan was drafted', async () => {
    const { pre } = await submittedPlan();
    // Written in June, before the plan went to Ofsted on 10 July: not the one the first review reads.
    await t.dataSource
      .getRepository(ImprovementArea)
      .update({ id: pre.id }, { narrative: 'The plan sets out how audits will work.', narrativeUpdatedOn: '2024-06-20' });
    t.clock.set('2024-12-10T08:00:00Z');
    await t.app.get(ScheduledWork).runOnce();
    const toLeadA = inbox.messages.filter((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === leadA.email);
    expect(toLeadA).toHaveLength(1);
    expect(toLeadA[0].text).toContain('Write the summary of progress of area 1 for the committee’s paper');
  });

  it('counts a summary written on the day the plan went to Ofsted, and one saved unchanged after a meeting as confirmed for the next', async () => {
    const { inspection, pre, leavers } = await submittedPlan();
    // Both written the afternoon the plan went: they are the first review's.
    await writeSummary(pre.id, 'Audits are on track.');
    await writeSummary(leavers.id, 'The jobs offer starts in the autumn.');
    t.clock.set('2024-12-10T08:00:00Z');
    expect(await t.app.get(ScheduledWork).runOnce()).toMatchObject({ messages: 1 });
    expect(inbox.messages.map((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address)).toEqual([clerk.email]);

    t.clock.set('2025-01-10T15:00:00Z');
    await scenario(t, 'scrutiny').post(`/api/inspections/${inspection.id}/reviews`, {
      meetingOn: '2025-01-10',
      outcomes: [
        { areaId: pre.id, outcome: 'further_assurance', comment: 'More data, please.' },
        { areaId: leavers.id, outcome: 'further_assurance', comment: 'How many have started?' },
      ],
    });
    const stillToCome = async () => {
      const { token } = await t.dataSource.transaction((manager) =>
        t.app.get(TokensService).issueSession(manager, t.users.deputy_director.id),
      );
      return words((await t.http.get(`/inspections/${inspection.id}/reviews`).set('Cookie', `session=${token}`).expect(200)).text);
    };
    expect(await stillToCome()).toContain('0 of 2 open areas have one written for this review.');
    // The same words saved again on a later day are confirmed as still true; on the meeting's day, for the meeting
    // just held. Saved twice in a day, they change nothing the second time.
    await writeSummary(pre.id, 'Audits are on track.');
    const { token: onTheDay } = await t.dataSource.transaction((manager) =>
      t.app.get(TokensService).issueSession(manager, t.users.deputy_director.id),
    );
    expect(words((await t.http.get(`/areas/${pre.id}/summary`).set('Cookie', `session=${onTheDay}`).expect(200)).text)).toContain(
      'The summary saved now dates from 10 January 2025, on the day the committee last met, for that meeting: bring it up to date for review 2',
    );
    const before = (await area(pre.id)).version;
    await writeSummary(pre.id, 'Audits are on track.');
    expect((await area(pre.id)).version).toBe(before);
    expect(await stillToCome()).toContain('0 of 2 open areas have one written for this review.');
    t.clock.set('2025-06-20T09:00:00Z');
    const confirmed = (await writeSummary(pre.id, 'Audits are on track.')).body;
    // Who wrote it and when stay as they were; the confirmation is kept beside them.
    expect(confirmed.narrative).toEqual({
      text: 'Audits are on track.',
      writtenOn: '2024-07-10',
      by: PEOPLE.deputy_director,
      confirmedOn: '2025-06-20',
      confirmedBy: PEOPLE.deputy_director,
    });
    expect(await stillToCome()).toContain(
      `1 of 2 open areas have one written for this review. Still to come: 2 Care leavers in education, employment or training : from ${leadB.name}`,
    );
    const history = (await t.http.get(`/api/areas/${pre.id}/history`).set(t.as('deputy_director')).expect(200)).body as AuditEvent[];
    expect(history.filter((entry) => entry.event.startsWith('NARRATIVE_')).map((entry) => [entry.event, entry.details])).toEqual([
      ['NARRATIVE_WRITTEN', { narrative: { from: null, to: 'Audits are on track.' } }],
      ['NARRATIVE_CONFIRMED', { narrativeConfirmedOn: { from: null, to: '2025-01-10' } }],
      ['NARRATIVE_CONFIRMED', { narrativeConfirmedOn: { from: '2025-01-10', to: '2025-06-20' } }],
    ]);
    // The committee's paper says which summary was not brought up to date, as the lead officers' lists do.
    const paper = words((await t.http.get(`/api/inspections/${inspection.id}/reports/scrutiny.html`).set(t.as('viewer')).expect(200)).text);
    expect(paper).toContain(
      'Audits are on track. Written by Dana Deputy on 10 July 2024; confirmed as still true by Dana Deputy on 20 June 2025.',
    );
    expect(paper).toContain(
      'The jobs offer starts in the autumn. Written by Dana Deputy on 10 July 2024, before the committee last met, on 10 January 2025.',
    );
  });

  it('records the committee assured on the progress of an area with work still open: delivery goes on, with nothing asked of it', async () => {
    const { inspection, pre } = await submittedPlan();
    t.clock.set('2025-01-10T15:00:00Z');
    // No questions are needed: the committee asks nothing of an area it is assured about.
    const recorded = await scenario(t, 'scrutiny').post(`/api/inspections/${inspection.id}/reviews`, {
      meetingOn: '2025-01-10',
      outcomes: [{ areaId: pre.id, outcome: 'progress_assured' }],
    });
    expect(recorded.outcomes).toMatchObject([{ areaId: pre.id, outcome: 'progress_assured' }]);
    expect(await area(pre.id)).toMatchObject({ state: 'in_progress', reviewsHeld: 1 });
    const history = (await t.http.get(`/api/areas/${pre.id}/history`).set(t.as('deputy_director')).expect(200)).body;
    expect(history.at(-1)).toMatchObject({ event: 'ASSURE_PROGRESS' });
    expect(history.at(-1).comment).toContain('. Assured on progress.');
    const { token } = await t.dataSource.transaction((manager) =>
      t.app.get(TokensService).issueSession(manager, t.users.deputy_director.id),
    );
    expect(words((await t.http.get(`/areas/${pre.id}`).set('Cookie', `session=${token}`).expect(200)).text)).toContain(
      'The committee’s last review Assured on progress on 10 January 2025',
    );
    // The next review is scheduled, as after any review that leaves an area open.
    expect(
      (await reviews(inspection.id)).map((review: { sequence: number; status: string }) => `${review.sequence} ${review.status}`),
    ).toEqual(['1 held', '2 scheduled']);
  });

  it('escalates an area back to delivery, with the reason on record, and tells its lead officer and its page', async () => {
    const { inspection, pre, leavers } = await submittedPlan();
    t.clock.set('2025-01-10T15:00:00Z');
    await writeSummary(pre.id, 'Audits are on track.');
    t.clock.set('2025-01-16T15:00:00Z');
    await scenario(t, 'scrutiny').post(`/api/inspections/${inspection.id}/reviews`, {
      committee: 'Performance Scrutiny Committee',
      meetingOn: '2025-01-16',
      outcomes: [{ areaId: pre.id, outcome: 'escalated', comment: 'Referred to Cabinet: no improvement in six months.' }],
    });
    expect(await area(pre.id)).toMatchObject({ state: 'in_progress', reviewsHeld: 1 });
    // An area the committee did not discuss is left as it was.
    expect(await area(leavers.id)).toMatchObject({ state: 'in_progress', reviewsHeld: 0 });
    const history = (await t.http.get(`/api/areas/${pre.id}/history`).set(t.as('deputy_director')).expect(200)).body;
    expect(history.at(-1)).toMatchObject({
      event: 'ESCALATE',
      comment: 'Performance Scrutiny Committee, 16 January 2025. Escalated. Referred to Cabinet: no improvement in six months.',
    });
    // Its lead officer hears why, and that the next summary is where to answer it.
    inbox.messages.length = 0;
    await t.app.get(ScheduledWork).runOnce();
    expect(to(leadB.email)).toEqual([]);
    expect(to(leadA.email).map((mail) => mail.text)).toEqual([
      expect.stringContaining(
        'At its meeting on Thursday 16 January 2025, the Performance Scrutiny Committee escalated this area: Referred to Cabinet: no improvement in six months.\n  Your summary for review 2 is wanted by Wednesday 2 July 2025.\n  What to do: respond to it in your summary of the area’s progress.',
      ),
    ]);

    // The area's page says what the committee last concluded; the lead officer writing the next summary reads the
    // committee's reasons, and that the summary saved was written before it met.
    const { token } = await t.dataSource.transaction((manager) =>
      t.app.get(TokensService).issueSession(manager, t.users.deputy_director.id),
    );
    const page = async (path: string) => (await t.http.get(path).set('Cookie', `session=${token}`).expect(200)).text;
    expect(await page(`/areas/${pre.id}`)).toMatch(
      /The committee’s last review\s*<\/dt>\s*<dd[^>]*>\s*Escalated on 16 January 2025: Referred to Cabinet: no improvement in six months\./,
    );
    expect(await page(`/areas/${leavers.id}`)).not.toContain('The committee’s last review');
    const summary = await page(`/areas/${pre.id}/summary`);
    expect(summary).toContain(
      'At its last review, on 16 January 2025, the committee’s outcome for this area was: Escalated. Its questions or reasons: “Referred to Cabinet: no improvement in six months.”',
    );
    expect(summary).toContain(
      'The summary saved now dates from 10 January 2025, before the committee last met, on 16 January 2025: bring it up to date for review 2, answering the committee’s questions or reasons.',
    );
    // And by when: ten working days before the next review, so that its paper can go out ahead of the meeting.
    expect(summary).toContain('Review 2 is due by 16 July 2025: its paper needs your summary by 2 July 2025.');

    // The lead officer's own list says the same.
    await t.dataSource.getRepository(User).update({ email: leadA.email }, { role: 'action_owner', active: true });
    const lead = await t.dataSource.getRepository(User).findOneByOrFail({ email: leadA.email });
    const { token: leadsToken } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, lead.id));
    const theirAreas = (await t.http.get('/my-areas').set('Cookie', `session=${leadsToken}`).expect(200)).text;
    expect(theirAreas).toContain(
      'Written 10 January 2025, before the committee last met, on 16 January 2025<br>Wanted by <strong>2 July 2025</strong>, for review 2 (due by 16 July 2025)<br>',
    );

    // The clerk sees the paper and whose summaries are still to come.
    const reviewsPage = words(await page(`/inspections/${inspection.id}/reviews`));
    expect(reviewsPage).toContain(
      `The paper for review 2 As the plan stands today: web page, to print or Word document . When it goes out to the committee, record a snapshot (below): once the review is held, it is listed with it as the last paper before the meeting. The lead officers’ summaries of progress are wanted by 2 July 2025. 0 of 2 open areas have one written for this review. Still to come: 1 Timeliness of pre-proceedings : from ${leadA.name} 2 Care leavers in education, employment or training : from ${leadB.name}`,
    );
    t.clock.set('2025-06-20T09:00:00Z');
    await writeSummary(pre.id, 'Audits are monthly now.');
    // Months later: a session of that day.
    const { token: june } = await t.dataSource.transaction((manager) =>
      t.app.get(TokensService).issueSession(manager, t.users.deputy_director.id),
    );
    const inJune = (await t.http.get(`/inspections/${inspection.id}/reviews`).set('Cookie', `session=${june}`).expect(200)).text;
    expect(words(inJune)).toContain(
      `1 of 2 open areas have one written for this review. Still to come: 2 Care leavers in education, employment or training : from ${leadB.name}`,
    );
    t.clock.set('2025-01-16T15:00:00Z');
  });

  it('refuses what cannot be, and then writes nothing', async () => {
    const draft = await s.inspection({ scrutinyCommittee: committee });
    const draftArea = await s.area(draft.id);
    const early = await t.http
      .post(`/api/inspections/${draft.id}/reviews`)
      .set(t.as('scrutiny'))
      .send({ meetingOn: '2024-07-01', outcomes: [{ areaId: draftArea.id, outcome: 'assured' }] });
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/submitted to Ofsted/);

    const { inspection, pre, leavers } = await submittedPlan();
    t.clock.set('2025-01-16T15:00:00Z');
    const invalid = await t.http
      .post(`/api/inspections/${inspection.id}/reviews`)
      .set(t.as('scrutiny'))
      .send({
        meetingOn: '2025-02-01',
        outcomes: [
          { areaId: pre.id, outcome: 'further_assurance' },
          { areaId: draftArea.id, outcome: 'assured' },
        ],
      })
      .expect(400);
    expect(invalid.body.fields).toEqual({
      meetingOn: ['The date of the meeting must be today or in the past: record a review once the committee has met'],
      'outcomes.0.comment': ['Enter the committee’s questions or reasons for further assurance'],
      'outcomes.1.areaId': ['Select an improvement area of this plan'],
    });

    const before = await t.http
      .post(`/api/inspections/${inspection.id}/reviews`)
      .set(t.as('scrutiny'))
      .send({ meetingOn: '2024-07-01', outcomes: [{ areaId: pre.id, outcome: 'assured' }] })
      .expect(400);
    // Every problem at once: area 1 cannot close yet either.
    expect(before.body.fields).toEqual({
      meetingOn: ['The date of the meeting must be on or after the date the plan was submitted, 10 July 2024'],
      'outcomes.0.outcome': [
        'Area 1: The area still has 1 open action, so it cannot close yet: record “Assured on progress” or “Further assurance requested” instead, or ask its lead officer to complete or cancel it first.',
      ],
    });

    // Assured, but area 1 still has an open action: the guard refuses, and the whole review is undone.
    const refused = await t.http
      .post(`/api/inspections/${inspection.id}/reviews`)
      .set(t.as('scrutiny'))
      .send({
        meetingOn: '2025-01-16',
        outcomes: [
          { areaId: leavers.id, outcome: 'further_assurance', comment: 'Numbers?' },
          { areaId: pre.id, outcome: 'assured' },
        ],
      })
      .expect(409);
    expect(refused.body.reasons).toEqual([
      'Area 1: The area still has 1 open action, so it cannot close yet: record “Assured on progress” or “Further assurance requested” instead, or ask its lead officer to complete or cancel it first.',
    ]);
    // Two areas that cannot close: both are named, not only the first.
    const both = await t.http
      .post(`/api/inspections/${inspection.id}/reviews`)
      .set(t.as('scrutiny'))
      .send({
        meetingOn: '2025-01-16',
        outcomes: [
          { areaId: leavers.id, outcome: 'assured' },
          { areaId: pre.id, outcome: 'assured' },
        ],
      })
      .expect(409);
    expect(both.body.reasons).toEqual([
      'Area 1: The area still has 1 open action, so it cannot close yet: record “Assured on progress” or “Further assurance requested” instead, or ask its lead officer to complete or cancel it first.',
      'Area 2: The area still has 1 open action, so it cannot close yet: record “Assured on progress” or “Further assurance requested” instead, or ask its lead officer to complete or cancel it first.',
    ]);
    expect(await area(pre.id)).toMatchObject({ state: 'in_progress', reviewsHeld: 0 });
    expect(await area(leavers.id)).toMatchObject({ state: 'in_progress', reviewsHeld: 0 });
    expect((await reviews(inspection.id)).map((r: { status: string }) => r.status)).toEqual(['scheduled']);
  });

  it('moves a review to the day the committee meets, and its reminders with it', async () => {
    const { inspection } = await submittedPlan();
    const [scheduled] = await reviews(inspection.id);
    const moved = await t.http
      .patch(`/api/inspections/${inspection.id}/reviews/${scheduled.id}`)
      .set(t.as('scrutiny'))
      .send({ dueOn: '2025-01-23' })
      .expect(200);
    expect(moved.body).toMatchObject({ sequence: 1, dueOn: '2025-01-23', status: 'scheduled' });
    expect((await pendingReviewReminders()).filter((line: string) => line.includes(clerk.email))).toEqual([
      `2024-12-23 -20 ${clerk.email}`,
      `2025-01-16 -5 ${clerk.email}`,
      `2025-01-23 0 ${clerk.email}`,
      `2025-01-24 1 ${clerk.email}`,
      `2025-01-31 6 ${clerk.email}`,
    ]);
    const audit = await t.dataSource
      .getRepository(AuditEvent)
      .findOneByOrFail({ entityId: inspection.id, event: 'SCRUTINY_REVIEW_RESCHEDULED' });
    expect(audit.details).toEqual({ review: 1, dueOn: { from: '2025-01-10', to: '2025-01-23' }, meetingOn: '2025-01-23' });

    // A committee meets on a working day: a weekend or a bank holiday is refused, with why.
    for (const [dueOn, why] of [
      ['2025-01-25', '25 January 2025 is a Saturday'],
      ['2025-05-05', '5 May 2025 is the Early May bank holiday'],
    ])
      expect(
        (await t.http.patch(`/api/inspections/${inspection.id}/reviews/${scheduled.id}`).set(t.as('scrutiny')).send({ dueOn }).expect(400))
          .body.fields,
      ).toEqual({ dueOn: [`The date of the meeting must be a working day: ${why}`] });

    // The date is the meeting's now: the clerk is no longer asked to set it, and the leads are told of the meeting.
    t.clock.set('2024-12-23T08:00:00Z');
    await t.app.get(ScheduledWork).runOnce();
    expect(to(clerk.email).map((mail) => mail.text)).toEqual([
      expect.stringContaining(
        'The committee meets on Thursday 23 January 2025: 20 working days from now.\n  What to do: see that the lead officers’ summaries are in by 9 January 2025, for the committee’s paper: 0 of 2 are in.',
      ),
    ]);
    expect(to(leadA.email).map((mail) => mail.text)).toEqual([
      expect.stringContaining(
        'Write the summary of progress of area 1 for the committee’s paper (review 1 is at the committee’s meeting on 23 January 2025)',
      ),
    ]);

    // Nothing is sent for weeks (the service was stopped); by then the meeting has been. Its paper went with it:
    // the leads' asks for their summaries are withdrawn, and the clerk is asked to record it.
    t.clock.set('2025-01-24T08:00:00Z');
    inbox.messages.length = 0;
    expect(await t.app.get(ScheduledWork).runOnce()).toMatchObject({ withdrawn: 2 });
    expect(to(leadA.email)).toEqual([]);
    expect(to(leadB.email)).toEqual([]);
    expect(to(clerk.email).map((mail) => mail.text)).toEqual([
      expect.stringContaining(
        'The committee was to meet on Thursday 23 January 2025, 1 working day ago, and its review is not yet recorded.\n  What to do: once the committee has met, record what it decided for each area.',
      ),
    ]);
    // The form to record it starts from the day the committee met.
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.scrutiny.id));
    const form = (await t.http.get(`/inspections/${inspection.id}/reviews/new`).set('Cookie', `session=${token}`).expect(200)).text;
    expect(form).toMatch(/name="meetingOn-day"[^>]*value="23"/);
  });

  it('takes the date a review was due by as the meeting’s, when the clerk gives that same date', async () => {
    const { inspection } = await submittedPlan();
    const [scheduled] = await reviews(inspection.id);
    const confirmed = await t.http
      .patch(`/api/inspections/${inspection.id}/reviews/${scheduled.id}`)
      .set(t.as('scrutiny'))
      .send({ dueOn: '2025-01-10' })
      .expect(200);
    expect(confirmed.body).toMatchObject({ dueOn: '2025-01-10', meetingSet: true });
    expect(await t.dataSource.getRepository(AuditEvent).findBy({ entityId: inspection.id, event: 'SCRUTINY_REVIEW_RESCHEDULED' })).toEqual([
      expect.objectContaining({ details: { review: 1, meetingOn: '2025-01-10' } }),
    ]);
    // Given again, nothing changes and nothing more is recorded.
    await t.http
      .patch(`/api/inspections/${inspection.id}/reviews/${scheduled.id}`)
      .set(t.as('scrutiny'))
      .send({ dueOn: '2025-01-10' })
      .expect(200);
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ entityId: inspection.id, event: 'SCRUTINY_REVIEW_RESCHEDULED' })).toBe(1);
  });

  it('asks the leads at once, and once, when the meeting is brought forward past the day its paper needed their summaries', async () => {
    const { inspection, pre } = await submittedPlan();
    const [review] = await reviews(inspection.id);
    t.clock.set('2024-12-02T09:00:00Z');
    // The clerk sets the meeting's day on the page, and is told the day for the summaries has gone.
    const clerkSession = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.scrutiny.id));
    const moved = await t.http
      .post(`/inspections/${inspection.id}/reviews/${review.id}/date`)
      .set('Cookie', `session=${clerkSession.token}`)
      .type('form')
      .send({ _csrf: csrfTokenFor(clerkSession.token), 'dueOn-day': '12', 'dueOn-month': '12', 'dueOn-year': '2024' })
      .expect(303);
    expect(words((await t.http.get(moved.headers.location).set('Cookie', `session=${clerkSession.token}`).expect(200)).text)).toContain(
      'Review 1 is now at the committee’s meeting on 12 December 2024. Reminders to the clerk and the area leads have moved with it. The day the lead officers’ summaries were wanted by, 28 November 2024, has passed: those whose summary is still to come are asked for it by email, while there is time before the meeting.',
    );
    // The paper needed the summaries by 28 November, ten working days before the meeting: each lead is asked today.
    const leadLines = async () =>
      (await pendingReviewReminders()).filter((line: string) => line.endsWith(leadA.email) || line.endsWith(leadB.email));
    expect(await leadLines()).toEqual([`2024-12-02 2 ${leadB.email}`, `2024-12-02 2 ${leadA.email}`]);
    await t.app.get(ScheduledWork).runOnce();
    const toLeadA = inbox.messages.filter((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === leadA.email);
    expect(toLeadA).toHaveLength(1);
    expect(toLeadA[0].text).toContain(
      'Write the summary of progress of area 1 for the committee’s paper (review 1 is at the committee’s meeting on 12 December 2024)',
    );
    expect(toLeadA[0].text).toContain('2 working days overdue (it was due on Thursday 28 November 2024).');
    // Planned again the next day (a new clerk named), nobody already asked for this date is asked again.
    t.clock.set('2024-12-03T09:00:00Z');
    await t.http
      .patch(`/api/inspections/${inspection.id}`)
      .set(t.as('deputy_director'))
      .send({
        version: (await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('viewer'))).body.version,
        scrutinyClerk: { name: 'Colm Clerk', email: 'colm.clerk@oxfordshire.gov.uk' },
      })
      .expect(200);
    expect(await leadLines()).toEqual([]);
    // The clerk's page and the lead's form say the day has passed, rather than giving it as still to come.
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.scrutiny.id));
    const page = await t.http.get(`/inspections/${inspection.id}/reviews`).set('Cookie', `session=${token}`).expect(200);
    expect(words(page.text)).toContain(
      'The lead officers’ summaries of progress were wanted by 28 November 2024: that day has passed, so those still to come are wanted now.',
    );
    const deputy = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.deputy_director.id));
    const form = await t.http.get(`/areas/${pre.id}/summary`).set('Cookie', `session=${deputy.token}`).expect(200);
    expect(words(form.text)).toContain(
      'Review 1 is at the committee’s meeting on 12 December 2024: its paper needed the summaries by 28 November 2024, which has passed: write yours as soon as you can.',
    );
    // What the committee wants to read: whether things are better for children, not only what was done.
    expect(words(form.text)).toContain('in a few paragraphs: what has changed for children and families, and what is still to do.');
  });

  it('withdraws a reminder that is no longer true when it falls due: the review held early, or the area handed to a new lead', async () => {
    const { inspection, pre, leavers } = await submittedPlan();
    const newLead = { name: 'Nia New', email: 'nia.new@oxfordshire.gov.uk' };
    await t.http.patch(`/api/areas/${leavers.id}`).set(t.as('deputy_director')).send({ version: 3, leadOfficer: newLead }).expect(200);
    expect((await pendingReviewReminders()).filter((line: string) => line.startsWith('2024-12-10 '))).toEqual([
      `2024-12-10 -10 ${leadA.email}`,
      `2024-12-10 -10 ${newLead.email}`,
      `2024-12-10 -20 ${clerk.email}`,
    ]);

    // An instance claimed the clerk's reminder, then died; meanwhile the committee met early.
    await t.dataSource
      .getRepository(Reminder)
      .update(
        { recipientRole: 'clerk', step: -20 },
        { status: 'claimed', claimToken: 'dead-instance', leaseUntil: '2024-12-05T15:05:00.000Z' },
      );
    t.clock.set('2024-12-05T15:00:00Z');
    await scenario(t, 'scrutiny').post(`/api/inspections/${inspection.id}/reviews`, {
      meetingOn: '2024-12-05',
      outcomes: [{ areaId: pre.id, outcome: 'further_assurance', comment: 'More data, please.' }],
    });
    // The pending reminders of review 1 were cancelled with it; the one claimed is taken over and withdrawn, not sent.
    // What goes is the committee's questions, to the lead it asked them of.
    t.clock.set('2024-12-10T08:00:00Z');
    expect(await t.app.get(ScheduledWork).runOnce()).toMatchObject({ messages: 1, sent: 1, withdrawn: 1 });
    expect(inbox.messages.map((mail) => mail.subject)).toEqual([
      'From the scrutiny committee: Timeliness of pre-proceedings — action plan reminder',
    ]);
    expect(to(leadA.email)).toHaveLength(1);
    expect((await reviews(inspection.id)).map((r: { dueOn: string; status: string }) => `${r.dueOn} ${r.status}`)).toEqual([
      '2025-01-10 held',
      '2025-06-05 scheduled',
    ]);
  });

  it('withdraws the committee’s questions from a lead who handed the area on before the email went', async () => {
    const { inspection, pre } = await submittedPlan();
    // Recorded after the day's sending hours: the notice waits for the morning.
    t.clock.set('2025-01-16T19:00:00Z');
    await scenario(t, 'scrutiny').post(`/api/inspections/${inspection.id}/reviews`, {
      meetingOn: '2025-01-16',
      outcomes: [{ areaId: pre.id, outcome: 'further_assurance', comment: 'More data, please.' }],
    });
    const newLead = { name: 'Nia New', email: 'nia.new@oxfordshire.gov.uk' };
    await t.http
      .patch(`/api/areas/${pre.id}`)
      .set(t.as('deputy_director'))
      .send({ version: (await area(pre.id)).version, leadOfficer: newLead })
      .expect(200);
    t.clock.set('2025-01-17T08:00:00Z');
    expect(await t.app.get(ScheduledWork).runOnce()).toMatchObject({ withdrawn: 1 });
    expect(to(leadA.email)).toEqual([]);
    const questions = (await t.http.get('/api/reminders').set(t.as('admin')).expect(200)).body.filter(
      (r: { subject: string }) => r.subject === 'questions',
    );
    expect(questions.map((r: { status: string; recipient: { email: string } }) => `${r.status} ${r.recipient.email}`)).toEqual([
      `cancelled ${leadA.email}`,
    ]);
  });

  it('tells a lead the committee’s questions with the late summary, where the next meeting was brought forward before the email went, and not the lead who recorded them', async () => {
    const { inspection, pre, leavers } = await submittedPlan();
    // The clerk leads area 2 as well: they recorded what the committee asked, so they are not told it.
    await t.http
      .patch(`/api/areas/${leavers.id}`)
      .set(t.as('deputy_director'))
      .send({ version: (await area(leavers.id)).version, leadOfficer: { name: PEOPLE.scrutiny.name, email: PEOPLE.scrutiny.email } })
      .expect(200);
    t.clock.set('2025-01-16T19:00:00Z');
    await scenario(t, 'scrutiny').post(`/api/inspections/${inspection.id}/reviews`, {
      meetingOn: '2025-01-16',
      outcomes: [
        { areaId: pre.id, outcome: 'further_assurance', comment: 'More data, please.' },
        { areaId: leavers.id, outcome: 'further_assurance', comment: 'How many have started?' },
      ],
    });
    // That evening the committee's next meeting is set for the week after next: the paper's day for the summaries has gone.
    const [, next] = await reviews(inspection.id);
    await t.http
      .patch(`/api/inspections/${inspection.id}/reviews/${next.id}`)
      .set(t.as('scrutiny'))
      .send({ dueOn: '2025-01-28' })
      .expect(200);
    t.clock.set('2025-01-17T08:00:00Z');
    inbox.messages.length = 0;
    await t.app.get(ScheduledWork).runOnce();
    expect(to(PEOPLE.scrutiny.email).filter((mail) => mail.subject?.includes('scrutiny committee'))).toEqual([]);
    // The lead is asked for the summary that morning too: one line says both, listed by the day that has passed.
    expect(to(leadA.email)).toHaveLength(1);
    expect(to(leadA.email)[0].text).toContain(
      'OVERDUE\n- Improvement area 1 (Oxfordshire County Council): Timeliness of pre-proceedings\n' +
        `  At its meeting on Thursday 16 January 2025, the ${committee} asked for further assurance about this area: More data, please.\n` +
        '  Your summary for review 2 was wanted by Tuesday 14 January 2025, which has passed.\n' +
        '  What to do: answer its questions in your summary of the area’s progress, as soon as you can.',
    );
  });

  it('records a meeting once when the form is sent twice at once', async () => {
    const { inspection, pre } = await submittedPlan();
    t.clock.set('2025-01-16T15:00:00Z');
    const send = () =>
      t.http
        .post(`/api/inspections/${inspection.id}/reviews`)
        .set(t.as('scrutiny'))
        .send({ meetingOn: '2025-01-16', outcomes: [{ areaId: pre.id, outcome: 'further_assurance', comment: 'More data.' }] });
    const responses = await Promise.all([send(), send()]);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    expect((await reviews(inspection.id)).map((r: { status: string }) => r.status)).toEqual(['held', 'scheduled']);
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ entityId: pre.id, event: 'REQUEST_FURTHER_ASSURANCE' })).toBe(1);
  });
});
