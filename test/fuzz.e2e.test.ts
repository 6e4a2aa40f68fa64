import fc from 'fast-check';
import type { Role } from '../src/auth/permissions.js';
import { operationsOf } from './support/access-tables.js';
import { drivers } from './support/databases.js';
import { fixture } from './support/reports.js';
import { owner, scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** A body each JSON endpoint accepts: the fuzzing starts from it and breaks one part at a time. */
const VALID: Record<string, object> = {
  'POST /api/actions/{id}/events': { type: 'START', version: 1 },
  'POST /api/actions/{id}/updates': {
    text: 'On track',
    percentComplete: 20,
    rag: 'green',
    mitigation: 'Agency auditors cover the backlog.',
    revisedDueOn: '2024-12-20',
  },
  'PATCH /api/actions/{id}': { title: 'Audit supervision monthly' },
  'POST /api/actions/{id}/remove': { version: 1 },
  'POST /api/api-tokens': { userId: '', name: 'Integration' },
  'POST /api/areas/{id}/actions': { title: 'Audit', owner, dueOn: '2024-10-31', successMeasure: '90%' },
  'POST /api/areas/{id}/events': { type: 'SUBMIT', version: 1 },
  'PATCH /api/areas/{id}': { title: 'Supervision' },
  'PUT /api/areas/{id}/narrative': { narrative: 'Audits are monthly in every team; two localities are behind.', version: 1 },
  'POST /api/areas/{id}/measures': {
    name: 'Children seen on time',
    definition: 'Seen within 5 working days.',
    unit: 'percent',
    direction: 'higher',
    baseline: { value: 55, on: '2024-01-31' },
    target: { value: 85, on: '2025-09-30' },
    milestones: [{ value: 70, on: '2025-03-31' }],
    dataSource: 'Liquidlogic',
    owner,
    frequency: 'monthly',
  },
  'POST /api/areas/{id}/measure-uploads': { csv: 'measure,month,value,note\nChildren seen on time,2024-02,60,\n' },
  'POST /api/measure-uploads/{id}/commit': {},
  'PATCH /api/measures/{id}': { version: 1, name: 'Children seen on time' },
  'POST /api/measures/{id}/values': { period: '2024-03', value: 60 },
  'POST /api/auth/login': { email: 'dana.deputy@oxfordshire.gov.uk', password: 'not her password at all' },
  'POST /api/auth/password': { currentPassword: 'not the password at all', newPassword: 'kettle orchard tuesday' },
  'POST /api/calendar-feeds': {},
  'POST /api/calendar/feeds': {},
  'POST /api/imports/{id}/commit': { publishedOn: '2024-04-09' },
  'POST /api/inspections': { authority: 'Oxfordshire County Council', framework: 'ILACS', publishedOn: '2024-04-09' },
  'POST /api/inspections/{id}/areas': { title: 'Supervision' },
  'POST /api/inspections/{id}/events': { type: 'APPROVE', version: 1 },
  // Takes no body: whatever is sent, a snapshot is taken.
  'POST /api/inspections/{id}/snapshots': {},
  'POST /api/inspections/{id}/reviews': { meetingOn: '2024-07-01', committee: 'Scrutiny', outcomes: [{ areaId: '', outcome: 'assured' }] },
  'PATCH /api/inspections/{id}/reviews/{reviewId}': { dueOn: '2025-01-23' },
  'PATCH /api/inspections/{id}': { leadInspector: 'Lead Inspector' },
  'POST /api/users': { name: 'New Person', email: 'new.person@oxfordshire.gov.uk', role: 'viewer' },
  'PATCH /api/users/me/preferences': { reminderDelivery: 'digest' },
  'PATCH /api/users/{id}': { name: 'Vic Viewer' },
  'POST /api/users/{id}/password': { password: 'kettle orchard tuesday' },
};
/** Signing out has no body to fuzz, and would end the session the fuzzing uses. */
const NO_BODY = ['POST /api/auth/logout'];

/** Whoever may call the endpoint, so the body is what decides the answer. */
const callerOf = (path: string): Role => {
  if (/\/api\/(users|api-tokens)/.test(path) && !path.endsWith('/preferences')) return 'admin';
  return path.includes('/reviews') ? 'scrutiny' : 'director';
};

const POLLUTION = ['__proto__', 'constructor', 'prototype'];
const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('\u0000', '\ud800', '\u202e', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', ' ', '2024-02-30', '-1', '1e309', 'x'.repeat(10_000)),
  fc.constantFrom(-1, 0, 1.5, 2 ** 53, Number.MAX_VALUE, true, null, [], {}),
);

/** A JSON text with `key` as an own property, as an attacker's body would have it (object literals would set the prototype instead). */
const withOwnKey = (body: object, key: string, value: unknown) =>
  `${JSON.stringify(body).slice(0, -1)}${Object.keys(body).length ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)}}`;

const bodies = (valid: object) =>
  fc.oneof(
    // One field broken, or one field too many.
    fc.tuple(fc.constantFrom(...Object.keys(valid), 'unexpected'), nasty).map(([key, value]) => JSON.stringify({ ...valid, [key]: value })),
    // A prototype-polluting key beside valid fields.
    fc.tuple(fc.constantFrom(...POLLUTION), fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => withOwnKey(valid, key, value)),
    fc.constantFrom(...POLLUTION).map((key) => withOwnKey(valid, key, { isAdmin: true, role: 'admin', polluted: true })),
    // Anything at all.
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
    fc.string({ unit: 'grapheme', maxLength: 100 }),
  );

const RUNS = 15;
const deepNesting = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const SPECIAL = [
  deepNesting(20),
  deepNesting(5_000),
  `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
  JSON.stringify({ title: 'x'.repeat(1_100_000) }),
  '{"title": "unterminated',
  '',
];

describe.each(drivers)('bad input on %s: never a 5xx, and a refused request writes nothing', (driver) => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(driver);
    const s = scenario(t);
    const inspection = await s.inspection();
    const area = await s.area(inspection.id);
    const action = await s.action(area.id);
    const report = await t.http
      .post('/api/imports')
      .set(t.as('director'))
      .set('Content-Type', 'text/markdown')
      .send(fixture('ofsted-ilacs-oxfordshire-2024.md').toString('utf8'))
      .expect(201);
    Object.assign(ids, {
      inspections: inspection.id,
      areas: area.id,
      actions: action.id,
      users: t.users.viewer.id,
      imports: report.body.id,
    });
    ids.measures = (await s.post(`/api/areas/${area.id}/measures`, VALID['POST /api/areas/{id}/measures'])).id;
    ids['measure-uploads'] = (await s.post(`/api/areas/${area.id}/measure-uploads`, VALID['POST /api/areas/{id}/measure-uploads'])).id;
    VALID['POST /api/api-tokens'] = { ...VALID['POST /api/api-tokens'], userId: t.users.viewer.id };
  });
  afterAll(() => t.close());

  /** Every row count and version sum: any write shows in one of them, and every write records an audit entry. */
  const fingerprint = async (except: string[] = []) => {
    // Sign-ins are logged, failed or not: that is the sign-in log's purpose.
    const tables = t.dataSource.entityMetadatas
      .map((meta) => meta.tableName)
      .filter((table) => table !== 'sign_ins' && !except.includes(table));
    const counts = [];
    for (const table of tables) counts.push(JSON.stringify(await t.dataSource.query(`SELECT COUNT(*) AS n FROM "${table}"`)));
    for (const table of ['inspections', 'improvement_areas', 'actions'])
      counts.push(JSON.stringify(await t.dataSource.query(`SELECT SUM(version) AS v FROM "${table}"`)));
    return counts.join();
  };

  const send = (method: string, path: string, role: Role, body: string) =>
    t.http[method.toLowerCase() as 'post'](
      path.replace('{id}', ids[path.split('/')[2]]).replace('{reviewId}', '4b7c7a3e-9f51-4a36-9d55-9b1d5b0f3f0e'),
    )
      .set(t.as(role))
      .set('Content-Type', 'application/json')
      .send(body);

  it('fuzzes the body of every JSON endpoint', async () => {
    const operations = operationsOf((await t.http.get('/api/docs-json').expect(200)).body).filter(
      (op) => ['POST', 'PATCH', 'PUT'].includes(op.method) && op.path !== '/api/imports' && !NO_BODY.includes(`${op.method} ${op.path}`),
    );
    // Every JSON endpoint has a valid body here: a new one fails this until it is added.
    expect(operations.map((op) => `${op.method} ${op.path}`).filter((key) => !VALID[key])).toEqual([]);
    const problems: string[] = [];
    for (const op of operations) {
      const key = `${op.method} ${op.path}`;
      const role = callerOf(op.path);
      const check = async (body: string) => {
        const before = await fingerprint();
        const response = await send(op.method, op.path, role, body);
        if (response.status >= 500) problems.push(`${key} answered ${response.status} to ${body.slice(0, 200)}`);
        if (response.status >= 400 && (await fingerprint()) !== before)
          problems.push(`${key} refused (${response.status}) but wrote, given ${body.slice(0, 200)}`);
      };
      for (const body of SPECIAL) await check(body);
      await fc.assert(
        fc.asyncProperty(bodies(VALID[key]), async (body) => void (await check(body))),
        { numRuns: RUNS, seed: 8 },
      );
    }
    expect(problems).toEqual([]);
    // Nothing reached a prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses a body nested deeper than 32 levels with 400, and takes one at 32', async () => {
    const nested = (depth: number) => `{"title":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    const deep = await send('POST', '/api/inspections/{id}/areas', 'director', nested(33)).expect(400);
    expect(deep.body.fields).toEqual({ body: ['The body nests deeper than 32 levels.'] });
    // At 32 levels the body reaches validation, which says what is wrong with the field.
    const limit = await send('POST', '/api/inspections/{id}/areas', 'director', nested(32)).expect(400);
    expect(Object.keys(limit.body.fields)).toEqual(['title']);
  });

  it('fuzzes the import endpoint with text and files of every kind', async () => {
    const problems: string[] = [];
    // Reading a report records its preview (report_imports) and nothing else.
    const before = await fingerprint(['report_imports']);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 2_000 }), fc.string({ unit: 'grapheme', maxLength: 500 })),
        fc.uint8Array({ maxLength: 2_000 }),
        fc.constantFrom('text/plain', 'text/markdown', 'text/html', 'application/pdf', 'application/json', 'image/png'),
        async (text, bytes, contentType) => {
          const asText = await t.http.post('/api/imports').set(t.as('director')).set('Content-Type', contentType).send(text);
          const asFile = await t.http
            .post('/api/imports')
            .set(t.as('director'))
            .attach('file', Buffer.from(bytes), { filename: 'report.pdf', contentType });
          for (const response of [asText, asFile])
            if (response.status >= 500) problems.push(`${response.status} for ${contentType}: ${text.slice(0, 100)}`);
        },
      ),
      { numRuns: RUNS * 2, seed: 8 },
    );
    expect(problems).toEqual([]);
    expect(await fingerprint(['report_imports'])).toBe(before);
  });

  it('fuzzes the upload of measures’ values with files of every kind, a workbook’s signature among them', async () => {
    const problems: string[] = [];
    // Reading a spreadsheet records its preview (measure_uploads) and nothing else.
    const before = await fingerprint(['measure_uploads']);
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04]);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2_000 }),
          fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Uint8Array.from([...zip, ...bytes])),
          fc.string({ unit: 'grapheme', maxLength: 500 }).map((text) => new TextEncoder().encode(`measure,month,value,note\n${text}`)),
        ),
        fc.constantFrom('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/plain', 'image/png'),
        async (bytes, contentType) => {
          const asFile = await t.http
            .post(`/api/areas/${ids.areas}/measure-uploads`)
            .set(t.as('director'))
            .attach('file', Buffer.from(bytes), { filename: 'values.xlsx', contentType });
          const asBody = await t.http
            .post(`/api/areas/${ids.areas}/measure-uploads`)
            .set(t.as('director'))
            .set('Content-Type', contentType)
            .send(Buffer.from(bytes));
          for (const response of [asFile, asBody])
            if (response.status >= 500)
              problems.push(`${response.status} for ${contentType}: ${Buffer.from(bytes).toString('hex', 0, 50)}`);
        },
      ),
      { numRuns: RUNS * 2, seed: 18 },
    );
    expect(problems).toEqual([]);
    expect(await fingerprint(['measure_uploads'])).toBe(before);
  });

  it('fuzzes multipart bodies: parts, headers, boundaries and fields of every kind', async () => {
    const problems: string[] = [];
    const before = await fingerprint(['report_imports']);
    const token = fc.stringMatching(/^[\w.-]{1,40}$/);
    const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 80 });
    const part = fc.record({
      name: fc.oneof(fc.constant('file'), token, fc.constantFrom(...POLLUTION), headerText),
      filename: fc.option(
        fc.oneof(
          token.map((name) => `${name}.pdf`),
          headerText,
        ),
        { nil: undefined },
      ),
      type: fc.option(fc.constantFrom('application/pdf', 'text/markdown', 'text/html', 'image/png', 'multipart/mixed'), { nil: undefined }),
      body: fc.oneof(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.constant(fixture('ofsted-ilacs-oxfordshire-2024.md').toString('utf8')),
      ),
      extraHeader: fc.option(headerText, { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[\w'()+,./:=?-]{1,70}$/),
        fc.array(part, { maxLength: 4 }),
        fc.constantFrom('whole', 'no closing boundary', 'cut short', 'wrong boundary'),
        async (boundary, parts, shape) => {
          const body = parts
            .map((item) =>
              [
                `--${boundary}`,
                `Content-Disposition: form-data; name="${item.name}"${item.filename === undefined ? '' : `; filename="${item.filename}"`}`,
                ...(item.type ? [`Content-Type: ${item.type}`] : []),
                ...(item.extraHeader ? [item.extraHeader] : []),
                '',
                item.body,
              ].join('\r\n'),
            )
            .join('\r\n');
          const ending = shape === 'no closing boundary' ? '' : `\r\n--${boundary}--\r\n`;
          const whole = Buffer.from(`${body}${ending}`, 'utf8');
          const sent = shape === 'cut short' ? whole.subarray(0, Math.floor(whole.length / 2)) : whole;
          const response = await t.http
            .post('/api/imports')
            .set(t.as('director'))
            .set('Content-Type', `multipart/form-data; boundary=${shape === 'wrong boundary' ? 'another' : boundary}`)
            .send(sent);
          if (response.status >= 500) problems.push(`${response.status} for ${shape}: ${sent.toString('utf8').slice(0, 200)}`);
        },
      ),
      { numRuns: RUNS * 4, seed: 8 },
    );
    expect(problems).toEqual([]);
    expect(await fingerprint(['report_imports'])).toBe(before);
  });

  it('fuzzes cookies on the pages and the API: a cookie never gives a 5xx, nor signs anyone in', async () => {
    const problems: string[] = [];
    const cookieText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 200 });
    const cookie = fc.oneof(
      cookieText,
      fc
        .tuple(fc.constantFrom('session', '__Host-session', 'sign_in_form', 'single_sign_on'), cookieText)
        .map(([name, value]) => `${name}=${value}`),
      fc.constantFrom('session=%E0%A4%A', 'session=%', 'session="unterminated', 'session=a;session=%ZZ', 'session=oap_made-up', '=;=;;'),
    );
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(
        cookie,
        fc.constantFrom('/', '/sign-in', '/account/password', `/inspections/${ids.inspections}`, '/api/auth/me'),
        async (value, path) => {
          const response = await t.http.get(path).set('Cookie', value);
          if (response.status >= 500) problems.push(`${response.status} for ${path} with Cookie: ${value}`);
          // Only the sign-in page, and pages that send the browser there, answer someone no cookie signed in.
          if (response.status === 200 && path !== '/sign-in') problems.push(`${path} answered 200 to Cookie: ${value}`);
          const form = await t.http
            .post('/sign-in')
            .set('Cookie', value)
            .type('form')
            .send({ email: 'x@example.com', password: 'p', _csrf: value });
          if (form.status >= 500) problems.push(`${form.status} for the sign-in form with Cookie: ${value}`);
        },
      ),
      { numRuns: RUNS * 4, seed: 8 },
    );
    expect(problems).toEqual([]);
    expect(await fingerprint()).toBe(before);
  });
});
