import { drivers } from './support/databases.js';
import { scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe.each(drivers)('the plan dashboard on %s', (driver) => {
  let t: TestApp;
  let s: ReturnType<typeof scenario>;

  beforeAll(async () => {
    t = await createTestApp(driver);
    s = scenario(t);
  });
  afterAll(() => t.close());

  it("counts each area's actions by RAG rating and by state, and only this plan's", async () => {
    const inspection = await s.inspection();
    const first = await s.area(inspection.id, 'Supervision');
    const second = await s.area(inspection.id, 'Care leavers');
    const red = await s.action(first.id);
    const green = await s.action(first.id);
    await s.action(first.id);
    await s.post(`/api/actions/${red.id}/updates`, { text: 'Behind in two localities', percentComplete: 10, rag: 'red' });
    await s.post(`/api/actions/${green.id}/updates`, { text: 'On track', percentComplete: 50, rag: 'green' });
    await s.event('actions', green.id, 'START', 2);
    const elsewhere = await s.area((await s.inspection({ authority: 'Elsewhere County Council' })).id);
    await s.action(elsewhere.id);

    const dashboard = await t.http.get(`/api/inspections/${inspection.id}/dashboard`).set(t.as('viewer')).expect(200);
    expect(dashboard.body).toMatchObject({ id: inspection.id, planState: 'draft', actionPlanDueOn: '2024-07-18' });
    expect(dashboard.body.areas).toEqual([
      {
        id: first.id,
        reference: '1',
        title: 'Supervision',
        state: 'draft',
        actions: { rag: { red: 1, amber: 0, green: 1, unrated: 1 }, states: { not_started: 2, in_progress: 1 } },
      },
      { id: second.id, reference: '2', title: 'Care leavers', state: 'draft', actions: { rag: { red: 0, amber: 0, green: 0, unrated: 0 }, states: {} } },
    ]);
  });

  it('answers 404 for an unknown plan', async () => {
    await t.http.get('/api/inspections/00000000-0000-4000-8000-000000000000/dashboard').set(t.as('viewer')).expect(404);
  });
});
