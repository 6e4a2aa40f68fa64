import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { drivers } from './support/databases.js';
import { scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe.each(drivers)('concurrent writers on %s', (driver) => {
  let t: TestApp;
  let s: ReturnType<typeof scenario>;

  beforeAll(async () => {
    t = await createTestApp(driver);
    s = scenario(t);
  });
  afterAll(() => t.close());

  const submitArea = (areaId: string, version: number) =>
    t.http.post(`/api/areas/${areaId}/events`).set(t.as('deputy_director')).send({ type: 'SUBMIT', version });
  const readyArea = async (inspectionId: string, title: string) => {
    const area = await s.area(inspectionId, title);
    await s.action(area.id);
    return area;
  };
  // An area is submitted on its own only once its plan has gone to Ofsted: one added after, from a monitoring visit.
  const sentPlan = async () => {
    const inspection = await s.inspection();
    await readyArea(inspection.id, 'Sent with the plan');
    const director = scenario(t, 'director');
    await director.event('inspections', inspection.id, 'APPROVE', 1);
    await director.event('inspections', inspection.id, 'SUBMIT', 2);
    return inspection;
  };

  it('two writers on one area at once: one wins, the other gets 409, and the audit trail has one entry', async () => {
    const inspection = await sentPlan();
    const area = await readyArea(inspection.id, 'Contested');
    const responses = await Promise.all([submitArea(area.id, 1), submitArea(area.id, 1)]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    expect(responses.find((response) => response.status === 409)!.body.message).toMatch(/changed by someone else|does not accept SUBMIT/);
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ entityId: area.id, event: 'SUBMIT' })).toBe(1);
    const now = await t.http.get(`/api/areas/${area.id}`).set(t.as('viewer')).expect(200);
    expect(now.body).toMatchObject({ state: 'submitted', version: 2 });
  });

  it('50 transitions on 50 different areas at once all succeed, with 50 audit entries', async () => {
    const inspection = await sentPlan();
    const areas = [];
    for (let i = 1; i <= 50; i += 1) areas.push(await readyArea(inspection.id, `Area ${i}`));
    const responses = await Promise.all(areas.map((area) => submitArea(area.id, 1)));
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    const audited = await t.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('event')
      .where('event.inspectionId = :id AND event.event = :event AND event.entityType = :type', {
        id: inspection.id,
        event: 'SUBMIT',
        type: 'improvement_area',
      })
      .getCount();
    // And the area sent with the plan.
    expect(audited).toBe(51);
  });
});

describe.each(drivers)('many people adding to one plan at once on %s', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  it('gives twenty actions added to one area at once twenty different references', async () => {
    const s = scenario(t);
    const area = await s.area((await s.inspection()).id);
    const added = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.http
          .post(`/api/areas/${area.id}/actions`)
          .set(t.as('deputy_director'))
          .send({ title: `Action ${i + 1}` }),
      ),
    );
    expect(added.map((response) => response.status)).toEqual(Array(20).fill(201));
    expect(new Set(added.map((response) => response.body.reference))).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `1.${i + 1}`)));
  });
});
