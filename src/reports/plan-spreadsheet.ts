import ExcelJS from 'exceljs';
import { measureCharts, planCharts, type Chart } from '../charts/progress-charts.js';
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
  for (const chart of [...planCharts(model), ...measureCharts(model)]) addChartSheet(workbook, chart);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Sheet names: Excel allows 31 characters and no []:*?/\\. */
const SHEET_NAMES: Record<string, string> = {
  'ratings-by-month': 'Ratings by month',
  'burn-up': 'Completed against due',
  'overdue-over-time': 'Overdue over time',
};

/** Each chart's figures on a sheet of their own, under its title and what it shows, for anyone who wants to draw their own. */
function addChartSheet(workbook: ExcelJS.Workbook, chart: Chart): void {
  const reference = /^Measure ([\d.]+)/.exec(chart.title)?.[1];
  const sheet = workbook.addWorksheet(SHEET_NAMES[chart.id] ?? `Measure ${reference ?? workbook.worksheets.length}`);
  sheet.addRow([chart.title]).font = { bold: true, size: 13 };
  sheet.addRow([chart.summary]);
  sheet.addRow([]);
  sheet.addRow(chart.table.headers).font = { bold: true };
  for (const row of chart.table.rows) sheet.addRow(row.map((cell) => (/^\d+$/.test(cell) ? Number(cell) : cell)));
  sheet.columns.forEach((column, index) => {
    column.width = index === 0 ? 28 : 22;
  });
}
