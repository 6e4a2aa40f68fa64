// The plan's rows, shared by the spreadsheet (built in the worker pool) and the CSV (light enough to build anywhere).
import type { PlanModel } from './plan-model.service.js';

/** GOV.UK colours for the RAG names in config/rag.yaml; a council's own colour name falls back to no fill. */
export const RAG_FILLS: Record<string, string> = {
  blue: '1D70B8',
  green: '00703C',
  amber: 'F47738',
  red: 'D4351C',
  purple: '4C2C92',
  grey: 'B1B4B6',
};

export const COLUMNS = [
  { header: 'Reference', width: 10 },
  { header: 'Recommendation / area', width: 45 },
  { header: 'Action', width: 45 },
  { header: 'Lead officer', width: 20 },
  { header: 'Owner', width: 20 },
  { header: 'Timescale', width: 14 },
  { header: 'Success measure', width: 35 },
  { header: 'Latest progress update', width: 45 },
  { header: 'RAG', width: 16 },
  { header: 'RAG reason', width: 40 },
  { header: 'Status', width: 14 },
] as const;

type Cell = string | Date | null;

/** One row per action, in plan order; an area without actions still gets a row, so no area goes missing. */
export function planRows(model: PlanModel): Array<{ cells: Cell[]; colour: string | null }> {
  return model.areas.flatMap((area) => {
    const areaText = `${area.reference}. ${area.title}`;
    const lead = area.leadOfficer?.name ?? '';
    if (area.actions.length === 0) {
      return [
        {
          cells: [
            area.reference,
            areaText,
            'No actions yet',
            lead,
            '',
            area.timeframe,
            '',
            '',
            area.rating.label,
            area.rating.reason,
            words(area.state),
          ],
          colour: area.rating.colour,
        },
      ];
    }
    return area.actions.map((action) => ({
      cells: [
        action.reference,
        areaText,
        action.title,
        lead,
        action.owner?.name ?? '',
        action.dueOn ? new Date(`${action.dueOn}T00:00:00Z`) : area.timeframe,
        action.successMeasure,
        action.latestUpdate
          ? `${action.latestUpdate.reportedOn} (${action.latestUpdate.percentComplete}%): ${action.latestUpdate.text}`
          : '',
        action.rating.label,
        action.rating.reason,
        words(action.state),
      ],
      colour: action.rating.colour,
    }));
  });
}

/** The same rows as CSV (RFC 4180, UTF-8 with a byte-order mark so Excel reads the accents and curly quotes). */
export function planCsv(model: PlanModel): string {
  const field = (value: Cell) => {
    const raw = value instanceof Date ? value.toISOString().slice(0, 10) : (value ?? '');
    // A cell that starts like a formula is shown as text, not run, when the file is opened in a spreadsheet (OWASP's advice on CSV injection).
    const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [COLUMNS.map((column) => column.header), ...planRows(model).map((row) => row.cells)].map((cells) =>
    cells.map(field).join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function words(state: string): string {
  const text = state.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
