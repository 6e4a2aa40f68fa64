import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { In } from 'typeorm';
import { ChartDrawingRow } from '../src/charts/chart-drawing.entity.js';
import { ChartsDrawnAhead } from '../src/charts/charts-drawn-ahead.js';
import { chartKey, measureCharts, planCharts } from '../src/charts/progress-charts.js';
import { TokensService } from '../src/auth/tokens.service.js';
import { UnitOfWork } from '../src/database/unit-of-work.js';
import { PlanModelService } from '../src/reports/plan-model.service.js';
import { scrutinyDocx, scrutinyHtml } from '../src/worker-pool/tasks.worker.js';
import { drivers } from './support/databases.js';
import { scenario } from './support/scenario.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { binary } from './support/binary.js';

/** Children seen within 5 working days of a strategy discussion: 55% in September 2024, 85% by September 2025. */
const seenOnTime = {
  name: 'Children seen within 5 working days of a strategy discussion',
  definition: 'Of the strategy discussions held in the month, the share whose child was seen within 5 working days.',
  unit: 'percent',
  direction: 'higher',
  baseline: { value: 55, on: '2024-09-30' },
  target: { value: 85, on: '2025-09-30' },
  milestones: [],
  dataSource: 'Liquidlogic, monthly performance report',
  owner: { name: 'Sam Patel', email: 'sam.patel@oxfordshire.gov.uk' },
  frequency: 'monthly',
};

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

/** A Word paper's pictures, each in base64. */
async function mediaOf(file: Uint8Array): Promise<string[]> {
  const zip = await JSZip.loadAsync(file);
  return Promise.all(
    Object.keys(zip.files)
      .filter((name) => name.startsWith('word/media/'))
      .map((name) => zip.file(name)!.async('base64')),
  );
}

interface DrawnChart {
  id: string;
  title: string;
  summary: string;
  table: { headers: string[]; rows: string[][] };
  svg: string;
}

describe.each(drivers)('progress over time on %s', (driver) => {
  let t: TestApp;
  let s: ReturnType<typeof scenario>;

  beforeAll(async () => {
    t = await createTestApp(driver, { now: '2024-07-01T09:00:00Z' });
    s = scenario(t);
  });
  afterAll(() => t.close());

  const get = (path: string) => t.http.get(path).set(t.as('viewer')).expect(200);
  const file = async (path: string) => (await t.http.get(path).set(t.as('viewer')).buffer(true).parse(binary).expect(200)).body as Buffer;

  /**
   * A plan submitted in July 2024 with two areas: one action done in November, one overdue from
   * January; a measure with six months of figures, behind its trajectory; a snapshot at the end of
   * each month from October to February.
   */
  const planWithHistory = async () => {
    const inspection = await s.inspection({ scrutinyCommittee: 'Education and Young People Overview & Scrutiny Committee' });
    const frontDoor = await s.area(inspection.id, 'Strategy discussions at the front door');
    const leavers = await s.area(inspection.id, 'Care leavers in education, employment or training');
    const audit = await s.action(frontDoor.id, { title: 'Audit strategy discussions', dueOn: '2024-11-29' });
    await s.action(leavers.id, { title: 'Launch the care leavers jobs offer', dueOn: '2025-01-31' });
    await s.action(leavers.id, { title: 'Report destinations to the corporate parenting panel', dueOn: '2025-09-30' });
    await scenario(t, 'director').event('inspections', inspection.id, 'APPROVE', 1);
    t.clock.set('2024-07-10T09:00:00Z');
    await scenario(t, 'director').event('inspections', inspection.id, 'SUBMIT', 2);
    await s.event('areas', frontDoor.id, 'START_DELIVERY', 2);
    await s.event('areas', leavers.id, 'START_DELIVERY', 2);
    const measure = await s.post(`/api/areas/${frontDoor.id}/measures`, seenOnTime);

    const figures: Array<[string, number]> = [
      ['2024-10', 56],
      ['2024-11', 58],
      ['2024-12', 57],
      ['2025-01', 60],
      ['2025-02', 59],
      ['2025-03', 61],
    ];
    for (const [month, day] of [
      ['2024-10', 31],
      ['2024-11', 29],
      ['2024-12', 31],
      ['2025-01', 31],
      ['2025-02', 28],
    ] as const) {
      t.clock.set(`${month}-${day}T12:00:00Z`);
      if (month === '2024-11') {
        await s.event('actions', audit.id, 'START', 1);
        await s.event('actions', audit.id, 'COMPLETE', 2);
      }
      await s.post(`/api/inspections/${inspection.id}/snapshots`, {});
    }
    t.clock.set('2025-04-22T09:00:00Z');
    for (const [period, value] of figures) await s.post(`/api/measures/${measure.id}/values`, { period, value });
    return { inspection, frontDoor, leavers, measure };
  };

  it('draws the ratings month by month, the burn-up, overdue actions and each measure against its trajectory, the same in the page, the API, the papers and the spreadsheet', async () => {
    const { inspection, frontDoor, measure } = await planWithHistory();
    const progress = (await get(`/api/inspections/${inspection.id}/progress`)).body as {
      charts: DrawnChart[];
      areas: Array<{ reference: string; rating: { status: string; reason: string }; measures: DrawnChart[] }>;
    };
    const [ratings, burnUp, overdue] = progress.charts;
    expect(progress.charts.map((chart) => chart.id)).toEqual(['ratings-by-month', 'burn-up', 'overdue-over-time']);

    // One row a month: each month-end snapshot, then the plan as it stands now (April 2025; March had no snapshot).
    expect(ratings.table.rows.map((row) => row[0])).toEqual([
      'October 2024',
      'November 2024',
      'December 2024',
      'January 2025',
      'February 2025',
      'April 2025',
    ]);
    expect(ratings.table.headers).toEqual(expect.arrayContaining(['Month', 'Complete', 'On track', 'Overdue']));
    const column = (chart: DrawnChart, header: string) => chart.table.rows.map((row) => row[chart.table.headers.indexOf(header)]);
    expect(column(ratings, 'Complete')).toEqual(['0', '1', '1', '1', '1', '1']);
    expect(column(ratings, 'Overdue')).toEqual(['0', '0', '0', '0', '1', '1']);
    expect(overdue.table.rows).toEqual(
      ratings.table.rows.map((row) => [row[0], column(ratings, 'Overdue')[ratings.table.rows.indexOf(row)]]),
    );
    expect(overdue.summary).toBe('1 action is overdue in April 2025; the most was 1, in February 2025.');

    // Due against completed, month by month from the report's publication to the last due date.
    const month = (chart: DrawnChart, name: string) => chart.table.rows.find((row) => row[0] === name)!;
    expect(month(burnUp, 'October 2024')).toEqual(['October 2024', '0', '0']);
    expect(month(burnUp, 'November 2024')).toEqual(['November 2024', '1', '1']);
    expect(month(burnUp, 'January 2025')).toEqual(['January 2025', '2', '1']);
    expect(month(burnUp, 'September 2025')).toEqual(['September 2025', '3', '']);
    // April is under way: what is done so far, and what is due by its end.
    expect(burnUp.summary).toBe('So far in April 2025, 1 action has been completed, and 2 are due by its end; 3 are due in all.');

    // The measure: its figures, its rating and why, and the area's rating reads it.
    const [front] = progress.areas;
    const [measureChart] = front.measures;
    const rated = (await get(`/api/measures/${measure.id}`)).body;
    expect(rated.rating.status).toBe('red');
    expect(measureChart.summary).toBe(`${rated.rating.label}: ${rated.rating.reason}`);
    expect(measureChart.table.rows.map((row) => row.slice(0, 2))).toEqual([
      ['Baseline, September 2024', '55%'],
      ['October 2024', '56%'],
      ['November 2024', '58%'],
      ['December 2024', '57%'],
      ['January 2025', '60%'],
      ['February 2025', '59%'],
      ['March 2025', '61%'],
      ['Target, September 2025', ''],
    ]);
    // Its one action is complete; its measure is not where it should be, so the area is not complete.
    expect(front.rating).toMatchObject({ status: 'off_track' });
    expect(front.rating.reason).toContain(`“${seenOnTime.name}” is behind trajectory: 61% against a trajectory of`);
    expect(front.rating.reason).toContain('By its actions alone: every action is complete.');
    // The area's own page and API give the same rating, from the same function.
    expect((await get(`/api/areas/${frontDoor.id}`)).body.rating).toEqual(front.rating);
    const area = (await get(`/api/inspections/${inspection.id}/snapshots`)).body;
    expect(area.length).toBe(5);

    // Every chart is an SVG named by its title and described by its summary; the overdue bars carry their figures.
    for (const chart of [...progress.charts, measureChart]) {
      expect(chart.svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="[^"]+-title [^"]+-desc"/);
      expect(chart.svg).toContain(`<title id="${chart.id}-title">${chart.title}</title>`);
      expect(chart.svg).toContain(`<desc id="${chart.id}-desc">`);
      expect(chart.svg.endsWith('</svg>')).toBe(true);
    }
    const barLabels = [...overdue.svg.matchAll(/<text[^>]*>(\d+)<\/text>/g)].map((match) => match[1]);
    expect(barLabels).toEqual(expect.arrayContaining(column(ratings, 'Overdue')));

    // The page shows the same charts, their summaries and figures.
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.viewer.id));
    const page = (await t.http.get(`/inspections/${inspection.id}/progress`).set('Cookie', `session=${token}`).expect(200)).text;
    for (const chart of [...progress.charts, measureChart]) {
      const image = `/inspections/${inspection.id}/progress/${chart.id}.svg`;
      expect(page).toContain(`src="${image}" alt="${escapeHtml(`${chart.title}. ${chart.summary}`)}"`);
      expect(page).toContain(`<p class="govuk-body">${escapeHtml(chart.summary)}</p>`);
      const drawing = await t.http.get(image).set('Cookie', `session=${token}`).buffer(true).parse(binary).expect(200);
      expect(drawing.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect((drawing.body as Buffer).toString('utf8')).toBe(chart.svg);
    }
    await t.http.get(`/inspections/${inspection.id}/progress/no-such-chart.svg`).set('Cookie', `session=${token}`).expect(404);
    expect(page).toContain('The figures in the chart: Actions by rating, month by month');

    // The live committee paper: charts drawn in the HTML, pictures with their alternative text in the DOCX.
    const html = (await get(`/api/inspections/${inspection.id}/reports/scrutiny.html`)).text;
    for (const chart of [...progress.charts, measureChart]) expect(html).toContain(chart.svg);
    expect(html).toContain('Measures of impact');
    // An open area with no measure is named: nothing in the paper shows whether things are better for children there.
    expect(html).toContain(
      'Area 2 has no measure of impact yet: no figure in this paper shows whether things are better for children there.',
    );
    const docx = await JSZip.loadAsync(await file(`/api/inspections/${inspection.id}/reports/scrutiny.docx`));
    const pictures = Object.keys(docx.files).filter((name) => name.startsWith('word/media/') && name.endsWith('.png'));
    expect(pictures).toHaveLength(4);
    const documentXml = await docx.file('word/document.xml')!.async('string');
    expect(documentXml).toContain(`title="${measureChart.title}"`);
    expect(documentXml).toContain('Better: 60% in January 2025, 59% in February 2025, 61% in March 2025');

    // What is kept between visits follows the plan: a figure entered now is in the next chart.
    await s.post(`/api/measures/${measure.id}/values`, { period: '2025-03', value: 75, note: 'Corrected', replace: true });
    const after = (await get(`/api/inspections/${inspection.id}/progress`)).body as typeof progress;
    expect(after.areas[0].measures[0].table.rows).toContainEqual(['March 2025', '75%', expect.any(String)]);
    await s.post(`/api/measures/${measure.id}/values`, { period: '2025-03', value: 61, note: 'As it was', replace: true });

    // The spreadsheet: a sheet of figures for each chart.
    const workbook = new ExcelJS.Workbook();
    const bytes = await file(`/api/inspections/${inspection.id}/plan.xlsx`);
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Action plan',
      'Ratings by month',
      'Completed against due',
      'Overdue over time',
      'Measure 1.1',
    ]);
    const sheetRows = (name: string) =>
      (workbook.getWorksheet(name)!.getSheetValues() as unknown[][])
        .slice(5)
        .map((row) => row.slice(1).map((cell) => (cell === undefined || cell === null ? '' : String(cell as string | number))));
    expect(sheetRows('Overdue over time')).toEqual(overdue.table.rows);
    expect(sheetRows('Measure 1.1')).toEqual(measureChart.table.rows);
  });

  it('says a plan with no actions yet has nothing to chart, rather than drawing months of nothing, and still charts its measures', async () => {
    const inspection = await s.inspection();
    const area = await s.area(inspection.id, 'Strategy discussions at the front door');
    await s.post(`/api/areas/${area.id}/measures`, seenOnTime);
    const progress = (await get(`/api/inspections/${inspection.id}/progress`)).body as {
      charts: DrawnChart[];
      areas: Array<{ measures: DrawnChart[] }>;
    };
    expect(progress.charts).toEqual([]);
    expect(progress.areas[0].measures.map((chart) => chart.title)).toEqual([expect.stringContaining(seenOnTime.name)]);
    const { token } = await t.dataSource.transaction((manager) => t.app.get(TokensService).issueSession(manager, t.users.viewer.id));
    const page = (await t.http.get(`/inspections/${inspection.id}/progress`).set('Cookie', `session=${token}`).expect(200)).text;
    expect(page).toContain('The plan has no actions yet.');
    expect([...page.matchAll(/progress\/([\w-]+)\.svg/g)].map((image) => image[1])).toEqual([progress.areas[0].measures[0].id]);

    // Its first action brings the plan's charts.
    await s.action(area.id, { title: 'Audit strategy discussions', dueOn: '2024-11-29' });
    const withAction = (await get(`/api/inspections/${inspection.id}/progress`)).body as { charts: DrawnChart[] };
    expect(withAction.charts.map((chart) => chart.id)).toEqual(['ratings-by-month', 'burn-up', 'overdue-over-time']);
  });

  it("uses a chart's drawing kept from an earlier paper rather than drawing it again, in Word and in HTML", async () => {
    const { inspection } = await planWithHistory();
    const model = await t.app.get(UnitOfWork).read((manager) => t.app.get(PlanModelService).load(manager, inspection.id));
    // The tasks as a worker runs them, in this process: what they are given and what they give back is the point.
    const first = await scrutinyDocx({ model, drawings: new Map() });
    if (!first.ok) throw new Error('The paper was refused');
    const drawn = [...first.value.drawn.values()];
    expect(drawn).toHaveLength(4);
    expect(first.value.shown).toEqual([...first.value.drawn.keys()]);
    for (const drawing of drawn) expect(drawing).toEqual({ svg: expect.stringMatching(/^<svg/), picture: expect.anything() });

    // The first chart's drawing stands in for another's: a paper that drew them again would show each its own.
    const [kept, other] = first.value.drawn.keys();
    const doctored = new Map(first.value.drawn);
    doctored.set(other, { svg: '<svg xmlns="http://www.w3.org/2000/svg" id="kept-drawing"/>', picture: doctored.get(kept)!.picture });
    const second = await scrutinyDocx({ model, drawings: doctored });
    if (!second.ok) throw new Error('The paper was refused');
    const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    expect(await mediaOf(first.value.file)).toContain(base64(first.value.drawn.get(other)!.picture!.png));
    expect(await mediaOf(second.value.file)).not.toContain(base64(first.value.drawn.get(other)!.picture!.png));
    // Nothing was drawn, so nothing travels back but the paper and what it showed.
    expect(second.value.drawn.size).toBe(0);
    expect(second.value.shown).toEqual(first.value.shown);

    const html = await scrutinyHtml({ model, drawings: doctored });
    if (!html.ok) throw new Error('The paper was refused');
    expect(html.value.file).toContain('id="kept-drawing"');
  });

  it('draws a chart once for every instance of the service and for the service after a restart, and lets go of drawings no longer shown', async () => {
    const { inspection } = await planWithHistory();
    const drawings = t.dataSource.getRepository(ChartDrawingRow);
    const rows = () => drawings.find({ order: { key: 'ASC' } });
    // Every plan of this file has the same figures, and so the same charts: this one starts with none drawn.
    await drawings.createQueryBuilder().delete().execute();
    const paperPath = `/api/inspections/${inspection.id}/reports/scrutiny.docx`;
    await file(paperPath);
    const april = await rows();
    expect(april).toHaveLength(4);
    for (const row of april)
      expect(row).toMatchObject({ svg: expect.stringMatching(/^<svg/), png: expect.any(String), usedOn: '2025-04-22' });

    // One chart's drawing stands in for another's: an instance that drew them again would show each its own.
    const [kept, other] = april;
    await drawings.update({ key: other.key }, { svg: '<svg xmlns="http://www.w3.org/2000/svg" id="kept-drawing"/>', png: kept.png });
    const second = await createTestApp(driver, { now: t.clock.now().toISOString(), sharing: t });
    try {
      const read = (path: string) => second.http.get(path).set(second.as('viewer')).expect(200);
      expect((await read(`/api/inspections/${inspection.id}/reports/scrutiny.html`)).text).toContain('id="kept-drawing"');
      expect(JSON.stringify((await read(`/api/inspections/${inspection.id}/progress`)).body)).toContain('id=\\"kept-drawing\\"');
      const media = await mediaOf((await read(paperPath).buffer(true).parse(binary)).body as Buffer);
      // Word keeps a picture shown twice once: the kept picture is there, the chart's own is not.
      expect({ kept: media.includes(kept.png!), own: media.includes(other.png!) }).toEqual({ kept: true, own: false });
    } finally {
      await second.close();
    }
    expect(await rows()).toEqual(
      april.map((row) => (row.key === other.key ? { ...row, svg: expect.stringContaining('kept-drawing'), png: kept.png } : row)),
    );

    // 91 days on, the month's charts are new: those drawn in April that no paper shows now are let go, the rest kept.
    t.clock.set('2025-07-22T09:00:00Z');
    await file(paperPath);
    const july = await rows();
    expect(july).toHaveLength(4);
    expect(july.map((row) => row.usedOn)).toEqual(Array(4).fill('2025-07-22'));
    expect(july.filter((row) => !april.some((old) => old.key === row.key)).length).toBeGreaterThan(0);
  });

  it('gives the paper and the page when the database refuses to keep their drawings, and keeps them once it takes them again', async () => {
    const { inspection } = await planWithHistory();
    const drawings = t.dataSource.getRepository(ChartDrawingRow);
    await drawings.createQueryBuilder().delete().execute();
    // The database itself refuses the writes, as a full disk or a read-only replica would.
    const refuse =
      driver === 'sqlite'
        ? [`CREATE TRIGGER refuse_drawings BEFORE INSERT ON chart_drawings BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`]
        : [
            `CREATE FUNCTION refuse_drawings() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$ LANGUAGE plpgsql`,
            'CREATE TRIGGER refuse_drawings BEFORE INSERT ON chart_drawings FOR EACH ROW EXECUTE FUNCTION refuse_drawings()',
          ];
    for (const statement of refuse) await t.dataSource.query(statement);
    // A second instance, so that nothing this file's own service kept in memory stands in for the database.
    const second = await createTestApp(driver, { now: t.clock.now().toISOString(), sharing: t });
    try {
      const read = (path: string) => second.http.get(path).set(second.as('viewer')).expect(200);
      const paper = (await read(`/api/inspections/${inspection.id}/reports/scrutiny.docx`).buffer(true).parse(binary)).body as Buffer;
      expect(await mediaOf(paper)).toHaveLength(4);
      const progress = (await read(`/api/inspections/${inspection.id}/progress`)).body as { charts: DrawnChart[] };
      expect(progress.charts.map((chart) => chart.svg)).toEqual(Array(3).fill(expect.stringMatching(/^<svg/)));
      expect(await drawings.count()).toBe(0);
    } finally {
      await second.close();
    }
    await t.dataSource.query(driver === 'sqlite' ? 'DROP TRIGGER refuse_drawings' : 'DROP FUNCTION refuse_drawings() CASCADE');
    // Once the database takes writes again, the next instance to draw them keeps them.
    await file(`/api/inspections/${inspection.id}/reports/scrutiny.docx`);
    expect(await drawings.count()).toBe(4);
  });

  it('draws a submitted plan’s charts ahead, with their pictures, and again only what a change has changed', async () => {
    const { inspection, measure } = await planWithHistory();
    const drawings = t.dataSource.getRepository(ChartDrawingRow);
    // Every plan of this file has the same figures, and so the same charts: none is drawn before this one's pass.
    await drawings.createQueryBuilder().delete().execute();
    const planKeys = async () => {
      const model = await t.app.get(UnitOfWork).read((manager) => t.app.get(PlanModelService).current(manager, inspection.id));
      return [...planCharts(model), ...measureCharts(model)].map(chartKey);
    };
    const pictured = async (keys: string[]) =>
      (await drawings.find({ where: { key: In(keys) } }))
        .filter((row) => row.png !== null)
        .map((row) => row.key)
        .sort();

    // The first pass draws every submitted plan's charts: this file's earlier plans too.
    const ahead = t.app.get(ChartsDrawnAhead);
    expect(await ahead.draw()).toBeGreaterThanOrEqual(4);
    const before = await planKeys();
    expect(await pictured(before)).toEqual([...before].sort());
    // Nothing has changed: nothing is drawn, not even looked for.
    expect(await ahead.draw()).toBe(0);

    // March's figure corrected changes the measure's chart, and no other.
    await s.post(`/api/measures/${measure.id}/values`, { period: '2025-03', value: 63, replace: true });
    const after = await planKeys();
    const changed = after.filter((key) => !before.includes(key));
    expect(changed).toHaveLength(1);
    expect(await ahead.draw()).toBe(1);
    expect(await pictured(after)).toEqual([...after].sort());

    // A running service draws them by itself, every REMINDER_SWEEP_SECONDS.
    await drawings.createQueryBuilder().delete().execute();
    const running = await createTestApp(driver, { now: t.clock.now().toISOString(), sharing: t, env: { REMINDER_SWEEP_SECONDS: '1' } });
    try {
      const giveUpAt = Date.now() + 120_000;
      while ((await pictured(after)).length < after.length) {
        if (Date.now() > giveUpAt) throw new Error('The running service did not draw the plan’s charts within two minutes.');
        await new Promise((done) => setTimeout(done, 200));
      }
    } finally {
      await running.close();
    }
  });

  it('builds a submitted plan’s Word paper ahead, gives it to whoever asks, and builds it again once the plan changes', async () => {
    const { inspection, measure } = await planWithHistory();
    const paperPath = `/api/inspections/${inspection.id}/reports/scrutiny.docx`;
    const paper = async () => {
      const zip = await JSZip.loadAsync(await file(paperPath));
      const core = await zip.file('docProps/core.xml')!.async('string');
      const text = [...(await zip.file('word/document.xml')!.async('string')).matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]);
      return { builtAt: Date.parse(/<dcterms:created[^>]*>([^<]+)</.exec(core)![1]), text: text.join('|') };
    };
    await t.app.get(ChartsDrawnAhead).draw();
    const builtBy = Date.now();
    const ahead = await paper();
    // Built before anyone asked: its time is that of the pass, not of the asking.
    expect(ahead.builtAt).toBeLessThanOrEqual(builtBy);
    expect(ahead.text).toContain(measure.name);
    expect(ahead.text).toContain('March 2025|61%');

    // March's figure corrected changes the plan: the next paper is built then, with it.
    await s.post(`/api/measures/${measure.id}/values`, { period: '2025-03', value: 63, replace: true });
    const asked = Date.now();
    const changed = await paper();
    expect(changed.builtAt).toBeGreaterThanOrEqual(asked);
    expect(changed.text).toContain('March 2025|63%');
    // And kept for the next person, while the plan stays as it is.
    expect(await paper()).toEqual(changed);
  });
});
