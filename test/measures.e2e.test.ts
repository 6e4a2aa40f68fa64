import ExcelJS from 'exceljs';
import { csrfTokenFor } from '../src/auth/page-sessions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { Measure } from '../src/measures/measure.entity.js';
import { ScheduledWork } from '../src/scheduling/scheduled-work.service.js';
import { drivers } from './support/databases.js';
import { SEEN_ON_TIME } from './support/measure-bodies.js';
import { scenario } from './support/scenario.js';
import { startInbox, type Inbox } from './support/smtp-inbox.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sam = { name: 'Sam Patel', email: 'sam.patel@oxfordshire.gov.uk' };

const seenOnTime = SEEN_ON_TIME;

describe.each(drivers)('measures of impact on %s', (driver) => {
  let t: TestApp;
  let s: ReturnType<typeof scenario>;

  let inbox: Inbox;

  beforeAll(async () => {
    inbox = await startInbox();
    t = await createTestApp(driver, { now: '2025-04-25T09:00:00Z', env: { SMTP_URL: inbox.url } });
    s = scenario(t);
  });
  afterAll(async () => {
    await t.close();
    await inbox.close();
  });

  const get = async (path: string) => (await t.http.get(path).set(t.as('viewer')).expect(200)).body;

  it('adds a measure to an area, takes values, rates them against the trajectory, and records every write', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    const created = await s.post(`/api/areas/${area.id}/measures`, seenOnTime);
    expect(created).toMatchObject({
      areaId: area.id,
      inspectionId: inspection.id,
      name: seenOnTime.name,
      owner: sam,
      version: 1,
      baseline: { value: 55, on: '2024-03-31' },
      target: { value: 85, on: '2025-09-30' },
      milestones: [{ value: 70, on: '2025-03-31' }],
      // March 2025's value was due 20 days after the month ended, on 20 April.
      rating: {
        status: 'no_data',
        label: 'No data yet',
        reason:
          'No value entered yet; target 85% by September 2025. The value for March 2025 was due on 20 April 2025 and has not been entered.',
        missing: { period: '2025-03', dueOn: '2025-04-20' },
      },
    });

    const rated = await s.post(`/api/measures/${created.id}/values`, { period: '2025-03', value: 62, note: 'Two teams short of staff.' });
    expect(rated.rating).toMatchObject({
      status: 'red',
      colour: 'red',
      expected: 70,
      missing: null,
      reason: '62% against a trajectory of 70% for March 2025; target 85% by September 2025.',
    });
    expect(rated.values).toEqual([
      expect.objectContaining({
        period: '2025-03',
        value: 62,
        note: 'Two teams short of staff.',
        enteredBy: { name: 'Dana Deputy', email: 'dana.deputy@oxfordshire.gov.uk' },
      }),
    ]);

    // A second value for March is refused, unless it says it corrects the first.
    const refused = await t.http
      .post(`/api/measures/${created.id}/values`)
      .set(t.as('deputy_director'))
      .send({ period: '2025-03', value: 66 })
      .expect(409);
    expect(refused.body.message).toBe('March 2025 already has a value, 62%: to correct it, say that the new value replaces it.');
    const corrected = await s.post(`/api/measures/${created.id}/values`, { period: '2025-03', value: 66, replace: true });
    expect(corrected.rating).toMatchObject({ status: 'amber', label: 'Slightly behind' });

    // Edits are versioned: the new target moves the trajectory, and a stale version is refused.
    const edited = (
      await t.http
        .patch(`/api/measures/${created.id}`)
        .set(t.as('deputy_director'))
        .send({ version: 1, target: { value: 80, on: '2025-09-30' }, milestones: [{ value: 65, on: '2025-03-31' }] })
        .expect(200)
    ).body;
    expect(edited).toMatchObject({ version: 2, rating: { status: 'green', expected: 65 } });
    await t.http.patch(`/api/measures/${created.id}`).set(t.as('deputy_director')).send({ version: 1, name: 'Again' }).expect(409);

    expect(await get(`/api/areas/${area.id}/measures`)).toEqual([expect.objectContaining({ id: created.id, version: 2 })]);
    expect(await get(`/api/measures/${created.id}`)).toMatchObject({ id: created.id, rating: { status: 'green' } });

    const history = await get(`/api/measures/${created.id}/history`);
    expect(
      history.map((entry: { event: string; actorEmail: string; entityType: string; inspectionId: string }) => [
        entry.event,
        entry.actorEmail,
        entry.entityType,
        entry.inspectionId,
      ]),
    ).toEqual(
      ['CREATED', 'VALUE_ENTERED', 'VALUE_CORRECTED', 'UPDATED'].map((event) => [
        event,
        'dana.deputy@oxfordshire.gov.uk',
        'measure',
        inspection.id,
      ]),
    );
    expect(history[0].details).toMatchObject({ owner: sam.email, targetValue: 85, milestones: '31 March 2025: 70' });
    expect(history[1]).toMatchObject({ comment: 'Two teams short of staff.', details: { period: '2025-03', value: 62 } });
    // The correction gave no note: the one entered with 62 goes, and the history keeps it.
    expect(history[2].details).toEqual({
      period: '2025-03',
      value: { from: 62, to: 66 },
      note: { from: 'Two teams short of staff.', to: null },
    });
    expect(history[3].details).toEqual({
      targetValue: { from: 85, to: 80 },
      milestones: { from: '31 March 2025: 70', to: '31 March 2025: 65' },
    });
  });

  it('measures a lower-is-better figure, and says when the target date has passed', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    const waiting = await s.post(`/api/areas/${area.id}/measures`, {
      ...seenOnTime,
      name: 'Average days from referral to assessment',
      unit: 'days',
      direction: 'lower',
      baseline: { value: 40, on: '2024-01-31' },
      target: { value: 20, on: '2024-12-31' },
      milestones: [],
      frequency: 'quarterly',
    });
    const rated = await s.post(`/api/measures/${waiting.id}/values`, { period: '2025-03', value: 24 });
    expect(rated.rating).toMatchObject({
      status: 'amber',
      expected: 20,
      reason: 'Target missed: 24 days in March 2025; the target was 20 days by December 2024.',
    });
    // A quarterly measure takes a value for a quarter's last month only, and nothing for a month not yet begun.
    const wrongMonth = await t.http
      .post(`/api/measures/${waiting.id}/values`)
      .set(t.as('deputy_director'))
      .send({ period: '2025-02', value: 1 });
    expect(wrongMonth.status).toBe(400);
    expect(wrongMonth.body.fields.period[0]).toMatch(/^This measure is quarterly/);
    const future = await t.http
      .post(`/api/measures/${waiting.id}/values`)
      .set(t.as('deputy_director'))
      .send({ period: '2025-06', value: 1 });
    expect(future.body.fields).toEqual({ period: ['June 2025 has not started yet: enter a value for March 2025 or earlier'] });
    // This month, which it never takes, is refused as such: waiting for the month to end would not help.
    const thisMonth = await t.http
      .post(`/api/measures/${waiting.id}/values`)
      .set(t.as('deputy_director'))
      .send({ period: '2025-04', value: 1 })
      .expect(400);
    expect(thisMonth.body.fields.period[0]).toMatch(/^This measure is quarterly/);
    // A monthly measure's figure for this month is not known until the month is over.
    const monthly = await s.post(`/api/areas/${area.id}/measures`, seenOnTime);
    const unfinished = await t.http
      .post(`/api/measures/${monthly.id}/values`)
      .set(t.as('deputy_director'))
      .send({ period: '2025-04', value: 1 })
      .expect(400);
    expect(unfinished.body.fields).toEqual({ period: ['April 2025 has not ended yet: enter its value once the month is over'] });
  });

  it('refuses what cannot be a measure, in plain words, and writes nothing', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    const bad = await t.http
      .post(`/api/areas/${area.id}/measures`)
      .set(t.as('deputy_director'))
      .send({
        ...seenOnTime,
        unit: 'furlongs',
        baseline: { value: 'lots', on: '2024-03-31' },
        owner: { name: 'Sam Patel', email: 'not an address' },
      })
      .expect(400);
    expect(bad.body.fields).toEqual({
      unit: ['Select the unit'],
      'baseline.value': ['The baseline value must be a number'],
      'owner.email': ['Enter the owner’s email address in the correct format, like name@example.com'],
    });
    const backwards = await t.http
      .post(`/api/areas/${area.id}/measures`)
      .set(t.as('deputy_director'))
      .send({ ...seenOnTime, target: { value: 85, on: '2024-01-31' }, milestones: [{ value: 70, on: '2026-01-31' }] })
      .expect(400);
    expect(backwards.body.fields).toEqual({
      'target.on': ['The target date must be after the baseline date'],
      'milestones.0.on': ['The date of milestone 1, 31 January 2026, must be between the baseline date and the target date'],
    });
    const overTheTop = await t.http
      .post(`/api/areas/${area.id}/measures`)
      .set(t.as('deputy_director'))
      .send({ ...seenOnTime, target: { value: 130, on: '2025-09-30' }, milestones: [{ value: 101, on: '2025-03-31' }] })
      .expect(400);
    expect(overTheTop.body.fields).toEqual({
      'target.value': ['The target must be between 0% and 100%, as it is a percentage'],
      'milestones.0.value': ['The value of milestone 1 must be between 0% and 100%, as it is a percentage'],
    });
    // A measure saved before figures were checked against its unit (its target over 100%) can still have its other
    // details changed; a change to its target is held to the range.
    const older = await s.post(`/api/areas/${(await s.area(inspection.id, 'Saved before the range was checked')).id}/measures`, seenOnTime);
    await t.dataSource.getRepository(Measure).update({ id: older.id }, { targetValue: 130 });
    const renamed = await t.http
      .patch(`/api/measures/${older.id}`)
      .set(t.as('deputy_director'))
      .send({ version: (await get(`/api/measures/${older.id}`)).version, name: 'Children seen within 5 working days' })
      .expect(200);
    expect(
      (
        await t.http
          .patch(`/api/measures/${older.id}`)
          .set(t.as('deputy_director'))
          .send({ version: renamed.body.version, target: { value: 120, on: '2025-09-30' } })
          .expect(400)
      ).body.fields,
    ).toEqual({ 'target.value': ['The target must be between 0% and 100%, as it is a percentage'] });
    // A list or nothing where a value and a date (or a person) belong is refused in words, never a 500.
    for (const [field, wrong, words] of [
      ['baseline', [], 'Enter the baseline as a value and a date'],
      ['target', null, 'Enter the target as a value and a date'],
      ['milestones', [[]], 'Enter the milestones as a value and a date'],
      ['owner', [], 'Enter the owner as a name and an email address'],
    ] as const) {
      const refused = await t.http
        .post(`/api/areas/${area.id}/measures`)
        .set(t.as('deputy_director'))
        .send({ ...seenOnTime, [field]: wrong })
        .expect(400);
      expect(refused.body.fields[field]).toEqual([words]);
    }
    const badPeriod = await t.http
      .post(`/api/measures/${(await s.post(`/api/areas/${area.id}/measures`, seenOnTime)).id}/values`)
      .set(t.as('deputy_director'))
      .send({ period: '2025-13', value: 1 })
      .expect(400);
    expect(badPeriod.body.fields).toEqual({ period: ['The month the value is for must be a month written YYYY-MM, like 2025-03'] });
    expect(await get(`/api/areas/${area.id}/measures`)).toHaveLength(1);
  });

  it('reminds whoever enters the figures when a value falls due, chases it while late, and moves on once it is in', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    const measure = await s.post(`/api/areas/${area.id}/measures`, seenOnTime);
    const reminders = async (status: string) =>
      (await t.http.get('/api/reminders').set(t.as('admin')).query({ status }).expect(200)).body.filter(
        (r: { subjectId: string }) => r.subjectId === measure.id,
      );

    // March's value was due on 20 April: it is late, so its owner is chased.
    const late = await reminders('pending');
    expect(late.length).toBeGreaterThan(0);
    for (const reminder of late) {
      expect(reminder).toMatchObject({
        subject: 'measure',
        recipient: sam,
        recipientRole: 'owner',
        dueOn: '2025-04-20',
        about: {
          label: `Measure for area ${area.reference}`,
          title: `${seenOnTime.name}: the value for March 2025`,
          path: `/measures/${measure.id}`,
        },
      });
      expect(reminder.workingDaysFromDue).toBeGreaterThan(0);
    }

    // Once March is in, April's value (due 20 May) is reminded 5 working days ahead and on the day.
    await s.post(`/api/measures/${measure.id}/values`, { period: '2025-03', value: 71 });
    expect((await reminders('cancelled')).map((r: { dueOn: string }) => r.dueOn)).toEqual(late.map(() => '2025-04-20'));
    const next = await reminders('pending');
    expect(next.map((r: { sendOn: string; workingDaysFromDue: number }) => `${r.sendOn} ${r.workingDaysFromDue}`).slice(0, 2)).toEqual([
      '2025-05-13 -5',
      '2025-05-20 0',
    ]);
    expect(next[0]).toMatchObject({ dueOn: '2025-05-20', about: { title: `${seenOnTime.name}: the value for April 2025` } });

    // The date is in the owner's calendar feed too.
    const feed = await t.http
      .post('/api/calendar-feeds')
      .set(await t.signIn(sam.email))
      .send({})
      .expect(201);
    const calendar = (await t.http.get(new URL(feed.body.url as string).pathname).expect(200)).text.replace(/\r\n[ \t]/g, '');
    expect(calendar).toContain(`SUMMARY:Value due for April 2025: ${seenOnTime.name}`);
    expect(calendar).toContain('DTSTART;VALUE=DATE:20250520');

    // April's value never comes. Once May's falls due too (20 June), the chasing moves on to May's, with no change
    // made to the measure: only time passed. Every working day's sweep, 20 May to 11 July.
    const sweep = () => t.app.get(ScheduledWork).runOnce();
    for (let day = new Date('2025-05-20T09:00:00Z'); day <= new Date('2025-07-11T09:00:00Z'); day.setUTCDate(day.getUTCDate() + 1)) {
      t.clock.set(day.toISOString());
      await sweep();
    }
    const sent = await reminders('sent');
    expect(sent.filter((r: { dueOn: string }) => r.dueOn === '2025-05-20').length).toBeGreaterThan(1);
    const chasingMay = [...sent, ...(await reminders('pending'))].filter((r: { dueOn: string }) => r.dueOn === '2025-06-20');
    expect(sent.filter((r: { dueOn: string }) => r.dueOn === '2025-06-20').length).toBeGreaterThan(0);
    expect(chasingMay[0]).toMatchObject({ about: { title: `${seenOnTime.name}: the value for May 2025` } });
    expect((await reminders('pending')).length).toBeGreaterThan(0);
    // A measure's rating is against its trajectory, not a RAG rating, and its email says so.
    const chaser = inbox.messages.find((mail) => mail.text?.includes(`${seenOnTime.name}: the value for May 2025`));
    expect(chaser?.text).toMatch(/\n {2}Rating: (On trajectory|Slightly behind|Behind trajectory)\./);
    expect(chaser?.text).not.toContain('RAG rating');
    t.clock.set('2025-04-25T09:00:00Z');
  });

  it('puts the chaser that takes over from a withdrawn reminder in the same email as the rest of that person’s day', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    const measure = await s.post(`/api/areas/${area.id}/measures`, seenOnTime);
    await s.post(`/api/measures/${measure.id}/values`, { period: '2025-03', value: 71 });
    await s.action(area.id, { title: 'Audit every strategy discussion held in May', owner: sam, dueOn: '2025-06-02' });
    // Nothing is sent from April until 23 June: April's reminders are due, and withdrawn as May's value (due 20 June) takes over.
    t.clock.set('2025-06-23T09:00:00Z');
    const before = inbox.messages.length;
    await t.app.get(ScheduledWork).runOnce();
    const toSam = inbox.messages.slice(before).filter((mail) => mail.to && 'value' in mail.to && mail.to.value[0].address === sam.email);
    expect(toSam).toHaveLength(1);
    expect(toSam[0].text).toContain('Audit every strategy discussion held in May');
    expect(toSam[0].text).toContain(`${seenOnTime.name}: the value for May 2025`);
    expect(toSam[0].text).not.toContain('the value for April 2025');
    t.clock.set('2025-04-25T09:00:00Z');
  });

  it('previews a spreadsheet of values with each problem by its row, records it once, and refuses the same file again', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    const seen = await s.post(`/api/areas/${area.id}/measures`, seenOnTime);
    const waits = await s.post(`/api/areas/${area.id}/measures`, {
      ...seenOnTime,
      name: 'Days from referral to assessment',
      unit: 'days',
      direction: 'lower',
      baseline: { value: 40, on: '2024-03-31' },
      target: { value: 20, on: '2025-09-30' },
      milestones: [],
      frequency: 'quarterly',
    });
    await s.post(`/api/measures/${seen.id}/values`, { period: '2025-01', value: 64 });
    const faulty = [
      'measure,month,value,note',
      `${seenOnTime.name},2025-02,66,"Better, at last"`,
      'Children seen on time,2025-03,70,',
      `${seenOnTime.name},2025-01,65,`,
      `${seenOnTime.name},Spring 2025,sixty,`,
      'Days from referral to assessment,2025-02,30,',
      `${seenOnTime.name},2025-02,67,`,
      `${seenOnTime.name},2025-06,67,`,
    ].join('\r\n');
    const preview = await s.post(`/api/areas/${area.id}/measure-uploads`, { csv: faulty });
    expect(preview).toMatchObject({
      status: 'previewed',
      rows: [
        { row: 2, measure: seenOnTime.name, period: '2025-02', value: 66, note: 'Better, at last', replaces: null },
        { row: 4, measure: seenOnTime.name, period: '2025-01', value: 65, note: null, replaces: 64 },
      ],
      problems: [
        { row: 3, message: 'No measure of this area is called “Children seen on time”' },
        { row: 5, message: 'The month ‘Spring 2025’ is not a month: give it like March 2025 or 2025-03' },
        { row: 5, message: 'Enter the value as a number' },
        { row: 6, message: '“Days from referral to assessment” is quarterly: give March, June, September or December' },
        { row: 7, message: 'This repeats row 2: give each measure one value a month' },
        { row: 8, message: 'June 2025 has not started yet: enter a value for March 2025 or earlier' },
      ],
    });
    // Nothing is written by a preview, and a file with problems is not recorded.
    expect((await get(`/api/measures/${seen.id}`)).values).toHaveLength(1);
    const refused = await t.http.post(`/api/measure-uploads/${preview.id}/commit`).set(t.as('deputy_director')).send({}).expect(400);
    expect(refused.body.fields.csv).toHaveLength(6);
    expect(refused.body.fields.csv[0]).toBe('Row 3: No measure of this area is called “Children seen on time”');

    const good = [
      'measure,month,value,note',
      `${seenOnTime.name},2025-02,66,`,
      'Days from referral to assessment,2025-03,30,On the way',
    ].join('\n');
    const upload = await s.post(`/api/areas/${area.id}/measure-uploads`, { csv: good });
    expect(upload.problems).toEqual([]);
    const committed = await s.post(`/api/measure-uploads/${upload.id}/commit`, {}, 200);
    expect(committed).toMatchObject({ status: 'committed', committedBy: { email: 'dana.deputy@oxfordshire.gov.uk' } });
    expect((await get(`/api/measures/${seen.id}`)).values.map((v: { period: string }) => v.period)).toEqual(['2025-02', '2025-01']);
    expect((await get(`/api/measures/${waits.id}`)).values).toEqual([
      expect.objectContaining({ period: '2025-03', value: 30, note: 'On the way' }),
    ]);
    const history = await get(`/api/measures/${waits.id}/history`);
    expect(history.at(-1)).toMatchObject({ event: 'VALUE_ENTERED', details: { period: '2025-03', value: 30, upload: upload.id } });

    // The same upload, or the same file uploaded again, is refused.
    const again = await t.http.post(`/api/measure-uploads/${upload.id}/commit`).set(t.as('deputy_director')).send({}).expect(409);
    expect(again.body.message).toBe('This upload was recorded on 25 April 2025 by Dana Deputy: its values are in already.');
    const sameFile = await s.post(`/api/areas/${area.id}/measure-uploads`, { csv: good });
    const twice = await t.http.post(`/api/measure-uploads/${sameFile.id}/commit`).set(t.as('deputy_director')).send({}).expect(409);
    expect(twice.body.message).toBe('The same file was recorded on 25 April 2025 by Dana Deputy: its values are in already.');
    expect((await get(`/api/measures/${waits.id}`)).values).toHaveLength(1);
  });

  it('corrects values entered before once told its values replace them, and passes over rows the same as entered', async () => {
    const area = await s.area((await s.inspection()).id);
    const seen = await s.post(`/api/areas/${area.id}/measures`, seenOnTime);
    await s.post(`/api/measures/${seen.id}/values`, { period: '2024-12', value: 60, note: 'From the December report' });
    await s.post(`/api/measures/${seen.id}/values`, { period: '2025-01', value: 64 });
    await s.post(`/api/measures/${seen.id}/values`, { period: '2025-02', value: 66 });
    // The monthly report, as exported each month: the year so far, with February revised and January explained.
    const csv = [
      'measure,month,value,note',
      `${seenOnTime.name},2024-12,60,`,
      `${seenOnTime.name},2025-01,64,Checked against the case records`,
      `${seenOnTime.name},2025-02,68,Revised: two late returns`,
      `${seenOnTime.name},2025-03,70,`,
    ].join('\n');
    const preview = await s.post(`/api/areas/${area.id}/measure-uploads`, { csv });
    expect(preview).toMatchObject({
      rows: [
        { row: 3, period: '2025-01', value: 64, note: 'Checked against the case records', replaces: 64 },
        { row: 4, period: '2025-02', value: 68, note: 'Revised: two late returns', replaces: 66 },
        { row: 5, period: '2025-03', value: 70, note: null, replaces: null },
      ],
      // The same value with no note of its own: December's note stays as it is.
      unchanged: [{ row: 2, measure: seenOnTime.name, period: '2024-12', value: 60 }],
      problems: [],
    });

    // Not told, it records nothing.
    const refused = await t.http.post(`/api/measure-uploads/${preview.id}/commit`).set(t.as('deputy_director')).send({}).expect(400);
    expect(refused.body.fields).toEqual({
      replace: ['This spreadsheet changes what was entered before for 2 months: confirm that its values replace what was there'],
    });
    expect((await get(`/api/measures/${seen.id}`)).values.map((v: { value: number }) => v.value)).toEqual([66, 64, 60]);

    const committed = await s.post(`/api/measure-uploads/${preview.id}/commit`, { replace: true }, 200);
    expect(committed.recorded).toBe(3);
    expect((await get(`/api/measures/${seen.id}`)).values).toEqual([
      expect.objectContaining({ period: '2025-03', value: 70 }),
      expect.objectContaining({ period: '2025-02', value: 68, note: 'Revised: two late returns' }),
      expect.objectContaining({ period: '2025-01', value: 64, note: 'Checked against the case records' }),
      expect.objectContaining({ period: '2024-12', value: 60, note: 'From the December report' }),
    ]);
    // Each correction says what it changed, from and to: January's note alone, February's value and note.
    const history = await get(`/api/measures/${seen.id}/history`);
    expect(history.slice(-3).map(({ event, details }: { event: string; details: object }) => ({ event, details }))).toEqual([
      {
        event: 'VALUE_CORRECTED',
        details: { period: '2025-01', note: { from: null, to: 'Checked against the case records' }, upload: preview.id },
      },
      {
        event: 'VALUE_CORRECTED',
        details: {
          period: '2025-02',
          value: { from: 66, to: 68 },
          note: { from: null, to: 'Revised: two late returns' },
          upload: preview.id,
        },
      },
      { event: 'VALUE_ENTERED', details: { period: '2025-03', value: 70, upload: preview.id } },
    ]);

    // A file with nothing new is not wrong: it has no problem, and nothing to save.
    // (Saved again with a line of its own at the end, it is not the same file as the one recorded.)
    const nothingNew = await s.post(`/api/areas/${area.id}/measure-uploads`, { csv: `${csv}\n` });
    expect(nothingNew).toMatchObject({ rows: [], problems: [] });
    expect(nothingNew.unchanged).toHaveLength(4);
    const nothingSaved = await t.http
      .post(`/api/measure-uploads/${nothingNew.id}/commit`)
      .set(t.as('deputy_director'))
      .send({})
      .expect(409);
    expect(nothingSaved.body.message).toBe('Every value in this spreadsheet has been entered already: there is nothing new to save.');
  });

  it('saves an upload only as its preview showed it: a value entered for one of its months meanwhile sends it back to be checked', async () => {
    const area = await s.area((await s.inspection()).id);
    const seen = await s.post(`/api/areas/${area.id}/measures`, seenOnTime);
    await s.post(`/api/measures/${seen.id}/values`, { period: '2025-01', value: 64 });
    const csv = ['measure,month,value,note', `${seenOnTime.name},2025-01,65,Revised`, `${seenOnTime.name},2025-02,68,`].join('\n');
    const preview = await s.post(`/api/areas/${area.id}/measure-uploads`, { csv });
    expect(preview.rows).toMatchObject([
      { period: '2025-01', replaces: 64 },
      { period: '2025-02', replaces: null },
    ]);

    // February is entered on its page after the preview: the upload would now write over it, which no one checked.
    await s.post(`/api/measures/${seen.id}/values`, { period: '2025-02', value: 67, note: 'From the team’s own count' });
    const refused = await t.http
      .post(`/api/measure-uploads/${preview.id}/commit`)
      .set(t.as('deputy_director'))
      .send({ replace: true, checkedAgainst: preview.checkedAgainst })
      .expect(409);
    expect(refused.body.message).toBe(
      'Since these values were checked, someone has entered or changed values for the months in this spreadsheet. Check them again before saving.',
    );
    expect((await get(`/api/measures/${seen.id}`)).values).toMatchObject([
      { period: '2025-02', value: 67, note: 'From the team’s own count' },
      { period: '2025-01', value: 64 },
    ]);

    // Read again, the preview shows what it now replaces, and saves with what that reading checked.
    const again = (await t.http.get(`/api/measure-uploads/${preview.id}`).set(t.as('deputy_director')).expect(200)).body;
    // The file's February has no note: the preview says which note goes with the value it replaces.
    expect(again.rows).toMatchObject([
      { period: '2025-01', replaces: 64, replacesNote: null },
      { period: '2025-02', replaces: 67, replacesNote: 'From the team’s own count' },
    ]);
    expect(again.checkedAgainst).not.toBe(preview.checkedAgainst);
    const saved = await s.post(`/api/measure-uploads/${preview.id}/commit`, { replace: true, checkedAgainst: again.checkedAgainst }, 200);
    expect(saved).toMatchObject({ status: 'committed', recorded: 2, checkedAgainst: null });
    expect((await get(`/api/measures/${seen.id}`)).values).toMatchObject([
      { period: '2025-02', value: 68, note: null },
      { period: '2025-01', value: 65, note: 'Revised' },
    ]);
  });

  it('reads a month as people and spreadsheets write it: March 2025, Mar-25 (a date cell saved as CSV) or 03/2025', async () => {
    const area = await s.area((await s.inspection()).id);
    await s.post(`/api/areas/${area.id}/measures`, seenOnTime);
    const csv = [
      'measure,month,value,note',
      `${seenOnTime.name},Oct-24,56,`,
      `${seenOnTime.name},November 2024,58,`,
      `${seenOnTime.name},12/2024,57,`,
      `${seenOnTime.name},Sept 2024,55,`,
    ].join('\n');
    const preview = await s.post(`/api/areas/${area.id}/measure-uploads`, { csv });
    expect(preview.problems).toEqual([]);
    expect(preview.rows.map((row: { period: string }) => row.period)).toEqual(['2024-10', '2024-11', '2024-12', '2024-09']);
  });

  it('refuses a percentage over 100 or a count below 0, and reads a percentage saved as “62%”', async () => {
    const area = await s.area((await s.inspection()).id);
    const seen = await s.post(`/api/areas/${area.id}/measures`, seenOnTime);
    const refused = await t.http
      .post(`/api/measures/${seen.id}/values`)
      .set(t.as('deputy_director'))
      .send({ period: '2025-03', value: 140 })
      .expect(400);
    expect(refused.body.fields).toEqual({ value: ['A percentage must be between 0 and 100'] });
    expect((await get(`/api/measures/${seen.id}`)).values).toEqual([]);

    const csv = ['measure,month,value,note', `${seenOnTime.name},2025-02,62%,`, `${seenOnTime.name},2025-03,140,`].join('\n');
    const preview = await s.post(`/api/areas/${area.id}/measure-uploads`, { csv });
    expect(preview.rows).toMatchObject([{ row: 2, period: '2025-02', value: 62 }]);
    expect(preview.problems).toEqual([{ row: 3, message: 'A percentage must be between 0 and 100: this row gives 140' }]);
  });

  it('takes the spreadsheet as a file too, CSV or an Excel workbook, and refuses one that is neither', async () => {
    const area = await s.area((await s.inspection()).id);
    const seen = await s.post(`/api/areas/${area.id}/measures`, seenOnTime);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Values');
    sheet.addRow(['measure', 'month', 'value', 'note']);
    sheet.addRow([seenOnTime.name, new Date(Date.UTC(2025, 2, 31)), 71, 'From the workbook']);
    sheet.addRow([seenOnTime.name, '2025-02', { formula: '60+6', result: 66 }]);
    const send = (bytes: Buffer, filename: string) =>
      t.http.post(`/api/areas/${area.id}/measure-uploads`).set(t.as('deputy_director')).attach('file', bytes, { filename });

    const preview = (await send(Buffer.from(await workbook.xlsx.writeBuffer()), 'values.xlsx').expect(201)).body;
    expect(preview).toMatchObject({
      status: 'previewed',
      rows: [
        { row: 2, period: '2025-03', value: 71, note: 'From the workbook' },
        { row: 3, period: '2025-02', value: 66, note: null },
      ],
      problems: [],
    });
    expect(await s.post(`/api/measure-uploads/${preview.id}/commit`, {}, 200)).toMatchObject({ status: 'committed', recorded: 2 });
    expect((await get(`/api/measures/${seen.id}`)).values.map((v: { period: string }) => v.period)).toEqual(['2025-03', '2025-02']);

    const csv = (await send(Buffer.from(`measure,month,value,note\n${seenOnTime.name},2025-01,64,\n`), 'values.csv').expect(201)).body;
    expect(csv).toMatchObject({ rows: [{ row: 2, period: '2025-01', value: 64 }], problems: [] });

    const pdf = await send(Buffer.from('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n\u0000\u0001'), 'values.pdf').expect(415);
    expect(pdf.body.message).toBe('The file must be a spreadsheet saved as CSV or as an Excel workbook (.xlsx).');
    const nothing = await t.http.post(`/api/areas/${area.id}/measure-uploads`).set(t.as('deputy_director')).send({}).expect(400);
    expect(nothing.body.fields).toEqual({ csv: ['Send the CSV text as csv, or the spreadsheet as a file in the form field "file"'] });
  });

  it('lets the person named to enter a measure’s figures enter them, by page or API, and no other action owner', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    const { name, email } = t.users.action_owner;
    const theirs = await s.post(`/api/areas/${area.id}/measures`, { ...seenOnTime, owner: { name, email } });
    const samsOwn = await s.post(`/api/areas/${area.id}/measures`, {
      ...seenOnTime,
      name: 'Visits to children in care on time',
      owner: sam,
    });

    await t.http.post(`/api/measures/${theirs.id}/values`).set(t.as('action_owner')).send({ period: '2025-03', value: 71 }).expect(201);
    const refused = await t.http
      .post(`/api/measures/${samsOwn.id}/values`)
      .set(t.as('action_owner'))
      .send({ period: '2025-03', value: 71 })
      .expect(403);
    expect(refused.body.message).toBe(
      'The figures of “Visits to children in care on time” are not yours to enter: only the person named to enter them, or someone who may edit improvement areas, enters them.',
    );
    expect((await get(`/api/measures/${samsOwn.id}`)).values).toEqual([]);
    expect((await get(`/api/measures/${theirs.id}`)).values).toMatchObject([{ period: '2025-03', value: 71, enteredBy: { name } }]);

    // The measure's page offers the form to its owner, and not to another action owner.
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.action_owner.id));
    const page = async (id: string) => (await t.http.get(`/measures/${id}`).set('Cookie', `session=${token}`).expect(200)).text;
    expect(await page(theirs.id)).toContain('Enter a value');
    expect(await page(samsOwn.id)).not.toContain('Enter a value');
    await t.http
      .post(`/measures/${theirs.id}/values`)
      .set('Cookie', `session=${token}`)
      .type('form')
      .send({ _csrf: csrfTokenFor(token), 'period-month': '2', 'period-year': '2025', value: '73' })
      .expect(303);
    expect((await get(`/api/measures/${theirs.id}`)).values.map((value: { period: string }) => value.period)).toEqual([
      '2025-03',
      '2025-02',
    ]);
  });

  it('lets only those who may edit the area add measures and values', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    await t.http.post(`/api/areas/${area.id}/measures`).set(t.as('action_owner')).send(seenOnTime).expect(403);
    await t.http.post(`/api/areas/${area.id}/measures`).set(t.as('viewer')).send(seenOnTime).expect(403);
    const measure = await scenario(t, 'director').post(`/api/areas/${area.id}/measures`, seenOnTime);
    await t.http.post(`/api/measures/${measure.id}/values`).set(t.as('scrutiny')).send({ period: '2025-03', value: 1 }).expect(403);
    await t.http.get(`/api/measures/${measure.id}`).set(t.as('scrutiny')).expect(200);
  });
});
