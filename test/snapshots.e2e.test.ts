import { jest } from '@jest/globals';
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import { csrfTokenFor } from '../src/auth/page-sessions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { PlanSnapshot } from '../src/snapshots/plan-snapshot.entity.js';
import { MonthEndSnapshots } from '../src/snapshots/month-end-snapshots.js';
import { SnapshotsService } from '../src/snapshots/snapshots.service.js';
import { drivers } from './support/databases.js';
import { words } from './support/page-words.js';
import { scenario } from './support/scenario.js';
import type { Role } from '../src/auth/permissions.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { binary } from './support/binary.js';

const sha256 = (body: Buffer | string) => createHash('sha256').update(body).digest('hex');
const committee = 'Education and Young People Overview & Scrutiny Committee';

describe.each(drivers)('snapshots of the plan on %s', (driver) => {
  let t: TestApp;
  let s: ReturnType<typeof scenario>;

  beforeEach(async () => {
    t = await createTestApp(driver, { now: '2024-07-01T09:00:00Z' });
    s = scenario(t);
  });
  afterEach(() => t.close());

  const get = (path: string) => t.http.get(path).set(t.as('viewer')).expect(200);
  const file = async (path: string) => (await t.http.get(path).set(t.as('viewer')).buffer(true).parse(binary).expect(200)).body as Buffer;
  const snapshots = async (inspectionId: string) => (await get(`/api/inspections/${inspectionId}/snapshots`)).body;
  const action = async (id: string) => (await get(`/api/actions/${id}`)).body;

  /** Two areas in delivery, submitted on 10 July 2024. */
  const submittedPlan = async () => {
    const inspection = await s.inspection({ scrutinyCommittee: committee });
    const pre = await s.area(inspection.id, 'Timeliness of pre-proceedings');
    const leavers = await s.area(inspection.id, 'Care leavers in education, employment or training');
    const audit = await s.action(pre.id, { title: 'Audit pre-proceedings decisions', dueOn: '2025-06-27' });
    const tracker = await s.action(leavers.id, { title: 'Launch the care leavers jobs offer', dueOn: '2025-03-31' });
    await scenario(t, 'director').event('inspections', inspection.id, 'APPROVE', 1);
    t.clock.set('2024-07-10T09:00:00Z');
    await scenario(t, 'director').event('inspections', inspection.id, 'SUBMIT', 2);
    await s.event('areas', pre.id, 'START_DELIVERY', 2);
    await s.event('areas', leavers.id, 'START_DELIVERY', 2);
    return { inspection, pre, leavers, audit, tracker };
  };
  const recordReview = (inspectionId: string, meetingOn: string, outcomes: object[]) =>
    scenario(t, 'scrutiny').post(`/api/inspections/${inspectionId}/reviews`, { meetingOn, outcomes });

  it('freezes the plan when a review is recorded: its paper is the same bytes, DOCX and HTML, whatever changes in the plan after', async () => {
    const { inspection, leavers, audit, tracker } = await submittedPlan();
    t.clock.set('2025-01-16T15:00:00Z');
    const review = await recordReview(inspection.id, '2025-01-16', [
      { areaId: leavers.id, outcome: 'further_assurance', comment: 'How many care leavers have started apprenticeships?' },
    ]);

    const [snapshot] = await snapshots(inspection.id);
    expect(snapshot).toMatchObject({
      reason: 'review',
      takenAt: '2025-01-16T15:00:00.000Z',
      takenOn: '2025-01-16',
      takenBy: { name: 'Sam Scrutiny' },
      review: { id: review.id, sequence: 1, meetingOn: '2025-01-16' },
    });
    // The plan as the papers read it: areas, actions, ratings with their reasons, the committee's outcomes.
    const read = (await get(`/api/inspections/${inspection.id}/snapshots/${snapshot.id}`)).body;
    expect(read.model).toMatchObject({
      today: '2025-01-16',
      // As the committee met it: its first review, and what it concluded.
      lastReview: null,
      nextReview: { sequence: 1 },
      heldReview: { sequence: 1, meetingOn: '2025-01-16', outcomes: [{ reference: '2', outcome: 'further_assurance' }] },
      areas: [
        {
          reference: '1',
          actions: [{ reference: '1.1', title: 'Audit pre-proceedings decisions', rating: { reason: expect.any(String) } }],
        },
        { reference: '2', actions: [{ reference: '2.1', dueOn: '2025-03-31' }] },
      ],
    });

    const docxPath = `/api/inspections/${inspection.id}/snapshots/${snapshot.id}/paper.docx`;
    const htmlPath = `/api/inspections/${inspection.id}/snapshots/${snapshot.id}/paper.html`;
    const livePath = `/api/inspections/${inspection.id}/reports/scrutiny.html`;
    const docx = await file(docxPath);
    const html = (await get(htmlPath)).text;
    const live = (await get(livePath)).text;
    expect(html).toContain('As of Thursday 16 January 2025');
    const core = await (await JSZip.loadAsync(docx)).file('docProps/core.xml')!.async('string');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-16T15:00:00.000Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2025-01-16T15:00:00.000Z</dcterms:modified>');

    // The plan moves on: an action's due date moved, a progress update, an action completed, and weeks pass.
    t.clock.set('2025-02-20T10:00:00Z');
    await t.http
      .patch(`/api/actions/${tracker.id}`)
      .set(t.as('deputy_director'))
      .send({ version: (await action(tracker.id)).version, dueOn: '2025-05-30', reason: 'Employers asked to start after the spring term.' })
      .expect(200);
    await s.post(`/api/actions/${tracker.id}/updates`, { text: 'Twelve employers have signed up.', percentComplete: 40, rag: 'amber' });
    await s.event('actions', audit.id, 'COMPLETE', (await action(audit.id)).version);
    t.clock.set('2025-03-03T11:30:00Z');

    expect(sha256(await file(docxPath))).toBe(sha256(docx));
    expect(sha256((await get(htmlPath)).text)).toBe(sha256(html));
    // While the live paper tells the new story.
    const liveNow = (await get(livePath)).text;
    expect(sha256(liveNow)).not.toBe(sha256(live));
    expect(liveNow).toContain('Twelve employers have signed up.');
    expect(html).not.toContain('Twelve employers have signed up.');
  });

  it('records a review and its snapshot together, or neither', async () => {
    const { inspection, leavers } = await submittedPlan();
    t.clock.set('2025-01-16T15:00:00Z');
    const failing = jest.spyOn(t.app.get(SnapshotsService), 'take').mockRejectedValueOnce(new Error('The disk is full'));
    try {
      await t.http
        .post(`/api/inspections/${inspection.id}/reviews`)
        .set(t.as('scrutiny'))
        .send({ meetingOn: '2025-01-16', outcomes: [{ areaId: leavers.id, outcome: 'escalated', comment: 'Too slow.' }] })
        .expect(500);
    } finally {
      failing.mockRestore();
    }
    expect((await get(`/api/inspections/${inspection.id}/reviews`)).body.map((review: { status: string }) => review.status)).toEqual([
      'scheduled',
    ]);
    expect((await get(`/api/areas/${leavers.id}`)).body.state).toBe('in_progress');
    expect(await snapshots(inspection.id)).toEqual([]);

    await recordReview(inspection.id, '2025-01-16', [{ areaId: leavers.id, outcome: 'escalated', comment: 'Too slow.' }]);
    expect((await snapshots(inspection.id)).map((snapshot: { reason: string }) => snapshot.reason)).toEqual(['review']);
  });

  it('takes a snapshot on demand for those who may, and never changes one', async () => {
    const { inspection } = await submittedPlan();
    t.clock.set('2024-09-02T08:15:00Z');
    const taken = await s.post(`/api/inspections/${inspection.id}/snapshots`, {});
    expect(taken).toMatchObject({
      reason: 'on_demand',
      reasonText: 'Taken on demand',
      takenOn: '2024-09-02',
      takenBy: { name: 'Dana Deputy' },
      review: null,
      papers: {
        docx: `/api/inspections/${inspection.id}/snapshots/${taken.id}/paper.docx`,
        html: `/api/inspections/${inspection.id}/snapshots/${taken.id}/paper.html`,
      },
    });
    await t.http.post(`/api/inspections/${inspection.id}/snapshots`).set(t.as('viewer')).send({}).expect(403);
    await t.http.post(`/api/inspections/${inspection.id}/snapshots`).set(t.as('action_owner')).send({}).expect(403);
    expect((await snapshots(inspection.id)).map((one: { id: string }) => one.id)).toEqual([taken.id]);

    // No call changes or removes one…
    const path = `/api/inspections/${inspection.id}/snapshots/${taken.id}`;
    for (const method of ['put', 'patch', 'delete'] as const) {
      await t.http[method](path).set(t.as('admin')).send({ reason: 'month_end' }).expect(404);
    }
    // …and the database refuses to, whatever asks it.
    await expect(t.dataSource.getRepository(PlanSnapshot).update({ id: taken.id }, { reason: 'month_end' })).rejects.toThrow(
      /never changes/,
    );
    const row = await t.dataSource.getRepository(PlanSnapshot).findOneByOrFail({ id: taken.id });
    expect(row.reason).toBe('on_demand');
    expect((await get(path)).body.model.today).toBe('2024-09-02');
  });

  it('takes each month-end snapshot exactly once, however often and by however many instances the job runs', async () => {
    const { inspection } = await submittedPlan();
    const job = t.app.get(MonthEndSnapshots);
    const other = driver === 'postgres' ? await createTestApp(driver, { sharing: t, now: '2024-07-31T18:30:00Z' }) : null;
    try {
      // Not before the last day of the month, nor before six in the evening on it.
      t.clock.set('2024-07-30T19:00:00Z');
      expect(await job.take()).toBe(0);
      t.clock.set('2024-07-31T16:59:00Z'); // 17:59 in London (BST)
      expect(await job.take()).toBe(0);

      t.clock.set('2024-07-31T17:30:00Z');
      const runs = [job.take(), job.take(), ...(other ? [other.app.get(MonthEndSnapshots).take()] : [])];
      expect((await Promise.all(runs)).reduce((sum, taken) => sum + taken, 0)).toBe(1);
      expect(await job.take()).toBe(0);
      const taken = await snapshots(inspection.id);
      expect(taken).toEqual([
        expect.objectContaining({
          reason: 'month_end',
          period: '2024-07',
          takenOn: '2024-07-31',
          takenBy: { name: 'Action plan service (automatic)', email: 'action-plan-service@system.invalid' },
        }),
      ]);

      // The next month's end has one of its own.
      t.clock.set('2024-08-31T18:00:00Z');
      expect(await job.take()).toBe(1);
      expect((await snapshots(inspection.id)).map((one: { period: string }) => one.period)).toEqual(['2024-08', '2024-07']);

      // September's end passes with the service down: it is taken late in October's first week, and says so; not after.
      t.clock.set('2024-10-03T08:00:00Z');
      expect(await job.take()).toBe(1);
      expect(await job.take()).toBe(0);
      expect((await snapshots(inspection.id))[0]).toMatchObject({
        period: '2024-09',
        takenOn: '2024-10-03',
        reasonText: 'Month end of September 2024, taken late',
      });
      t.clock.set('2024-11-08T08:00:00Z');
      expect(await job.take()).toBe(0);
    } finally {
      await other?.close();
    }
  });

  it('tells the committee, in its paper, what has changed since the last review, and each exception with its latest update', async () => {
    const { inspection, pre, leavers, audit, tracker } = await submittedPlan();
    t.clock.set('2025-01-16T15:00:00Z');
    const inWork = await s.post(`/api/areas/${leavers.id}/measures`, {
      name: 'Care leavers in education, employment or training',
      definition: 'Of care leavers aged 19 to 21, the share in education, employment or training at the month end.',
      unit: 'percent',
      direction: 'higher',
      baseline: { value: 52, on: '2024-06-30' },
      target: { value: 65, on: '2025-09-30' },
      dataSource: 'Leaving care team tracker',
      owner: { name: 'Lina Lead', email: 'lina.lead@oxfordshire.gov.uk' },
      frequency: 'monthly',
    });
    await s.post(`/api/measures/${inWork.id}/values`, { period: '2024-12', value: 55 });
    await recordReview(inspection.id, '2025-01-16', [
      { areaId: pre.id, outcome: 'further_assurance', comment: 'Show us the audit.' },
      { areaId: leavers.id, outcome: 'further_assurance', comment: 'How many have started?' },
    ]);

    t.clock.set('2025-03-10T10:00:00Z');
    await s.event('actions', audit.id, 'COMPLETE', (await action(audit.id)).version);
    await s.post(`/api/actions/${tracker.id}/updates`, { text: 'Employers are slow to sign up.', percentComplete: 10, rag: 'red' });
    const added = await s.action(leavers.id, { title: 'Recruit a care leavers employment adviser', dueOn: '2025-09-30' });
    await t.http
      .patch(`/api/actions/${added.id}`)
      .set(t.as('deputy_director'))
      .send({
        version: (await action(added.id)).version,
        dueOn: '2025-10-31',
        reason: 'The post was advertised twice before it was filled.',
      })
      .expect(200);
    await s.post(`/api/measures/${inWork.id}/values`, { period: '2025-02', value: 50 });
    t.clock.set('2025-04-02T09:00:00Z'); // the tracker, due 31 March, is now overdue

    const live = (await get(`/api/inspections/${inspection.id}/reports/scrutiny.html`)).text;
    const section = (html: string, heading: string) => new RegExp(`<h2>${heading}</h2>([\\s\\S]*?)<h2>`).exec(html)?.[1] ?? '';
    // The live paper is the one for the review to come: it says so, rather than calling that review "the next".
    expect(live).toMatch(
      /The committee last reviewed the plan on Thursday 16 January 2025\. This paper is for its next review, due by \w+ \d+ July 2025\./,
    );
    const changed = section(live, 'What has changed since the last review').replaceAll('\n', '');
    expect(changed).toContain('Compared with the plan as it stood at the review of 16 January 2025:');
    expect(changed).toContain('<p>Rated better (1):</p><ul><li>1.1 Audit pre-proceedings decisions: from On track to Complete</li></ul>');
    expect(changed).toContain('<p>Newly overdue (1):</p><ul><li>2.1 Launch the care leavers jobs offer</li></ul>');
    expect(changed).toContain('<p>Completed (1):</p><ul><li>1.1 Audit pre-proceedings decisions</li></ul>');
    expect(changed).toContain('<p>Added (1):</p><ul><li>2.2 Recruit a care leavers employment adviser</li></ul>');
    expect(changed).toMatch(/Rated worse \(1\):<\/p><ul><li>2\.1 Launch the care leavers jobs offer: from On track to Overdue<\/li>/);
    // Whether things are better for children: each measure's figure now beside its figure at the last review.
    expect(changed).toMatch(
      /<p>Measures of impact \(1\):<\/p><ul><li>Area 2, Care leavers in education, employment or training: 50% in February 2025, worse than 55% in December 2024; target 65% by September 2025 \(Behind trajectory\)<\/li><\/ul>/,
    );
    // The plan's Progress page says the same, in the same words, for whoever reads it between papers.
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.viewer.id));
    const progressPage = words(
      (await t.http.get(`/inspections/${inspection.id}/progress`).set('Cookie', `session=${token}`).expect(200)).text,
    );
    expect(progressPage).toContain(
      'What has changed since the last review Compared with the plan as it stood at the review of 16 January 2025: Rated better (1) 1.1 Audit pre-proceedings decisions: from On track to Complete',
    );
    expect(progressPage).toContain('Newly overdue (1) 2.1 Launch the care leavers jobs offer');
    expect(progressPage).toContain(
      'Measures of impact (1) Area 2, Care leavers in education, employment or training: 50% in February 2025, worse than 55% in December 2024; target 65% by September 2025 (Behind trajectory)',
    );
    // The table of overdue and at-risk actions gives each one's owner, date and why; the exceptions, the same actions,
    // what is being done about them, without saying the rest again.
    const slipping = section(live, 'Overdue and at-risk actions');
    expect(slipping).toContain('Launch the care leavers jobs offer');
    expect(slipping).toContain('31 March 2025');
    const exceptions = section(live, 'Exceptions');
    expect(exceptions).toContain('For each action listed under “Overdue and at-risk actions”');
    expect(exceptions).toContain('Launch the care leavers jobs offer');
    expect(exceptions).not.toContain('31 March 2025');
    expect(exceptions).toContain('Employers are slow to sign up. (10 March 2025)');

    // The second review's own paper, from its snapshot, says the same against the first.
    t.clock.set('2025-04-03T15:00:00Z');
    await recordReview(inspection.id, '2025-04-03', [{ areaId: leavers.id, outcome: 'escalated', comment: 'Overdue.' }]);
    const [second] = await snapshots(inspection.id);
    expect(second).toMatchObject({ reason: 'review', review: { sequence: 2 } });
    const paper = (await get(`/api/inspections/${inspection.id}/snapshots/${second.id}/paper.html`)).text;
    expect(section(paper, 'What has changed since the last review').replaceAll('\n', '')).toContain(
      '<p>Completed (1):</p><ul><li>1.1 Audit pre-proceedings decisions</li></ul>',
    );
    expect(section(paper, 'Exceptions')).toContain('Employers are slow to sign up.');
    // It is the paper of the second review's meeting, from start to end: what it was told had changed since the first
    // review, and what it concluded.
    expect(paper).toContain('Scrutiny review of progress (review 2, held on Thursday 3 April 2025)');
    expect(paper).toContain(
      'The committee met for this review on Thursday 3 April 2025. It had last reviewed the plan on Thursday 16 January 2025.',
    );
    const since = section(paper, 'Changes since the last review \\(Thursday 16 January 2025\\)');
    expect(since).toContain('Show us the audit.');
    expect(since).toContain('Monday 10 March 2025: Action 1.1 completed');
    expect(since).not.toContain('Nothing has changed');
    const concluded = section(paper, 'What the committee concluded at this review').replaceAll('\n', '');
    expect(concluded).toContain('On Thursday 3 April 2025, the');
    expect(concluded).toMatch(/<td[^>]*>2<\/td><td[^>]*>Escalated<\/td><td[^>]*>Overdue\.<\/td>/);
    const download = await t.http.get(`/api/inspections/${inspection.id}/snapshots/${second.id}/paper.docx`).set(t.as('scrutiny'));
    expect(download.headers['content-disposition']).toMatch(/filename="scrutiny-report-[a-z-]+-review-2-2025-04-03\.docx"/);
  });

  it('lists the snapshots on the reviews page with their papers, and records one now from its button', async () => {
    const { inspection, pre } = await submittedPlan();
    const session = async (role: Role) => {
      const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users[role].id));
      return { cookie: `session=${token}`, csrf: csrfTokenFor(token) };
    };
    const page = `/inspections/${inspection.id}/reviews`;
    let viewer = await session('viewer');
    const before = (await t.http.get(page).set('Cookie', viewer.cookie).expect(200)).text;
    expect(before).toContain('No snapshot of this plan has been taken yet.');
    expect(before).not.toContain('Record a snapshot now');

    t.clock.set('2024-09-02T12:05:00Z');
    const deputy = await session('deputy_director');
    expect((await t.http.get(page).set('Cookie', deputy.cookie).expect(200)).text).toContain('Record a snapshot now');
    const taken = await t.http
      .post(`/inspections/${inspection.id}/snapshots`)
      .set('Cookie', deputy.cookie)
      .type('form')
      .send({ _csrf: deputy.csrf })
      .expect(303);
    const [snapshot] = await snapshots(inspection.id);
    expect(taken.headers.location).toBe(`${page}?done=${snapshot.id}#snapshots`);
    const after = (await t.http.get(taken.headers.location).set('Cookie', deputy.cookie).expect(200)).text;
    expect(after).toContain('govuk-notification-banner--success');
    expect(after).toContain('Snapshot recorded: the plan as it stood on 2 September 2024 at 1:05pm.');
    expect(after).toContain('Taken on demand');
    expect(after).toContain(`href="/snapshots/${snapshot.id}/paper.html"`);
    expect(after).toContain(`href="/snapshots/${snapshot.id}/paper.docx"`);

    // The papers open in the browser, the same as the API's (a session of today's: the clock has moved on since the first).
    viewer = await session('viewer');
    const html = await t.http.get(`/snapshots/${snapshot.id}/paper.html`).set('Cookie', viewer.cookie).expect(200);
    expect(html.text).toBe((await get(`/api/inspections/${inspection.id}/snapshots/${snapshot.id}/paper.html`)).text);
    const docx = await t.http
      .get(`/snapshots/${snapshot.id}/paper.docx`)
      .set('Cookie', viewer.cookie)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(sha256(docx.body as Buffer)).toBe(sha256(await file(`/api/inspections/${inspection.id}/snapshots/${snapshot.id}/paper.docx`)));

    // The review, recorded days after its meeting, lists the last paper taken before the meeting apart from its own snapshot.
    t.clock.set('2024-09-12T16:00:00Z');
    await recordReview(inspection.id, '2024-09-10', [{ areaId: pre.id, outcome: 'further_assurance', comment: 'Show the audits.' }]);
    const recordedSnapshot = (await snapshots(inspection.id)).find((listed: { reason: string }) => listed.reason === 'review');
    viewer = await session('viewer');
    const held = words((await t.http.get(page).set('Cookie', viewer.cookie).expect(200)).text);
    expect(held).toContain('The last paper before the meeting, taken 2 September 2024 at 1:05pm (taken on demand):');
    expect(held).toContain('The plan as the review was recorded, with what the committee decided: web page');
    const links = (await t.http.get(page).set('Cookie', viewer.cookie).expect(200)).text;
    expect(links.indexOf(`/snapshots/${snapshot.id}/paper.html`)).toBeLessThan(links.indexOf('id="snapshots"'));
    expect(links.indexOf(`/snapshots/${recordedSnapshot.id}/paper.html`)).toBeLessThan(links.indexOf('id="snapshots"'));

    // The next review's paper is never an earlier review's, nor one from before that review: with none taken since, none is listed.
    t.clock.set('2025-03-12T16:00:00Z');
    await recordReview(inspection.id, '2025-03-10', [{ areaId: pre.id, outcome: 'further_assurance', comment: 'The audits again.' }]);
    viewer = await session('viewer');
    const twoHeld = words((await t.http.get(page).set('Cookie', viewer.cookie).expect(200)).text);
    expect(twoHeld.match(/The last paper before the meeting/g)).toHaveLength(1);
    expect(twoHeld.match(/The plan as the review was recorded/g)).toHaveLength(2);
  });
});
