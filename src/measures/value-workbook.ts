import ExcelJS from 'exceljs';
import { UnusableDocumentError } from '../common/errors.js';
import { MAX_ROWS, toCsv } from './value-upload.js';

/** The column that holds the month, counted from 1 as exceljs counts. */
const MONTH_COLUMN = 2;

/**
 * An Excel workbook's first sheet as CSV text (measure, month, value, note), to be read as a CSV upload
 * is. A month may be a date cell or text: a date becomes its month, 2025-03. Runs in a worker: exceljs
 * unpacks the whole workbook.
 */
export async function valueWorkbookAsCsv(bytes: Uint8Array): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new UnusableDocumentError('unreadable', 'The file could not be opened as an Excel workbook. Save it again as .xlsx or as CSV.');
  }
  const sheet = workbook.worksheets[0];
  const cells: string[][] = [];
  // One row past the limit is enough for the reader to say the file has too many.
  sheet?.eachRow({ includeEmpty: true }, (row, number) => {
    if (number > MAX_ROWS + 2) return;
    const texts: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      texts[column - 1] = cellText(cell, column);
    });
    cells.push(Array.from(texts, (text) => text ?? ''));
  });
  return toCsv(cells);
}

function cellText(cell: ExcelJS.Cell, column: number): string {
  const value = cell.type === ExcelJS.ValueType.Formula ? (cell.result as unknown) : cell.value;
  if (value instanceof Date) return value.toISOString().slice(0, column === MONTH_COLUMN ? 7 : 10);
  // A cell shown as 62% holds 0.62: the figure the person typed, and the measure's unit, is 62.
  if (typeof value === 'number') return String(cell.numFmt?.includes('%') ? Math.round(value * 100 * 1e9) / 1e9 : value);
  return value === null || value === undefined ? '' : cell.text;
}
