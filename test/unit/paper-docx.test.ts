import { Document, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun } from 'docx';
import JSZip from 'jszip';
import type { PaperCell } from '../../src/reports/committee-paper.js';
import { cell, cellLook } from '../../src/reports/paper-docx.js';

/** The cell as the library writes it from its own paragraph, run and text. */
function libraryCell(value: PaperCell, style?: { bold?: boolean; fill?: string }): TableCell {
  const { text, look, fill } = cellLook(value, style);
  return new TableCell({
    shading: fill ? { fill, type: ShadingType.CLEAR, color: 'auto' } : undefined,
    children: [new Paragraph({ style: look, children: [new TextRun(text)] })],
  });
}

async function documentXml(cells: TableCell[]): Promise<string> {
  const table = new Table({ rows: cells.map((one) => new TableRow({ cantSplit: true, children: [one] })) });
  const zip = await JSZip.loadAsync(await Packer.toBuffer(new Document({ sections: [{ children: [table] }] })));
  return zip.file('word/document.xml')!.async('string');
}

describe("the committee paper's table cells", () => {
  it('are written as the library writes a paragraph of one run in the cell', async () => {
    const values: Array<[PaperCell, { bold?: boolean; fill?: string }?]> = [
      ['Ref', { bold: true, fill: 'DDDDDD' }],
      ['Children’s social care & “front door” <MASH> 1.2'],
      [''],
      ['  spaced  out  '],
      [{ text: 'Red', colour: 'red' }],
      [{ text: 'Amber', colour: 'amber' }],
      [{ text: 'Not yet rated', colour: 'grey' }],
    ];
    const ours = await documentXml(values.map(([value, style]) => cell(value, style)));
    expect(ours).toContain('<w:pStyle w:val="TableRating"/>');
    expect(ours).toContain('&amp; “front door” &lt;MASH&gt;');
    expect(ours).toBe(await documentXml(values.map(([value, style]) => libraryCell(value, style))));
  });
});
