import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  type IXmlableObject,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TextRun,
  XmlComponent,
} from 'docx';
import type { CommitteePaper, PaperBlock, PaperCell } from './committee-paper.js';
import { RAG_FILLS } from './plan-rows.js';

/** A4 in twentieths of a point, with 2 cm margins. */
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134;
export const PAGE = { size: A4, margin: { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN } };

const CREATOR = 'Action plans';

/**
 * The committee paper as a Word document, the form council committee papers are drafted and circulated in.
 * Given `at` (a snapshot's time), the file carries that time, in its properties and on every part of its
 * zip, instead of the moment it was built: the same paper is then the same bytes however often it is built.
 */
export interface DrawnChart {
  png: Uint8Array;
  width: number;
  height: number;
}

export async function paperDocx(
  paper: CommitteePaper,
  { at, charts = new Map() }: { at?: Date; charts?: ReadonlyMap<string, DrawnChart> } = {},
): Promise<Buffer> {
  // Each drawing is numbered in the paper's order: the library's own numbers run on across documents, and the paper of a snapshot must be the same bytes every time.
  const drawingIds = new Map(
    paper.blocks.flatMap((item) => (item.kind === 'chart' ? [item.chart.id] : [])).map((id, index) => [id, index + 1]),
  );
  const block = (item: PaperBlock) => blockDocx(item, charts, drawingIds);
  const document = new Document({
    title: paper.title,
    creator: CREATOR,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } }, paragraphStyles: TABLE_STYLES },
    sections: [
      {
        properties: { page: PAGE },
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
  if (!at) return Packer.toBuffer(document);
  const built = await Packer.toBuffer(document, undefined, [{ path: 'docProps/core.xml', data: coreProperties(paper.title, at) }]);
  return stampZip(built, at);
}

const xmlText = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** docProps/core.xml as the docx library writes it, with `at` as the time created and modified. */
function coreProperties(title: string, at: Date): string {
  const when = at.toISOString();
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlText(title)}</dc:title><dc:creator>${CREATOR}</dc:creator><cp:lastModifiedBy>Un-named</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/**
 * Sets the date and time of every entry of a zip (in its local header and in the central directory) to
 * `at` on the clocks in England: MS-DOS times have no zone. In place, as the sizes do not change.
 */
export function stampZip(zip: Buffer, at: Date): Buffer {
  const part = Object.fromEntries(LONDON_CLOCK.formatToParts(at).map(({ type, value }) => [type, Number(value)]));
  const time = (part.hour << 11) | (part.minute << 5) | (part.second >> 1);
  const date = ((part.year - 1980) << 9) | (part.month << 5) | part.day;
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('Not a zip: no end of central directory');
  const entries = zip.readUInt16LE(end + 10);
  let cursor = zip.readUInt32LE(end + 16);
  for (let entry = 0; entry < entries; entry += 1) {
    if (zip.readUInt32LE(cursor) !== 0x02014b50) throw new Error('Not a zip: a central directory entry is missing');
    zip.writeUInt16LE(time, cursor + 12);
    zip.writeUInt16LE(date, cursor + 14);
    const local = zip.readUInt32LE(cursor + 42);
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
    cursor += 46 + zip.readUInt16LE(cursor + 28) + zip.readUInt16LE(cursor + 30) + zip.readUInt16LE(cursor + 32);
  }
  return zip;
}

function blockDocx(
  item: PaperBlock,
  charts: ReadonlyMap<string, DrawnChart>,
  drawingIds: ReadonlyMap<string, number> = new Map(),
): Array<Paragraph | Table> {
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
    case 'chart': {
      const drawn = charts.get(item.chart.id);
      // At most the width between the margins (about 640 pixels at 96 to the inch).
      const scale = drawn ? Math.min(1, 620 / drawn.width) : 1;
      return [
        new Paragraph({
          keepNext: true,
          spacing: { before: 200, after: 80 },
          children: [new TextRun({ text: item.chart.title, bold: true })],
        }),
        new Paragraph({ keepNext: true, spacing: { after: 80 }, children: [new TextRun(item.chart.summary)] }),
        ...(drawn
          ? [
              new Paragraph({
                keepNext: true,
                children: [
                  new ImageRun({
                    type: 'png',
                    data: drawn.png,
                    transformation: { width: Math.round(drawn.width * scale), height: Math.round(drawn.height * scale) },
                    altText: {
                      id: String(drawingIds.get(item.chart.id)),
                      name: item.chart.id,
                      title: item.chart.title,
                      description: item.chart.summary,
                    },
                  }),
                ],
              }),
            ]
          : []),
        ...blockDocx({ kind: 'table', ...item.chart.table }, charts, drawingIds),
      ];
    }
    case 'table':
      // The library types a section's children as its own paragraphs and tables; it writes any component.
      return [new PaperTable(item.headers, item.rows, item.widths) as XmlComponent as Table, new Paragraph({ children: [] })];
  }
}

/**
 * How table text looks, said once as paragraph styles rather than on every run: Word lists them as styles a
 * clerk can change for the whole paper.
 */
const TABLE_STYLES = [
  { id: 'TableText', name: 'Table text', run: { size: 18 } },
  { id: 'TableHeading', name: 'Table heading', basedOn: 'TableText', run: { bold: true } },
  // White on the darker fills; grey's fill is light enough for the default colour.
  { id: 'TableRating', name: 'Table rating', basedOn: 'TableText', run: { bold: true, color: 'FFFFFF' } },
];

/** What a table cell shows: its text, its paragraph style (TABLE_STYLES) and its fill. */
export function cellLook(value: PaperCell, style: { bold?: boolean; fill?: string } = {}) {
  const rag = typeof value === 'string' ? null : value;
  return {
    text: typeof value === 'string' ? value : value.text,
    look: rag && rag.colour !== 'grey' ? 'TableRating' : rag || style.bold ? 'TableHeading' : 'TableText',
    fill: rag ? RAG_FILLS[rag.colour] : style.fill,
  };
}

export const HEADER_LOOK = { bold: true, fill: 'DDDDDD' };

const XML_ESCAPES = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };
/** Text escaped as the library escapes it, control characters that XML cannot hold dropped. */
const escaped = (text: string) =>
  // eslint-disable-next-line no-control-regex -- XML cannot hold these control characters at all
  text.replace(/[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g, (char) => XML_ESCAPES[char as keyof typeof XML_ESCAPES] ?? '');

const TEXT_WIDTH = A4.width - 2 * MARGIN;
const BORDERS =
  '<w:tblBorders>' +
  ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((side) => `<w:${side} w:val="single" w:color="auto" w:sz="4"/>`).join('') +
  '</w:tblBorders>';
/** Word sizes an automatic table's columns by their contents, whatever its grid says: columns given widths are fixed. */
const tableProperties = (fixed: boolean) =>
  `<w:tblPr><w:tblW w:type="pct" w:w="5000"/>${BORDERS}${fixed ? '<w:tblLayout w:type="fixed"/>' : ''}</w:tblPr>`;

/** `width`: the cell's own width, in twentieths of a point, where the columns have widths. */
function cellXml(value: PaperCell, style?: { bold?: boolean; fill?: string }, width?: number): string {
  const { text, look, fill } = cellLook(value, style);
  const properties =
    (width === undefined ? '' : `<w:tcW w:type="dxa" w:w="${width}"/>`) +
    (fill ? `<w:shd w:fill="${fill}" w:color="auto" w:val="clear"/>` : '');
  const shading = properties ? `<w:tcPr>${properties}</w:tcPr>` : '';
  return `<w:tc>${shading}<w:p><w:pPr><w:pStyle w:val="${look}"/></w:pPr><w:r><w:t xml:space="preserve">${escaped(text)}</w:t></w:r></w:p></w:tc>`;
}

/** A row as the library writes it; like the library, a row with no cells is left out. */
const rowXml = (cells: string[], properties: string) =>
  cells.length ? `<w:tr><w:trPr>${properties}</w:trPr>${cells.join('')}</w:tr>` : '';

/**
 * The inside of a full-width table with a repeated header row, its columns sharing the width between the margins
 * as `widths` says, or equally.
 */
function tableXml(headers: PaperCell[], rows: PaperCell[][], widths?: number[]): string {
  const columns = Math.max(0, headers.length, ...rows.map((row) => row.length));
  const fixed = widths?.length === columns;
  const shares = fixed ? widths : Array<number>(columns).fill(1);
  const whole = shares.reduce((sum, share) => sum + share, 0);
  const twips = shares.map((share) => Math.round((TEXT_WIDTH * share) / whole));
  const grid = `<w:tblGrid>${twips.map((width) => `<w:gridCol w:w="${width}"/>`).join('')}</w:tblGrid>`;
  const cellWidth = (column: number) => (fixed ? twips[column] : undefined);
  return (
    tableProperties(fixed) +
    grid +
    rowXml(
      headers.map((header, column) => cellXml(header, HEADER_LOOK, cellWidth(column))),
      '<w:cantSplit/><w:tblHeader/>',
    ) +
    rows
      .map((row) =>
        rowXml(
          row.map((value, column) => cellXml(value, undefined, cellWidth(column))),
          '<w:cantSplit/>',
        ),
      )
      .join('')
  );
}

/**
 * A paper's table, written as the library writes `new Table({ width: 100 %, rows })` of rows that cannot split,
 * the first repeated as the header, each cell one styled line (a unit test holds the two together, byte for
 * byte, for the papers of held reviews must not change). Writing it as text, not as the library's components
 * for each cell, row, paragraph and run, makes a large plan's paper five times faster to build: its annex
 * has tens of thousands of cells.
 */
export class PaperTable extends XmlComponent {
  constructor(
    private readonly headers: PaperCell[],
    private readonly rows: PaperCell[][],
    private readonly widths?: number[],
  ) {
    super('w:tbl');
  }

  override prepForXml(): IXmlableObject {
    const xml = tableXml(this.headers, this.rows, this.widths);
    // The library writes a child that is neither text (which it escapes) nor an element as `String(child)`:
    // the one way to hand it XML already written.
    const written = Object.assign(() => xml, { toString: () => xml });
    return { 'w:tbl': [written] };
  }
}
