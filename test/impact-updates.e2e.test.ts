import JSZip from 'jszip';
import { csrfTokenFor } from '../src/auth/page-sessions.js';
import type { Role } from '../src/auth/permissions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { drivers } from './support/databases.js';
import { words } from './support/page-words.js';
import { owner, scenario } from './support/scenario.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

const mitigation = 'Two agency auditors start on 18 November to clear the backlog.';
const summary = 'Audits are monthly in every team.\nTwo localities are behind and have agency help until December.';

describe.each(drivers)('mitigations, revised dates and the lead officers’ summaries on %s', (driver) => {
  let t: TestApp;
  let inspection: { id: string };
  let led: { id: string };
  let other: { id: string };
  let action: { id: string };

  beforeAll(async () => {
    t = await createTestApp(driver, { now: '2024-11-04T09:00:00Z' });
    const s = scenario(t);
    inspection = await s.inspection();
    // The action owner leads the first area, and nobody the second.
    led = await s.post(`/api/inspections/${inspection.id}/areas`, { title: 'The quality of supervision', leadOfficer: owner });
    other = await s.area(inspection.id, 'Timeliness of child protection visits');
    // Due before today: overdue, so the committee paper lists it among its exceptions.
    action = await s.action(led.id, { title: 'Audit supervision monthly', dueOn: '2024-10-25' });
  });
  afterAll(() => t.close());

  /** A signed-in browser of this role: the pages it opens, and the forms it sends with its token. */
  const browser = async (role: Role) => {
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users[role].id));
    const cookie = `session=${token}`;
    return {
      page: (path: string, status = 200) => t.http.get(path).set('Cookie', cookie).expect(status),
      submit: (path: string, fields: Record<string, string>) =>
        t.http
          .post(path)
          .set('Cookie', cookie)
          .type('form')
          .send({ _csrf: csrfTokenFor(token), ...fields }),
    };
  };
  const paper = async () =>
    words((await t.http.get(`/api/inspections/${inspection.id}/reports/scrutiny.html`).set(t.as('viewer')).expect(200)).text);
  const history = async (areaId: string) =>
    (await t.http.get(`/api/areas/${areaId}/history`).set(t.as('viewer')).expect(200)).body as Array<{
      event: string;
      actorName: string;
      details: Record<string, unknown> | null;
    }>;

  it('refuses a revised date that cannot be, in plain words, and keeps what was typed', async () => {
    const owen = await browser('action_owner');
    const refused = await owen
      .submit(`/actions/${action.id}/updates`, {
        text: 'Audits started in two of five localities.',
        percentComplete: '40',
        mitigation,
        'revisedDueOn-day': '31',
        'revisedDueOn-month': '2',
        'revisedDueOn-year': '2025',
      })
      .expect(400);
    expect(refused.text).toContain('There is a problem');
    expect(refused.text).toContain('href="#revisedDueOn-day">Revised date must be a real date</a>');
    expect(refused.text).toContain(mitigation);
    expect(refused.text).toContain('Audits started in two of five localities.');
    expect(refused.text).toMatch(/name="revisedDueOn-day" type="text" value="31"/);

    // Too long is not the same as left out: it says how long it may be, and keeps every word.
    const essay = 'Audits started in two of five localities. '.repeat(125);
    const tooLong = await owen.submit(`/actions/${action.id}/updates`, { text: essay, percentComplete: '40' }).expect(400);
    expect(tooLong.text).toContain('href="#text">What has been done must be 5,000 characters or less</a>');
    expect(tooLong.text).toContain(essay.trim());

    const api = await t.http
      .post(`/api/actions/${action.id}/updates`)
      .set(t.as('action_owner'))
      .send({ text: 'Audits started.', percentComplete: 40, revisedDueOn: '2025-02-30' })
      .expect(400);
    expect(api.body.fields).toEqual({ revisedDueOn: ['The revised date must be a real date, like 2024-04-09'] });
    expect((await t.http.get(`/api/actions/${action.id}`).set(t.as('viewer')).expect(200)).body.progressUpdates).toEqual([]);
  });

  it('shows an update’s mitigation and revised date on the action page, in the API, in the audit trail and in the paper’s exceptions', async () => {
    const owen = await browser('action_owner');
    await owen
      .submit(`/actions/${action.id}/updates`, {
        text: 'Audits started in two of five localities.',
        percentComplete: '40',
        mitigation,
        'revisedDueOn-day': '20',
        'revisedDueOn-month': '12',
        'revisedDueOn-year': '2024',
      })
      .expect(303);

    const page = words((await owen.page(`/actions/${action.id}`)).text);
    expect(page).toContain('Mitigation Revised date');
    expect(page).toContain(`${mitigation} 20 December 2024`);

    const view = (await t.http.get(`/api/actions/${action.id}`).set(t.as('viewer')).expect(200)).body;
    expect(view.progressUpdates[0]).toMatchObject({ mitigation, revisedDueOn: '2024-12-20', percentComplete: 40 });

    const recorded = (await history(led.id)).find((entry) => entry.event === 'PROGRESS_UPDATED');
    expect(recorded?.details).toEqual({ percentComplete: 40, rag: null, mitigation, revisedDueOn: '2024-12-20' });

    const whole = await paper();
    const exceptions = whole.slice(whole.indexOf('Exceptions'), whole.indexOf('Contact officer'));
    expect(exceptions).toContain('Latest progress update Mitigation Revised date');
    expect(exceptions).toContain(`Audits started in two of five localities. (4 November 2024) ${mitigation} 20 December 2024`);

    // A later update that gives neither: the paper says none was given.
    t.clock.set('2024-11-04T10:00:00Z');
    await t.http
      .post(`/api/actions/${action.id}/updates`)
      .set(t.as('action_owner'))
      .send({ text: 'A third locality has started.', percentComplete: 50 })
      .expect(201);
    const later = await paper();
    expect(later.slice(later.indexOf('Exceptions'))).toContain('A third locality has started. (4 November 2024) None given None given');
  });

  it('takes the lead officer’s summary from the API, audits it, and puts it in the paper', async () => {
    expect(await paper()).toContain(
      'Lead officers’ summaries Area 1: The quality of supervision No summary has been written. Area 2: Timeliness of child protection visits No summary has been written.',
    );
    const { version } = (await t.http.get(`/api/areas/${led.id}`).set(t.as('viewer')).expect(200)).body;
    const saved = await t.http
      .put(`/api/areas/${led.id}/narrative`)
      .set(t.as('action_owner'))
      .send({ narrative: `  ${summary}  `, version })
      .expect(200);
    expect(saved.body.narrative).toEqual({
      text: summary,
      writtenOn: '2024-11-04',
      by: PEOPLE.action_owner,
      confirmedOn: null,
      confirmedBy: null,
    });
    expect(saved.body.version).toBe(version + 1);

    // Written again from a stale read: refused, and nothing changes.
    await t.http.put(`/api/areas/${led.id}/narrative`).set(t.as('action_owner')).send({ narrative: 'Other words.', version }).expect(409);

    const recorded = (await history(led.id)).filter((entry) => entry.event === 'NARRATIVE_WRITTEN');
    expect(recorded).toEqual([
      expect.objectContaining({ actorName: PEOPLE.action_owner.name, details: { narrative: { from: null, to: summary } } }),
    ]);
    expect(await paper()).toContain(
      'Area 1: The quality of supervision Audits are monthly in every team. Two localities are behind and have agency help until December. Written by Owen Owner on 4 November 2024.',
    );
  });

  it('refuses a summary from anyone who is neither the area’s lead officer nor may edit areas', async () => {
    const { version } = (await t.http.get(`/api/areas/${other.id}`).set(t.as('viewer')).expect(200)).body;
    const viewer = await t.http
      .put(`/api/areas/${other.id}/narrative`)
      .set(t.as('viewer'))
      .send({ narrative: 'Fine.', version })
      .expect(403);
    expect(viewer.body.message).toContain('cannot do this');
    const notTheirs = await t.http
      .put(`/api/areas/${other.id}/narrative`)
      .set(t.as('action_owner'))
      .send({ narrative: 'Fine.', version })
      .expect(403);
    expect(notTheirs.body.message).toBe(
      'Area 2 is not yours: only its lead officer, or someone who may edit improvement areas, writes its summary.',
    );
    const owen = await browser('action_owner');
    expect((await owen.page(`/areas/${other.id}`)).text).not.toContain('Write the summary');
    await owen.page(`/areas/${other.id}/summary`, 403);
    await (await browser('viewer')).page(`/areas/${led.id}/summary`, 403);
    expect((await history(other.id)).filter((entry) => entry.event === 'NARRATIVE_WRITTEN')).toEqual([]);
  });

  it('takes the summary from its page, and keeps what was typed when it is refused', async () => {
    const dana = await browser('deputy_director');
    const areaPage = (await dana.page(`/areas/${other.id}`)).text;
    expect(words(areaPage)).toContain('Lead officer’s summary No summary has been written. Write the summary');
    expect(areaPage).toContain(`href="/areas/${other.id}/summary">Write the summary</a>`);
    const form = (await dana.page(`/areas/${other.id}/summary`)).text;
    expect(form).toContain('Write the lead officer’s summary for area 2');
    expect(form).toContain('govuk-character-count');
    const version = /name="version" value="(\d+)"/.exec(form)![1];

    const empty = await dana.submit(`/areas/${other.id}/summary`, { narrative: '  ', version }).expect(400);
    expect(empty.text).toContain('href="#narrative">Enter a summary of progress on this area</a>');
    const long = 'Visits are on time. '.repeat(101);
    const tooLong = await dana.submit(`/areas/${other.id}/summary`, { narrative: long, version }).expect(400);
    expect(tooLong.text).toContain('The summary must be 2,000 characters or less');
    expect(tooLong.text).toContain(long.trim());

    await dana.submit(`/areas/${other.id}/summary`, { narrative: 'Visits are on time in four of five teams.', version }).expect(303);
    const shown = words((await dana.page(`/areas/${other.id}?done=summary`)).text);
    expect(shown).toContain('The lead officer’s summary is saved.');
    expect(shown).toContain(
      'Lead officer’s summary Visits are on time in four of five teams. Written by Dana Deputy on 4 November 2024. Change the summary',
    );
    expect((await history(other.id)).find((entry) => entry.event === 'NARRATIVE_WRITTEN')).toMatchObject({
      actorName: 'Dana Deputy',
      details: { narrative: { from: null, to: 'Visits are on time in four of five teams.' } },
    });
    expect(await paper()).toContain(
      'Area 2: Timeliness of child protection visits Visits are on time in four of five teams. Written by Dana Deputy on 4 November 2024.',
    );
  });

  it('keeps what was typed when someone else saved first, beside the summary saved now', async () => {
    const dana = await browser('deputy_director');
    const form = (await dana.page(`/areas/${led.id}/summary`)).text;
    expect(form).toContain('Change the lead officer’s summary for area 1');
    const version = /name="version" value="(\d+)"/.exec(form)![1];
    await t.http
      .put(`/api/areas/${led.id}/narrative`)
      .set(t.as('action_owner'))
      .send({ narrative: 'Audits are monthly in every team but one.', version: Number(version) })
      .expect(200);

    const stale = await dana.submit(`/areas/${led.id}/summary`, { narrative: 'Audits are monthly everywhere.', version }).expect(409);
    expect(words(stale.text)).toContain(
      'Someone else changed this area while you were writing. Check your summary against the one saved now, and save again.',
    );
    expect(words(stale.text)).toContain('The summary saved now Audits are monthly in every team but one. Written by Owen Owner');
    expect(stale.text).toContain('Audits are monthly everywhere.</textarea>');
    const current = /name="version" value="(\d+)"/.exec(stale.text)![1];
    expect(Number(current)).toBe(Number(version) + 1);
    // Saving again, having seen it, replaces it.
    await dana.submit(`/areas/${led.id}/summary`, { narrative: summary, version: current }).expect(303);
    const saved = (await t.http.get(`/api/areas/${led.id}`).set(t.as('viewer')).expect(200)).body.narrative;
    expect(saved).toEqual({ text: summary, writtenOn: '2024-11-04', by: PEOPLE.deputy_director, confirmedOn: null, confirmedBy: null });
  });

  it('says the same in the paper as a Word document', async () => {
    const response = await t.http
      .get(`/api/inspections/${inspection.id}/reports/scrutiny.docx`)
      .set(t.as('viewer'))
      .buffer(true)
      .parse((stream, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const xml = await (await JSZip.loadAsync(response.body as Buffer)).file('word/document.xml')!.async('string');
    const paragraphs = xml.split(/<w:p[ >]/).map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
    const from = paragraphs.indexOf('Lead officers’ summaries');
    expect(paragraphs.slice(from, from + 9)).toEqual([
      'Lead officers’ summaries',
      'Area 1: The quality of supervision',
      'Audits are monthly in every team.',
      'Two localities are behind and have agency help until December.',
      'Written by Dana Deputy on 4 November 2024.',
      'Area 2: Timeliness of child protection visits',
      'Visits are on time in four of five teams.',
      'Written by Dana Deputy on 4 November 2024.',
      'Progress over time',
    ]);
    const exceptions = paragraphs.slice(paragraphs.indexOf('Exceptions'), paragraphs.indexOf('Contact officer'));
    expect(exceptions).toEqual(expect.arrayContaining(['Mitigation', 'Revised date', 'None given']));
  });
});
