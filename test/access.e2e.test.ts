import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { grantOf, ROLES, type Role } from '../src/auth/permissions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { endpointsTable, operationsOf, permissionsTable, type Operation } from './support/access-tables.js';
import { drivers } from './support/databases.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// Signing in, health, and calendar feeds: calendar programs cannot sign in, so the feed's secret link is its credential.
const PUBLIC_ROUTES = [
  'POST /api/auth/login',
  'GET /api/auth/oidc/callback',
  'GET /api/auth/oidc/login',
  'GET /api/calendar-feeds/{token}.ics',
  'GET /api/calendar/{token}.ics',
  'GET /health',
];

describe.each(drivers)('who may call what, on %s', (driver) => {
  let t: TestApp;
  let operations: Operation[];

  beforeAll(async () => {
    t = await createTestApp(driver);
    operations = operationsOf((await t.http.get('/api/docs-json').expect(200)).body);
  });
  afterAll(() => t.close());

  /** Calls a route as `who`, with a token of its own (signing out revokes the one it is sent with). */
  const call = async (operation: Operation, who: Role | 'anonymous') => {
    const headers: Record<string, string> = {};
    if (who !== 'anonymous') {
      const tokens = t.app.get(TokensService);
      const { token } = await t.dataSource.transaction((manager) => tokens.issueSession(manager, t.users[who].id));
      headers.Authorization = `Bearer ${token}`;
    }
    const test = t.http[operation.method.toLowerCase() as 'get'](operation.path.replace(/\{[^}]+\}/g, () => randomUUID())).set(headers);
    // Empty bodies and unknown ids: a permitted call fails validation or finds nothing, and changes nothing.
    return (operation.method === 'GET' ? await test : await test.send({})).status;
  };

  it('gives every route a rule, and only sign-in, health and calendar feeds are open to all', () => {
    expect(operations.filter((op) => !op.public && !op.permission)).toEqual([]);
    expect(operations.filter((op) => op.public).map((op) => `${op.method} ${op.path}`)).toEqual(PUBLIC_ROUTES);
  });

  it('refuses anonymous calls to everything else with 401, and serves the API description to anyone', async () => {
    const unexpected = [];
    for (const operation of operations) {
      const status = await call(operation, 'anonymous');
      if (operation.public ? status === 401 : status !== 401) unexpected.push(`${operation.method} ${operation.path}: ${status}`);
    }
    expect(unexpected).toEqual([]);
    await t.http.get('/api/docs').redirects(1).expect(200);
    await t.http.get('/health').expect(200);
  });

  it.each(ROLES)('lets %s call exactly what the permissions table grants it, and answers 403 to the rest', async (role) => {
    const unexpected = [];
    for (const operation of operations) {
      const allowed = operation.public || grantOf(role, operation.permission!) !== undefined;
      const status = await call(operation, role);
      if (allowed ? status === 401 || status === 403 : status !== 403) {
        unexpected.push(
          `${operation.method} ${operation.path} (${operation.permission ?? 'public'}): ${status}, expected ${allowed ? 'not 401 or 403' : '403'}`,
        );
      }
    }
    expect(unexpected).toEqual([]);
  });

  it('is described in the README exactly as enforced', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
    // On a mismatch, the expected tables are printed here: paste them into the README.
    expect(readme).toContain(permissionsTable());
    expect(readme).toContain(endpointsTable(operations));
  });
});
