import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { Reminder } from '../src/reminders/reminder.entity.js';
import { drivers } from './support/databases.js';
import { scenario } from './support/scenario.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

describe.each(drivers)('correcting a plan through the API on %s', (driver) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(async () => {
    await t?.close();
  });

  const history = async (areaId: string) => (await t.http.get(`/api/areas/${areaId}/history`).set(t.as('viewer')).expect(200)).body;
  const pendingReminders = (subjectId: string) => t.dataSource.getRepository(Reminder).countBy({ subjectId, status: 'pending' });

  it('moves a due date on a plan sent to Ofsted only with the reason, kept in the history', async () => {
    t.clock.set('2024-05-08T10:00:00Z');
    const s = scenario(t);
    const inspection = await s.inspection({ authority: 'Movingshire County Council' });
    const area = await s.area(inspection.id);
    const action = await s.action(area.id, { dueOn: '2024-10-31' });
    // In draft, the plan is still being written: a date moves freely.
    const drafted = await t.http.patch(`/api/actions/${action.id}`).set(t.as('deputy_director')).send({ version: 1, dueOn: '2024-11-29' });
    expect(drafted.status).toBe(200);
    const director = scenario(t, 'director');
    await director.event('inspections', inspection.id, 'APPROVE', 1);
    await director.event('inspections', inspection.id, 'SUBMIT', 2);

    const move = (body: object) =>
      t.http
        .patch(`/api/actions/${action.id}`)
        .set(t.as('deputy_director'))
        .send({ version: 2, ...body });
    const refused = await move({ dueOn: '2024-05-01' }).expect(400);
    // Both problems at once: the date has passed, and no reason was given.
    expect(refused.body.fields).toEqual({
      reason: ['Enter why the due date is moving: the plan has been sent to Ofsted, and the committee sees why each due date moved'],
      confirmPastDueOn: ['The due date, 1 May 2024, has already passed: check it, or confirm that it is right'],
    });
    expect((await move({ dueOn: '2025-01-31', reason: '   ' }).expect(400)).body.fields).toHaveProperty('reason');
    // A change that does not move the date needs no reason.
    await move({ successMeasure: 'Every locality audited monthly.' }).expect(200);
    expect((await t.http.get(`/api/actions/${action.id}`).set(t.as('viewer'))).body).toMatchObject({ dueOn: '2024-11-29', version: 3 });

    await t.http
      .patch(`/api/actions/${action.id}`)
      .set(t.as('deputy_director'))
      .send({ version: 3, dueOn: '2025-01-31', reason: 'The audit tool is replaced in December.' })
      .expect(200);
    const moved = (await history(area.id)).filter((event: AuditEvent) => event.entityId === action.id && event.event === 'UPDATED');
    expect(moved.map((event: AuditEvent) => [event.details?.dueOn, event.comment])).toEqual([
      [{ from: '2024-10-31', to: '2024-11-29' }, null],
      [undefined, null],
      [{ from: '2024-11-29', to: '2025-01-31' }, 'The audit tool is replaced in December.'],
    ]);
  });

  it('corrects the council an import got wrong, and the history names both councils', async () => {
    const inspection = await scenario(t).inspection({ authority: 'Oxfordshire Council' });
    const corrected = await t.http
      .patch(`/api/inspections/${inspection.id}`)
      .set(t.as('deputy_director'))
      .send({ authority: 'Oxfordshire County Council', planLead: PEOPLE.director, version: inspection.version })
      .expect(200);
    expect(corrected.body).toMatchObject({ authority: 'Oxfordshire County Council', planLead: PEOPLE.director });

    const entry = await t.dataSource.getRepository(AuditEvent).findOneByOrFail({ entityId: inspection.id, event: 'UPDATED' });
    const details = entry.details!;
    expect(details.authorityId).toEqual({ from: 'Oxfordshire Council', to: 'Oxfordshire County Council' });
    expect(details.planLeadId).toEqual({ from: null, to: PEOPLE.director.email });

    // The version read before the correction is now stale: nothing is written.
    await t.http
      .patch(`/api/inspections/${inspection.id}`)
      .set(t.as('deputy_director'))
      .send({ authority: 'Somewhere Else', version: inspection.version })
      .expect(409);
    expect((await t.http.get(`/api/inspections/${inspection.id}`).set(t.as('viewer'))).body.authority).toBe('Oxfordshire County Council');
  });

  it('removes a mistaken action from a draft plan: renumbered, its reminders cancelled, and recorded on the area', async () => {
    const plan = scenario(t);
    const inspection = await plan.inspection();
    const area = await plan.area(inspection.id);
    const first = await plan.action(area.id, { title: 'Audit supervision monthly' });
    const mistaken = await plan.action(area.id, { title: 'Audit supervision monthly (typed twice)' });
    const third = await plan.action(area.id, { title: 'Train every team manager' });
    expect(await pendingReminders(mistaken.id)).toBeGreaterThan(0);

    // Only those who edit actions may remove one, and only as they last read it.
    await t.http.post(`/api/actions/${mistaken.id}/remove`).set(t.as('action_owner')).send({ version: mistaken.version }).expect(403);
    const corrected = await t.http
      .patch(`/api/actions/${mistaken.id}`)
      .set(t.as('director'))
      .send({ successMeasure: 'Every record audited', version: mistaken.version })
      .expect(200);
    await t.http.post(`/api/actions/${mistaken.id}/remove`).set(t.as('deputy_director')).send({ version: mistaken.version }).expect(409);
    const removed = await t.http
      .post(`/api/actions/${mistaken.id}/remove`)
      .set(t.as('deputy_director'))
      .send({ version: corrected.body.version })
      .expect(200);
    expect(removed.body).toMatchObject({ reference: '1.2', title: 'Audit supervision monthly (typed twice)' });

    await t.http.get(`/api/actions/${mistaken.id}`).set(t.as('viewer')).expect(404);
    const remaining = (await t.http.get(`/api/areas/${area.id}`).set(t.as('viewer')).expect(200)).body.actions;
    expect(remaining.map((action: { id: string; reference: string }) => [action.id, action.reference])).toEqual([
      [first.id, '1.1'],
      [third.id, '1.2'],
    ]);
    expect(await pendingReminders(mistaken.id)).toBe(0);
    expect(await pendingReminders(third.id)).toBeGreaterThan(0);
    const entry = (await history(area.id)).find((event: { event: string }) => event.event === 'ACTION_REMOVED');
    expect(entry).toMatchObject({
      actorName: PEOPLE.deputy_director.name,
      details: {
        reference: '1.2',
        title: 'Audit supervision monthly (typed twice)',
        owner: PEOPLE.action_owner.email,
        renumbered: '1.3 became 1.2',
      },
    });

    // The renumbered action has a new version: a form read before the removal is stale.
    await t.http.patch(`/api/actions/${third.id}`).set(t.as('deputy_director')).send({ title: 'x', version: third.version }).expect(409);
  });

  it('refuses to remove an action once the plan is approved: it is cancelled instead', async () => {
    const plan = scenario(t);
    const inspection = await plan.inspection();
    const area = await plan.area(inspection.id);
    const action = await plan.action(area.id);
    await scenario(t, 'director').event('inspections', inspection.id, 'APPROVE', inspection.version);

    const refused = await t.http
      .post(`/api/actions/${action.id}/remove`)
      .set(t.as('deputy_director'))
      .send({ version: action.version })
      .expect(409);
    expect(refused.body.message).toContain('only a draft plan’s actions can be');
    await t.http.get(`/api/actions/${action.id}`).set(t.as('viewer')).expect(200);
    expect((await history(area.id)).some((event: { event: string }) => event.event === 'ACTION_REMOVED')).toBe(false);
  });
});
