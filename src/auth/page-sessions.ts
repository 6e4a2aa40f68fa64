import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseCookie } from 'cookie';
import type { Request, Response } from 'express';
import type { SignedInRequest } from '../common/actor.js';

/**
 * Browser sessions for the web pages. The cookie holds the same opaque token the API hands out
 * (one token store, one way to revoke), but only page routes read it: the JSON API stays
 * bearer-only, so no other site's page can make a browser call it with the officer's cookie.
 */
export const SESSION_COOKIE = 'session';
/** Before sign-in there is no session to tie a form to, so the sign-in form uses a double-submit cookie. */
export const SIGN_IN_COOKIE = 'sign_in_form';
/** The state of a single sign-on begun in this browser, so a sign-in link made by someone else cannot finish here. */
export const SINGLE_SIGN_ON_COOKIE = 'single_sign_on';

export type PageRequest = SignedInRequest & { csrfToken?: string };

/**
 * A cookie's name as sent. Over HTTPS it starts "__Host-": browsers then take it only when it is
 * Secure, for the whole site and no wider, so no page of a sibling domain, and nothing sent over
 * plain HTTP, can set or overwrite it.
 */
export function cookieName(appUrl: string, name: string): string {
  return appUrl.startsWith('https:') ? `__Host-${name}` : name;
}

/** A cookie's value; one whose encoding is broken counts as absent, as a browser of ours never sends one. */
export function cookieOf(request: Request, appUrl: string, name: string): string | undefined {
  return parseCookie(request.headers.cookie ?? '', { decode: decodeOrNothing })[cookieName(appUrl, name)];
}

function decodeOrNothing(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * The form token for a session: derived from the session's secret token, so it is tied to that
 * session, needs no storage, and cannot be worked out by a page that cannot read the httpOnly cookie.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('csrf').digest('base64url');
}

export function sameSecret(expected: string, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a page form sent: a field for ordinary forms, the query string for file uploads (read after the guard runs). */
export function sentCsrfToken(request: Request): unknown {
  return (request.body as Record<string, unknown> | undefined)?._csrf ?? request.query._csrf;
}

/** `maxAgeMs` rather than an expiry date, so the browser's clock cannot disagree with the service's. */
export function setCookie(response: Response, appUrl: string, name: string, value: string, maxAgeMs?: number): void {
  response.cookie(cookieName(appUrl, name), value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: appUrl.startsWith('https:'),
    path: '/',
    ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}),
  });
}

export function clearCookie(response: Response, appUrl: string, name: string): void {
  response.clearCookie(cookieName(appUrl, name), { httpOnly: true, sameSite: 'lax', secure: appUrl.startsWith('https:'), path: '/' });
}

export function newFormSecret(): string {
  return randomBytes(32).toString('base64url');
}
