import { drivers } from './support/databases.js';
import { committee, oxfordshirePlan } from './support/oxfordshire-plan.js';
import { scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The events of an iCalendar file, each as its properties (lines unfolded, as RFC 5545 says). */
function events(ics: string): Array<Record<string, string>> {
  const unfolded = ics.replace(/\r\n[ \t]/g, '');
  return [...unfolded.matchAll(/BEGIN:VEVENT\r\n([\s\S]*?)END:VEVENT/g)].map((match) =>
    Object.fromEntries(
      match[1]
        .split('\r\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
    ),
  );
}

describe.each(drivers)('calendar feeds on %s', (driver) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(driver);
    await oxfordshirePlan(t);
  });
  afterAll(() => t.close());

  const subscribe = async (email: string) => {
    const response = await t.http
      .post('/api/calendar-feeds')
      .set(await t.signIn(email))
      .send({})
      .expect(201);
    return { id: response.body.id as string, path: new URL(response.body.url as string).pathname };
  };

  it('gives each person their deadlines as all-day events in England, by a secret link that can be revoked', async () => {
    const feed = await subscribe('dev.worker@oxfordshire.gov.uk');
    expect(feed.path).toMatch(/^\/api\/calendar-feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    const response = await t.http.get(feed.path).expect(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.text).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
    expect(response.text).toContain('X-WR-CALNAME:Action plan deadlines: Dev Worker\r\nX-WR-TIMEZONE:Europe/London\r\n');
    const mine = events(response.text);
    expect(mine.map((e) => `${e['DTSTART;VALUE=DATE']}–${e['DTEND;VALUE=DATE']} ${e.SUMMARY}`)).toEqual([
      '20241112–20241113 Action 4.1 due: Direct work toolkit for disabled children',
      '20250331–20250401 Action 4.2 due: Communication passports for every child',
    ]);
    expect(mine[0]).toMatchObject({
      UID: expect.stringMatching(/^action-[0-9a-f-]{36}@localhost$/),
      TRANSP: 'TRANSPARENT',
      URL: expect.stringMatching(/^http:\/\/localhost:3000\/actions\//),
    });
    // The same event keeps its UID, so a calendar updates it rather than adding another.
    expect(events((await t.http.get(feed.path).expect(200)).text)[0].UID).toBe(mine[0].UID);

    await t.http.delete(`/api/calendar-feeds/${feed.id}`).set(t.as('viewer')).expect(404);
    await t.http
      .delete(`/api/calendar-feeds/${feed.id}`)
      .set(await t.signIn('dev.worker@oxfordshire.gov.uk'))
      .expect(204);
    await t.http.get(feed.path).expect(404);
  });

  it('shows the clerk and the area leads the next scrutiny review, and a plan lead the statutory deadline', async () => {
    for (const email of ['clara.clerk@oxfordshire.gov.uk', 'di.disability@oxfordshire.gov.uk']) {
      const feed = await subscribe(email);
      expect(events((await t.http.get(feed.path).expect(200)).text).map((e) => `${e['DTSTART;VALUE=DATE']} ${e.SUMMARY}`)).toEqual([
        `20250410 Scrutiny review 2 due: ${committee} (Oxfordshire County Council)`,
      ]);
    }
    await scenario(t).inspection({
      authority: 'Reading Borough Council',
      planLead: { name: 'Rae Lead', email: 'rae.lead@reading.gov.uk' },
      publishedOn: '2024-10-01',
    });
    const lead = await subscribe('rae.lead@reading.gov.uk');
    expect(events((await t.http.get(lead.path).expect(200)).text).map((e) => `${e['DTSTART;VALUE=DATE']} ${e.SUMMARY}`)).toEqual([
      '20250110 Action plan due with Ofsted (Reading Borough Council)',
    ]);
  });

  it('replaces an earlier link when a new one is made, and knows no made-up link', async () => {
    const first = await subscribe('ann.auditor@oxfordshire.gov.uk');
    const second = await subscribe('ann.auditor@oxfordshire.gov.uk');
    await t.http.get(first.path).expect(404);
    expect(events((await t.http.get(second.path).expect(200)).text)).toHaveLength(1);
    const unknown = await t.http.get('/api/calendar-feeds/not-a-real-token-at-all.ics').expect(404);
    expect(unknown.body.message).toBe('This calendar link is unknown or has been revoked. Make a new calendar link.');
  });

  it('still answers at the addresses it had under /api/calendar, so links already in calendars keep working', async () => {
    const made = await t.http
      .post('/api/calendar/feeds')
      .set(await t.signIn('ann.auditor@oxfordshire.gov.uk'))
      .send({})
      .expect(201);
    const token = new URL(made.body.url as string).pathname.split('/').pop()!;
    const now = await t.http.get(`/api/calendar-feeds/${token}`).expect(200);
    expect((await t.http.get(`/api/calendar/${token}`).expect(200)).text).toBe(now.text);
    await t.http
      .delete(`/api/calendar/feeds/${made.body.id}`)
      .set(await t.signIn('ann.auditor@oxfordshire.gov.uk'))
      .expect(204);
    await t.http.get(`/api/calendar/${token}`).expect(404);
  });
});
