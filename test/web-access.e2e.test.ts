import { randomUUID } from 'node:crypto';
import { grantOf, ROLES, type Permission, type Role } from '../src/auth/permissions.js';
import { csrfTokenFor } from '../src/auth/page-sessions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { drivers } from './support/databases.js';
import { owner, scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Every web page, and the permission it needs: the pages' counterpart of the README's endpoint table. */
const PAGES: Array<[method: 'GET' | 'POST', path: string, permission: Permission]> = [
  ['GET', '/', 'plan:read'],
  ['GET', '/account/password', 'account:self'],
  ['POST', '/account/password', 'account:self'],
  ['GET', '/actions', 'plan:read'],
  ['GET', '/actions/:action', 'plan:read'],
  ['GET', '/actions/:action/change/:actionPart', 'action:write'],
  ['POST', '/actions/:action/change/:actionPart', 'action:write'],
  ['POST', '/actions/:action/events', 'action:update'],
  ['GET', '/actions/:action/remove', 'action:write'],
  ['POST', '/actions/:action/remove', 'action:write'],
  ['POST', '/actions/:action/updates', 'action:update'],
  ['GET', '/admin/api-tokens', 'users:manage'],
  ['POST', '/admin/api-tokens', 'users:manage'],
  ['GET', '/admin/api-tokens/:token/revoke', 'users:manage'],
  ['POST', '/admin/api-tokens/:token/revoke', 'users:manage'],
  ['GET', '/admin/sign-ins', 'users:manage'],
  ['GET', '/admin/users', 'users:manage'],
  ['POST', '/admin/users', 'users:manage'],
  ['GET', '/admin/users/:user', 'users:manage'],
  ['POST', '/admin/users/:user', 'users:manage'],
  ['POST', '/admin/users/:user/password', 'users:manage'],
  ['GET', '/admin/users/:user/remove', 'users:manage'],
  ['GET', '/areas/:area', 'plan:read'],
  ['GET', '/assigned-actions', 'plan:read'],
  ['POST', '/areas/:area/actions', 'action:write'],
  ['GET', '/areas/:area/change/:areaPart', 'area:write'],
  ['POST', '/areas/:area/change/:areaPart', 'area:write'],
  ['POST', '/areas/:area/events', 'area:move'],
  ['POST', '/areas/:area/measures', 'area:write'],
  ['GET', '/areas/:area/measures/new', 'area:write'],
  ['GET', '/areas/:area/summary', 'area:narrate'],
  ['POST', '/areas/:area/summary', 'area:narrate'],
  ['POST', '/areas/:area/measure-uploads', 'area:write'],
  ['GET', '/areas/:area/measure-uploads/new', 'area:write'],
  ['GET', '/areas/:area/measure-uploads/template.csv', 'area:write'],
  ['POST', '/imports', 'inspection:write'],
  ['GET', '/imports/new', 'inspection:write'],
  ['GET', '/imports/:import', 'inspection:write'],
  ['POST', '/imports/:import/commit', 'inspection:write'],
  ['GET', '/inspections/:inspection', 'plan:read'],
  ['POST', '/inspections/:inspection/areas', 'area:write'],
  ['GET', '/inspections/:inspection/change/:inspectionPart', 'inspection:write'],
  ['POST', '/inspections/:inspection/change/:inspectionPart', 'inspection:write'],
  ['GET', '/inspections/:inspection/check/approve', 'plan:decide'],
  ['POST', '/inspections/:inspection/check/approve', 'plan:decide'],
  ['GET', '/inspections/:inspection/check/submit', 'plan:decide'],
  ['POST', '/inspections/:inspection/check/submit', 'plan:decide'],
  ['POST', '/inspections/:inspection/events', 'plan:decide'],
  ['GET', '/inspections/:inspection/letter', 'inspection:write'],
  ['POST', '/inspections/:inspection/letter', 'inspection:write'],
  ['GET', '/inspections/:inspection/plan.csv', 'plan:read'],
  ['GET', '/inspections/:inspection/plan.xlsx', 'plan:read'],
  ['GET', '/inspections/:inspection/print', 'plan:read'],
  ['GET', '/inspections/:inspection/reports/scrutiny.docx', 'plan:read'],
  ['GET', '/inspections/:inspection/reports/scrutiny.html', 'plan:read'],
  ['GET', '/inspections/:inspection/reviews', 'plan:read'],
  ['GET', '/inspections/:inspection/progress', 'plan:read'],
  ['GET', '/inspections/:inspection/progress/:chartPart.svg', 'plan:read'],
  ['POST', '/inspections/:inspection/reviews', 'scrutiny:record'],
  ['GET', '/inspections/:inspection/reviews/:reviewId/date', 'scrutiny:record'],
  ['POST', '/inspections/:inspection/reviews/:reviewId/date', 'scrutiny:record'],
  ['GET', '/inspections/:inspection/reviews/new', 'scrutiny:record'],
  ['POST', '/inspections/:inspection/snapshots', 'snapshot:take'],
  ['POST', '/inspections/:inspection/start-delivery', 'area:move'],
  ['GET', '/measure-uploads/:measureUpload', 'area:write'],
  ['POST', '/measure-uploads/:measureUpload/commit', 'area:write'],
  ['GET', '/measures/:measure', 'plan:read'],
  ['GET', '/measures/:measure/change/:measurePart', 'area:write'],
  ['POST', '/measures/:measure/change/:measurePart', 'area:write'],
  ['POST', '/measures/:measure/values', 'measure:record'],
  ['GET', '/my-areas', 'plan:read'],
  ['GET', '/reminders', 'plan:read'],
  ['GET', '/settings', 'account:self'],
  ['POST', '/settings', 'account:self'],
  ['POST', '/settings/calendar-feed', 'account:self'],
  ['POST', '/settings/calendar-feed/revoke', 'account:self'],
  ['POST', '/sign-out', 'account:self'],
  ['GET', '/snapshots/:snapshot/paper.docx', 'plan:read'],
  ['GET', '/snapshots/:snapshot/paper.html', 'plan:read'],
];
const OPEN = ['GET /assets/*path', 'GET /sign-in', 'POST /sign-in', 'GET /sign-in/single-sign-on', 'GET /sign-in/single-sign-on/callback'];

describe.each(drivers)('who may open which page, on %s', (driver) => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(driver);
    const plan = scenario(t);
    ids.inspection = (await plan.inspection()).id;
    // Led by the action owner, whose role writes the summaries only of the areas they lead.
    ids.area = (
      await plan.post(`/api/inspections/${ids.inspection}/areas`, { title: 'The quality of supervision', leadOfficer: owner })
    ).id;
    ids.action = (await plan.action(ids.area)).id;
    ids.snapshot = (await plan.post(`/api/inspections/${ids.inspection}/snapshots`, {})).id;
    ids.measure = (
      await plan.post(`/api/areas/${ids.area}/measures`, {
        name: 'Children seen on time',
        definition: 'Seen within 5 working days.',
        unit: 'percent',
        direction: 'higher',
        baseline: { value: 55, on: '2024-03-31' },
        target: { value: 85, on: '2025-09-30' },
        dataSource: 'Liquidlogic',
        owner: { name: 'Sam Patel', email: 'sam.patel@oxfordshire.gov.uk' },
        frequency: 'monthly',
      })
    ).id;
    ids.measureUpload = (
      await plan.post(`/api/areas/${ids.area}/measure-uploads`, { csv: 'measure,month,value,note\nChildren seen on time,2024-02,60,\n' })
    ).id;
    ids.user = t.users.viewer.id;
    // A draft plan has no review scheduled yet: any id shows who may open the page.
    ids.reviewId = randomUUID();
    // Change pages: one part of each record.
    Object.assign(ids, {
      inspectionPart: 'council',
      areaPart: 'timeframe',
      actionPart: 'title',
      measurePart: 'name',
      chartPart: 'burn-up',
    });
    ids.token = (await t.http.get('/api/api-tokens').set(t.as('admin')).expect(200)).body[0].id;
    ids.import = (
      await t.http
        .post('/api/imports')
        .set(t.as('deputy_director'))
        .attach('file', 'test/fixtures/ofsted-ilacs-oxfordshire-2024.md')
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  /** A page request as `who`, with a session of its own (signing out ends the one it is sent with) and that session's form token. */
  const open = async (method: 'GET' | 'POST', path: string, who: Role | 'anonymous') => {
    const url = path.replace(/:(\w+)/g, (_, name: string) => ids[name]);
    const headers: Record<string, string> = {};
    let csrf = '';
    if (who !== 'anonymous') {
      const tokens = t.app.get(TokensService);
      const { token } = await t.dataSource.transaction((manager) => tokens.issueSession(manager, t.users[who].id));
      headers.Cookie = `session=${token}`;
      csrf = csrfTokenFor(token);
    }
    const request = method === 'GET' ? t.http.get(url).set(headers) : t.http.post(url).set(headers).type('form').send({ _csrf: csrf });
    return request;
  };

  it('lists every page route here, and keeps them all out of the API description', async () => {
    const router = (
      t.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } }
    ).router;
    const routes = router.stack
      .flatMap((layer) =>
        layer.route ? Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`) : [],
      )
      .filter((route) => !/ \/(api|health)/.test(route))
      .sort();
    const asRouted = (path: string) =>
      path.replace(/:(\w+)/g, (_, name: string) => (name.endsWith('Part') ? ':part' : name.endsWith('Id') ? `:${name}` : ':id'));
    expect(routes).toEqual([...PAGES.map(([method, path]) => `${method} ${asRouted(path)}`), ...OPEN].sort());
    const document = (await t.http.get('/api/docs-json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => !path.startsWith('/api/') && path !== '/health')).toEqual([]);
  });

  it('sends anonymous visitors to sign in, and serves the sign-in page and the assets to anyone', async () => {
    for (const [method, path] of PAGES) {
      const response = await open(method, path, 'anonymous');
      expect([`${method} ${path}`, response.status, response.headers.location]).toEqual([
        `${method} ${path}`,
        303,
        expect.stringMatching(/^\/sign-in/),
      ]);
    }
    await t.http.get('/sign-in').expect(200).expect('content-type', /html/);
    await t.http.get('/assets/govuk-frontend.min.css').expect(200).expect('content-type', /css/);
    await t.http.get('/assets/fonts/bold-b542beb274-v2.woff2').expect(200);
    await t.http.get('/assets/../package.json').expect(404);
  });

  it('treats a session cookie whose encoding is broken as no session at all', async () => {
    for (const cookie of ['session=%E0%A4%A', 'session=%', 'session="unterminated', 'session=a;session=%ZZ']) {
      const response = await t.http.get('/').set('Cookie', cookie);
      expect([cookie, response.status, response.headers.location]).toEqual([cookie, 303, '/sign-in']);
    }
  });

  it.each(ROLES)('shows %s exactly the pages its role allows, and a 403 page for the rest', async (role) => {
    const unexpected = [];
    for (const [method, path, permission] of PAGES) {
      const allowed = grantOf(role, permission) !== undefined;
      const response = await open(method, path, role);
      const refused = response.status === 403 || (response.status === 303 && /^\/sign-in(\?next=|$)/.test(response.headers.location ?? ''));
      if (allowed ? refused || response.status >= 500 : response.status !== 403)
        unexpected.push(`${method} ${path} (${permission}): ${response.status}`);
      if (!allowed && !/You cannot do this/.test(response.text)) unexpected.push(`${method} ${path}: no 403 page`);
    }
    expect(unexpected).toEqual([]);
  });

  it('refuses a form without its session token, and never lets the session cookie into the API', async () => {
    const tokens = t.app.get(TokensService);
    const { token } = await t.dataSource.transaction((manager) => tokens.issueSession(manager, t.users.director.id));
    const refused = await t.http
      .post('/settings')
      .set('Cookie', `session=${token}`)
      .type('form')
      .send({ reminderDelivery: 'immediate' })
      .expect(403);
    expect(refused.text).toContain('This form has expired');
    await t.http
      .post('/settings')
      .set('Cookie', `session=${token}`)
      .type('form')
      .send({ reminderDelivery: 'immediate', _csrf: csrfTokenFor('another session') })
      .expect(403);
    await t.http.get('/api/inspections').set('Cookie', `session=${token}`).expect(401);
  });
});
