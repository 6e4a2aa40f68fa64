import { createTestApp, type TestApp } from './support/test-app.js';

describe('hardening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('sends security headers on every answer, errors included, and says nothing of the framework', async () => {
    for (const response of [
      await t.http.get('/health'),
      await t.http.get('/api/inspections'),
      await t.http.get('/nowhere'),
      await t.http.get('/api/docs').redirects(1),
    ]) {
      expect(response.headers).toMatchObject({
        'content-security-policy': expect.stringContaining("default-src 'self'"),
        'strict-transport-security': expect.stringContaining('max-age='),
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
      });
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('sends no CORS headers unless an origin is configured', async () => {
    const response = await t.http.get('/api/workflows').set(t.as('viewer')).set('Origin', 'https://elsewhere.example').expect(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.http
      .options('/api/inspections')
      .set('Origin', 'https://elsewhere.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows the configured origins, and only those', async () => {
    const withCors = await createTestApp('sqlite', { env: { CORS_ORIGINS: 'https://dashboard.oxfordshire.gov.uk' } });
    try {
      const allowed = await withCors.http
        .get('/api/workflows')
        .set(withCors.as('viewer'))
        .set('Origin', 'https://dashboard.oxfordshire.gov.uk')
        .expect(200);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://dashboard.oxfordshire.gov.uk');
      const other = await withCors.http
        .get('/api/workflows')
        .set(withCors.as('viewer'))
        .set('Origin', 'https://elsewhere.example')
        .expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await withCors.close();
    }
  });

  it('refuses a body over 1 MB, in the usual error shape', async () => {
    const response = await t.http
      .post('/api/inspections')
      .set(t.as('deputy_director'))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ authority: 'x'.repeat(1_100_000) }))
      .expect(413);
    expect(response.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: expect.any(String) });
  });
});
