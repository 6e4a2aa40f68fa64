import ExcelJS from 'exceljs';
import type { PlanModel } from './plan-model.service.js';
import { COLUMNS, planRows, RAG_FILLS } from './plan-rows.js';

/** The action plan as councils send it to Ofsted: frozen header, filters on every column, wrapped text. */
export async function planWorkbook(model: PlanModel): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Action plans';
  workbook.created = new Date(`${model.today}T00:00:00Z`);
  const sheet = workbook.addWorksheet('Action plan', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((column) => ({ header: column.header, width: column.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDDDDD' } };
  for (const row of planRows(model)) {
    const added = sheet.addRow(row.cells);
    const fill = row.colour ? RAG_FILLS[row.colour] : undefined;
    if (fill) {
      const rag = added.getCell(9);
      rag.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${fill}` } };
      rag.font = { bold: true, color: { argb: row.colour === 'grey' ? 'FF0B0C0C' : 'FFFFFFFF' } };
    }
  }
  sheet.getColumn(6).numFmt = 'dd/mm/yyyy';
  sheet.eachRow((row) => {
    row.alignment = { wrapText: true, vertical: 'top' };
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(sheet.rowCount, 1), column: COLUMNS.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
