import { constants, inflateSync } from 'node:zlib';
import { InvalidInputError, UnusableDocumentError } from '../common/errors.js';
import { htmlToText } from './html-text.js';

export type ReportFormat = 'pdf' | 'html' | 'markdown' | 'text';

/** What the sender said about the document; the bytes decide where they disagree. */
export interface DocumentHints {
  fileName?: string | null;
  mediaType?: string | null;
}

export interface ReportText {
  format: ReportFormat;
  text: string;
}

/** Real reports are a few hundred kilobytes; this leaves room for image-heavy PDFs. */
export const MAX_REPORT_BYTES = 10 * 1024 * 1024;

/** Ofsted's longest reports run to about 60 pages. */
export const MAX_PDF_PAGES = 300;
/** The text of a long report is a few hundred kilobytes. */
export const MAX_PDF_TEXT = 2 * 1024 * 1024;
/** What a report's compressed streams (text, fonts, pictures) may unpack to, all together. */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

const FORMATS_WE_READ = 'a PDF, or a plain text, Markdown or HTML file';

/**
 * The text of a report as it was uploaded or pasted. Throws a domain error, never anything else,
 * for what cannot be used: nothing sent, an unknown kind of file, a damaged PDF or one with no text layer.
 */
export async function readReportText(bytes: Uint8Array, hints: DocumentHints = {}): Promise<ReportText> {
  if (bytes.length === 0) throw empty();
  if (bytes.length > MAX_REPORT_BYTES) throw tooLarge();
  if (isPdf(bytes)) return { format: 'pdf', text: await pdfText(bytes) };
  if (looksNamedAsPdf(hints))
    throw new UnusableDocumentError(
      'unreadable',
      'This file is called a PDF but is not one: it may be damaged, or be another kind of file renamed.',
    );
  if (looksBinary(bytes)) {
    throw new UnusableDocumentError(
      'unsupported_format',
      `This is not a file the import can read. Upload the report as ${FORMATS_WE_READ}.`,
    );
  }
  const text = decodeText(bytes, hints.mediaType);
  if (!/\S/.test(text)) throw empty();
  if (isHtml(text, hints)) return { format: 'html', text: htmlToText(text) };
  return { format: isMarkdown(hints) ? 'markdown' : 'text', text };
}

function empty(): InvalidInputError {
  return new InvalidInputError({ file: ['The report is empty: upload the report as Ofsted published it, or paste its text.'] });
}

export function tooLarge(): UnusableDocumentError {
  return new UnusableDocumentError(
    'too_large',
    `The report is larger than the ${MAX_REPORT_BYTES / 1024 / 1024} MB an import accepts. Upload the report as Ofsted published it.`,
  );
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  refuseCompressionBomb(bytes);
  // Loaded here, not at the top: only the worker pool's processes read PDFs, and the service's own thread never loads pdf.js.
  const { PDFParse } = await import('pdf-parse');
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  const pages: string[] = [];
  try {
    // The first page comes with the page count, which pdf.js reads from the page tree without reading the pages.
    const first = await parser.getText({ first: 1, last: 1, pageJoiner: '' });
    const numPages = first.total;
    if (numPages > MAX_PDF_PAGES) {
      throw new UnusableDocumentError(
        'too_large',
        `This PDF has ${numPages.toLocaleString('en-GB')} pages. An import reads reports of up to ${MAX_PDF_PAGES} pages: upload the report as Ofsted published it.`,
      );
    }
    // Page by page, so that reading stops as soon as the text is longer than any report's.
    let length = 0;
    for (let page = 1; page <= numPages; page += 1) {
      // The page separators go: a page break is a line break like any other to the report parser.
      const text = page === 1 ? first.text : (await parser.getText({ first: page, last: page, pageJoiner: '' })).text;
      length += text.length;
      if (length > MAX_PDF_TEXT) {
        throw new UnusableDocumentError(
          'too_large',
          `This PDF holds more than ${MAX_PDF_TEXT / 1024 / 1024} MB of text, far more than an inspection report. Upload the report as Ofsted published it.`,
        );
      }
      pages.push(text);
    }
  } catch (error) {
    if (error instanceof UnusableDocumentError) throw error;
    if ((error as { name?: unknown } | null)?.name === 'PasswordException')
      throw new UnusableDocumentError('unreadable', 'This PDF is protected by a password. Upload the report as Ofsted published it.');
    throw new UnusableDocumentError(
      'unreadable',
      'This PDF could not be read: it may be damaged or incomplete. Download the report from Ofsted again and upload that copy.',
    );
  } finally {
    await parser.destroy().catch(() => undefined);
  }
  const text = pages.join('');
  if (!/[\p{L}\p{N}]{2}/u.test(text)) {
    throw new UnusableDocumentError(
      'unreadable',
      'This PDF has no text in it, only images (a scan, perhaps), so nothing can be read from it. Upload the report as Ofsted published it, or paste its text.',
    );
  }
  return text;
}

/**
 * A PDF's compressed streams unpacked against one budget, stopping at the budget, before pdf.js sees
 * them: pdf.js would unpack a stream whole, and a megabyte can unpack to a gigabyte of memory.
 * A stream that is not zlib data (a JPEG, say) is left to pdf.js.
 */
function refuseCompressionBomb(bytes: Uint8Array): void {
  const pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let budget = MAX_UNPACKED_BYTES;
  for (let at = pdf.indexOf('stream'); at !== -1; at = pdf.indexOf('stream', at + 6)) {
    let start = at + 6;
    if (pdf[start] === 0x0d) start += 1;
    if (pdf[start] !== 0x0a || pdf.subarray(at - 3, at).toString('latin1') === 'end') continue;
    start += 1;
    const end = pdf.indexOf('endstream', start);
    if (end === -1) break;
    try {
      budget -= inflateSync(pdf.subarray(start, end), { maxOutputLength: Math.max(budget, 1), finishFlush: constants.Z_SYNC_FLUSH }).length;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new UnusableDocumentError(
          'too_large',
          `This PDF unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB, far more than an inspection report. Upload the report as Ofsted published it.`,
        );
      }
    }
    at = end;
  }
}

/** PDF readers accept the header anywhere in the first kilobyte, after junk some tools prepend. */
function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).includes('%PDF-');
}

function looksNamedAsPdf(hints: DocumentHints): boolean {
  return /\.pdf$/i.test(hints.fileName ?? '') || /^application\/pdf\b/i.test(hints.mediaType ?? '');
}

/** Text never holds NUL bytes, and rarely other control characters; Word files, images and archives do. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13) control += 1;
  }
  return control > sample.length / 100;
}

/** UTF-8 as sent, or Windows-1252 (what older council and Ofsted tools save) when it is not valid UTF-8. */
function decodeText(bytes: Uint8Array, mediaType: string | null | undefined): string {
  const charset = /charset="?([\w-]+)/i.exec(mediaType ?? '')?.[1];
  if (charset && !/^utf-?8$/i.test(charset)) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // An unknown charset: read it as UTF-8 below.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function isHtml(text: string, hints: DocumentHints): boolean {
  return (
    /^text\/html\b/i.test(hints.mediaType ?? '') ||
    /\.x?html?$/i.test(hints.fileName ?? '') ||
    /^\s*(<!doctype html|<html\b)/i.test(text.slice(0, 1024))
  );
}

function isMarkdown(hints: DocumentHints): boolean {
  return /^text\/(x-)?markdown\b/i.test(hints.mediaType ?? '') || /\.(md|markdown)$/i.test(hints.fileName ?? '');
}
