import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import PDFDocument from 'pdfkit';

export const fixture = (name: string): Buffer => readFileSync(resolve(import.meta.dirname, '../fixtures', name));

/** The four areas of the Oxfordshire report of 2024, word for word. */
export const oxfordshireAreas = [
  'The timeliness of actions when decisions have been made for children to escalate to the pre-proceedings arrangements of the Public Law Outline.',
  "Multi-agency arrangements within children's and adult services to promote information-sharing, analysis of risk and planning for care leavers who misuse drugs and alcohol, engage in criminal behaviours and are at risk of, or are, being exploited.",
  'The work, together with corporate leaders, to increase the range and take-up by care leavers of employment, education and training opportunities.',
  'The quality of direct work with disabled children who are in care.',
];

/** Its five judgements, all good. */
export const oxfordshireJudgements = [
  'The impact of leaders on social work practice with children and families',
  'The experiences and progress of children who need help and protection',
  'The experiences and progress of children in care',
  'The experiences and progress of care leavers',
  'Overall effectiveness',
].map((area) => ({ area, grade: 'good' }));

export const oxfordshirePdf = (): Promise<Buffer> =>
  reportPdf(fixture('ofsted-ilacs-oxfordshire-2024.md').toString('utf8'), "Inspection of Oxfordshire local authority children's services");

/** A report that opens only with a password. */
export function lockedPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ userPassword: 'secret', pdfVersion: '1.7' });
  doc.text('Inspection of Oxfordshire local authority children’s services');
  return collect(doc);
}

/** A page with a picture and no text layer, as a scanner makes. */
export function scannedPdf(): Promise<Buffer> {
  const doc = new PDFDocument();
  doc.rect(72, 72, 300, 400).fill('#777');
  return collect(doc);
}

/**
 * Typesets a report written in Markdown as Ofsted's PDFs are laid out: a running header and a page
 * number on every page, the judgements as a two-column table, bullets hanging, text wrapped to the
 * page. What pdf-parse gets back from it has the same troubles as a real report's text.
 */
export function reportPdf(markdown: string, runningHeader: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 80, bottom: 80, left: 72, right: 72 },
    bufferPages: true,
    info: { Title: runningHeader },
  });

  for (const raw of markdown.split('\n')) {
    const line = raw
      .replace(/<sup>(.*?)<\/sup>/g, '$1')
      .replace(/<\/?b>|\*\*/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<(https?:[^>]*)>/g, '$1')
      .trim();
    if (!line) {
      doc.moveDown(0.5);
    } else if (/^#{1,6} /.test(line)) {
      doc
        .moveDown(0.5)
        .font('Helvetica-Bold')
        .fontSize(line.startsWith('# ') ? 20 : 13)
        .text(line.replace(/^#+ /, ''))
        .font('Helvetica')
        .fontSize(11)
        .moveDown(0.3);
    } else if (raw.includes('\t')) {
      const [left, right] = line.split('\t');
      const y = doc.y;
      doc.text(left, 72, y, { width: 330 });
      const after = doc.y;
      doc.text(right, 430, y, { width: 90 });
      doc.x = 72;
      doc.y = Math.max(after, doc.y) + 4;
    } else if (line.startsWith('- ')) {
      const y = doc.y;
      doc.text('•', 80, y);
      doc.text(line.slice(2), 96, y, { width: 427 });
      doc.x = 72;
      doc.moveDown(0.3);
    } else {
      doc.text(line, 72, doc.y, { width: 451 }).moveDown(0.3);
    }
  }

  // Headers and footers go on once the pages exist; the margins are lifted so that they do not start new pages.
  const range = doc.bufferedPageRange();
  for (let page = range.start; page < range.start + range.count; page += 1) {
    doc.switchToPage(page);
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    doc.fontSize(9).text(runningHeader, 72, 40, { width: 451, lineBreak: false });
    doc.text(String(page + 1), 72, doc.page.height - 50, { width: 451, align: 'center', lineBreak: false });
    doc.page.margins = margins;
  }
  return collect(doc);
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.end();
  return done;
}
