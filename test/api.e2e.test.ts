import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { ImprovementArea } from '../src/improvement-areas/improvement-area.entity.js';
import { GOES_WITH_PLAN } from '../workflows/improvement-area.machine.js';
import { drivers } from './support/databases.js';
import { owner, scenario } from './support/scenario.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

describe.each(drivers)('the action plan API on %s', (driver) => {
  let t: TestApp;
  let s: ReturnType<typeof scenario>;
  // Only a director approves, submits and closes the plan.
  let director: ReturnType<typeof scenario>;
  const deputy = () => t.as('deputy_director');

  beforeAll(async () => {
    t = await createTestApp(driver);
    s = scenario(t);
    director = scenario(t, 'director');
  });
  afterAll(() => t.close());

  it('answers health checks while the database does', async () => {
    await t.http.get('/health').expect(200, { status: 'ok' });
  });

  it('records an inspection and computes its statutory deadline in working days', async () => {
    const inspection = await s.inspection({
      judgements: [
        { area: 'The impact of leaders on social work practice with children and families', grade: 'good' },
        { area: 'The experiences and progress of children in care', grade: 'requires_improvement' },
      ],
      overallEffectiveness: 'good',
    });
    expect(inspection).toMatchObject({
      authority: 'Oxfordshire County Council',
      framework: 'ILACS',
      receivedOn: '2024-04-09',
      actionPlanDueOn: '2024-07-18',
      draftPlanDueOn: null,
      // The test clock says 15 April 2024: from then to 18 July, less the May bank holidays.
      workingDaysLeft: 66,
      overallEffectiveness: { grade: 'good', label: 'Good' },
      judgements: [
        { area: 'The impact of leaders on social work practice with children and families', grade: 'good', label: 'Good' },
        {
          area: 'The experiences and progress of children in care',
          grade: 'requires_improvement',
          label: 'Requires improvement to be good',
        },
      ],
      plan: { state: 'draft', acceptedEvents: ['APPROVE', 'SEND_DRAFT'] },
      version: 1,
    });
    const fetched = await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('viewer')).expect(200);
    expect(fetched.body).toEqual(inspection);
    const list = await t.http.get('/api/inspections').set(t.as('viewer')).expect(200);
    expect(list.body).toContainEqual(expect.objectContaining({ id: inspection.id, actionPlanDueOn: '2024-07-18' }));
  });

  it('recomputes the deadline when the date of receipt is corrected, and audits the change', async () => {
    const inspection = await s.inspection();
    const corrected = await t.http
      .patch(`/api/inspections/${inspection.id}`)
      .set(deputy())
      .send({ version: 1, receivedOn: '2024-04-08' })
      .expect(200);
    expect(corrected.body).toMatchObject({ receivedOn: '2024-04-08', actionPlanDueOn: '2024-07-17', version: 2 });
    const audit = await t.dataSource.getRepository(AuditEvent).findBy({ entityId: inspection.id, event: 'UPDATED' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorEmail: PEOPLE.deputy_director.email,
      details: { receivedOn: { from: '2024-04-09', to: '2024-04-08' }, actionPlanDueOn: { from: '2024-07-18', to: '2024-07-17' } },
    });
  });

  it('gives a focused visit with priority action a draft plan date and a final one', async () => {
    const visit = await s.inspection({ framework: 'FOCUSED_VISIT', priorityAction: true, judgements: [] });
    expect(visit).toMatchObject({ draftPlanDueOn: '2024-05-08', actionPlanDueOn: '2024-07-18' });
    const quiet = await s.inspection({ framework: 'FOCUSED_VISIT' });
    expect(quiet).toMatchObject({ draftPlanDueOn: null, actionPlanDueOn: null, workingDaysLeft: null });
  });

  it('carries a plan from draft to submitted, with every step in the audit trail', async () => {
    const inspection = await s.inspection();
    const supervision = await s.area(inspection.id, 'The quality of supervision');
    const sufficiency = await s.area(inspection.id, 'Sufficiency of placements');
    expect([supervision.reference, sufficiency.reference]).toEqual(['1', '2']);

    // Not ready: neither area has an action with an owner and a due date.
    const refused = await t.http
      .post(`/api/inspections/${inspection.id}/events`)
      .set(t.as('director'))
      .send({ type: 'APPROVE', version: 1 })
      .expect(409);
    expect(refused.body.reasons).toEqual([
      'Each area needs at least one action with an owner and a due date. Not ready: 1 The quality of supervision; 2 Sufficiency of placements.',
    ]);

    const audit = await s.action(supervision.id);
    expect(audit).toMatchObject({ reference: '1.1', owner, assignedBy: { email: PEOPLE.deputy_director.email }, state: 'not_started' });
    await s.action(sufficiency.id, { title: 'Open two new children’s homes', dueOn: '2025-03-31' });

    await director.event('inspections', inspection.id, 'APPROVE', 1, 'Approved by cabinet on 16 July 2024.');
    t.clock.set('2024-07-18T15:00:00Z');
    const submitted = await director.event('inspections', inspection.id, 'SUBMIT', 2);
    expect(submitted.plan).toMatchObject({ state: 'submitted', submittedOn: '2024-07-18', submittedLate: false, approvedOn: '2024-04-15' });
    expect(submitted.areas.map((area: { state: string }) => area.state)).toEqual(['submitted', 'submitted']);
    expect(submitted.workingDaysLeft).toBeNull();

    const history = await t.http.get(`/api/areas/${supervision.id}/history`).set(t.as('viewer')).expect(200);
    expect(history.body.map((e: AuditEvent) => [e.entityType, e.event, e.fromState, e.toState])).toEqual([
      ['improvement_area', 'CREATED', null, 'draft'],
      ['action', 'CREATED', null, 'not_started'],
      ['improvement_area', 'SUBMIT', 'draft', 'submitted'],
    ]);
    // The director who submitted the plan, signed in, is who the area's history names.
    expect(history.body[2]).toMatchObject({
      actorName: PEOPLE.director.name,
      actorEmail: PEOPLE.director.email,
      comment: 'Submitted to Ofsted with the action plan.',
      details: { submittedOn: '2024-07-18' },
    });
  });

  it('submits a plan after its deadline but records it as late', async () => {
    t.clock.set('2024-04-15T09:00:00Z');
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    await s.action(area.id);
    await director.event('inspections', inspection.id, 'APPROVE', 1);
    t.clock.set('2024-07-19T08:00:00Z');
    const submitted = await director.event('inspections', inspection.id, 'SUBMIT', 2);
    expect(submitted.plan).toMatchObject({ submittedOn: '2024-07-19', submittedLate: true });
    const areaNow = await t.http.get(`/api/areas/${area.id}`).set(t.as('viewer')).expect(200);
    expect(areaNow.body).toMatchObject({ state: 'submitted', submittedLate: true });
  });

  it('sends a draft plan’s areas only with the plan, and takes the own submission of an area added after the plan was sent', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    await s.action(area.id);
    const alone = await t.http.post(`/api/areas/${area.id}/events`).set(deputy()).send({ type: 'SUBMIT', version: 1 }).expect(409);
    expect(alone.body).toMatchObject({ acceptedEvents: ['SUBMIT'], reasons: [GOES_WITH_PLAN] });
    expect((await t.http.get(`/api/areas/${area.id}`).set(deputy()).expect(200)).body).toMatchObject({ state: 'draft', version: 1 });

    await director.event('inspections', inspection.id, 'APPROVE', 1);
    await director.event('inspections', inspection.id, 'SUBMIT', 2);
    const later = await s.area(inspection.id, 'Raised at the first monitoring visit');
    await s.action(later.id);
    expect(await s.event('areas', later.id, 'SUBMIT', 1)).toMatchObject({ state: 'submitted' });
  });

  it('submits every area or none: a failure part-way leaves the plan as it was', async () => {
    const inspection = await s.inspection();
    const first = await s.area(inspection.id, 'First');
    const second = await s.area(inspection.id, 'Second');
    await s.action(first.id);
    await s.action(second.id);
    await director.event('inspections', inspection.id, 'APPROVE', 1);
    // A snapshot from a workflow version this server cannot read makes the second area fail mid-submission.
    await t.dataSource.getRepository(ImprovementArea).update({ id: second.id }, { workflowVersion: 99 });
    const before = await t.dataSource.getRepository(AuditEvent).countBy({ inspectionId: inspection.id });

    const failed = await t.http
      .post(`/api/inspections/${inspection.id}/events`)
      .set(t.as('director'))
      .send({ type: 'SUBMIT', version: 2 })
      .expect(500);
    expect(failed.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: expect.any(String),
      errorId: expect.any(String),
    });

    const after = await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('viewer')).expect(200);
    expect(after.body.plan.state).toBe('approved');
    expect(after.body.areas.map((area: { state: string }) => area.state)).toEqual(['draft', 'draft']);
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ inspectionId: inspection.id })).toBe(before);
  });

  it('starts an action when progress is first reported on it, in the history as the reporter, and not for nothing done', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    const action = await s.action(area.id);
    const nothingYet = await s.post(`/api/actions/${action.id}/updates`, {
      text: 'Audit tool chosen; nothing audited yet.',
      percentComplete: 0,
    });
    expect(nothingYet).toMatchObject({ state: 'not_started', version: 1 });
    const begun = await s.post(`/api/actions/${action.id}/updates`, {
      text: 'Two of five localities audited.',
      percentComplete: 30,
      rag: 'green',
      reportedOn: '2024-04-12',
    });
    expect(begun).toMatchObject({ state: 'in_progress', acceptedEvents: ['BLOCK', 'CANCEL', 'COMPLETE'], rag: 'green', version: 3 });
    const history = (await t.http.get(`/api/areas/${area.id}/history`).set(t.as('viewer')).expect(200)).body.filter(
      (event: AuditEvent) => event.entityId === action.id,
    );
    expect(history.map((event: AuditEvent) => [event.event, event.toState, event.actorEmail, event.comment])).toEqual([
      ['CREATED', 'not_started', PEOPLE.deputy_director.email, null],
      ['PROGRESS_UPDATED', null, PEOPLE.deputy_director.email, 'Audit tool chosen; nothing audited yet.'],
      ['START', 'in_progress', PEOPLE.deputy_director.email, '30% done, as reported on 12 April 2024.'],
      ['PROGRESS_UPDATED', null, PEOPLE.deputy_director.email, 'Two of five localities audited.'],
    ]);
  });

  it('moves an action through its life, and keeps progress with a RAG rating and its reason', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    const action = await s.action(area.id);
    const started = await s.event('actions', action.id, 'START', 1);
    expect(started).toMatchObject({ state: 'in_progress', acceptedEvents: ['BLOCK', 'CANCEL', 'COMPLETE'], version: 2 });

    const update = await s.post(`/api/actions/${action.id}/updates`, {
      text: 'Two of five localities audited; recruitment delays.',
      percentComplete: 40,
      rag: 'amber',
    });
    expect(update).toMatchObject({ rag: 'amber', ragReason: 'Two of five localities audited; recruitment delays.', version: 3 });
    expect(update.progressUpdates).toEqual([
      expect.objectContaining({
        percentComplete: 40,
        rag: 'amber',
        reportedOn: t.clock.today(),
        author: { name: 'Dana Deputy', email: PEOPLE.deputy_director.email },
      }),
    ]);

    const refused = await t.http.post(`/api/actions/${action.id}/events`).set(deputy()).send({ type: 'BLOCK', version: 3 }).expect(409);
    expect(refused.body).toMatchObject({ reasons: ['Give a reason to block an action.'], state: 'in_progress' });
    const blocked = await s.event('actions', action.id, 'BLOCK', 3, 'Waiting for the new case management system');
    // Its rating gives the reason, in the answer to the block, on reading it again, and in the committee paper, which has no history to point to.
    const reason = 'Blocked: Waiting for the new case management system.';
    expect(blocked.rating).toMatchObject({ status: 'at_risk', reason });
    expect((await t.http.get(`/api/actions/${action.id}`).set(deputy()).expect(200)).body.rating.reason).toBe(reason);
    const paper = await t.http.get(`/api/inspections/${inspection.id}/reports/scrutiny.html`).set(deputy()).expect(200);
    expect(paper.text).toContain(reason);
    const completed = await t.http
      .post(`/api/actions/${action.id}/events`)
      .set(deputy())
      .send({ type: 'COMPLETE', version: 4 })
      .expect(409);
    expect(completed.body).toMatchObject({
      message: 'An action that is blocked does not accept COMPLETE. It accepts: CANCEL, UNBLOCK.',
      acceptedEvents: ['CANCEL', 'UNBLOCK'],
      reasons: [],
    });
  });

  it('reassigns an action, naming both owners in the history', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    const action = await s.action(area.id);
    const newOwner = { name: 'Nia New', email: 'nia.new@oxfordshire.gov.uk' };
    const reassigned = await t.http
      .patch(`/api/actions/${action.id}`)
      .set(t.as('director'))
      .send({ version: 1, owner: newOwner, dueOn: '2024-12-20' })
      .expect(200);
    expect(reassigned.body).toMatchObject({ owner: newOwner, assignedBy: PEOPLE.director, dueOn: '2024-12-20', version: 2 });
    const history = await t.http.get(`/api/areas/${area.id}/history`).set(t.as('viewer')).expect(200);
    expect(history.body.at(-1)).toMatchObject({
      event: 'REASSIGNED',
      actorEmail: PEOPLE.director.email,
      details: { ownerId: { from: owner.email, to: newOwner.email }, dueOn: { from: '2024-10-31', to: '2024-12-20' } },
    });
  });

  it('takes an area through delivery and scrutiny to closure only once its actions are finished', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    const action = await s.action(area.id);
    await director.event('inspections', inspection.id, 'APPROVE', 1);
    await director.event('inspections', inspection.id, 'SUBMIT', 2);
    await s.event('areas', area.id, 'START_DELIVERY', 2);
    await s.event('areas', area.id, 'SEND_TO_SCRUTINY', 3);
    const early = await t.http.post(`/api/areas/${area.id}/events`).set(deputy()).send({ type: 'CLOSE', version: 4 }).expect(409);
    expect(early.body.reasons).toEqual([
      'The area still has 1 open action, so it cannot close yet: record “Assured on progress” or “Further assurance requested” instead, or ask its lead officer to complete or cancel it first.',
    ]);
    await s.event('actions', action.id, 'COMPLETE', 1);
    const closed = await s.event('areas', area.id, 'CLOSE', 4, 'The committee is assured.');
    expect(closed).toMatchObject({ state: 'closed', acceptedEvents: [], reviewsHeld: 1 });
    const plan = await director.event('inspections', inspection.id, 'CLOSE', 3);
    expect(plan.plan.state).toBe('closed');
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    await t.http.patch(`/api/areas/${area.id}`).set(deputy()).send({ version: 1, timeframe: 'Within three months' }).expect(200);
    const stale = await t.http.patch(`/api/areas/${area.id}`).set(deputy()).send({ version: 1, title: 'Overwritten' }).expect(409);
    expect(stale.body.message).toMatch(/changed by someone else .*version 1.*version 2/);
    const now = await t.http.get(`/api/areas/${area.id}`).set(t.as('viewer')).expect(200);
    expect(now.body).toMatchObject({ title: 'The quality of supervision', timeframe: 'Within three months', version: 2 });
  });

  it('explains bad input field by field, and writes nothing', async () => {
    const count = await t.dataSource.getRepository(AuditEvent).count();
    const bad = await t.http
      .post('/api/inspections')
      .set(deputy())
      .send({ framework: 'ILACS', publishedOn: '2024-02-30', judgements: [{ area: 'Leaders', grade: 'adequate' }], colour: 'blue' })
      .expect(400);
    expect(bad.body.fields).toEqual({
      authority: ['Enter the council’s name'],
      publishedOn: ['The date the report was published must be a real date, like 2024-04-09'],
      colour: ['Colour is not something this takes'],
    });
    const grades = await t.http
      .post('/api/inspections')
      .set(deputy())
      .send({
        authority: 'Oxfordshire',
        framework: 'ILACS',
        publishedOn: '2024-04-09',
        judgements: [{ area: 'Leaders', grade: 'adequate' }],
      })
      .expect(400);
    expect(grades.body.fields).toEqual({
      'judgements.0.grade': ['Select a grade on the ILACS scale'],
    });
    const framework = await t.http
      .post('/api/inspections')
      .set(deputy())
      .send({ authority: 'Oxfordshire', framework: 'OFSTED', publishedOn: '2024-04-09' })
      .expect(400);
    expect(framework.body.fields.framework).toEqual([
      'Select the inspection framework: ILACS, SIF or a 2011 inspection, as this service knows them',
    ]);
    // A thirteenth month is no date: refused like any other, not a failure of the service.
    const month = await t.http
      .post('/api/inspections')
      .set(deputy())
      .send({ authority: 'Oxfordshire', framework: 'ILACS', publishedOn: '2024-13-09' })
      .expect(400);
    expect(month.body.fields).toEqual({ publishedOn: ['The date the report was published must be a real date, like 2024-04-09'] });
    const nested = await t.http
      .post(`/api/inspections/${(await s.inspection()).id}/areas`)
      .set(deputy())
      .send({ title: 'x', leadOfficer: { name: 'Lee', email: 'not-an-email' } })
      .expect(400);
    expect(nested.body.fields).toEqual({
      'leadOfficer.email': ['Enter the lead officer’s email address in the correct format, like name@example.com'],
    });
    // Naming yourself in the old header is no longer a way in.
    await t.http
      .post('/api/inspections')
      .set('X-Actor-Email', PEOPLE.director.email)
      .send({ authority: 'Oxfordshire', framework: 'ILACS', publishedOn: '2024-04-09' })
      .expect(401);
    expect(await t.dataSource.getRepository(AuditEvent).count()).toBe(count + 1);
  });

  it('answers 404 for ids it does not know, 415 for bodies that are not JSON, 400 for broken JSON', async () => {
    await t.http.get('/api/areas/4b7c7a3e-9f51-4a36-9d55-9b1d5b0f3f0e').set(t.as('viewer')).expect(404, {
      statusCode: 404,
      error: 'Not Found',
      message: 'No improvement area with id 4b7c7a3e-9f51-4a36-9d55-9b1d5b0f3f0e.',
    });
    await t.http.get('/api/actions/not-an-id').set(t.as('viewer')).expect(404);
    await t.http.post('/api/inspections/4b7c7a3e-9f51-4a36-9d55-9b1d5b0f3f0e/areas').set(deputy()).send({ title: 'x' }).expect(404);
    const wrongType = await t.http
      .post('/api/inspections')
      .set(deputy())
      .set('Content-Type', 'text/plain')
      .send('authority=Oxfordshire')
      .expect(415);
    expect(wrongType.body.message).toMatch(/Content-Type: application\/json/);
    const broken = await t.http
      .post('/api/inspections')
      .set(deputy())
      .set('Content-Type', 'application/json')
      .send('{"authority":')
      .expect(400);
    expect(broken.body.statusCode).toBe(400);
  });

  it('describes its workflows for diagrams and clients', async () => {
    const workflows = await t.http.get('/api/workflows').set(t.as('viewer')).expect(200);
    const area = workflows.body.find((w: { name: string }) => w.name === 'improvementArea');
    expect(area).toMatchObject({ version: 1, initial: 'draft' });
    expect(area.states.find((state: { name: string }) => state.name === 'draft')).toEqual({
      name: 'draft',
      description: expect.stringMatching(/Being written/),
      final: false,
      transitions: [{ event: 'SUBMIT', to: 'submitted', condition: 'readyToSubmit' }],
    });
  });

  it('serves the working-day calculator and the OpenAPI description', async () => {
    for (const path of ['/api/working-days', '/api/calendar/working-days']) {
      await t.http.get(path).set(t.as('viewer')).query({ from: '2024-04-09', add: 70 }).expect(200, { date: '2024-07-18' });
    }
    const docs = await t.http.get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/inspections', '/api/areas/{id}/events', '/api/working-days']),
    );
  });

  it('answers 503 from health once the database is gone', async () => {
    await t.dataSource.destroy();
    await t.http.get('/health').expect(503);
  });
});
