import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { Role } from '../src/auth/permissions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { User } from '../src/users/user.entity.js';
import { accessibilityViolations, chromiumInstalled, CHROMIUM, launchBrowser, screenshot } from './support/browser.js';
import { oxfordshirePlan } from './support/oxfordshire-plan.js';
import { SEEN_ON_TIME } from './support/measure-bodies.js';
import { scenario } from './support/scenario.js';
import { LONG_TASK_LIMIT_MS } from './support/test-clock.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** WCAG 2.2's reflow width: 1280 px at 400% zoom. */
const NARROW_PX = 320;

/**
 * Every page, and who opens it: a new page goes here. `:inspection`, `:area`, `:action`, `:measure`, `:import`,
 * `:review` (the next, scheduled) and `:user` stand for records of the Oxfordshire plan (see beforeAll).
 */
export const EVERY_PAGE: Array<[path: string, as: Role | 'anonymous']> = [
  ['/sign-in', 'anonymous'],
  ['/', 'deputy_director'],
  ['/', 'action_owner'],
  ['/', 'scrutiny'],
  ['/actions', 'viewer'],
  ['/assigned-actions', 'deputy_director'],
  ['/my-areas', 'viewer'],
  ['/reminders', 'admin'],
  ['/settings', 'viewer'],
  ['/account/password', 'viewer'],
  ['/imports/new', 'deputy_director'],
  ['/imports/:import', 'deputy_director'],
  ['/inspections/:inspection', 'director'],
  ['/inspections/:inspection/letter', 'deputy_director'],
  ['/inspections/:inspection/reviews', 'viewer'],
  ['/inspections/:inspection/progress', 'viewer'],
  ['/inspections/:inspection/reviews', 'deputy_director'],
  ['/inspections/:inspection/reviews/new', 'scrutiny'],
  ['/inspections/:inspection/reviews/:review/date', 'scrutiny'],
  ['/inspections/:inspection/print', 'viewer'],
  ['/inspections/:inspection/reports/scrutiny.html', 'viewer'],
  ['/snapshots/:snapshot/paper.html', 'viewer'],
  ['/areas/:area', 'deputy_director'],
  ['/areas/:area/measures/new', 'deputy_director'],
  ['/measures/:measure', 'deputy_director'],
  ['/actions/:action', 'deputy_director'],
  ['/admin/users', 'admin'],
  ['/admin/users/:user', 'admin'],
  ['/admin/users/:user/remove', 'admin'],
  ['/admin/sign-ins', 'admin'],
  ['/admin/api-tokens', 'admin'],
  ['/admin/api-tokens/:token/revoke', 'admin'],
];

if (!chromiumInstalled)
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium (.ci/run does).`);

// On SQLite only: what is measured is the pages' layout, which no database changes.
(chromiumInstalled ? describe : describe.skip)('every page at 320 CSS pixels wide', () => {
  let t: TestApp;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  const ids: Record<string, string> = {};
  const sessions = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const plan = await oxfordshirePlan(t);
    ids.inspection = plan.inspection.id;
    ids.area = plan.areas[1].id;
    ids.action = plan.actions.onTrack.id;
    ids.measure = (await scenario(t).post(`/api/areas/${ids.area}/measures`, SEEN_ON_TIME)).id;
    await scenario(t).post(`/api/measures/${ids.measure}/values`, { period: '2024-10', value: 61, note: 'Two teams short of staff.' });
    ids.user = t.users.viewer.id;
    ids.token = (await t.http.get('/api/api-tokens').set(t.as('admin')).expect(200)).body[0].id;
    ids.review = (await t.http.get(`/api/inspections/${ids.inspection}/reviews`).set(t.as('viewer')).expect(200)).body.find(
      (review: { status: string }) => review.status === 'scheduled',
    ).id;
    ids.snapshot = (await scenario(t).post(`/api/inspections/${ids.inspection}/snapshots`, {})).id;
    ids.import = (
      await t.http
        .post('/api/imports')
        .set(t.as('deputy_director'))
        .attach('file', 'test/fixtures/ofsted-ilacs-oxfordshire-2024.md')
        .expect(201)
    ).body.id;
    await t.dataSource.getRepository(User).update({ active: false }, { active: true });
    for (const [role, person] of Object.entries(t.users)) {
      const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, person.id));
      sessions.set(role, token);
    }
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: NARROW_PX, height: 640 });
    // Each page is measured once loaded; the limit only stops a walk that has hung on a busy machine.
    page.setDefaultTimeout(LONG_TASK_LIMIT_MS);
  }, LONG_TASK_LIMIT_MS);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it(
    'fits every page into the width without scrolling sideways, and axe finds nothing wrong',
    async () => {
      const problems: string[] = [];
      for (const [template, as] of EVERY_PAGE) {
        const path = template.replace(/:(\w+)/g, (_, name: string) => ids[name]);
        await browser.context.clearCookies();
        if (as !== 'anonymous') await browser.context.addCookies([{ name: 'session', value: sessions.get(as)!, url: base }]);
        const response = await page.goto(`${base}${path}`);
        if (response?.status() !== 200) problems.push(`${template} as ${as}: status ${response?.status()}`);
        const width = await page.evaluate<number>('document.documentElement.scrollWidth');
        if (width > NARROW_PX) {
          // The first few elements that stick out, outside any region meant to scroll, to say where to look.
          const wide = await page.evaluate<string[]>(
            `[...document.querySelectorAll('body *')].filter((element) => element.getBoundingClientRect().right > ${NARROW_PX + 1} && !element.closest('[role="region"][tabindex="0"]')).slice(0, 3).map((element) => element.tagName.toLowerCase() + '.' + [...element.classList].join('.'))`,
          );
          problems.push(`${template} as ${as}: ${width} px wide (${wide.join(', ')})`);
          await screenshot(page, `reflow-${template.replace(/[^a-z0-9]+/gi, '-')}-${as}`);
        }
        problems.push(...(await accessibilityViolations(page)).map((violation) => `${template} as ${as}: ${violation}`));
      }
      expect(problems).toEqual([]);
    },
    LONG_TASK_LIMIT_MS,
  );
});
