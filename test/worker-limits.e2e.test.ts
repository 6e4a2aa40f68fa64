import { drivers } from './support/databases.js';
import { largePlan } from './support/large-plan.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { LONG_TASK_LIMIT_MS } from './support/test-clock.js';

/**
 * The worker pool with its real limits, on the largest plan it is sized for: the limits stop work
 * that has gone wrong, never a real plan's documents.
 */
describe.each(drivers)('the worker limits on %s', (driver) => {
  let t: TestApp;
  let planId: string;

  beforeAll(async () => {
    t = await createTestApp(driver);
    planId = await largePlan(t);
  }, LONG_TASK_LIMIT_MS);
  afterAll(() => t.close());

  it(
    'build the committee paper and the spreadsheet of a plan of 20 areas × 100 actions',
    async () => {
      const docx = await t.http.get(`/api/inspections/${planId}/reports/scrutiny.docx`).set(t.as('viewer'));
      expect(docx.status).toBe(200);
      expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');

      const html = await t.http.get(`/api/inspections/${planId}/reports/scrutiny.html`).set(t.as('viewer'));
      expect(html.status).toBe(200);
      expect(html.text).toContain('Action 100');

      const xlsx = await t.http.get(`/api/inspections/${planId}/plan.xlsx`).set(t.as('viewer'));
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    },
    LONG_TASK_LIMIT_MS,
  );
});
