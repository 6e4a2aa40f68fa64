import JSZip from 'jszip';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { oxfordshirePlan } from './support/oxfordshire-plan.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { LONG_TASK_LIMIT_MS } from './support/test-clock.js';
import { binary } from './support/binary.js';

const run = promisify(execFile);
const soffice = await run('sh', ['-c', 'command -v soffice']).then(
  (found) => found.stdout.trim(),
  () => null,
);
if (!soffice) console.warn('LibreOffice (soffice) is not installed: the check that the documents open in it is skipped.');

/** "Done when" of the scrutiny issue: the paper and the spreadsheet open in LibreOffice and show everything. */
(soffice ? describe : describe.skip)('the documents in LibreOffice', () => {
  let t: TestApp;
  let folder: string;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    folder = mkdtempSync(join(tmpdir(), 'libreoffice-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(folder, { recursive: true, force: true });
  });

  // A profile of its own, so a LibreOffice already running elsewhere does not take the job.
  const convert = (to: string, file: string) =>
    run(
      soffice!,
      [`-env:UserInstallation=file://${folder}/profile`, '--headless', '--convert-to', to, '--outdir', folder, join(folder, file)],
      { timeout: 120_000 },
    );

  it(
    'converts the committee paper and the spreadsheet of the Oxfordshire plan to PDF, and reads every area, action and RAG reason in them',
    async () => {
      const { inspection, areas } = await oxfordshirePlan(t);
      const download = async (path: string, file: string) => {
        const response = await t.http
          .get(`/api/inspections/${inspection.id}/${path}`)
          .set(t.as('deputy_director'))
          .buffer(true)
          .parse(binary)
          .expect(200);
        writeFileSync(join(folder, file), response.body as Buffer);
      };
      await download('reports/scrutiny.docx', 'paper.docx');
      await download('plan.xlsx', 'plan.xlsx');

      for (const file of ['paper', 'plan']) {
        await convert('pdf', `${file}.${file === 'paper' ? 'docx' : 'xlsx'}`);
        expect(
          readFileSync(join(folder, `${file}.pdf`))
            .subarray(0, 5)
            .toString(),
        ).toBe('%PDF-');
      }
      // What LibreOffice read, as text: the paper's words, and the spreadsheet's cells.
      await convert('txt:Text (encoded):UTF8', 'paper.docx');
      await convert('csv:Text - txt - csv (StarCalc):44,34,76', 'plan.xlsx');
      const paper = readFileSync(join(folder, 'paper.txt'), 'utf8');
      const sheet = readFileSync(join(folder, 'plan.csv'), 'utf8');
      for (const { id } of areas) {
        const area = (await t.http.get(`/api/areas/${id}`).set(t.as('deputy_director')).expect(200)).body;
        expect(paper).toContain(area.title);
        expect(paper).toContain(area.rating.reason);
        expect(sheet).toContain(area.title);
        for (const action of area.actions) {
          for (const text of [action.title, action.rating.reason]) {
            expect(paper).toContain(text);
            expect(sheet).toContain(text);
          }
        }
      }
      // The paper's charts are pictures LibreOffice reads: converted to its own format, each is kept as an image.
      await convert('odt', 'paper.docx');
      const odt = await JSZip.loadAsync(readFileSync(join(folder, 'paper.odt')));
      const pictures = Object.keys(odt.files).filter((name) => name.startsWith('Pictures/') && name.endsWith('.png'));
      expect(pictures).toHaveLength(3);
      expect(paper).toContain('Actions completed against actions due');
      // Two conversions by LibreOffice: about 25 s on a quiet machine, more on a busy one. The limit only stops one that has hung.
    },
    LONG_TASK_LIMIT_MS,
  );
});
