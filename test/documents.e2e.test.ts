import ExcelJS from 'exceljs';
import { drivers } from './support/databases.js';
import { oxfordshirePlan } from './support/oxfordshire-plan.js';
import { oxfordshireAreas } from './support/reports.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const binary = (response: { on(event: string, listener: (chunk?: Buffer) => void): void }, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk) => chunks.push(chunk!));
  response.on('end', () => done(null, Buffer.concat(chunks)));
};

describe.each(drivers)('the action plan as documents on %s', (driver) => {
  let t: TestApp;
  let plan: Awaited<ReturnType<typeof oxfordshirePlan>>;

  beforeAll(async () => {
    t = await createTestApp(driver);
    plan = await oxfordshirePlan(t);
  });
  afterAll(() => t.close());

  it('gives the spreadsheet councils send to Ofsted: one row per action, frozen header, filters, wrapped text, a RAG reason on every row', async () => {
    const response = await t.http.get(`/api/inspections/${plan.inspection.id}/plan.xlsx`).buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toBe('attachment; filename="action-plan-oxfordshire-county-council-2024-11-04.xlsx"');

    const workbook = new ExcelJS.Workbook();
    // exceljs declares its own Buffer (an ArrayBuffer): hand it the bytes as one.
    const bytes = response.body as Buffer;
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const sheet = workbook.getWorksheet('Action plan')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:K10');
    const rows = sheet.getSheetValues().slice(1) as unknown[][];
    expect(rows[0].slice(1)).toEqual([
      'Reference',
      'Recommendation / area',
      'Action',
      'Lead officer',
      'Owner',
      'Timescale',
      'Success measure',
      'Latest progress update',
      'RAG',
      'RAG reason',
      'Status',
    ]);
    const actions = rows.slice(1).map((row) => row.slice(1));
    expect(actions).toHaveLength(9);
    expect(actions.map((row) => `${String(row[0])} ${String(row[8])}`)).toEqual([
      '1.1 Complete',
      '1.2 Awaiting sign-off',
      '1.3 Overdue',
      '2.1 On track',
      '2.2 At risk',
      '3.1 At risk',
      '3.2 Cancelled',
      '4.1 At risk',
      '4.2 Off track',
    ]);
    expect(actions[2]).toEqual([
      '1.3',
      `1. ${oxfordshireAreas[0]}`,
      'Audit 40 pre-proceedings cases',
      'Pat Proceedings',
      'Ann Auditor',
      new Date('2024-10-25T00:00:00Z'),
      'Audit 40 pre-proceedings cases: measured monthly',
      '',
      'Overdue',
      'Due 2024-10-25: 6 working days overdue, 0% done.',
      'Not started',
    ]);
    expect(actions[8][7]).toBe('2024-10-21 (30%): The speech and language provider withdrew.');
    expect(actions[8][9]).toBe('Its owner rated it red: The speech and language provider withdrew.');
    for (const row of actions) expect(String(row[9])).not.toBe('');
    expect(sheet.getCell('C4').alignment).toMatchObject({ wrapText: true });
    expect(sheet.getCell('I4').fill).toMatchObject({ fgColor: { argb: 'FFD4351C' } });
    expect(sheet.getCell('F4').numFmt).toBe('dd/mm/yyyy');
  });

  it('gives the same rows as CSV', async () => {
    const response = await t.http.get(`/api/inspections/${plan.inspection.id}/plan.csv`).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = response.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('Reference,Recommendation / area,Action,Lead officer,Owner,Timescale,Success measure,Latest progress update,RAG,RAG reason,Status');
    expect(lines[3]).toBe(
      `1.3,1. ${oxfordshireAreas[0]},Audit 40 pre-proceedings cases,Pat Proceedings,Ann Auditor,2024-10-25,Audit 40 pre-proceedings cases: measured monthly,,Overdue,"Due 2024-10-25: 6 working days overdue, 0% done.",Not started`,
    );
  });

  it('answers 404 for an unknown plan', async () => {
    await t.http.get('/api/inspections/00000000-0000-4000-8000-000000000000/plan.xlsx').expect(404);
  });
});
