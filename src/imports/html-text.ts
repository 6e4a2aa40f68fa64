import { decodeHTML } from 'entities';

/**
 * The text of an HTML page, with its block structure kept as lines: enough to read a report saved
 * from a browser, without a DOM. Headings become Markdown headings and list items bullets, so the
 * report parser sees the same shapes it sees in Markdown. Tag patterns stop at the next "<", so
 * a stray "<" with no ">" costs one step, not a scan to the end of the document.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<(script|style|head|template|noscript)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, '')
    .replace(/<h([1-6])\b[^<>]*>/gi, (_, level: string) => `\n\n${'#'.repeat(Number(level))} `)
    .replace(/<\/h[1-6]\s*>/gi, '\n\n')
    .replace(/<li\b[^<>]*>/gi, '\n- ')
    .replace(/<(td|th)\b[^<>]*>/gi, '\t')
    .replace(/<br\b[^<>]*>/gi, '\n')
    .replace(
      /<\/?(p|div|section|article|header|footer|main|nav|aside|ul|ol|dl|dt|dd|table|thead|tbody|tfoot|tr|blockquote|pre|figure|figcaption|caption)\b[^<>]*>/gi,
      '\n',
    )
    .replace(/<[^<>]*>/g, '');
  return decodeHTML(text);
}
