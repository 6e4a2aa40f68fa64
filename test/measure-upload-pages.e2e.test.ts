import ExcelJS from 'exceljs';
import { csrfTokenFor } from '../src/auth/page-sessions.js';
import type { Role } from '../src/auth/permissions.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// The pages call the same services as the API, whose tests run on both databases: SQLite is enough here.
describe('uploading measures’ values from a page', () => {
  let t: TestApp;
  /** The deputy director's session: a refused upload's message is signed for the session that sent it. */
  let dana: { cookie: string; csrf: string };

  beforeAll(async () => {
    t = await createTestApp('sqlite', { now: '2025-04-25T09:00:00Z' });
    dana = await session('deputy_director');
  });
  afterAll(() => t.close());

  const session = async (role: Role) => {
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users[role].id));
    return { cookie: `session=${token}`, csrf: csrfTokenFor(token) };
  };
  const measure = (name: string, frequency: 'monthly' | 'quarterly') => ({
    name,
    definition: `${name}, as the monthly performance report counts it.`,
    unit: 'count',
    direction: 'lower',
    baseline: { value: 40, on: '2024-03-31' },
    target: { value: 20, on: '2025-09-30' },
    milestones: [],
    dataSource: 'Liquidlogic',
    owner: { name: 'Sam Patel', email: 'sam.patel@oxfordshire.gov.uk' },
    frequency,
  });

  /** An area with a monthly and a quarterly measure, the monthly one with a value for January 2025. */
  const areaWithMeasures = async () => {
    const s = scenario(t, 'deputy_director');
    const area = await s.area((await s.inspection()).id);
    const seen = await s.post(`/api/areas/${area.id}/measures`, measure('Children seen late', 'monthly'));
    const waits = await s.post(`/api/areas/${area.id}/measures`, measure('Days from referral to assessment, "all teams"', 'quarterly'));
    await s.post(`/api/measures/${seen.id}/values`, { period: '2025-01', value: 12 });
    return { area, seen, waits };
  };

  /** Uploads a file through the form, which answers with a redirect: to the preview, or back to the form saying why not. */
  const upload = async (areaId: string, bytes: Buffer, filename: string, contentType: string) => {
    return t.http
      .post(`/areas/${areaId}/measure-uploads?_csrf=${encodeURIComponent(dana.csrf)}`)
      .set('Cookie', dana.cookie)
      .attach('file', bytes, { filename, contentType })
      .expect(303);
  };
  const page = async (path: string, role: Role = 'deputy_director') =>
    t.http
      .get(path)
      .set('Cookie', role === 'deputy_director' ? dana.cookie : (await session(role)).cookie)
      .expect(200);
  /** What the preview's form sends back: the values it showed, as it read them. */
  const checkedAgainst = (html: string) => /name="checkedAgainst" value="([^"]+)"/.exec(html)![1];
  /** Save these values, from the preview at `previewPath` as the page `shown` showed it, with the form's other fields. */
  const save = (previewPath: string, shown: string, form: Record<string, string> = {}) =>
    t.http
      .post(`${previewPath}/commit`)
      .set('Cookie', dana.cookie)
      .type('form')
      .send({ _csrf: dana.csrf, checkedAgainst: checkedAgainst(shown), ...form });
  const values = async (measureId: string) =>
    (await t.http.get(`/api/measures/${measureId}`).set(t.as('viewer')).expect(200)).body.values as Array<{
      period: string;
      value: number;
    }>;

  it('links from the area page to an upload form with a template listing the area’s measures', async () => {
    const { area } = await areaWithMeasures();
    expect((await page(`/areas/${area.id}`)).text).toContain(
      `href="/areas/${area.id}/measure-uploads/new">Upload values from a spreadsheet</a>`,
    );
    expect((await page(`/areas/${area.id}`, 'viewer')).text).not.toContain('Upload values from a spreadsheet');
    const form = await page(`/areas/${area.id}/measure-uploads/new`);
    expect(form.text).toContain('enctype="multipart/form-data"');
    expect(form.text).toContain('type="file"');
    expect(form.text).toContain(`href="/areas/${area.id}/measure-uploads/template.csv"`);

    const template = await page(`/areas/${area.id}/measure-uploads/template.csv`);
    expect(template.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(template.headers['content-disposition']).toMatch(/^attachment; filename="measure-values-area-\d+\.csv"$/);
    expect(template.text).toBe(
      'measure,month,value,note\r\nChildren seen late,,,\r\n"Days from referral to assessment, ""all teams""",,,\r\n',
    );
  });

  it('shows every problem of a CSV by its row, offers no button, and writes nothing', async () => {
    const { area, seen } = await areaWithMeasures();
    const csv = [
      'measure,month,value,note',
      'Children seen late,2025-02,10,"Better, at last"',
      'Children seen on time,2025-03,70,',
      'Children seen late,2025-13,9,',
      'Children seen late,2025-03,nine,',
      '"Days from referral to assessment, ""all teams""",2025-02,30,',
    ].join('\r\n');
    const uploaded = await upload(area.id, Buffer.from(csv), 'values.csv', 'text/csv');
    expect(uploaded.headers.location).toMatch(/^\/measure-uploads\/[0-9a-f-]{36}$/);
    const preview = await page(uploaded.headers.location);
    expect(preview.text).toContain('There is a problem');
    expect(preview.text).toContain('<h1 class="govuk-heading-l">The spreadsheet needs correcting</h1>');
    for (const problem of [
      'Row 3: No measure of this area is called “Children seen on time”',
      'Row 4: The month ‘2025-13’ is not a month: give it like March 2025 or 2025-03',
      'Row 5: Enter the value as a number',
      'Row 6: “Days from referral to assessment, &quot;all teams&quot;” is quarterly: give March, June, September or December',
    ])
      expect(preview.text).toContain(problem);
    expect(preview.text).toContain('February 2025');
    expect(preview.text).not.toContain('Save these values');
    expect(await values(seen.id)).toHaveLength(1);
  });

  it('previews an Excel workbook, with a month as a date cell or as text, saves it once, and refuses a second save', async () => {
    const { area, seen, waits } = await areaWithMeasures();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Values');
    sheet.addRow(['Measure', 'Month', 'Value', 'Note']);
    sheet.addRow(['Children seen late', new Date(Date.UTC(2025, 1, 1)), 10, 'Two teams short of staff']);
    sheet.getCell('B2').numFmt = 'mmm yyyy';
    sheet.addRow(['Days from referral to assessment, "all teams"', '2025-03', 30]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const uploaded = await upload(area.id, bytes, 'values.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

    const preview = await page(uploaded.headers.location);
    expect(preview.text).not.toContain('There is a problem');
    expect(preview.text).toContain('February 2025');
    expect(preview.text).toContain('March 2025');
    expect(preview.text).toContain('Two teams short of staff');
    expect(preview.text).toContain('Save these values');
    expect(preview.text).toContain(`<a class="govuk-link" href="/areas/${area.id}/measure-uploads/new">Upload a different spreadsheet</a>`);
    expect(await values(seen.id)).toHaveLength(1);

    const commit = () => save(uploaded.headers.location, preview.text);
    const saved = await commit().expect(200);
    expect(saved.text).toContain('govuk-panel');
    expect(saved.text).toMatch(/2 values saved for area \d+/);
    expect(saved.text).toContain(`href="/areas/${area.id}#measures"`);
    expect((await values(seen.id)).map((value) => value.period)).toEqual(['2025-02', '2025-01']);
    expect(await values(waits.id)).toEqual([expect.objectContaining({ period: '2025-03', value: 30 })]);

    const again = await commit().expect(409);
    expect(again.text).toContain('This upload was recorded on 25 April 2025 by Dana Deputy: its values are in already.');
    expect(await values(waits.id)).toHaveLength(1);
    expect((await page(uploaded.headers.location)).text).toContain('These values have been saved');
  });

  it('asks before a spreadsheet’s corrections replace values entered before, and shows the page again when not told', async () => {
    const { area, seen } = await areaWithMeasures();
    const csv = ['measure,month,value,note', 'Children seen late,2025-01,14,Revised', 'Children seen late,2025-02,10,'].join('\r\n');
    const uploaded = await upload(area.id, Buffer.from(csv), 'values.csv', 'text/csv');
    const preview = await page(uploaded.headers.location);
    expect(preview.text).not.toContain('There is a problem');
    expect(preview.text).toContain('Replaces the value entered before');
    expect(preview.text).toContain('Replace what was entered before for this month with the spreadsheet’s');

    const commit = (form: Record<string, string>) => save(uploaded.headers.location, preview.text, form);
    const unticked = await commit({}).expect(400);
    expect(unticked.text).toContain('There is a problem');
    expect(unticked.text).toContain('href="#replace"');
    expect(unticked.text).toContain(
      'This spreadsheet changes what was entered before for a month: confirm that its values replace what was there',
    );
    expect(unticked.text).toContain('Save these values');
    expect(await values(seen.id)).toEqual([expect.objectContaining({ period: '2025-01', value: 12 })]);

    const saved = await commit({ replace: 'yes' }).expect(200);
    expect(saved.text).toMatch(/2 values saved for area \d+/);
    expect(await values(seen.id)).toEqual([
      expect.objectContaining({ period: '2025-02', value: 10 }),
      expect.objectContaining({ period: '2025-01', value: 14 }),
    ]);
    // The measure's page tells the correction in its history.
    const history = (await page(`/measures/${seen.id}`)).text;
    expect(history).toContain('<li>Value: 12 to 14</li>');
    expect(history).toContain('<li>From an uploaded spreadsheet</li>');
  });

  it('shows the preview again, as it now stands, when a value was entered for one of its months after it was shown', async () => {
    const { area, seen } = await areaWithMeasures();
    const csv = ['measure,month,value,note', 'Children seen late,2025-02,10,', 'Children seen late,2025-03,9,'].join('\r\n');
    const uploaded = await upload(area.id, Buffer.from(csv), 'values.csv', 'text/csv');
    const preview = await page(uploaded.headers.location);
    expect(preview.text).not.toContain('Replaces the value entered before');
    // Someone enters February on the measure's page while the preview is open.
    await t.http
      .post(`/api/measures/${seen.id}/values`)
      .set(t.as('deputy_director'))
      .send({ period: '2025-02', value: 11, note: 'Counted by hand' })
      .expect(201);

    const commit = (shown: string, form: Record<string, string> = {}) => save(uploaded.headers.location, shown, form);
    const outdated = await commit(preview.text).expect(409);
    expect(outdated.text).toContain('There is a problem');
    expect(outdated.text).toContain('href="#values"');
    expect(outdated.text).toContain(
      'Since these values were checked, someone has entered or changed values for the months in this spreadsheet. Check them again before saving.',
    );
    // It now shows what February's row would replace, and asks for the tick.
    expect(outdated.text).toContain('Replaces the value entered before');
    expect(outdated.text).toContain('Replace what was entered before for this month with the spreadsheet’s');
    expect(outdated.text).toContain('11 (its note was “Counted by hand”)');
    expect(await values(seen.id)).toEqual([
      expect.objectContaining({ period: '2025-02', value: 11 }),
      expect.objectContaining({ period: '2025-01', value: 12 }),
    ]);

    const saved = await commit(outdated.text, { replace: 'yes' }).expect(200);
    expect(saved.text).toMatch(/2 values saved for area \d+/);
    expect((await values(seen.id)).map(({ period, value }) => [period, value])).toEqual([
      ['2025-03', 9],
      ['2025-02', 10],
      ['2025-01', 12],
    ]);

    // The same values again: nothing to save, said as such, with no button and no problem.
    const repeated = await upload(area.id, Buffer.from(csv.replace('\r\n', '\r\n\r\n')), 'values.csv', 'text/csv');
    const nothingNew = await page(repeated.headers.location);
    expect(nothingNew.text).toContain('There is nothing new to save');
    expect(nothingNew.text).toContain('Rows 3 and 4 give the values already entered for their months: nothing changes for them.');
    expect(nothingNew.text).not.toContain('There is a problem');
    expect(nothingNew.text).not.toContain('Save these values');
  });

  it('says there is nothing new to save when a colleague entered the file’s very values while its preview was open', async () => {
    const { area, seen } = await areaWithMeasures();
    const uploaded = await upload(
      area.id,
      Buffer.from('measure,month,value,note\r\nChildren seen late,2025-02,10,'),
      'values.csv',
      'text/csv',
    );
    const preview = await page(uploaded.headers.location);
    await t.http.post(`/api/measures/${seen.id}/values`).set(t.as('deputy_director')).send({ period: '2025-02', value: 10 }).expect(201);
    const refused = await save(uploaded.headers.location, preview.text).expect(409);
    expect(refused.text).toContain('<h1 class="govuk-heading-l">There is nothing new to save</h1>');
    expect(refused.text).toContain('Every value in this spreadsheet has been entered already: there is nothing new to save.');
    expect(refused.text).not.toContain('Check them again before saving');
    expect(refused.text).not.toContain('Save these values');
  });

  it('refuses a file that is not a spreadsheet, in plain words, and one whose role may not edit the area', async () => {
    const { area } = await areaWithMeasures();
    const refused = await upload(
      area.id,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
      'chart.png',
      'image/png',
    );
    expect(refused.headers.location).toMatch(new RegExp(`^/areas/${area.id}/measure-uploads/new\\?problem=`));
    const form = await t.http.get(refused.headers.location).set('Cookie', dana.cookie).expect(400);
    expect(form.text).toContain('The file must be a spreadsheet saved as CSV or as an Excel workbook (.xlsx).');

    const broken = await upload(area.id, Buffer.from('PK\u0003\u0004 not really a workbook'), 'values.xlsx', 'application/zip');
    const brokenForm = await t.http.get(broken.headers.location).set('Cookie', dana.cookie).expect(400);
    expect(brokenForm.text).toContain('The file could not be opened as an Excel workbook. Save it again as .xlsx or as CSV.');

    // A file chosen but empty is not the same as none chosen.
    const empty = await upload(area.id, Buffer.alloc(0), 'values.csv', 'text/csv');
    expect((await t.http.get(empty.headers.location).set('Cookie', dana.cookie).expect(400)).text).toContain(
      'The selected file, values.csv, is empty: choose the spreadsheet of values',
    );

    // Too large is refused before the file is read, and said on the form all the same.
    const large = await upload(area.id, Buffer.alloc(2 * 1024 * 1024 + 1, 'a'), 'values.csv', 'text/csv');
    expect(large.headers.location).toMatch(new RegExp(`^/areas/${area.id}/measure-uploads/new\\?problem=`));
    const largeForm = await t.http.get(large.headers.location).set('Cookie', dana.cookie).expect(400);
    expect(largeForm.text).toContain('The file is larger than the 2 MB an upload of values accepts.');

    const unclosed = await upload(
      area.id,
      Buffer.from('measure,month,value,note\n"Children seen late,2025-02,10,\n'),
      'values.csv',
      'text/csv',
    );
    const unclosedPage = (await page(unclosed.headers.location)).text;
    // A problem with the whole file names no row.
    expect(unclosedPage).toContain('The file could not be read: check the quotation marks around its values');
    expect(unclosedPage).not.toContain('Row 1');

    const viewer = await session('viewer');
    await t.http.get(`/areas/${area.id}/measure-uploads/new`).set('Cookie', viewer.cookie).expect(403);
    await t.http
      .post(`/areas/${area.id}/measure-uploads?_csrf=${encodeURIComponent(viewer.csrf)}`)
      .set('Cookie', viewer.cookie)
      .attach('file', Buffer.from('measure,month,value,note\n'), { filename: 'values.csv', contentType: 'text/csv' })
      .expect(403);
  });
});
