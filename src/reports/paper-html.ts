import type { CommitteePaper, PaperBlock, PaperCell } from './committee-paper.js';
import { RAG_FILLS } from './plan-rows.js';

const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Everything the page needs is in it (no scripts, links or navigation), so it prints on A4 and reads the same offline. */
const STYLE = `
@page { size: A4; margin: 20mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4; color: #0b0c0c; max-width: 170mm; margin: 0 auto; }
.title p, .title h1 { font-size: 11pt; font-weight: bold; margin: 0 0 6pt; }
.title .report-title { font-size: 16pt; }
.table-scroll { overflow-x: auto; }
h2 { font-size: 13pt; margin: 18pt 0 6pt; page-break-after: avoid; break-after: avoid; }
h2.new-page { page-break-before: always; break-before: page; }
table { width: 100%; border-collapse: collapse; margin: 6pt 0 12pt; font-size: 9pt; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 1px solid #505a5f; padding: 3pt 4pt; text-align: left; vertical-align: top; }
th { background: #dddddd; }
td.rag { font-weight: bold; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
ul { list-style: none; padding-left: 10mm; }
h3 { font-size: 11pt; margin: 12pt 0 4pt; }
.chart { page-break-inside: avoid; break-inside: avoid; }
svg.chart { display: block; max-width: 100%; height: auto; }
`;

/** `charts`: each chart block's SVG, by the chart's id, drawn beforehand (in the worker pool). */
export function paperHtml(paper: CommitteePaper, charts: ReadonlyMap<string, string> = new Map()): string {
  const block = (item: PaperBlock) => blockHtml(item, charts);
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${escape(paper.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${paper.blocks.map(block).join('\n')}
</main>
</body>
</html>
`;
}

function blockHtml(item: PaperBlock, charts: ReadonlyMap<string, string>): string {
  switch (item.kind) {
    case 'title':
      // The report's own title is the page's one heading of the first level; the lines around it name the meeting.
      return `<div class="title">${item.lines
        .map((line, index) => (index === 2 ? `<h1 class="report-title">${escape(line)}</h1>` : `<p>${escape(line)}</p>`))
        .join('')}</div>`;
    case 'heading':
      return `<h2${item.newPage ? ' class="new-page"' : ''}>${escape(item.text)}</h2>`;
    case 'paragraph':
      return `<p>${item.number ? `${item.number}. ` : ''}${escape(item.text)}</p>`;
    case 'list':
      return `<ul>${item.items.map((text) => `<li>${escape(text)}</li>`).join('')}</ul>`;
    case 'chart':
      // The figures follow the drawing, so nobody needs the picture to have the numbers.
      return `<div class="chart"><h3>${escape(item.chart.title)}</h3><p>${escape(item.chart.summary)}</p>${charts.get(item.chart.id) ?? ''}${blockHtml({ kind: 'table', ...item.chart.table }, charts)}</div>`;
    case 'table':
      // On a narrow screen a wide table scrolls in a region of its own, which a keyboard can reach and a screen reader names.
      return `<div class="table-scroll" role="region" tabindex="0" aria-label="${escape(item.name ?? `Table: ${item.headers.join(', ')}`)}"><table><thead><tr>${item.headers.map((header) => `<th>${escape(header)}</th>`).join('')}</tr></thead><tbody>${item.rows
        .map((row) => `<tr>${row.map(cell).join('')}</tr>`)
        .join('')}</tbody></table></div>`;
  }
}

/** Fills light enough that white text on them would be hard to read (WCAG AA contrast): their words are in black. */
const LIGHT_FILLS = new Set(['amber', 'grey']);

function cell(value: PaperCell): string {
  if (typeof value === 'string') return `<td>${escape(value)}</td>`;
  const fill = RAG_FILLS[value.colour];
  const style = fill ? ` style="background:#${fill};color:${LIGHT_FILLS.has(value.colour) ? '#0b0c0c' : '#ffffff'}"` : '';
  return `<td class="rag"${style}>${escape(value.text)}</td>`;
}
