import { Document, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType, type XmlComponent } from 'docx';
import JSZip from 'jszip';
import type { PaperCell } from '../../src/reports/committee-paper.js';
import { cellLook, HEADER_LOOK, PAGE, PaperTable } from '../../src/reports/paper-docx.js';

/** The cell as the library writes it from its own paragraph, run and text. */
function libraryCell(value: PaperCell, style?: { bold?: boolean; fill?: string }): TableCell {
  const { text, look, fill } = cellLook(value, style);
  return new TableCell({
    shading: fill ? { fill, type: ShadingType.CLEAR, color: 'auto' } : undefined,
    children: [new Paragraph({ style: look, children: [new TextRun(text)] })],
  });
}

function libraryTable(headers: PaperCell[], rows: PaperCell[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((header) => libraryCell(header, HEADER_LOOK)) }),
      ...rows.map((row) => new TableRow({ cantSplit: true, children: row.map((value) => libraryCell(value)) })),
    ],
  });
}

async function documentXml(table: Table | XmlComponent): Promise<string> {
  const document = new Document({ sections: [{ properties: { page: PAGE }, children: [table as Table] }] });
  const zip = await JSZip.loadAsync(await Packer.toBuffer(document));
  return zip.file('word/document.xml')!.async('string');
}

describe("the committee paper's tables", () => {
  const tables: Array<[string, PaperCell[], PaperCell[][]]> = [
    [
      'ratings, escaped text and spaces',
      ['Ref', 'It’s “quoted” & <b>'],
      [
        ['Children’s social care & "front door" <MASH> 1.2', { text: 'Red', colour: 'red' }],
        ['  spaced  out  ', { text: 'Amber', colour: 'amber' }],
        ['', { text: 'Not yet rated', colour: 'grey' }],
        ['control\u0001\u000bcharacters {braces}', { text: 'Green', colour: 'green' }],
      ],
    ],
    ['a header and no rows', ['Measure'], []],
    ['an empty row and a short row', ['A', 'B', 'C'], [[], ['only one']]],
    ['seven columns', ['1', '2', '3', '4', '5', '6', '7'], [['a', 'b', 'c', 'd', 'e', 'f', 'g']]],
  ];

  it.each(tables)('are written as the library writes the same table: %s', async (_, headers, rows) => {
    const ours = await documentXml(new PaperTable(headers, rows));
    expect(ours).toContain('<w:tbl>');
    expect(ours).toBe(await documentXml(libraryTable(headers, rows)));
  });

  it('escape what the text holds and give ratings their style', async () => {
    const ours = await documentXml(new PaperTable(...(tables[0].slice(1) as [PaperCell[], PaperCell[][]])));
    expect(ours).toContain('&amp; &quot;front door&quot; &lt;MASH&gt;');
    expect(ours).toContain('<w:pStyle w:val="TableRating"/></w:pPr><w:r><w:t xml:space="preserve">Red</w:t>');
    expect(ours).toContain('controlcharacters {braces}');
  });

  it('share the width between the margins as the widths say, and otherwise equally', async () => {
    const grid = async (widths?: number[]) =>
      [
        ...(await documentXml(new PaperTable(['Ref', 'Action', 'Why'], [['1.1', 'Audit', 'Overdue']], widths))).matchAll(
          /<w:gridCol w:w="(\d+)"\/>/g,
        ),
      ].map((match) => Number(match[1]));
    const equal = await grid();
    expect(new Set(equal).size).toBe(1);
    const shared = await grid([1, 3, 2]);
    // In twentieths of a point, each rounded.
    expect(Math.abs(shared[1] - 3 * shared[0])).toBeLessThanOrEqual(2);
    expect(Math.abs(shared[2] - 2 * shared[0])).toBeLessThanOrEqual(2);
    // The same page width either way, give or take the rounding of each column.
    expect(Math.abs(shared.reduce((a, b) => a + b) - equal.reduce((a, b) => a + b))).toBeLessThanOrEqual(3);
    // Word follows a grid only in a table of fixed layout whose cells say their widths.
    const xml = await documentXml(
      new PaperTable(['Ref', 'Action', 'Why'], [['1.1', { text: 'Red', colour: 'red' }, 'Overdue']], [1, 3, 2]),
    );
    expect(xml).toContain('</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>');
    expect([...xml.matchAll(/<w:tcW w:type="dxa" w:w="(\d+)"\/>/g)].map((match) => Number(match[1]))).toEqual([...shared, ...shared]);
    expect(xml).toContain(`<w:tcPr><w:tcW w:type="dxa" w:w="${shared[1]}"/><w:shd w:fill=`);
  });
});
