import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { CommitteePaper, PaperBlock, PaperCell } from './committee-paper.js';
import { RAG_FILLS } from './plan-rows.js';

/** A4 in twentieths of a point, with 2 cm margins. */
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134;

/** The committee paper as a Word document, the form council committee papers are drafted and circulated in. */
export function paperDocx(paper: CommitteePaper): Promise<Buffer> {
  const document = new Document({
    title: paper.title,
    creator: 'Action plans',
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [
      {
        properties: { page: { size: A4, margin: { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children: paper.blocks.flatMap(block),
      },
    ],
  });
  return Packer.toBuffer(document);
}

function block(item: PaperBlock): Array<Paragraph | Table> {
  switch (item.kind) {
    case 'title':
      return item.lines.map(
        (line, index) =>
          new Paragraph({
            heading: index === 2 ? HeadingLevel.TITLE : undefined,
            spacing: { after: 120 },
            children: [new TextRun({ text: line, bold: true })],
          }),
      );
    case 'heading':
      return [
        new Paragraph({
          heading: HeadingLevel.HEADING_1,
          pageBreakBefore: item.newPage,
          keepNext: true,
          spacing: { before: 240, after: 120 },
          children: [new TextRun(item.text)],
        }),
      ];
    case 'paragraph':
      return [
        new Paragraph({ spacing: { after: 120 }, children: [new TextRun(item.number ? `${item.number}. ${item.text}` : item.text)] }),
      ];
    case 'list':
      return item.items.map((text) => new Paragraph({ indent: { left: 567 }, spacing: { after: 80 }, children: [new TextRun(text)] }));
    case 'table':
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({
              tableHeader: true,
              cantSplit: true,
              children: item.headers.map((header) => cell(header, { bold: true, fill: 'DDDDDD' })),
            }),
            ...item.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((value) => cell(value)) })),
          ],
        }),
        new Paragraph({ children: [] }),
      ];
  }
}

function cell(value: PaperCell, style: { bold?: boolean; fill?: string } = {}): TableCell {
  const rag = typeof value === 'string' ? null : value;
  const fill = rag ? RAG_FILLS[rag.colour] : style.fill;
  const text = typeof value === 'string' ? value : value.text;
  return new TableCell({
    shading: fill ? { fill, type: ShadingType.CLEAR, color: 'auto' } : undefined,
    children: [
      new Paragraph({
        children: [
          new TextRun({
            text,
            bold: style.bold || rag !== null,
            size: 18,
            color: rag && fill && rag.colour !== 'grey' ? 'FFFFFF' : undefined,
          }),
        ],
      }),
    ],
  });
}
