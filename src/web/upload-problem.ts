import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Why an upload was turned away, carried to the upload page across a redirect. The upload form sends
 * its token in its address (a multipart body is read after the access check), so a refusal shown at
 * that address would leave the token in the address bar, the history and a shared link: the page
 * redirects instead, with the message in its address, signed with the session's form token so that
 * no other session or link can put words on the page. `form` is the upload page's address.
 */
export function uploadProblemAddress(form: string, csrfToken: string, message: string): string {
  const text = Buffer.from(message, 'utf8').toString('base64url');
  return `${form}?problem=${text}.${signature(csrfToken, text)}`;
}

/** The message an address from `uploadProblemAddress` carries, or null for one this session did not sign. */
export function uploadProblem(csrfToken: string | undefined, problem: unknown): string | null {
  if (!csrfToken || typeof problem !== 'string') return null;
  const [text, signed] = problem.split('.');
  if (!text || !signed) return null;
  const expected = Buffer.from(signature(csrfToken, text));
  const given = Buffer.from(signed);
  return given.length === expected.length && timingSafeEqual(given, expected) ? Buffer.from(text, 'base64url').toString('utf8') : null;
}

const signature = (key: string, text: string) => createHmac('sha256', key).update(`upload-problem:${text}`).digest('base64url');
