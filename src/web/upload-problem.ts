import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Why an upload was turned away, carried to the upload page across a redirect. The upload form sends
 * its token in its address (a multipart body is read after the access check), so a refusal shown at
 * that address would leave the token in the address bar, the history and a shared link: the page
 * redirects instead, with the message in its address, signed with the session's form token so that
 * no other session or link can put words on the page. `form` is the upload page's address; `inspectionId`, an
 * inspection the page links to (the one a report already imported became).
 */
export function uploadProblemAddress(form: string, csrfToken: string, message: string, inspectionId?: string): string {
  const text = Buffer.from(JSON.stringify({ message, inspectionId }), 'utf8').toString('base64url');
  return `${form}?problem=${text}.${signature(csrfToken, text)}`;
}

/** Why an upload was turned away, and the inspection it points to (a report imported before), as shown on the upload page. */
export interface UploadProblem {
  message: string;
  inspectionId?: string;
}

/** What an address from `uploadProblemAddress` carries, or null for one this session did not sign. */
export function uploadProblem(csrfToken: string | undefined, problem: unknown): UploadProblem | null {
  if (!csrfToken || typeof problem !== 'string') return null;
  const [text, signed] = problem.split('.');
  if (!text || !signed) return null;
  const expected = Buffer.from(signature(csrfToken, text));
  const given = Buffer.from(signed);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as UploadProblem;
}

const signature = (key: string, text: string) => createHmac('sha256', key).update(`upload-problem:${text}`).digest('base64url');
