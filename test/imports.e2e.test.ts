import { AuditEvent } from '../src/audit/audit-event.entity.js';
import { ReportImport } from '../src/imports/report-import.entity.js';
import { MAX_REPORT_BYTES } from '../src/imports/report-document.js';
import { Inspection } from '../src/inspections/inspection.entity.js';
import { drivers } from './support/databases.js';
import { fixture, oxfordshireAreas, oxfordshireJudgements, oxfordshirePdf, scannedPdf } from './support/reports.js';
import { createTestApp, PEOPLE, type TestApp } from './support/test-app.js';

const oxfordshireText = fixture('ofsted-ilacs-oxfordshire-2024.md').toString('utf8');

/** What the council checks in the preview, then fills in: the report does not say when it was published. */
const corrections = { authority: 'Oxfordshire County Council', publishedOn: '2024-04-09' };

describe.each(drivers)('importing an Ofsted report on %s', (driver) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t.close());

  const uploadFile = (app: TestApp, bytes: Buffer, filename: string, contentType?: string) =>
    app.http.post('/api/imports').set(app.as('deputy_director')).attach('file', bytes, { filename, contentType });
  const sendText = (app: TestApp, text: string, contentType = 'text/markdown') =>
    app.http.post('/api/imports').set(app.as('deputy_director')).set('Content-Type', contentType).send(text);
  const commit = (app: TestApp, id: string, body: object = corrections) =>
    app.http.post(`/api/imports/${id}/commit`).set(app.as('deputy_director')).send(body);
  const written = async () => ({
    inspections: await t.dataSource.getRepository(Inspection).count(),
    imports: await t.dataSource.getRepository(ReportImport).count(),
    audit: await t.dataSource.getRepository(AuditEvent).count(),
  });

  it.each(['PDF', 'text'])(
    'turns the Oxfordshire 2024 report, uploaded as %s, into an inspection with four draft areas due 18 July 2024',
    async (kind) => {
      // A database of its own: the same report may be imported only once.
      const fresh = await createTestApp(driver);
      try {
        const sent =
          kind === 'PDF'
            ? await uploadFile(fresh, await oxfordshirePdf(), 'oxfordshire-2024.pdf', 'application/pdf')
            : await sendText(fresh, oxfordshireText);
        expect(sent.status).toBe(201);
        const preview = sent.body;
        expect(preview).toEqual({
          id: expect.any(String),
          status: 'previewed',
          fileName: kind === 'PDF' ? 'oxfordshire-2024.pdf' : null,
          format: kind === 'PDF' ? 'pdf' : 'markdown',
          framework: 'ILACS',
          authority: 'Oxfordshire',
          startedOn: '2024-02-12',
          endedOn: '2024-02-23',
          publishedOn: null,
          leadInspector: 'Nicki Shaw',
          priorityAction: false,
          overallEffectiveness: 'good',
          judgements: oxfordshireJudgements,
          improvementAreas: oxfordshireAreas.map((title) => ({ title, timeframe: null })),
          warnings: [expect.stringMatching(/does not say when it was published/)],
          inspectionId: null,
          createdAt: '2024-04-15T09:00:00.000Z',
        });
        // A preview creates no inspection.
        expect((await fresh.http.get('/api/inspections').set(fresh.as('deputy_director')).expect(200)).body).toEqual([]);

        const committed = await commit(fresh, preview.id).expect(201);
        expect(committed.body).toMatchObject({
          authority: 'Oxfordshire County Council',
          framework: 'ILACS',
          startedOn: '2024-02-12',
          endedOn: '2024-02-23',
          leadInspector: 'Nicki Shaw',
          publishedOn: '2024-04-09',
          receivedOn: '2024-04-09',
          actionPlanDueOn: '2024-07-18',
          overallEffectiveness: { grade: 'good', label: 'Good' },
          plan: { state: 'draft' },
        });
        expect(committed.body.judgements).toHaveLength(5);
        expect(committed.body.judgements.every((judgement: { grade: string }) => judgement.grade === 'good')).toBe(true);
        expect(committed.body.areas).toEqual(
          oxfordshireAreas.map((title, index) => ({
            id: expect.any(String),
            reference: String(index + 1),
            title,
            timeframe: null,
            dueOn: null,
            state: 'draft',
            // Nobody is named to lead an area by the report: the plan's page asks for each.
            leadOfficer: null,
          })),
        );

        const audit = await fresh.dataSource
          .getRepository(AuditEvent)
          .find({ where: { inspectionId: committed.body.id }, order: { id: 'ASC' } });
        expect(audit.map((entry) => [entry.entityType, entry.event, entry.actorEmail])).toEqual([
          ['inspection', 'CREATED', PEOPLE.deputy_director.email],
          ...oxfordshireAreas.map(() => ['improvement_area', 'CREATED', PEOPLE.deputy_director.email]),
          ['inspection', 'IMPORTED', PEOPLE.deputy_director.email],
        ]);
        expect(audit.at(-1)!.details).toEqual({ importId: preview.id, fileName: kind === 'PDF' ? 'oxfordshire-2024.pdf' : null, areas: 4 });
        const record = await fresh.http.get(`/api/imports/${preview.id}`).set(fresh.as('deputy_director')).expect(200);
        expect(record.body).toMatchObject({ status: 'committed', inspectionId: committed.body.id });
      } finally {
        await fresh.close();
      }
    },
  );

  it('refuses the same report a second time, as text or as PDF, and says where the first import went', async () => {
    const first = await sendText(t, oxfordshireText).expect(201);
    const racing = await sendText(t, oxfordshireText, 'text/plain').expect(201);
    const inspection = (await commit(t, first.body.id).expect(201)).body as { id: string };
    const before = await written();

    const again = await uploadFile(t, await oxfordshirePdf(), 'oxfordshire.pdf').expect(409);
    expect(again.body.message).toBe(
      'This report has already been imported, on 15 April 2024, as the inspection of Oxfordshire County Council published on 9 April 2024. Open that inspection rather than importing the report again.',
    );
    const previewedEarlier = await commit(t, racing.body.id).expect(409);
    expect(previewedEarlier.body.message).toMatch(
      /already been imported, on 15 April 2024, as the inspection of Oxfordshire County Council/,
    );
    const twice = await commit(t, first.body.id).expect(409);
    expect(twice.body.message).toBe(
      'This import has already been committed, as the inspection of Oxfordshire County Council published on 9 April 2024.',
    );
    // Each refusal gives an API client the inspection to open, as the page links to it.
    expect([again, previewedEarlier, twice].map((answer) => answer.body.inspectionId)).toEqual(Array(3).fill(inspection.id));
    expect(await written()).toEqual(before);
  });

  it('commits one of two simultaneous commits of a report, and refuses the other', async () => {
    const report = fixture('ofsted-sif-westshire-2014.txt').toString('utf8');
    const one = await sendText(t, report, 'text/plain').expect(201);
    const other = await sendText(t, report, 'text/plain').expect(201);
    const answers = await Promise.all([commit(t, one.body.id, {}), commit(t, other.body.id, {})]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(answers.find((answer) => answer.status === 409)!.body.message).toMatch(/already been imported/);
    expect(await t.dataSource.getRepository(Inspection).countBy({ publishedOn: '2014-05-12' })).toBe(1);
  });

  it('keeps the timeframe of each recommendation of a 2011 report, graded on its own scale', async () => {
    const preview = await uploadFile(t, fixture('ofsted-slac-eastshire-2011.txt'), 'eastshire-2011.txt', 'text/plain').expect(201);
    expect(preview.body).toMatchObject({
      framework: 'SLAC_2011',
      authority: 'Eastshire County Council',
      publishedOn: '2011-02-25',
      warnings: [],
    });
    const inspection = (await commit(t, preview.body.id, {}).expect(201)).body;
    expect(inspection).toMatchObject({ framework: 'SLAC_2011', publishedOn: '2011-02-25', actionPlanDueOn: expect.any(String) });
    expect(inspection.judgements[0]).toEqual({
      area: 'Safeguarding services: Overall effectiveness',
      grade: 'adequate',
      label: 'Adequate',
    });
    expect(inspection.areas.map((area: { timeframe: string; dueOn: string }) => `${area.timeframe}: ${area.dueOn}`)).toEqual([
      'Immediately: 2011-02-25',
      'Within three months: 2011-05-25',
      'Within three months: 2011-05-25',
      'Within six months: 2011-08-25',
      'Within three months: 2011-05-25',
      'Within six months: 2011-08-25',
    ]);
  });

  it('applies the user’s corrections, checked field by field, and writes nothing while they are wrong', async () => {
    const html = fixture('ofsted-ilacs-northshire-2019.html');
    const preview = (await uploadFile(t, html, 'northshire.html', 'text/html').expect(201)).body;
    const before = await written();

    const undated = await commit(t, preview.id, {}).expect(400);
    expect(undated.body.fields).toEqual({
      publishedOn: ['Enter the date the report was published: the report does not say'],
    });
    const wrong = await commit(t, preview.id, {
      publishedOn: '2019-03-11',
      judgements: [{ area: 'Overall effectiveness', grade: 'adequate' }],
      improvementAreas: [{ title: '' }],
    }).expect(400);
    expect(wrong.body.fields).toEqual({ 'improvementAreas.0.title': ['Enter the title for improvement area 1'] });
    const grade = await commit(t, preview.id, {
      publishedOn: '2019-03-11',
      judgements: [{ area: 'Overall effectiveness', grade: 'adequate' }],
    }).expect(400);
    expect(grade.body.fields).toEqual({
      'judgements.0.grade': ['Select a grade on the ILACS scale'],
    });
    expect(await written()).toEqual(before);

    const lead = { name: 'Lee Lead', email: 'lee.lead@northshire.gov.uk' };
    const planLead = { name: 'Pat Planlead', email: 'pat.planlead@northshire.gov.uk' };
    const scrutinyClerk = { name: 'Chris Clerk', email: 'chris.clerk@northshire.gov.uk' };
    const scrutinyCommittee = 'Children’s Services Scrutiny Committee';
    const inspection = (
      await commit(t, preview.id, {
        publishedOn: '2019-03-11',
        receivedOn: '2019-03-08',
        planLead,
        scrutinyCommittee,
        scrutinyClerk,
        improvementAreas: [
          { title: 'The consistency of management oversight and supervision.', timeframe: 'Within six months', leadOfficer: lead },
        ],
      }).expect(201)
    ).body;
    expect(inspection).toMatchObject({
      authority: 'Northshire',
      receivedOn: '2019-03-08',
      overallEffectiveness: { grade: 'requires_improvement' },
      planLead,
      scrutinyCommittee,
      scrutinyClerk,
    });
    expect(inspection.areas).toEqual([
      expect.objectContaining({ title: 'The consistency of management oversight and supervision.', timeframe: 'Within six months' }),
    ]);
    const area = await t.http.get(`/api/areas/${inspection.areas[0].id}`).set(t.as('deputy_director')).expect(200);
    expect(area.body.leadOfficer).toEqual(lead);
  });

  it('gives a clear 4xx for what it cannot use, writes nothing, and keeps serving', async () => {
    const before = await written();
    const refusals: Array<[Promise<{ status: number; body: { message: string; fields?: Record<string, string[]> } }>, number, RegExp]> = [
      [uploadFile(t, Buffer.alloc(0), 'empty.pdf'), 400, /empty/],
      [sendText(t, '', 'text/plain'), 400, /empty/],
      [t.http.post('/api/imports').set(t.as('deputy_director')).field('note', 'no file'), 400, /form field "file"/],
      [
        uploadFile(t, fixture('not-reports/committee-cover-report-2024.txt'), 'cover-report.txt'),
        422,
        /does not read as the report itself/,
      ],
      [sendText(t, 'Shopping list: eggs, milk, bread.', 'text/plain'), 422, /does not look like an Ofsted inspection report/],
      [uploadFile(t, await scannedPdf(), 'scan.pdf', 'application/pdf'), 422, /no text in it, only images/],
      [uploadFile(t, (await oxfordshirePdf()).subarray(0, 2000), 'truncated.pdf'), 422, /could not be read/],
      [
        uploadFile(t, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'photo.png', 'image/png'),
        415,
        /not a file the import can read/,
      ],
      [uploadFile(t, Buffer.alloc(MAX_REPORT_BYTES + 1, 'a'), 'huge.txt'), 413, /larger than the 10 MB/],
      [sendText(t, 'a'.repeat(MAX_REPORT_BYTES + 1), 'text/plain'), 413, /larger than the 10 MB/],
      [t.http.post('/api/imports').set(t.as('deputy_director')).send({ text: oxfordshireText }), 415, /form field "file".*text\/plain/],
      [t.http.post('/api/imports').attach('file', Buffer.from(oxfordshireText), 'report.md'), 401, /sign in|token/i],
      // A text body is not even read before the caller is signed in.
      [t.http.post('/api/imports').set('Content-Type', 'text/plain').send(oxfordshireText), 401, /sign in|token/i],
      // Only the upload route takes other bodies: the commit is JSON, like the rest of the API.
      [
        t.http
          .post('/api/imports/4b7c7a3e-9f51-4a36-9d55-9b1d5b0f3f0e/commit')
          .set(t.as('deputy_director'))
          .set('Content-Type', 'text/plain')
          .send('{}'),
        415,
        /application\/json/,
      ],
    ];
    for (const [sent, status, message] of refusals) {
      const answer = await sent;
      expect([answer.status, answer.body.fields ? Object.values(answer.body.fields).flat().join(' ') : answer.body.message]).toEqual([
        status,
        expect.stringMatching(message),
      ]);
    }
    await t.http.post('/api/imports/4b7c7a3e-9f51-4a36-9d55-9b1d5b0f3f0e/commit').set(t.as('deputy_director')).send({}).expect(404);
    expect(await written()).toEqual(before);
    await t.http.get('/health').expect(200);
  });

  it('is described in the OpenAPI document', async () => {
    const docs = await t.http.get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/imports', '/api/imports/{id}', '/api/imports/{id}/commit']));
  });
});
