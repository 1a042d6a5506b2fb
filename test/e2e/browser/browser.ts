import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`; `npm test` installs it through `scripts/setup.ts --for-tests`). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(__dirname, '..', '..', '..', 'test-artifacts');

/** Launches headless Chromium, or fails with what to install. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: the browser tests need Debian's "chromium" package `
      + '(apt-get install -y chromium, or run scripts/setup.ts --for-tests as root), or CHROMIUM_PATH pointing at a Chromium binary.');
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** Saves a full-page screenshot as a test artifact; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A new page signed in with `token` through the sign-in page (it lands on the role's start page). */
export async function signedInPage(browser: Browser, baseUrl: string, token: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await signIn(page, baseUrl, token);
  return page;
}

/** Signs in through the sign-in page with a token. */
export async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/ui/sign-in`);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
}

/** The focused element: its id, text and computed outline (the focus indicator). Runs in the page. */
export function activeElement(page: Page): Promise<{ id: string; text: string; outline: string }> {
  return page.evaluate(() => {
    const doc = (globalThis as any).document;
    const el = doc.activeElement;
    const style = (globalThis as any).getComputedStyle(el);
    return { id: String(el.id ?? ''), text: String(el.textContent ?? '').trim(), outline: `${style.outlineStyle} ${style.outlineWidth}` };
  });
}

/**
 * Basic accessibility checks of the current page (no axe offline): `lang`, one h1, a skip link to main, a label for
 * every form control, a caption on every table and a scope on every header cell. Returns the problems found.
 */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as any).document;
    const all = (selector: string): any[] => Array.from(doc.querySelectorAll(selector));
    const problems: string[] = [];
    if (!doc.documentElement.lang) problems.push('no lang on <html>');
    if (all('h1').length !== 1) problems.push(`${all('h1').length} h1 elements`);
    if (!doc.querySelector('a.skip[href="#main"]') || !doc.getElementById('main')) problems.push('no skip link to #main');
    for (const control of all('input:not([type=hidden]), select, textarea')) {
      const labelled = (control.id && doc.querySelector(`label[for="${control.id}"]`)) || control.getAttribute('aria-label');
      if (!labelled) problems.push(`unlabelled ${control.tagName.toLowerCase()} ${control.name ?? ''}`);
    }
    for (const table of all('table')) if (!table.querySelector('caption')) problems.push('a table without a caption');
    for (const th of all('th')) if (!th.getAttribute('scope')) problems.push(`th without scope: ${th.textContent.trim().slice(0, 30)}`);
    return problems;
  });
}
