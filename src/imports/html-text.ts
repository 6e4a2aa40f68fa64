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
  return decodeEntities(text);
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  apos: "'",
  bull: '•',
  gt: '>',
  hellip: '…',
  ldquo: '“',
  lsquo: '‘',
  lt: '<',
  mdash: '—',
  nbsp: ' ',
  ndash: '–',
  pound: '£',
  quot: '"',
  rdquo: '”',
  rsquo: '’',
};

/** The entities reports use; an unknown one is left as written rather than guessed at. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}
