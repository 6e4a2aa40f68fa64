import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { committeePaper, PAPER_EDITION } from '../src/reports/committee-paper.js';
import { PlanModelService } from '../src/reports/plan-model.service.js';
import { drivers } from './support/databases.js';
import { MOVED_BECAUSE, oxfordshirePlan } from './support/oxfordshire-plan.js';
import { oxfordshireAreas } from './support/reports.js';
import { scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { binary } from './support/binary.js';

describe.each(drivers)('the action plan as documents on %s', (driver) => {
  let t: TestApp;
  let plan: Awaited<ReturnType<typeof oxfordshirePlan>>;

  beforeAll(async () => {
    t = await createTestApp(driver);
    plan = await oxfordshirePlan(t);
  });
  afterAll(() => t.close());

  it('gives the spreadsheet councils send to Ofsted: one row per action, frozen header, filters, wrapped text, a RAG reason on every row', async () => {
    const response = await t.http
      .get(`/api/inspections/${plan.inspection.id}/plan.xlsx`)
      .set(t.as('deputy_director'))
      .buffer(true)
      .parse(binary)
      .expect(200);
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
      'Due 25 October 2024: 6 working days overdue, 0% done.',
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
    const response = await t.http.get(`/api/inspections/${plan.inspection.id}/plan.csv`).set(t.as('deputy_director')).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = response.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe(
      'Reference,Recommendation / area,Action,Lead officer,Owner,Timescale,Success measure,Latest progress update,RAG,RAG reason,Status',
    );
    expect(lines[3]).toBe(
      `1.3,1. ${oxfordshireAreas[0]},Audit 40 pre-proceedings cases,Pat Proceedings,Ann Auditor,2024-10-25,Audit 40 pre-proceedings cases: measured monthly,,Overdue,"Due 25 October 2024: 6 working days overdue, 0% done.",Not started`,
    );
  });

  /** The text of each paragraph of a Word document, read from its XML as Word stores it. */
  const docxParagraphs = async (body: Buffer) => {
    const xml = await (await JSZip.loadAsync(body)).file('word/document.xml')!.async('string');
    const paragraphs = xml.split(/<w:p[ >]/).map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
    const decode = (text: string) =>
      text.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&apos;', "'");
    return { xml, paragraphs: paragraphs.map(decode).filter(Boolean) };
  };

  it('gives the committee paper as a Word document in the shape of a council committee report, with every area, every action and a reason for each rating', async () => {
    const response = await t.http
      .get(`/api/inspections/${plan.inspection.id}/reports/scrutiny.docx`)
      .set(t.as('deputy_director'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="scrutiny-report-oxfordshire-county-council-2024-11-04.docx"',
    );
    const { xml, paragraphs } = await docxParagraphs(response.body as Buffer);
    const text = paragraphs.join('\n');

    // The fixed shape of a committee paper, in order.
    const headings = [
      'Recommendation',
      'Executive summary',
      'Key judgements',
      'Progress by improvement area',
      'Overdue and at-risk actions',
      'Changes since the last review (Thursday 10 October 2024)',
      'Contact officer',
      'Annex 1: the action plan',
    ];
    const positions = headings.map((heading) => paragraphs.indexOf(heading));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(paragraphs.slice(0, 4)).toEqual([
      'Education and Young People Overview & Scrutiny Committee',
      'Scrutiny review of progress (review 2, due Thursday 10 April 2025)',
      'Ofsted inspection of Oxfordshire County Council children’s services: progress against the action plan',
      'Report by the Director of Children’s Services',
    ]);
    expect(text).toContain('1. The Education and Young People Overview & Scrutiny Committee is RECOMMENDED to:');
    // The areas' own ratings (which take in their measures) apart from the actions', so that neither reads as the other.
    expect(text).toContain(
      '4. The plan has 4 improvement areas (0 closed); of the 4 still open: 2 at risk, 1 off track and 1 overdue, each rated by its actions and its measures. Its 9 actions, as of Monday 4 November 2024: 1 complete, 1 awaiting sign-off, 1 on track, 3 at risk, 1 off track, 1 overdue and 1 cancelled.',
    );
    // A plan frozen before the paper had editions is written as it was then: its review's paper is still the same file.
    const { paperEdition, ...firstEdition } = await t.dataSource.transaction((manager) =>
      t.app.get(PlanModelService).current(manager, plan.inspection.id),
    );
    expect(paperEdition).toBe(PAPER_EDITION);
    expect(committeePaper(firstEdition).blocks).toContainEqual(
      expect.objectContaining({
        text: 'The plan has 4 improvement areas (0 closed) and 9 actions. As of Monday 4 November 2024: 1 complete, 1 awaiting sign-off, 1 on track, 3 at risk, 1 off track, 1 overdue and 1 cancelled.',
      }),
    );
    // Nothing recorded since the last review: from edition 3 the paper says so once, where it compares the plan with that review's.
    const nothingSince = {
      ...firstEdition,
      changes: [],
      sinceLastReview: {
        meetingOn: '2024-10-01',
        takenOn: '2024-10-01',
        changes: { better: [], worse: [], newlyOverdue: [], completed: [], dueDatesMoved: [], added: [], cancelled: [] },
      },
    };
    const said = (edition: number | undefined) =>
      committeePaper({ ...nothingSince, paperEdition: edition })
        .blocks.flatMap((block) => ('text' in block ? [block.text] : []))
        .filter((line) => /^(Nothing has changed|No action has changed)/.test(line));
    expect(said(3)).toEqual([
      'No action has changed its rating, due date or state compared with the plan as it stood at the review of 1 October 2024, and none has been added.',
    ]);
    expect(said(2)).toHaveLength(2);
    expect(said(undefined)).toHaveLength(2);
    // From edition 4 the annex gives its columns widths by what they hold; a paper frozen before keeps equal ones.
    const annexWidths = (edition: number) =>
      committeePaper({ ...firstEdition, paperEdition: edition }).blocks.find(
        (block) => block.kind === 'table' && block.headers[0] === 'Ref' && block.headers.includes('Success measure'),
      );
    expect(annexWidths(4)).toMatchObject({ widths: [6, 15, 14, 13, 14, 14, 12, 12] });
    expect(annexWidths(3)).not.toHaveProperty('widths');
    // From edition 6 the exceptions follow the table of overdue and at-risk actions rather than repeat its RAG and date,
    // and take in the off-track ones it lists; a paper frozen before keeps its own exceptions.
    const exceptionsOf = (edition: number) => {
      const blocks = committeePaper({ ...firstEdition, paperEdition: edition }).blocks;
      const from = blocks.findIndex((block) => block.kind === 'heading' && block.text === 'Exceptions');
      return blocks.slice(from + 1).find((block) => block.kind === 'table');
    };
    expect(exceptionsOf(6)).toMatchObject({ headers: ['Ref', 'Action', 'Latest progress update', 'Mitigation', 'Revised date'] });
    expect(exceptionsOf(5)).toMatchObject({
      headers: ['Ref', 'Action', 'RAG', 'Due', 'Latest progress update', 'Mitigation', 'Revised date'],
    });
    const slippingOf = (edition: number) => {
      const table = exceptionsOf(edition);
      return table && table.kind === 'table' ? table.rows.map((row) => row[0]) : [];
    };
    expect(slippingOf(6).length).toBeGreaterThan(slippingOf(5).length);
    // From edition 7 a plan not yet sent to Ofsted is not compared with its submission, nor are its areas put to the
    // committee to close; a paper frozen before keeps both.
    const unsent = { ...firstEdition, plan: { ...firstEdition.plan, submittedOn: null }, lastReview: null };
    const unsentLines = (edition: number) =>
      committeePaper({ ...unsent, paperEdition: edition }).blocks.flatMap((block) =>
        block.kind === 'list' ? block.items : 'text' in block ? [block.text] : [],
      );
    expect(unsentLines(7)).not.toContain('Changes since the plan was submitted');
    expect(unsentLines(7)).toContain(
      '(a) note progress on the action plan, not yet sent to Ofsted, after Ofsted’s inspection of February 2024.',
    );
    expect(unsentLines(7).filter((line) => line.startsWith('(b)'))).toEqual([]);
    expect(unsentLines(6)).toContain('Changes since the plan was submitted');
    expect(unsentLines(6).filter((line) => line.startsWith('(b)'))).toHaveLength(1);
    // From edition 8 the committee's decision offers assurance on an area's progress while its work goes on.
    const decision = (edition: number) =>
      committeePaper({ ...firstEdition, paperEdition: edition })
        .blocks.flatMap((block) => (block.kind === 'list' ? block.items : []))
        .find((line) => line.startsWith('(b)'));
    expect(decision(8)).toContain(
      'assured that the area can close, assured on its progress while its work goes on, needs further assurance',
    );
    expect(decision(7)).toContain('assured that the area can close, needs further assurance, or should be escalated.');
    // From edition 9 a review the clerk set for the committee's meeting is that meeting, not due by its day.
    const atTheMeeting = { ...firstEdition, nextReview: { ...firstEdition.nextReview!, meetingSet: true } };
    const whenItMeets = (edition: number) => {
      const blocks = committeePaper({ ...atTheMeeting, paperEdition: edition }).blocks.flatMap((block) =>
        block.kind === 'title' ? block.lines : 'text' in block ? [block.text] : [],
      );
      return blocks.filter((line) => /review 2, |next review, /.test(line));
    };
    expect(whenItMeets(9)).toEqual([
      'Scrutiny review of progress (review 2, meeting on Thursday 10 April 2025)',
      expect.stringContaining('This paper is for its next review, at its meeting on Thursday 10 April 2025.'),
    ]);
    expect(whenItMeets(8)).toEqual([
      'Scrutiny review of progress (review 2, due Thursday 10 April 2025)',
      expect.stringContaining('This paper is for its next review, due by Thursday 10 April 2025.'),
    ]);
    // Before its first review, the paper says when the committee meets for it; a plan frozen before editions, when it was due.
    const firstOf = (edition: number | undefined) =>
      committeePaper({ ...atTheMeeting, lastReview: null, paperEdition: edition })
        .blocks.flatMap((block) => ('text' in block ? [block.text] : []))
        .find((line) => line.startsWith('This is the committee’s first review of the plan.'));
    expect(firstOf(9)).toBe('This is the committee’s first review of the plan. The committee meets for it on Thursday 10 April 2025.');
    expect(firstOf(undefined)).toBe('This is the committee’s first review of the plan. It is due by Thursday 10 April 2025.');
    expect(text).toContain(
      'The action plan was submitted to Ofsted on Wednesday 10 July 2024, within the statutory deadline of Thursday 18 July 2024.',
    );
    expect(text).toContain('Lucy Butler, lucy.butler@oxfordshire.gov.uk');

    // Every area and every action, each with the reason for its rating.
    const model = (await t.http.get(`/api/inspections/${plan.inspection.id}`).set(t.as('deputy_director')).expect(200)).body;
    for (const area of model.areas) {
      const view = (await t.http.get(`/api/areas/${area.id}`).set(t.as('deputy_director')).expect(200)).body;
      expect(paragraphs).toContain(view.title);
      expect(paragraphs).toContain(view.rating.reason);
      for (const action of view.actions) {
        expect(paragraphs).toContain(action.title);
        expect(paragraphs).toContain(action.rating.reason);
      }
    }
    // What slipped, with owners; what the committee said last time; what changed since.
    const slipping = paragraphs.slice(
      paragraphs.indexOf('Overdue and at-risk actions'),
      paragraphs.indexOf('Changes since the last review (Thursday 10 October 2024)'),
    );
    expect(slipping).toEqual(
      expect.arrayContaining([
        '1.3',
        'Audit 40 pre-proceedings cases',
        'Ann Auditor',
        '25 October 2024',
        'Overdue',
        '4.2',
        'Off track',
        'Its owner rated it red: The speech and language provider withdrew.',
      ]),
    );
    expect(slipping).not.toContain('1.1');
    expect(text).toContain('How will the panel show that risk is analysed together?');
    expect(text).toContain(`Monday 21 October 2024: Action 2.2 due date moved from 31 January 2025 to 28 February 2025: ${MOVED_BECAUSE}`);
    expect(text).toContain('Monday 21 October 2024: Action 3.2 cancelled: Replaced by the apprenticeships offer.');
    // Printed on A4, the annex on a page of its own, RAG cells coloured.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toContain('<w:pageBreakBefore/>');
    expect(xml).toContain('w:fill="D4351C"');
  });

  it('gives the same paper as printable HTML: A4, page breaks, nothing to click', async () => {
    const response = await t.http
      .get(`/api/inspections/${plan.inspection.id}/reports/scrutiny.html`)
      .set(t.as('deputy_director'))
      .expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = response.text;
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('<h2 class="new-page">Annex 1: the action plan</h2>');
    expect(html).not.toMatch(/<(script|nav|a|link)[ >]/);
    expect(html).toContain('<td class="rag" style="background:#D4351C;color:#ffffff">Overdue</td>');
    expect(html).toContain('Education and Young People Overview &amp; Scrutiny Committee');
    expect(html).toContain('Due 25 October 2024: 6 working days overdue, 0% done.');
  });

  it('keeps a title that looks like a formula as text in the CSV', async () => {
    const s = scenario(t);
    const inspection = await s.inspection({ authority: 'Formula Borough Council' });
    const area = await s.area(inspection.id, '=HYPERLINK("http://example.com","Click")');
    await s.action(area.id, { title: '@SUM(A1:A9)' });
    const lines = (await t.http.get(`/api/inspections/${inspection.id}/plan.csv`).set(t.as('deputy_director')).expect(200)).text.split(
      '\r\n',
    );
    expect(lines[1]).toMatch(/^1\.1,"1\. =HYPERLINK\(""http:\/\/example\.com"",""Click""\)",'@SUM\(A1:A9\),/);
  });

  it("uses a person's name as corrected, though nothing in the plan changed since it was last read", async () => {
    const s = scenario(t);
    const inspection = await s.inspection({ authority: 'Renamed Borough Council' });
    const area = await s.area(inspection.id);
    const person = await t.http
      .post('/api/users')
      .set(t.as('admin'))
      .send({ name: 'Sam Smyth', email: 'sam.smyth@renamed.gov.uk', role: 'action_owner', password: 'a long first password 1' })
      .expect(201);
    await s.action(area.id, { owner: { name: 'Sam Smyth', email: 'sam.smyth@renamed.gov.uk' } });
    const csv = () => t.http.get(`/api/inspections/${inspection.id}/plan.csv`).set(t.as('deputy_director')).expect(200);
    expect((await csv()).text).toContain(',Sam Smyth,');
    await t.http.patch(`/api/users/${person.body.id}`).set(t.as('admin')).send({ name: 'Sam Smith' }).expect(200);
    const corrected = (await csv()).text;
    expect(corrected).toContain(',Sam Smith,');
    expect(corrected).not.toContain('Smyth');
  });

  it('answers 404 for an unknown plan, as JSON', async () => {
    await t.http.get('/api/inspections/00000000-0000-4000-8000-000000000000/plan.xlsx').set(t.as('deputy_director')).expect(404);
    const html = await t.http
      .get('/api/inspections/00000000-0000-4000-8000-000000000000/reports/scrutiny.html')
      .set(t.as('deputy_director'))
      .expect(404);
    expect(html.headers['content-type']).toMatch(/^application\/json/);
    expect(html.body.message).toBe('No inspection with id 00000000-0000-4000-8000-000000000000.');
  });
});
