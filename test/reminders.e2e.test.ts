import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { Inspection } from '../src/inspections/inspection.entity.js';
import { Reminder } from '../src/reminders/reminder.entity.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { ScheduledWork } from '../src/scheduling/scheduled-work.service.js';
import { ENVIRONMENT } from '../src/config/config.module.js';
import { drivers } from './support/databases.js';
import { words } from './support/page-words.js';
import { owner, scenario } from './support/scenario.js';
import { freePort, startInbox, type Inbox } from './support/smtp-inbox.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

const deputy = PEOPLE.deputy_director.email;

// Wednesday 30 October 2024, 09:00 in London (GMT: the clocks went back on the 27th).
const WEDNESDAY_MORNING = '2024-10-30T09:00:00Z';

describe.each(drivers)('deadline reminders on %s', (driver) => {
  let inbox: Inbox;
  let t: TestApp;
  let s: ReturnType<typeof scenario>;
  const sweep = () => t.app.get(ScheduledWork).runOnce();
  const reminders = (status: string) =>
    t.http
      .get('/api/reminders')
      .set(t.as('admin'))
      .query({ status })
      .expect(200)
      .then((response) => response.body);
  // Every plan also warns the directors of its statutory deadline; tests about actions look at action reminders only.
  const actionReminders = async (status: string) =>
    (await reminders(status)).filter((reminder: { subject: string }) => reminder.subject === 'action');

  beforeEach(async () => {
    inbox = await startInbox();
    t = await createTestApp(driver, { now: WEDNESDAY_MORNING, env: { SMTP_URL: inbox.url } });
    s = scenario(t);
  });
  afterEach(async () => {
    await t.close();
    await inbox.close();
  });

  const actionDueTomorrow = async (over: object = {}, publishedOn = '2024-10-01') => {
    const inspection = await s.inspection({ publishedOn });
    const area = await s.area(inspection.id);
    return s.action(area.id, { title: 'Audit supervision in every locality', dueOn: '2024-10-31', ...over });
  };

  it('sends the owner of an action due tomorrow exactly one reminder, and a second sweep sends nothing', async () => {
    const action = await actionDueTomorrow();
    await s.post(`/api/actions/${action.id}/updates`, { text: 'Three localities left to audit.', percentComplete: 40, rag: 'amber' });

    // The reminder, and the notice that the action is now theirs, in one line of one email.
    expect(await sweep()).toMatchObject({ messages: 1, sent: 2, failed: 0 });
    expect(inbox.messages).toHaveLength(1);
    const [mail] = inbox.messages;
    expect(mail.to).toMatchObject({ value: [{ address: owner.email, name: owner.name }] });
    expect(mail.subject).toBe('Coming up: Audit supervision in every locality — action plan reminder');
    expect(mail.text).toContain(`Dear ${owner.name}`);
    // Named, so that someone on two plans knows which.
    expect(mail.text).toContain(
      'This is a reminder about an item in Oxfordshire County Council’s Ofsted action plan (report published on 1 October 2024).',
    );
    expect(mail.text).not.toContain('Plan: ');
    expect(mail.text).not.toContain('You cannot sign in');
    // An action's owner cannot move its date or give it to someone else: they are told to ask.
    expect(mail.text).toContain('tell whoever gave it to you so that reminders go to the right person.');
    expect(mail.text).not.toContain('update the plan');
    expect(mail.text).toContain('Action 1.1: Audit supervision in every locality');
    expect(mail.text).toContain('Due on Thursday 31 October 2024: 1 working day left.');
    expect(mail.text).toContain('Dana Deputy assigned it to you on Wednesday 30 October 2024.');
    expect(mail.text?.match(/Audit supervision in every locality/g)).toHaveLength(1);
    expect(mail.text).toContain(
      'RAG rating: At risk. Due 31 October 2024, 1 working day away, and 40% done (at risk below 50% within 10 working days).',
    );
    expect(mail.text).toContain(`Open it: http://localhost:3000/actions/${action.id}`);
    expect(mail.html).toContain(`<a href="http://localhost:3000/actions/${action.id}">Audit supervision in every locality</a>`);
    // Two reminders in it (the date's and the notice), so named as a digest of both.
    expect(mail.messageId).toMatch(/^<digest\.[0-9a-f]{32}@localhost>$/);

    expect(await sweep()).toMatchObject({ messages: 0, sent: 0 });
    expect(inbox.messages).toHaveLength(1);
    const sent = await actionReminders('sent');
    expect(sent).toEqual([
      expect.objectContaining({
        recipient: { name: owner.name, email: owner.email },
        dueOn: '2024-10-31',
        workingDaysFromDue: -1,
        messageId: mail.messageId,
      }),
    ]);
  });

  it('gathers a day’s reminders for one person into one digest, or sends them one by one if they prefer', async () => {
    await actionDueTomorrow({ title: 'First action' });
    await actionDueTomorrow({ title: 'Second action' }, '2024-09-02');
    await sweep();
    expect(inbox.messages.map((mail) => mail.subject)).toEqual(['Coming up: 2 items due soon — action plan reminder']);
    expect(inbox.messages[0].text).toMatch(/First action[\s\S]*Second action/);
    // From two plans: each line says which.
    expect(inbox.messages[0].text).toContain("Here are today's reminders about 2 Ofsted action plans.");
    expect(inbox.messages[0].text).toMatch(
      /First action\n\s+Plan: Oxfordshire County Council’s Ofsted action plan \(report published on 1 October 2024\)\n[\s\S]*Second action\n\s+Plan: Oxfordshire County Council’s Ofsted action plan \(report published on 2 September 2024\)\n/,
    );
    expect(inbox.messages[0].html).toContain(
      'Plan: Oxfordshire County Council’s Ofsted action plan (report published on 2 September 2024)<br>',
    );
    // Each says how reminders come, and where to change that.
    const settings = `${t.app.get(ENVIRONMENT).appUrl}/settings`;
    expect(inbox.messages[0].text).toContain(
      `You receive one email each working morning with everything that is due, and news (such as an action given to you) when it happens. To have a separate email for each reminder instead, change your settings: ${settings}`,
    );
    expect(inbox.messages[0].html).toContain(`<a href="${settings}">change your settings</a>`);

    await t.http.patch('/api/users/me/preferences').set(t.as('action_owner')).send({ reminderDelivery: 'immediate' }).expect(200);
    await actionDueTomorrow({ title: 'Third action', dueOn: '2024-11-01' });
    await actionDueTomorrow({ title: 'Fourth action', dueOn: '2024-11-01' });
    t.clock.set('2024-10-31T08:05:00Z');
    await sweep();
    expect(
      inbox.messages
        .slice(1)
        .map((mail) => mail.subject)
        .sort(),
    ).toEqual([
      'Coming up: Fourth action — action plan reminder',
      'Coming up: Third action — action plan reminder',
      'Due today: First action — action plan reminder',
      'Due today: Second action — action plan reminder',
    ]);
    for (const mail of inbox.messages.slice(1)) expect(mail.text).toContain('You receive a separate email for each reminder.');
  });

  it('names everything a day’s email holds in its subject, as a list in plain English', async () => {
    const inspection = await s.inspection({ publishedOn: '2024-10-01' });
    const area = await s.area(inspection.id);
    await s.action(area.id, { title: 'Audit supervision in every locality', dueOn: '2024-10-29' });
    await s.action(area.id, { title: 'Chair the audit panel', dueOn: '2024-10-31' });
    await s.action(area.id, { title: 'Agree the audit tool', dueOn: null });
    await sweep();
    const toOwner = inbox.messages.filter((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === owner.email);
    expect(toOwner.map((mail) => mail.subject)).toEqual([
      '1 overdue, 1 coming up and 1 action newly assigned to you — action plan reminder',
    ]);
  });

  it('tells an action’s new owner it is theirs in the next working hours, only the owner it ends with, and nobody who gave it to themselves', async () => {
    const inspection = await s.inspection({ publishedOn: '2024-10-01' });
    const area = await s.area(inspection.id);
    // Friday 1 November 2024, 18:30 in London: too late in the day to email anyone.
    t.clock.set('2024-11-01T18:30:00Z');
    const action = await s.action(area.id, { title: 'Audit supervision in every locality', dueOn: '2024-12-20' });
    await s.action(area.id, { title: 'Chair the audit panel', dueOn: '2024-12-20', owner: PEOPLE.deputy_director });
    expect(await sweep()).toMatchObject({ messages: 0 });
    // Past today's sending hours: the page gives the Monday it will go on, not a day already gone.
    expect(
      (await reminders('pending'))
        .filter((reminder: { subject: string }) => reminder.subject === 'assigned')
        .map((r: { sendOn: string }) => r.sendOn),
    ).toEqual(['2024-11-04']);

    // Saturday: the deputy director gives it to someone else before anyone has been told.
    t.clock.set('2024-11-02T10:00:00Z');
    const nia = { name: 'Nia New', email: 'nia.new@oxfordshire.gov.uk' };
    await t.http.patch(`/api/actions/${action.id}`).set(t.as('deputy_director')).send({ version: 1, owner: nia }).expect(200);
    expect(await sweep()).toMatchObject({ messages: 0 });

    t.clock.set('2024-11-04T08:00:00Z');
    expect(await sweep()).toMatchObject({ messages: 1, sent: 1 });
    expect(await sweep()).toMatchObject({ messages: 0 });
    const [mail] = inbox.messages;
    expect(mail.to).toMatchObject({ value: [{ address: nia.email }] });
    expect(mail.subject).toBe('Assigned to you: Audit supervision in every locality — action plan reminder');
    expect(mail.text).toContain(
      'You have been given an action in Oxfordshire County Council’s Ofsted action plan (report published on 1 October 2024).',
    );
    // Named on the plan before anyone gave her access: told how to open the links.
    expect(mail.text).toContain(
      `You cannot sign in to the action plan service, so its links will not open for you. To open them, ask your council's administrator for access: ${PEOPLE.admin.name} (${PEOPLE.admin.email}).`,
    );
    expect(mail.html).toContain('You cannot sign in to the action plan service, so its links will not open for you.');
    expect(mail.html).toContain(`<a href="mailto:${PEOPLE.admin.email}">`);
    // Nor is she asked to do what only someone signed in can.
    expect(mail.text).toContain('tell whoever gave it to you so that reminders go to the right person.');
    expect(mail.text).not.toContain('update the plan');
    expect(mail.text).not.toContain('change your settings');
    expect(mail.html).not.toContain('change your settings');
    expect(mail.text).toMatch(
      /ASSIGNED TO YOU\n- Action 1\.1: Audit supervision in every locality\n {2}Dana Deputy assigned it to you on Saturday 2 November 2024\. Success measure: .+\n {2}Due on Friday 20 December 2024: 34 working days left\./,
    );
    expect(mail.html).toContain('Assigned to you</h2>');
    const notices = (await reminders('sent')).filter((reminder: { subject: string }) => reminder.subject === 'assigned');
    // The date a person sees beside a notice is when the work is due, not when it was given.
    expect(notices).toEqual([
      expect.objectContaining({ recipient: { name: nia.name, email: nia.email }, dueOn: '2024-12-20', which: 'Newly assigned' }),
    ]);
    // The notice withdrawn has no due date to give: it is not the day the action was first assigned.
    expect(
      (await reminders('cancelled'))
        .filter((reminder: { subject: string }) => reminder.subject === 'assigned')
        .map((r: { recipient: { email: string }; dueOn: string | null }) => [r.recipient.email, r.dueOn]),
    ).toEqual([[owner.email, null]]);
  });

  it('tells the deputy director who assigned an action when someone else blocks it, reports it done, completes it or cancels it, while it is still so', async () => {
    const ownerSteps = scenario(t, 'action_owner');
    const version = async (id: string) =>
      (await t.http.get(`/api/actions/${id}`).set(t.as('deputy_director')).expect(200)).body.version as number;
    const action = await actionDueTomorrow({ title: 'Audit supervision in every locality', dueOn: '2024-11-29' });
    const second = await actionDueTomorrow({ title: 'Chair the audit panel', dueOn: '2024-11-29' });
    // The owner has heard of both; what follows is the deputy director's.
    await sweep();
    inbox.messages.length = 0;
    const toDeputy = () => inbox.messages.filter((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === deputy);

    await ownerSteps.post(`/api/actions/${action.id}/updates`, { text: 'Two localities audited.', percentComplete: 20 });
    await ownerSteps.event('actions', action.id, 'BLOCK', await version(action.id), 'HR have not sent the supervision records.');
    // Blocked and unblocked again before anyone was told: nothing to tell.
    await ownerSteps.post(`/api/actions/${second.id}/updates`, { text: 'Panel members asked.', percentComplete: 10 });
    await ownerSteps.event('actions', second.id, 'BLOCK', await version(second.id), 'Waiting for the chair.');
    await ownerSteps.event('actions', second.id, 'UNBLOCK', await version(second.id));
    t.clock.set('2024-10-30T10:00:00Z');
    await sweep();
    expect(toDeputy()).toHaveLength(1);
    const [blocked] = toDeputy();
    expect(blocked.subject).toBe('News of an action you assigned: Audit supervision in every locality — action plan reminder');
    expect(blocked.text).toContain(
      'An action you assigned in Oxfordshire County Council’s Ofsted action plan (report published on 1 October 2024) has changed.',
    );
    expect(blocked.text).toMatch(
      /ACTIONS YOU ASSIGNED\n- Action 1\.1: Audit supervision in every locality\n {2}Marked as blocked on Wednesday 30 October 2024\. Why: HR have not sent the supervision records\.\n {2}Due on Friday 29 November 2024: 22 working days left\.\n {2}Owner: Owen Owner\n/,
    );
    expect(blocked.html).toContain('Actions you assigned</h2>');
    expect(blocked.text).not.toContain('Chair the audit panel');
    expect((await reminders('sent')).filter((reminder: { subject: string }) => reminder.subject === 'actionnews')).toEqual([
      expect.objectContaining({
        recipient: { name: PEOPLE.deputy_director.name, email: deputy },
        which: 'Blocked (Owen Owner owns it)',
        dueOn: '2024-11-29',
      }),
    ]);

    // The next day the owner unblocks it and reports it done: it waits for the deputy director's sign-off.
    t.clock.set('2024-10-31T10:00:00Z');
    await ownerSteps.event('actions', action.id, 'UNBLOCK', await version(action.id), 'HR sent the records.');
    await ownerSteps.post(`/api/actions/${action.id}/updates`, { text: 'Every locality audited.', percentComplete: 100 });
    await sweep();
    expect(toDeputy()).toHaveLength(2);
    expect(toDeputy()[1].text).toContain(
      'Reported as done on Thursday 31 October 2024: it is waiting for you to sign it off as completed, or to say what is still missing.',
    );

    // Whoever assigned it signs it off: nobody is told of what they did themselves.
    await scenario(t).event('actions', action.id, 'COMPLETE', await version(action.id));
    // Its owner cannot complete the other one: that is for whoever assigned it, or another who decides for the plan.
    const refused = await t.http
      .post(`/api/actions/${second.id}/events`)
      .set(t.as('action_owner'))
      .send({ type: 'COMPLETE', version: await version(second.id) })
      .expect(403);
    expect(refused.body.message).toBe(
      'Marking action 1.1 as completed is for Dana Deputy, who assigned it: report it as done (100%) and they will check the work and sign it off.',
    );
    // The director completes it: the deputy director hears, and nothing is due of it any more.
    await scenario(t, 'director').event('actions', second.id, 'COMPLETE', await version(second.id), 'The panel met and agreed its terms');
    t.clock.set('2024-11-01T10:00:00Z');
    await sweep();
    expect(toDeputy()).toHaveLength(3);
    // With how its success measure was met, as the owner said when completing it.
    expect(toDeputy()[2].text).toMatch(
      /- Action 1\.1: Chair the audit panel\n {2}Marked as completed on Thursday 31 October 2024\. How its success measure was met: The panel met and agreed its terms\.\n {2}Owner: Owen Owner\n/,
    );
    expect(await sweep()).toMatchObject({ messages: 0 });
  });

  it('tells whoever assigned an action when its owner first rates it red, with why, and not again while it stays red', async () => {
    const ownerSteps = scenario(t, 'action_owner');
    const action = await actionDueTomorrow({ title: 'Audit supervision in every locality', dueOn: '2024-11-29' });
    await sweep();
    inbox.messages.length = 0;
    const toDeputy = () => inbox.messages.filter((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === deputy);
    await ownerSteps.post(`/api/actions/${action.id}/updates`, { text: 'Going well.', percentComplete: 20, rag: 'amber' });
    await ownerSteps.post(`/api/actions/${action.id}/updates`, {
      text: 'The locality manager has not replied.',
      percentComplete: 20,
      rag: 'red',
    });
    await ownerSteps.post(`/api/actions/${action.id}/updates`, { text: 'Still no reply.', percentComplete: 20, rag: 'red' });
    t.clock.set('2024-10-30T10:00:00Z');
    await sweep();
    expect(toDeputy().map((mail) => mail.subject)).toEqual([
      'News of an action you assigned: Audit supervision in every locality — action plan reminder',
    ]);
    // With the owner's latest reason for it, as the action's page gives it.
    expect(toDeputy()[0].text).toContain('Rated red by its owner on Wednesday 30 October 2024: Still no reply.');
    // Rated green again before the email went: nothing to tell.
    const second = await actionDueTomorrow({ title: 'Chair the audit panel', dueOn: '2024-11-29' });
    await ownerSteps.post(`/api/actions/${second.id}/updates`, { text: 'No chair yet.', percentComplete: 10, rag: 'red' });
    await ownerSteps.post(`/api/actions/${second.id}/updates`, { text: 'Chair found.', percentComplete: 20, rag: 'green' });
    // Blocked, then rated red, before the email went: the news is still the block, with why.
    const third = await actionDueTomorrow({ title: 'Train the auditors', dueOn: '2024-11-29' });
    await ownerSteps.post(`/api/actions/${third.id}/updates`, { text: 'Trainer booked.', percentComplete: 10 });
    const { version } = (await t.http.get(`/api/actions/${third.id}`).set(t.as('deputy_director')).expect(200)).body;
    await ownerSteps.event('actions', third.id, 'BLOCK', version, 'The trainer has cancelled.');
    await ownerSteps.post(`/api/actions/${third.id}/updates`, { text: 'No trainer now.', percentComplete: 10, rag: 'red' });
    t.clock.set('2024-10-31T10:00:00Z');
    await sweep();
    expect(toDeputy()).toHaveLength(2);
    expect(toDeputy()[1].text).toContain('Marked as blocked on Wednesday 30 October 2024. Why: The trainer has cancelled.');
    expect(toDeputy()[1].text).not.toContain('Rated red');
  });

  it('stops reminding an owner who has reported the action done, while whoever assigned it is still copied once it is late', async () => {
    const action = await actionDueTomorrow();
    await sweep();
    inbox.messages.length = 0;
    await scenario(t, 'action_owner').post(`/api/actions/${action.id}/updates`, { text: 'Every locality audited.', percentComplete: 100 });
    const recipientOf = (mail: (typeof inbox.messages)[number]) => mail.to && 'value' in mail.to && mail.to.value[0].address;
    const recipients = () => inbox.messages.map(recipientOf);
    // Due on Thursday: nothing for the owner that day, nor once it is late.
    for (const day of ['2024-10-31', '2024-11-01', '2024-11-04', '2024-11-05', '2024-11-06', '2024-11-07']) {
      t.clock.set(`${day}T09:00:00Z`);
      // Reported done again once it is past its date: it was still done in time.
      if (day === '2024-11-04')
        await scenario(t, 'action_owner').post(`/api/actions/${action.id}/updates`, { text: 'Audit report filed.', percentComplete: 100 });
      await sweep();
    }
    expect(recipients()).not.toContain(owner.email);
    // Whoever assigned it hears it was reported done, then, once it is late, a copy saying it still waits for their
    // sign-off: news of their own work, not an overdue action, since it was done in time.
    const toDeputy = inbox.messages.filter((mail) => recipientOf(mail) === deputy);
    expect(toDeputy.map((mail) => mail.subject)).toEqual([
      'News of an action you assigned: Audit supervision in every locality — action plan reminder',
      'News of an action you assigned: Audit supervision in every locality — action plan reminder',
    ]);
    expect(toDeputy[0].text).toContain('Reported as done on Wednesday 30 October 2024: it is waiting for you to sign it off');
    const copy = toDeputy[1].text!;
    expect(copy).toContain('ACTIONS YOU ASSIGNED');
    expect(copy).not.toContain('OVERDUE');
    expect(copy).toContain(
      'Reported as done on Wednesday 30 October 2024: it is still waiting for you to sign it off as completed, or to say what is still missing.\n  Done in time: it was due on Thursday 31 October 2024.',
    );
    expect(copy).not.toContain('RAG rating');
    // Corrected downwards, it is the owner's again.
    await scenario(t, 'action_owner').post(`/api/actions/${action.id}/updates`, {
      text: 'One locality still to audit.',
      percentComplete: 90,
    });
    t.clock.set('2024-11-14T09:00:00Z');
    await sweep();
    expect(recipients()).toContain(owner.email);
  });

  it('keeps reminding an owner who reported an action done when whoever assigned it has left, and copies nobody who has left', async () => {
    const action = await actionDueTomorrow();
    await sweep();
    inbox.messages.length = 0;
    await scenario(t, 'action_owner').post(`/api/actions/${action.id}/updates`, { text: 'Every locality audited.', percentComplete: 100 });
    await t.http.patch(`/api/users/${t.users.deputy_director.id}`).set(t.as('admin')).send({ active: false }).expect(200);
    const to = () => inbox.messages.map((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address);
    t.clock.set('2024-10-31T09:00:00Z');
    await sweep();
    expect(to()).toEqual([owner.email]);
    t.clock.set('2024-11-01T09:00:00Z');
    await sweep();
    expect(to()).toEqual([owner.email, owner.email]);
  });

  it('tells nobody who has left: news of an action whose assigner’s access was removed is neither planned nor sent', async () => {
    const ownerSteps = scenario(t, 'action_owner');
    const version = async (id: string) =>
      (await t.http.get(`/api/actions/${id}`).set(t.as('action_owner')).expect(200)).body.version as number;
    const action = await actionDueTomorrow({ title: 'Audit supervision in every locality', dueOn: '2024-11-29' });
    const second = await actionDueTomorrow({ title: 'Chair the audit panel', dueOn: '2024-11-29' });
    await sweep();
    inbox.messages.length = 0;
    const news = async (status: string) =>
      (await reminders(status))
        .filter((reminder: { subject: string }) => reminder.subject === 'actionnews')
        .map(
          (reminder: { subjectId: string; which: string; applies: boolean }) =>
            `${reminder.subjectId === action.id ? 'first' : 'second'} ${reminder.which}${reminder.applies ? '' : ', will not be sent'}`,
        );

    await ownerSteps.event('actions', action.id, 'BLOCK', await version(action.id), 'HR have not sent the supervision records.');
    expect(await news('pending')).toEqual(['first Blocked (Owen Owner owns it)']);
    // The deputy director leaves before the email goes: it is withdrawn, and what happens next is not planned for them.
    await t.http.patch(`/api/users/${t.users.deputy_director.id}`).set(t.as('admin')).send({ active: false }).expect(200);
    await scenario(t, 'director').event('actions', second.id, 'CANCEL', await version(second.id), 'Merged into action 1.1.');
    expect(await news('pending')).toEqual(['first Blocked, will not be sent']);
    t.clock.set('2024-10-30T10:00:00Z');
    await sweep();
    expect(inbox.messages.filter((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === deputy)).toEqual([]);
    expect(await news('pending')).toEqual([]);
    expect(await news('cancelled')).toEqual(['first Blocked, will not be sent']);
  });

  it('asks whoever assigned an action to sign it off once, when it is first reported done, and not once the report is corrected', async () => {
    const ownerSteps = scenario(t, 'action_owner');
    const toDeputy = () => inbox.messages.filter((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === deputy);
    const first = await actionDueTomorrow({ title: 'Audit supervision in every locality', dueOn: '2024-11-29' });
    const second = await actionDueTomorrow({ title: 'Chair the audit panel', dueOn: '2024-11-29' });
    await sweep();
    inbox.messages.length = 0;

    // Reported done, then corrected before the email went: nothing to sign off.
    await ownerSteps.post(`/api/actions/${first.id}/updates`, { text: 'All audited.', percentComplete: 100 });
    t.clock.set('2024-10-30T09:05:00Z');
    await ownerSteps.post(`/api/actions/${first.id}/updates`, { text: 'One locality still to audit.', percentComplete: 80 });
    // Reported done on two days: asked once.
    await ownerSteps.post(`/api/actions/${second.id}/updates`, { text: 'Panel met.', percentComplete: 100 });
    t.clock.set('2024-10-30T10:00:00Z');
    await sweep();
    t.clock.set('2024-10-31T10:00:00Z');
    await ownerSteps.post(`/api/actions/${second.id}/updates`, { text: 'Minutes agreed.', percentComplete: 100 });
    await sweep();
    expect(toDeputy().map((mail) => mail.subject)).toEqual([
      'News of an action you assigned: Chair the audit panel — action plan reminder',
    ]);
    expect(toDeputy()[0].text).toContain('An action you assigned in Oxfordshire County Council’s Ofsted action plan');
  });

  it('lists a reminder whose item has moved on as one that will not be sent, until the next sweep withdraws it', async () => {
    const action = await actionDueTomorrow({ dueOn: '2024-12-20' });
    await s.event('actions', action.id, 'CANCEL', 1, 'Merged into action 1.2.');
    expect(await actionReminders('pending')).toEqual([]);
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.action_owner.id));
    const page = async () => words((await t.http.get('/reminders').set('Cookie', `session=${token}`).expect(200)).text);
    // Still named, so that whoever reads the list knows which.
    expect(await page()).toContain(
      'Action 1.1 : Audit supervision in every locality (no longer applies) Newly assigned No due date Will not be sent: it no longer applies',
    );
    await sweep();
    expect(await page()).toContain('There are no pending reminders.');
    const withdrawn = words((await t.http.get('/reminders?status=cancelled').set('Cookie', `session=${token}`).expect(200)).text);
    expect(withdrawn).toContain('Withdrawn reminders To About Reminder Due Was to be sent on');
    expect(withdrawn).toContain('Action 1.1 : Audit supervision in every locality (no longer applies)');
    // The pending list links it, by that name.
    expect((await t.http.get('/reminders').set('Cookie', `session=${token}`).expect(200)).text).toContain(
      '<a class="govuk-link" href="/reminders?status=cancelled">Withdrawn</a>',
    );
    // One whose item is gone altogether is named by its plan.
    await t.dataSource.getRepository(Reminder).update({ subjectId: action.id }, { subjectId: '00000000-0000-4000-8000-000000000000' });
    expect(words((await t.http.get('/reminders?status=cancelled').set('Cookie', `session=${token}`).expect(200)).text)).toContain(
      'No longer applies : Its item has since changed',
    );
  });

  it('plans a notice for the next working day from 6pm in summer time, and for today until then', async () => {
    const area = await s.area((await s.inspection()).id);
    const noticeDay = async (at: string) => {
      t.clock.set(at);
      const action = await s.action(area.id, { title: `Given at ${at}`, dueOn: '2024-09-30' });
      return (await reminders('pending')).find(
        (r: { subjectId: string; subject: string }) => r.subject === 'assigned' && r.subjectId === action.id,
      ).sendOn;
    };
    // Friday 5 July 2024, British Summer Time: 5:30pm in London, then 6:30pm.
    expect(await noticeDay('2024-07-05T16:30:00Z')).toBe('2024-07-05');
    expect(await noticeDay('2024-07-05T17:30:00Z')).toBe('2024-07-08');
  });

  it('tells the owner, and copies the deputy director who assigned it, once an action is overdue, and plans the next reminder a week later', async () => {
    await actionDueTomorrow();
    await sweep();
    t.clock.set('2024-10-31T08:00:00Z');
    await sweep();
    t.clock.set('2024-11-01T08:00:00Z');
    const result = await sweep();
    expect(result).toMatchObject({ sent: 2, messages: 2 });
    const overdue = inbox.messages.slice(2);
    const toOwner = overdue.find((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === owner.email)!;
    const toAssigner = overdue.find((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === deputy)!;
    expect(toOwner.subject).toBe('1 overdue — action plan reminder');
    expect(toOwner.text).toContain('1 working day overdue (it was due on Thursday 31 October 2024).');
    expect(toAssigner.text).toContain(`Owner: ${owner.name}`);
    expect(toAssigner.text).toContain('update the plan so that reminders go to the right person.');
    const pending = await actionReminders('pending');
    expect(pending.map((r: { sendOn: string; recipientRole: string }) => `${r.sendOn} ${r.recipientRole}`).sort()).toEqual([
      '2024-11-08 assigner',
      '2024-11-08 owner',
    ]);
    // Which reminder each is, in words, as the reminders page lists them.
    expect(pending.map((r: { which: string }) => r.which).sort()).toEqual([
      '6 working days overdue',
      `6 working days overdue (a copy: ${owner.name} owns it)`,
    ]);
  });

  it('sends one email a person after days when nothing could be sent, and plans the next reminder after it, not for the same morning', async () => {
    await actionDueTomorrow();
    await sweep();
    // Nothing was sent for a fortnight (the service was stopped): the reminders of the 31st, the 1st and the 8th are all due,
    // on the morning the next weekly one falls due too.
    t.clock.set('2024-11-15T09:00:00Z');
    const before = inbox.messages.length;
    const result = await sweep();
    const caughtUp = inbox.messages.slice(before);
    const recipients = caughtUp.map((mail) => (mail.to && 'value' in mail.to ? mail.to.value[0].address : ''));
    expect(recipients.sort()).toEqual([deputy, owner.email].sort());
    expect(result).toMatchObject({ messages: 2 });
    const toOwner = caughtUp.find((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === owner.email)!;
    expect(toOwner.text).toContain('11 working days overdue (it was due on Thursday 31 October 2024).');
    // A second sweep that morning sends nothing more; the next reminder is a week on from the one sent.
    await sweep();
    expect(inbox.messages.length).toBe(before + 2);
    const pending = await actionReminders('pending');
    expect(pending.map((r: { sendOn: string; recipientRole: string }) => `${r.sendOn} ${r.recipientRole}`).sort()).toEqual([
      '2024-11-22 assigner',
      '2024-11-22 owner',
    ]);
  });

  it('re-plans when a date moves or the owner changes, and stops when the action is done', async () => {
    t.clock.set('2024-10-01T09:00:00Z');
    const action = await actionDueTomorrow();
    const planned = async () =>
      (await actionReminders('pending'))
        .map(
          (r: { sendOn: string; recipient: { email: string }; workingDaysFromDue: number }) =>
            `${r.sendOn} ${r.workingDaysFromDue} ${r.recipient.email}`,
        )
        .sort();
    expect(await planned()).toEqual([
      `2024-10-11 -14 ${owner.email}`,
      `2024-10-22 -7 ${owner.email}`,
      `2024-10-30 -1 ${owner.email}`,
      `2024-10-31 0 ${owner.email}`,
      `2024-11-01 1 ${deputy}`,
      `2024-11-01 1 ${owner.email}`,
      `2024-11-08 6 ${deputy}`,
      `2024-11-08 6 ${owner.email}`,
    ]);

    const nia = { name: 'Nia New', email: 'nia.new@oxfordshire.gov.uk' };
    await t.http
      .patch(`/api/actions/${action.id}`)
      .set(t.as('deputy_director'))
      .send({ version: 1, dueOn: '2024-10-16', owner: nia })
      .expect(200);
    // Moved to 16 October, planned on 1 October: the 14-day reminder would have gone on 26 September, so it is not planned.
    expect(await planned()).toEqual([
      `2024-10-07 -7 ${nia.email}`,
      `2024-10-15 -1 ${nia.email}`,
      `2024-10-16 0 ${nia.email}`,
      `2024-10-17 1 ${deputy}`,
      `2024-10-17 1 ${nia.email}`,
      `2024-10-24 6 ${deputy}`,
      `2024-10-24 6 ${nia.email}`,
    ]);
    expect(await actionReminders('cancelled')).toHaveLength(8);

    const beforeCompletion = await planned();
    await s.event('actions', action.id, 'COMPLETE', 2);
    expect(await planned()).toEqual([]);
    await s.event('actions', action.id, 'REOPEN', 3, 'The audit missed one locality.');
    expect(await planned()).toEqual(beforeCompletion);
  });

  it('keeps trying while the mail server is down, and delivers each reminder once when it is back', async () => {
    const port = await freePort();
    await t.close();
    t = await createTestApp(driver, { now: WEDNESDAY_MORNING, env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    s = scenario(t);
    await actionDueTomorrow({ title: 'First action' });
    await actionDueTomorrow({ title: 'Second action', owner: { name: 'Nia New', email: 'nia.new@oxfordshire.gov.uk' } });

    // Each owner's reminder and notice that the action is theirs.
    expect(await sweep()).toMatchObject({ messages: 0, retrying: 4 });
    const waiting = await reminders('pending');
    expect(waiting.filter((r: { attempts: number }) => r.attempts === 1)).toEqual(
      Array(4).fill(
        expect.objectContaining({ lastError: expect.stringMatching(/ECONNREFUSED|connect/), sendAfter: '2024-10-30T09:01:00.000Z' }),
      ),
    );
    t.clock.set('2024-10-30T09:01:00Z');
    expect(await sweep()).toMatchObject({ messages: 0, retrying: 4 });
    expect((await reminders('pending')).find((r: { attempts: number }) => r.attempts === 2).sendAfter).toBe('2024-10-30T09:03:00.000Z');

    const revived = await startInbox(port);
    try {
      t.clock.set('2024-10-30T09:03:00Z');
      expect(await sweep()).toMatchObject({ messages: 2, sent: 4 });
      expect(await sweep()).toMatchObject({ messages: 0 });
      expect(revived.messages.map((mail) => mail.subject).sort()).toEqual([
        'Coming up: First action — action plan reminder',
        'Coming up: Second action — action plan reminder',
      ]);
    } finally {
      await revived.close();
    }
  });

  it('gives up on a permanent refusal and shows it, with the error', async () => {
    await actionDueTomorrow();
    inbox.refuseWith(550);
    expect(await sweep()).toMatchObject({ failed: 2, messages: 0 });
    const [failed] = await actionReminders('failed');
    expect(failed).toMatchObject({ recipient: { email: owner.email }, attempts: 1, lastError: expect.stringMatching(/550/) });
    inbox.refuseWith(null);
    expect(await sweep()).toMatchObject({ messages: 0 });
  });

  it('picks up reminders claimed by an instance that died, once its lease runs out', async () => {
    await actionDueTomorrow();
    // An instance claimed the reminder and was killed before sending it.
    await t.dataSource
      .getRepository(Reminder)
      .update({ sendOn: '2024-10-30' }, { status: 'claimed', claimToken: 'dead-instance', leaseUntil: '2024-10-30T09:05:00.000Z' });
    expect(await sweep()).toMatchObject({ messages: 0 });
    t.clock.set('2024-10-30T09:06:00Z');
    expect(await sweep()).toMatchObject({ messages: 1, sent: 2 });
    expect(inbox.messages).toHaveLength(1);
  });

  it('sends only on working days, from 08:00 in England, through the change of the clocks', async () => {
    t.clock.set('2024-03-01T09:00:00Z');
    const action = await actionDueTomorrow({ dueOn: '2024-04-02' }, '2024-02-26');
    const byStep = Object.fromEntries(
      (await actionReminders('pending')).map((r: { workingDaysFromDue: number; sendAfter: string }) => [r.workingDaysFromDue, r.sendAfter]),
    );
    // Good Friday and Easter Monday are skipped; the clocks went forward on Sunday 31 March.
    expect(byStep).toMatchObject({
      '-7': '2024-03-20T08:00:00.000Z',
      '-1': '2024-03-28T08:00:00.000Z',
      '0': '2024-04-02T07:00:00.000Z',
      '1': '2024-04-03T07:00:00.000Z',
    });

    t.clock.set('2024-04-02T06:59:00Z');
    expect(await sweep()).toMatchObject({ messages: 0 });
    // No sweep ran since 1 March: the four reminders now due, and the notice that the action is the
    // owner's, make one line, as things stand today.
    t.clock.set('2024-04-02T07:00:00Z');
    expect(await sweep()).toMatchObject({ messages: 1, sent: 5 });
    expect(inbox.messages.at(-1)!.subject).toBe('Due today: Audit supervision in every locality — action plan reminder');
    expect(inbox.messages.at(-1)!.text?.match(/Audit supervision in every locality/g)).toHaveLength(1);
    expect(inbox.messages.at(-1)!.text).toContain(`Due today, Tuesday 2 April 2024.`);
    expect(action.id).toBeDefined();

    // A Saturday sends nothing, even with reminders waiting from an outage.
    await t.dataSource.getRepository(Reminder).update({ status: 'pending' }, { sendAfter: '2024-04-06T08:00:00.000Z' });
    t.clock.set('2024-04-06T10:00:00Z');
    expect(await sweep()).toMatchObject({ messages: 0 });
    // Monday: sending stops at 18:00 in England (17:00 GMT in summer time).
    t.clock.set('2024-04-08T17:00:00Z');
    expect(await sweep()).toMatchObject({ messages: 0 });
    t.clock.set('2024-04-08T16:59:00Z');
    expect((await sweep()).sent).toBeGreaterThan(0);
  });

  it('warns the plan lead before the statutory deadline, and records it in the plan’s history once it passes unsubmitted', async () => {
    t.clock.set('2024-04-15T09:00:00Z');
    const lead = { name: 'Dee Director', email: 'dee.director@oxfordshire.gov.uk' };
    const inspection = await s.inspection({ planLead: lead });
    expect(inspection.planLead).toEqual(lead);
    const planned = (await reminders('pending')).map(
      (r: { sendOn: string; workingDaysFromDue: number }) => `${r.sendOn} ${r.workingDaysFromDue}`,
    );
    expect(planned).toEqual([
      '2024-06-20 -20',
      '2024-07-04 -10',
      '2024-07-11 -5',
      '2024-07-17 -1',
      '2024-07-18 0',
      '2024-07-19 1',
      '2024-07-26 6',
    ]);

    t.clock.set('2024-07-19T08:00:00Z');
    expect(await sweep()).toMatchObject({ missedDeadlinesRecorded: 1, sent: 1 });
    // Counted from publication, as no date of receipt was given.
    expect(inbox.messages.at(-1)!.text).toContain(
      'Send the action plan to Ofsted (provisional until the council confirms when it received the report)',
    );
    expect(inbox.messages.at(-1)!.text).toContain('1 working day overdue (it was due on Thursday 18 July 2024).');
    const missed = await t.dataSource.getRepository(AuditEvent).findOneByOrFail({ entityId: inspection.id, event: 'DEADLINE_PASSED' });
    expect(missed).toMatchObject({
      fromState: 'draft',
      toState: 'draft',
      actorName: 'Action plan service (automatic)',
      details: { deadlineMissedOn: '2024-07-19' },
    });
    const now = await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('deputy_director')).expect(200);
    expect(now.body.plan).toMatchObject({ deadlineMissedOn: '2024-07-19', acceptedEvents: ['APPROVE', 'SEND_DRAFT'] });
    expect(await sweep()).toMatchObject({ missedDeadlinesRecorded: 0, messages: 0 });

    const refused = await t.http
      .post(`/api/inspections/${inspection.id}/events`)
      .set(t.as('director'))
      .send({ type: 'DEADLINE_PASSED', version: 2 })
      .expect(409);
    expect(refused.body.acceptedEvents).toEqual(['APPROVE', 'SEND_DRAFT']);

    const area = await s.area(inspection.id);
    await s.action(area.id);
    await scenario(t, 'director').event('inspections', inspection.id, 'APPROVE', 2);
    await scenario(t, 'director').event('inspections', inspection.id, 'SUBMIT', 3);
    expect((await reminders('pending')).filter((r: { subject: string }) => r.subject === 'plan')).toEqual([]);
  });
  it('warns every active director as well as the plan lead, each once, and stops warning a director who leaves', async () => {
    t.clock.set('2024-07-17T08:00:00Z');
    const inspection = await s.inspection({ planLead: PEOPLE.deputy_director });
    const recipients = (await reminders('pending')).filter((r: { sendOn: string }) => r.sendOn === '2024-07-17');
    expect(
      recipients.map((r: { recipient: { email: string }; recipientRole: string }) => `${r.recipientRole} ${r.recipient.email}`).sort(),
    ).toEqual([`director ${PEOPLE.director.email}`, `plan_lead ${deputy}`]);
    expect(await sweep()).toMatchObject({ messages: 2 });
    expect(inbox.messages.map((mail) => (mail.to && 'value' in mail.to ? mail.to.value[0].address : '')).sort()).toEqual(
      [deputy, PEOPLE.director.email].sort(),
    );
    // Each is told what the plan waits for, and the director is taken to the step that is theirs.
    const toDirector = inbox.messages.find((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === PEOPLE.director.email)!;
    expect(toDirector.text).toContain(
      'What to do: once cabinet has approved the plan, check it and record the approval; then record the day it is sent to Ofsted.',
    );
    expect(toDirector.text).toContain(`/inspections/${inspection.id}/check/approve`);
    const toLead = inbox.messages.find((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === deputy)!;
    expect(toLead.text).toContain(
      'What to do: see that every area has its actions, each with an owner and a due date, for cabinet to approve; a director then records the approval and the day the plan is sent to Ofsted.',
    );

    // The director leaves: their reminders are cancelled as their account is.
    await t.http.patch(`/api/users/${t.users.director.id}`).set(t.as('admin')).send({ active: false }).expect(200);
    expect(
      (await reminders('pending')).filter((r: { recipient: { email: string } }) => r.recipient.email === PEOPLE.director.email),
    ).toEqual([]);
    t.clock.set('2024-07-18T08:00:00Z');
    expect(await sweep()).toMatchObject({ messages: 1 });
    expect(inbox.messages.at(-1)?.to).toMatchObject({ value: [{ address: deputy }] });
    expect(inspection.id).toBeDefined();
  });
  it('keeps planning overdue reminders after one fails for good, and a name can never add a recipient', async () => {
    const sneaky = { name: 'x <evil@evil.example>, y', email: 'nia.new@oxfordshire.gov.uk' };
    await actionDueTomorrow({ dueOn: '2024-10-29', owner: sneaky });
    inbox.refuseWith(550);
    // The owner's overdue reminder with the notice that the action is theirs, and the assigning deputy director's.
    expect(await sweep()).toMatchObject({ failed: 3 });
    expect(
      (await actionReminders('pending')).map((r: { sendOn: string; workingDaysFromDue: number }) => `${r.sendOn} ${r.workingDaysFromDue}`),
    ).toContain('2024-11-06 6');

    inbox.refuseWith(null);
    t.clock.set('2024-11-06T08:00:00Z');
    await sweep();
    const delivered = inbox.messages.filter((mail) => mail.subject?.includes('overdue'));
    expect(delivered.map((mail) => (mail.to && 'value' in mail.to ? mail.to.value.map((to) => to.address) : [])).sort()).toEqual([
      [deputy],
      [sneaky.email],
    ]);
  });

  it('goes on sending when one plan cannot be moved', async () => {
    t.clock.set('2024-07-19T08:00:00Z');
    const broken = await s.inspection({ publishedOn: '2024-04-09' });
    await s.inspection({ publishedOn: '2024-04-09' });
    // A snapshot this server cannot read: recording its missed deadline fails.
    await t.dataSource.getRepository(Inspection).update({ id: broken.id }, { workflowVersion: 99 });
    const result = await sweep();
    expect(result.missedDeadlinesRecorded).toBe(1);
    expect(result.messages).toBeGreaterThan(0);
  });

  it('warns a director appointed after the plan was recorded, and records a person’s change of delivery', async () => {
    t.clock.set('2024-07-10T09:00:00Z');
    await s.inspection({ publishedOn: '2024-04-09' });
    const newcomer = { name: 'Nell Newcomer', email: 'nell.newcomer@oxfordshire.gov.uk' };
    const created = await t.http
      .post('/api/users')
      .set(t.as('admin'))
      .send({ ...newcomer, role: 'director' })
      .expect(201);
    const theirs = (await reminders('pending')).filter((r: { recipient: { email: string } }) => r.recipient.email === newcomer.email);
    expect(theirs.map((r: { sendOn: string }) => r.sendOn)).toEqual(['2024-07-11', '2024-07-17', '2024-07-18', '2024-07-19', '2024-07-26']);

    await t.http.patch(`/api/users/${created.body.id}`).set(t.as('admin')).send({ role: 'viewer' }).expect(200);
    expect((await reminders('pending')).filter((r: { recipient: { email: string } }) => r.recipient.email === newcomer.email)).toEqual([]);

    await t.http.patch('/api/users/me/preferences').set(t.as('action_owner')).send({ reminderDelivery: 'immediate' }).expect(200);
    const history = await t.http.get(`/api/users/${t.users.action_owner.id}/history`).set(t.as('admin')).expect(200);
    expect(history.body.at(-1)).toMatchObject({
      event: 'PREFERENCES_UPDATED',
      actorEmail: owner.email,
      details: { reminderDelivery: { from: 'digest', to: 'immediate' } },
    });
  });
});

describe('with templates a council edited before', () => {
  /** An app whose config/templates are a council's older copy (a fixture), with an inbox. */
  const withTemplates = async (fixture: string, body: (t: TestApp, inbox: Inbox) => Promise<void>) => {
    const config = mkdtempSync(join(tmpdir(), 'config-'));
    cpSync('config', config, { recursive: true });
    cpSync(`test/fixtures/${fixture}`, join(config, 'templates'), { recursive: true });
    const inbox = await startInbox();
    const t = await createTestApp('sqlite', { now: WEDNESDAY_MORNING, env: { SMTP_URL: inbox.url, CONFIG_DIR: config } });
    try {
      await body(t, inbox);
    } finally {
      await t.close();
      await inbox.close();
      rmSync(config, { recursive: true, force: true });
    }
  };

  it('lists an action newly assigned by its due date, so that nothing sent is left out', () =>
    withTemplates('templates-before-news', async (t, inbox) => {
      const s = scenario(t);
      const inspection = await s.inspection({ publishedOn: '2024-10-01' });
      const area = await s.area(inspection.id);
      await s.action(area.id, { title: 'Audit supervision in every locality', dueOn: '2024-12-20' });
      await s.action(area.id, { title: 'Agree the audit tool', dueOn: null });
      expect(await t.app.get(ScheduledWork).runOnce()).toMatchObject({ messages: 1, sent: 2, failed: 0 });
      const [mail] = inbox.messages;
      expect(mail.subject).toBe('Coming up: 2 items due soon — action plan reminder');
      expect(mail.text).toMatch(
        /COMING UP\n- Action 1\.1: Audit supervision in every locality\n {2}Due on Friday 20 December 2024: 37 working days left\.[\s\S]*- Action 1\.2: Agree the audit tool\n {2}No due date yet\./,
      );
    }));

  it('lists news of an action someone assigned by its date, where the templates were edited before there was any', () =>
    withTemplates('templates-before-updates', async (t, inbox) => {
      const s = scenario(t);
      const area = await s.area((await s.inspection({ publishedOn: '2024-10-01' })).id);
      const action = await s.action(area.id, { title: 'Audit supervision in every locality', dueOn: '2024-12-20' });
      await t.app.get(ScheduledWork).runOnce();
      inbox.messages.length = 0;
      await scenario(t, 'action_owner').event('actions', action.id, 'START', 1);
      await scenario(t, 'action_owner').event('actions', action.id, 'BLOCK', 2, 'HR have not sent the records');
      t.clock.set('2024-10-30T10:00:00Z');
      await t.app.get(ScheduledWork).runOnce();
      const [mail] = inbox.messages;
      // Not "Assigned to you": those templates know only of work given to the reader.
      expect(mail.subject).toBe('Coming up: Audit supervision in every locality — action plan reminder');
      expect(mail.text).toMatch(
        /COMING UP\n- Action 1\.1: Audit supervision in every locality\n {2}Marked as blocked on Wednesday 30 October 2024\. Why: HR have not sent the records\.\n {2}Due on Friday 20 December 2024/,
      );
      expect(mail.text).not.toContain('ASSIGNED TO YOU');
    }));
});

describe('without SMTP_URL', () => {
  it('writes each email as an .eml file in the outbox, for a newcomer to open', async () => {
    const t = await createTestApp('sqlite', { now: WEDNESDAY_MORNING });
    try {
      const s = scenario(t);
      const inspection = await s.inspection({ publishedOn: '2024-10-01' });
      const area = await s.area(inspection.id);
      await s.action(area.id, { dueOn: '2024-10-31' });
      await t.app.get(ScheduledWork).runOnce();
      const outbox = join(String(t.dataSource.options.database).replace(/app\.sqlite$/, ''), 'outbox');
      const files = readdirSync(outbox);
      expect(files).toHaveLength(1);
      const mail = await simpleParser(readFileSync(join(outbox, files[0])));
      expect(mail.to).toMatchObject({ value: [{ name: 'Owen Owner', address: 'owen.owner@oxfordshire.gov.uk' }] });
      expect(mail.subject).toBe('Coming up: Audit supervision monthly — action plan reminder');
      expect(mail.date).toEqual(new Date(WEDNESDAY_MORNING));
    } finally {
      await t.close();
    }
  });
});
