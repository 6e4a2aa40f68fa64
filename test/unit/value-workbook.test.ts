import ExcelJS from 'exceljs';
import { valueWorkbookAsCsv } from '../../src/measures/value-workbook.js';

describe('a workbook of measures’ values', () => {
  it('reads a month from a date cell or text, and a value shown as a percentage as the figure shown', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Values');
    sheet.addRow(['Measure', 'Month', 'Value', 'Note']);
    sheet.addRow(['Children seen on time', new Date(Date.UTC(2025, 2, 1)), 0.62, 'Two teams short']);
    sheet.getCell('C2').numFmt = '0%';
    sheet.addRow(['Children seen on time', '2025-04', 0.655]);
    sheet.getCell('C3').numFmt = '0.0%';
    sheet.addRow(['Days waiting', '2025-04', 14]);
    const csv = await valueWorkbookAsCsv(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(csv.trim().split(/\r?\n/)).toEqual([
      'Measure,Month,Value,Note',
      'Children seen on time,2025-03,62,Two teams short',
      'Children seen on time,2025-04,65.5',
      'Days waiting,2025-04,14',
    ]);
  });
});
