import { parse } from 'csv-parse/sync';
import { UnusableDocumentError } from '../common/errors.js';
import {
  figureAsTyped,
  outOfRange,
  periodFromText,
  takesPeriod,
  unfinishedMonth,
  type MeasureFrequency,
  type MeasureUnit,
  type Period,
} from './measure-rating.js';

/**
 * Reading a spreadsheet of values (CSV: measure, month, value, note) for an area's measures: pure,
 * so every problem is found and named by its row before anything is written.
 */

export interface UploadRow {
  /** The row's number as a spreadsheet shows it: the header is row 1. */
  row: number;
  measureId: string;
  measure: string;
  period: Period;
  value: number;
  note: string | null;
  /** The value entered before for the month, which this row corrects; null for a month with none. */
  replaces: number | null;
  /** The note entered before with that value, when this row's note is not the same: it goes with the value it explained. */
  replacesNote: string | null;
}

/** A problem with a row, or with the whole file when it has no row. */
export interface UploadProblem {
  row?: number;
  message: string;
}

export interface UploadMeasure {
  id: string;
  name: string;
  frequency: MeasureFrequency;
  unit: MeasureUnit;
  /** The values it already has, with their notes, by month. */
  values: ReadonlyMap<Period, { value: number; note: string | null }>;
}

/** "Row 3: Enter the value as a number", or the message alone for the whole file. */
export const problemInWords = ({ row, message }: UploadProblem) => (row ? `Row ${row}: ${message}` : message);

const HEADER = ['measure', 'month', 'value', 'note'];
export const MAX_ROWS = 5000;
/** 5000 rows of CSV are a few hundred kilobytes; a workbook of them, zipped, less. */
export const MAX_SPREADSHEET_BYTES = 2 * 1024 * 1024;

export const spreadsheetTooLarge = () =>
  new UnusableDocumentError(
    'too_large',
    `The file is larger than the ${MAX_SPREADSHEET_BYTES / 1024 / 1024} MB an upload of values accepts.`,
  );

/**
 * The cells of a CSV file (RFC 4180: quoted fields may hold commas, quotes and line breaks). Lenient as a
 * spreadsheet's export needs: a byte-order mark, rows of any length, mixed line endings, a stray quote.
 */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true, relax_quotes: true, record_delimiter: ['\r\n', '\n', '\r'] });
}

/** Cells as CSV text, quoted where they must be: how an Excel workbook's first sheet is kept, so that both are read alike. */
export function toCsv(cells: readonly (readonly string[])[]): string {
  const field = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return cells.map((row) => row.map(field).join(',')).join('\r\n');
}

const notAMonth = (text: string) => `The month ‘${text}’ is not a month: give it like March 2025 or 2025-03`;

/**
 * Each row as a value to enter or to correct, or the problems with it, by row number; `currentPeriod` is this month.
 * A row the same as the value already entered (and with no other note) is `unchanged`: a monthly export that repeats
 * the year so far is taken as it comes.
 */
export function readUpload(
  csv: string,
  measures: readonly UploadMeasure[],
  currentPeriod: Period,
): { rows: UploadRow[]; unchanged: UploadRow[]; problems: UploadProblem[] } {
  let lines: string[][];
  try {
    lines = parseCsv(csv);
  } catch {
    // Read leniently, only misplaced quotation marks (one never closed, or text after a closing one) get here.
    return {
      rows: [],
      unchanged: [],
      problems: [{ message: 'The file could not be read: check the quotation marks around its values' }],
    };
  }
  const problems: UploadProblem[] = [];
  const header = (lines[0] ?? []).map((cell) => cell.trim().toLowerCase());
  if (HEADER.some((name, i) => header[i] !== name) || header.length > HEADER.length) {
    return { rows: [], unchanged: [], problems: [{ message: 'The first row must be the headings measure, month, value, note' }] };
  }
  if (lines.length - 1 > MAX_ROWS) return { rows: [], unchanged: [], problems: [{ message: `The file has more than ${MAX_ROWS} rows` }] };
  const byName = new Map(measures.map((measure) => [measure.name.trim().toLowerCase(), measure]));
  const seen = new Map<string, number>();
  const rows: UploadRow[] = [];
  const unchanged: UploadRow[] = [];
  lines.slice(1).forEach((cells, index) => {
    const row = index + 2;
    if (cells.every((cell) => cell.trim() === '')) return;
    const say = (message: string) => problems.push({ row, message });
    if (cells.length > HEADER.length) return say('The row has more than four columns');
    const [name = '', monthTyped = '', typed = '', note = ''] = cells.map((cell) => cell.trim());
    const month = periodFromText(monthTyped);
    const measure = byName.get(name.toLowerCase());
    const before = problems.length;
    if (!name) say('Enter the name of the measure');
    else if (!measure) say(`No measure of this area is called “${name}”`);
    if (!monthTyped) say('Enter the month, like March 2025 or 2025-03');
    else if (!month) say(notAMonth(monthTyped));
    else if (measure && !takesPeriod(measure.frequency, month))
      say(`“${measure.name}” is quarterly: give March, June, September or December`);
    else if (month >= currentPeriod) say(unfinishedMonth(month, currentPeriod, measure?.frequency));
    // A percentage as a spreadsheet saves a cell formatted as one: "62%".
    const value = figureAsTyped(typed, measure?.unit);
    if (value === null) say('Enter the value as a number');
    else if (measure && outOfRange(value, measure.unit)) say(`${outOfRange(value, measure.unit)}: this row gives ${typed}`);
    if (note.length > 2000) say('The note must be 2,000 characters or less');
    if (problems.length > before || !measure || !month || value === null) return;
    const key = `${measure.id}|${month}`;
    if (seen.has(key)) return say(`This repeats row ${seen.get(key)}: give each measure one value a month`);
    seen.set(key, row);
    const entered = measure.values.get(month);
    const read = {
      row,
      measureId: measure.id,
      measure: measure.name,
      period: month,
      value,
      note: note || null,
      replaces: entered?.value ?? null,
      replacesNote: entered && entered.note !== (note || null) ? entered.note : null,
    };
    // The same value with a note of its own corrects the note: only a row that would change nothing is passed over.
    (entered?.value === value && (!note || note === entered.note) ? unchanged : rows).push(read);
  });
  // A file whose every value is entered already is not wrong: it has nothing new, which the preview says.
  if (rows.length === 0 && unchanged.length === 0 && problems.length === 0) problems.push({ message: 'The file has no values' });
  return { rows, unchanged, problems };
}
