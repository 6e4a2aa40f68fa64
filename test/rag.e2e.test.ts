import { drivers } from './support/databases.js';
import { scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe.each(drivers)('RAG ratings in the action and area views on %s', (driver) => {
  let t: TestApp;
  let s: ReturnType<typeof scenario>;

  beforeAll(async () => {
    t = await createTestApp(driver, { now: '2024-10-01T09:00:00Z' });
    s = scenario(t);
  });
  afterAll(() => t.close());

  it('rates each action by the council’s rules, says which rule, and rates the area by its worst', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    const onTrack = await s.action(area.id, { title: 'On track', dueOn: '2025-03-31' });
    const moved = await s.action(area.id, { title: 'Moved', dueOn: '2025-01-31' });
    const signOff = await s.action(area.id, { title: 'Done, awaiting sign-off', dueOn: '2024-10-03' });
    const late = await s.action(area.id, { title: 'Late', dueOn: '2024-09-30' });

    await t.http.patch(`/api/actions/${moved.id}`).set(t.as('deputy_director')).send({ version: 1, dueOn: '2025-02-28' }).expect(200);
    await s.post(`/api/actions/${signOff.id}/updates`, { text: 'All audits done.', percentComplete: 100 });
    await s.post(`/api/actions/${onTrack.id}/updates`, { text: 'Going well.', percentComplete: 30, rag: 'green' });

    const view = (await t.http.get(`/api/areas/${area.id}`).set(t.as('deputy_director')).expect(200)).body;
    expect(
      view.actions.map(
        (a: { reference: string; rating: { colour: string; rule: string } }) => `${a.reference} ${a.rating.colour} ${a.rating.rule}`,
      ),
    ).toEqual(['1.1 green on_schedule', '1.2 amber date_moved', '1.3 purple reported_done', '1.4 red past_due']);
    expect(view.rating).toMatchObject({
      colour: 'red',
      label: 'Overdue',
      rule: 'worst_action',
      reason: "1 of 4 actions overdue (1.4); an area takes its worst action's rating.",
    });
    const single = (await t.http.get(`/api/actions/${late.id}`).set(t.as('deputy_director')).expect(200)).body;
    expect(single.rating).toEqual({
      status: 'overdue',
      colour: 'red',
      label: 'Overdue',
      rule: 'past_due',
      reason: 'Due 30 September 2024: 1 working day overdue, 0% done.',
    });
    // An owner's revised date is said with it wherever the rating is read: the pages, the emails, the paper.
    await s.post(`/api/actions/${late.id}/updates`, {
      text: 'Two audits left.',
      percentComplete: 60,
      mitigation: 'A second auditor from November.',
      revisedDueOn: '2024-11-29',
    });
    expect((await t.http.get(`/api/actions/${late.id}`).set(t.as('deputy_director')).expect(200)).body.rating.reason).toBe(
      'Due 30 September 2024: 1 working day overdue, 60% done; its owner expects it by 29 November 2024.',
    );
    // The owner's own rating is kept as they gave it, beside the computed one.
    const owned = (await t.http.get(`/api/actions/${onTrack.id}`).set(t.as('deputy_director')).expect(200)).body;
    expect(owned).toMatchObject({ rag: 'green', ragReason: 'Going well.', rating: { colour: 'green', rule: 'on_schedule' } });
  });
  it('counts every move of a due date once set, by whoever writes it, and no first date', async () => {
    const area = await s.area((await s.inspection()).id);
    const undated = await s.action(area.id, { title: 'Undated', dueOn: undefined });
    const first = (
      await t.http.patch(`/api/actions/${undated.id}`).set(t.as('deputy_director')).send({ version: 1, dueOn: '2025-01-31' }).expect(200)
    ).body;
    expect(first.rating.rule).toBe('on_schedule');
    const moved = (
      await t.http
        .patch(`/api/actions/${undated.id}`)
        .set(t.as('deputy_director'))
        .send({ version: first.version, dueOn: '2025-02-28' })
        .expect(200)
    ).body;
    expect(moved.rating).toMatchObject({ rule: 'date_moved', reason: 'Its due date has moved once; now due 28 February 2025.' });
    // A fix made by hand in SQL, or an instance on the previous release during a deploy, counts too.
    await t.dataSource.query(`UPDATE actions SET "dueOn" = '2025-03-31' WHERE id = '${undated.id}'`);
    await t.dataSource.query(`UPDATE actions SET title = 'Dated' WHERE id = '${undated.id}'`);
    const read = (await t.http.get(`/api/actions/${undated.id}`).set(t.as('deputy_director')).expect(200)).body;
    expect(read.rating.reason).toBe('Its due date has moved 2 times; now due 31 March 2025.');
  });
});
