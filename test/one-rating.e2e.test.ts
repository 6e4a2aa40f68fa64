import ExcelJS from 'exceljs';
import { csrfTokenFor } from '../src/auth/page-sessions.js';
import type { Role } from '../src/auth/permissions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { drivers } from './support/databases.js';
import { oxfordshirePlan } from './support/oxfordshire-plan.js';
import { words } from './support/page-words.js';
import { scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { binary } from './support/binary.js';

/** What a person reads in a piece of HTML, with no space left before punctuation where a tag ended. */
const text = (html: string) =>
  words(html)
    .replace(/ ([:,.])/g, '$1')
    .trim();

/** A rating as every place should show it: its words, then why. */
const shown = (rating: { label: string; reason: string }) => `${rating.label} ${rating.reason}`;

describe.each(drivers)('one rating for every action, wherever it is read, on %s', (driver) => {
  let t: TestApp;
  let plan: Awaited<ReturnType<typeof oxfordshirePlan>>;
  /** Due in 7 working days with nothing reported: at risk by the rules, whatever the owner has said (nothing). */
  let untouched: { id: string };

  beforeAll(async () => {
    t = await createTestApp(driver);
    plan = await oxfordshirePlan(t);
    untouched = await scenario(t).action(plan.areas[3].id, { title: 'Train every team in the toolkit', dueOn: '2024-11-13' });
  });
  afterAll(() => t.close());

  const page = async (role: Role, path: string) => {
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users[role].id));
    expect(csrfTokenFor(token)).toBeTruthy();
    return (await t.http.get(path).set('Cookie', `session=${token}`).expect(200)).text;
  };

  /** The value beside a summary list's key, as read. */
  const summaryValue = (html: string, key: string) => {
    const match = new RegExp(
      `<dt class="govuk-summary-list__key">\\s*${key}\\s*</dt>\\s*<dd class="govuk-summary-list__value">([\\s\\S]*?)</dd>`,
    ).exec(html);
    if (!match) throw new Error(`No "${key}" row on the page`);
    return text(match[1]);
  };

  it('shows on the page, in the API, the spreadsheet and the committee paper the same rating and reason for every action', async () => {
    const ids = [...Object.values(plan.actions), untouched].map((action) => action.id);
    const api = new Map<string, { reference: string; rating: { label: string; reason: string } }>();
    for (const id of ids) {
      const action = (await t.http.get(`/api/actions/${id}`).set(t.as('viewer')).expect(200)).body;
      api.set(action.reference, action);
    }
    // The three disagreements that were found: due soon with nothing done, long overdue, reported done but not signed off.
    expect(api.get('4.3')!.rating.label).toBe('At risk');
    expect(api.get('1.3')!.rating.label).toBe('Overdue');
    expect(api.get('1.2')!.rating.label).toBe('Awaiting sign-off');
    expect(new Set([...api.values()].map((action) => action.rating.label))).toEqual(
      new Set(['Complete', 'Awaiting sign-off', 'Overdue', 'On track', 'At risk', 'Cancelled', 'Off track']),
    );

    const onPages = new Map<string, string>();
    for (const id of ids) {
      const html = await page('viewer', `/actions/${id}`);
      const reference = /<span class="govuk-caption-l">Action ([\d.]+)<\/span>/.exec(html)![1];
      onPages.set(reference, summaryValue(html, 'RAG rating'));
    }

    const xlsx = await t.http
      .get(`/api/inspections/${plan.inspection.id}/plan.xlsx`)
      .set(t.as('viewer'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    const bytes = xlsx.body as Buffer;
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const rows = (workbook.getWorksheet('Action plan')!.getSheetValues().slice(2) as unknown[][]).map((row) => row.slice(1));
    const inSpreadsheet = new Map(rows.map((row) => [String(row[0]), `${String(row[8])} ${String(row[9])}`]));

    const paper = (await t.http.get(`/api/inspections/${plan.inspection.id}/reports/scrutiny.html`).set(t.as('viewer')).expect(200)).text;
    const inPaper = new Map(
      [...paper.matchAll(/<tr><td>(\d+\.\d+)<\/td>(?:<td>[^<]*<\/td>)*<td class="rag"[^>]*>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map(
        ([, reference, label, reason]) => [reference, text(`${label} ${reason}`)],
      ),
    );

    for (const [reference, action] of api) {
      const expected = shown(action.rating);
      expect({ reference, page: onPages.get(reference), spreadsheet: inSpreadsheet.get(reference), paper: inPaper.get(reference) }).toEqual(
        {
          reference,
          page: expected,
          spreadsheet: expected,
          paper: expected,
        },
      );
    }
  });

  it('shows each area with the rating the API gives it, and its actions with theirs; the dashboard counts the same', async () => {
    const dashboard = (await t.http.get(`/api/inspections/${plan.inspection.id}/dashboard`).set(t.as('viewer')).expect(200)).body;
    for (const { id } of plan.areas) {
      const area = (await t.http.get(`/api/areas/${id}`).set(t.as('viewer')).expect(200)).body;
      const counted = dashboard.areas.find((candidate: { id: string }) => candidate.id === id).actions.ratings;
      for (const [status, count] of Object.entries(counted)) {
        expect([status, count]).toEqual([
          status,
          area.actions.filter((action: { rating: { status: string } }) => action.rating.status === status).length,
        ]);
      }
      const html = await page('viewer', `/areas/${id}`);
      expect(summaryValue(html, 'RAG rating')).toBe(shown(area.rating));
      for (const action of area.actions as Array<{ title: string; rating: { label: string } }>) {
        expect(html).toMatch(
          new RegExp(`${action.title}</a>[\\s\\S]*?<strong class="govuk-tag[^"]*">\\s*${action.rating.label}\\s*</strong>`),
        );
      }
    }
  });

  it('lists on the home page as overdue exactly the open actions the rules rate overdue, and counts the rest by rating', async () => {
    const home = await page('deputy_director', '/');
    const overdueList = /<h3 class="govuk-heading-s">Overdue actions<\/h3>\s*<ul[^>]*>([\s\S]*?)<\/ul>/.exec(home);
    expect(overdueList).not.toBeNull();
    const listed = [...overdueList![1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map(([, item]) => text(item));
    const overdue = (await t.http.get(`/api/actions/${plan.actions.overdue.id}`).set(t.as('viewer')).expect(200)).body;
    expect(listed).toEqual([`${overdue.reference} ${overdue.title}: ${shown(overdue.rating)}`]);
    expect(home).not.toContain('No action is overdue');
    expect(home).not.toContain('Not rated');
    for (const label of ['Overdue', 'Off track', 'At risk', 'On track', 'Awaiting sign-off']) expect(home).toContain(`>${label}</th>`);

    // Each area's own rating, as its page and the API give it (its measures and finished actions counted too).
    for (const area of plan.areas) {
      const rated = (await t.http.get(`/api/areas/${area.id}`).set(t.as('viewer')).expect(200)).body;
      const row = new RegExp(`<tr[^>]*>\\s*<t[hd][^>]*>(?:(?!</tr>)[\\s\\S])*?href="/areas/${area.id}"(?:(?!</tr>)[\\s\\S])*</tr>`).exec(
        home,
      );
      expect(row).not.toBeNull();
      expect(text(row![0])).toContain(rated.rating.label);
    }
  });
});
