import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { TestApp } from './test-app.js';
import { LONG_TASK_LIMIT_MS } from './test-clock.js';

/** Debian's Chromium: .ci/run installs it when missing. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM);

const ARTIFACTS = resolve('test/artifacts');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * A headless Chromium with a profile of its own, deleted on close; nothing in it talks to the network beyond the app.
 * `javaScriptEnabled: false` for the pages as a browser without JavaScript gets them.
 */
export async function launchBrowser({ javaScriptEnabled = true } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // Playwright adds --user-data-dir from `profile` itself, and refuses it in args.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1100, height: 900 },
    javaScriptEnabled,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * axe-core's findings on the page as it is now, one line each (empty when there are none). Its
 * source is evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
 * govern, so the check runs on the pages exactly as served.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axeSource);
  const violations = await page.evaluate<Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }>>(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }).then((result) => result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))",
  );
  return violations.map(
    (violation) =>
      `${page.url()}: ${violation.id} (${violation.help}) at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

/** A full-page screenshot under test/artifacts/, for a reviewer to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * The app listening on a port of its own, and a browser page on it for a person's walk through the pages.
 * Every request the browser makes to the API is noted: a walk through pages alone makes none.
 */
export async function walkThroughPages(t: TestApp) {
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  const apiRequests: string[] = [];
  browser.context.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) apiRequests.push(`${request.method()} ${request.url()}`);
  });
  const page = await browser.context.newPage();
  // Each step waits on what the page shows; the limit only stops a walk that has hung.
  page.setDefaultTimeout(LONG_TASK_LIMIT_MS);
  return { base, browser, page, apiRequests };
}
