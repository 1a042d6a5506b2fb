/**
 * The candidate's editor in Debian's Chromium, under the pages' strict CSP: sign in with the invite's token, write
 * code with the keyboard, reload and find the draft (and in a second browser), switch language and back, run the
 * public tests, submit, watch the progress and see the result; no CSP violation, no console error.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureEditorBundle } from '../../../api/pages/editor/editor-bundle';
import { CHALLENGES_DIR } from '../../../core/challenges/load-bundled-challenges';
import { TEMPLATES_DIR } from '../../../scripts/challenge-cli/init-command';
import { createAssessment, hiddenTestNames, invite } from '../../helpers/assessment-fixtures';
import { publishScaffold } from '../../helpers/challenge-packages';
import { bearer, createTestContext, http, type TestContext } from '../../helpers/test-context';
import { accessibilityProblems, ARTIFACTS, launchBrowser, screenshot, signIn } from './browser';

const REFERENCE = readFileSync(path.join(CHALLENGES_DIR, 'pii-redaction', 'solutions', 'reference', 'src', 'solution.ts'), 'utf8');
const DOCS_IMAGES = path.join(__dirname, '..', '..', '..', 'docs', 'images');
const TYPED = '// typed with the keyboard';
const PYTHON_REFERENCE = readFileSync(path.join(TEMPLATES_DIR, 'data', 'solutions', 'reference-python', 'src', 'solution.py.tmpl'), 'utf8');

let ctx: TestContext;
let browser: Browser;
let token: string;
let bundleBytes: number;
const problems: string[] = [];

beforeAll(async () => {
  bundleBytes = (await ensureEditorBundle()).bytes;
  ctx = await createTestContext({ worker: true });
  browser = await launchBrowser();
  const assessment = await createAssessment(ctx, { name: 'Editor assessment', challenges: ['pii-redaction'], durationMinutes: 90 });
  token = (await invite(ctx, assessment.id)).token;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

/** A new browser (context) whose CSP violations and console errors are collected into `problems`. */
async function watchedContext(viewport = { width: 1440, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
  await context.addInitScript(() => {
    const { document, location } = globalThis as any; // runs in the page
    // eslint-disable-next-line no-console -- the page's own report, collected by page.on('console') below
    document.addEventListener('securitypolicyviolation', (e: any) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample} on ${location.pathname} ${e.target?.outerHTML?.slice(0, 120)}`));
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    // failed requests are checked by URL below (a browser asks for /favicon.ico on its own)
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { context, page };
}

/** Puts `text` on the clipboard and presses Ctrl+V in the focused editor (as a person pastes). */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => (globalThis as any).navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+V');
}

/** What the editor shows once scrolled to the end (CodeMirror renders only the lines in view). */
async function editorText(page: Page): Promise<string> {
  await page.locator('.cm-content').focus();
  await page.keyboard.press('Control+End');
  await page.waitForTimeout(100);
  return page.locator('.cm-content').innerText();
}

async function openChallenge(page: Page): Promise<number> {
  const started = Date.now();
  await page.goto(`${ctx.api.url}/ui/challenges/pii-redaction`);
  await page.locator('.cm-editor').waitFor();
  await page.locator('#save-status', { hasText: /Draft restored|Starting from the starter/ }).waitFor();
  return Date.now() - started;
}

test('a candidate codes in the editor: draft kept across reloads and browsers, languages apart, public tests run, then a submission', async () => {
  const { context, page } = await watchedContext();
  await signIn(page, ctx.api.url, token);
  const firstLoadMs = await openChallenge(page);
  process.stdout.write(`[editor] bundle ${Math.round(bundleBytes / 1024)} KiB; first load of the challenge page until the editor shows: ${firstLoadMs} ms\n`);

  // the editor replaced the plain fields; CodeMirror is styled (constructable stylesheets) and highlights TypeScript
  expect(await page.locator('#path0').isVisible()).toBe(false);
  expect(await page.getByRole('tab').allInnerTexts()).toEqual(['src/solution.ts']);
  expect(await page.getByRole('tab', { name: 'src/solution.ts' }).getAttribute('aria-selected')).toBe('true');
  expect(await editorText(page)).toContain('export function redact');
  const styled = await page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as any; // runs in the page
    const root = document.getElementById('editor-host').shadowRoot;
    return {
      sheets: root.adoptedStyleSheets.length as number,
      display: getComputedStyle(root.querySelector('.cm-editor')).display as string,
      coloured: new Set(Array.from(root.querySelectorAll('.cm-line span')).map((s) => getComputedStyle(s).color)).size,
    };
  });
  expect(styled).toEqual({ sheets: expect.any(Number), display: 'flex', coloured: expect.any(Number) });
  expect(styled.sheets).toBeGreaterThan(0);
  expect(styled.coloured).toBeGreaterThan(1);
  expect(await accessibilityProblems(page)).toEqual([]);

  // write with the keyboard: select all, paste the solution (Ctrl+V), then a line typed key by key
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await paste(page, REFERENCE);
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(TYPED);
  await page.locator('#save-status', { hasText: /^Saved at/ }).waitFor();

  // the draft survives a reload and a new browser on the same invite (stored server-side)
  await page.reload();
  await page.locator('#save-status', { hasText: /^Draft restored/ }).waitFor();
  expect(await editorText(page)).toContain(TYPED);
  const other = await watchedContext();
  await signIn(other.page, ctx.api.url, token);
  await openChallenge(other.page);
  expect(await editorText(other.page)).toContain(TYPED);
  await other.context.close();

  // another language has its own starter; coming back finds the TypeScript draft
  await page.getByLabel('Language').selectOption('javascript');
  await page.getByRole('tab', { name: 'src/solution.js' }).waitFor();
  expect(await editorText(page)).not.toContain(TYPED);
  expect(await editorText(page)).not.toMatch(/: string/);
  await page.getByLabel('Language').selectOption('typescript');
  await page.getByRole('tab', { name: 'src/solution.ts' }).waitFor();
  await page.locator('#save-status', { hasText: /^Draft restored/ }).waitFor();
  expect(await editorText(page)).toContain(TYPED);

  // Run public tests: the result in the page, public tests only, not a submission
  await page.getByRole('button', { name: 'Run public tests' }).focus();
  await page.keyboard.press('Enter');
  const summary = page.locator('#practice-summary');
  await summary.waitFor({ timeout: 90_000 });
  expect(await summary.innerText()).toMatch(/^(\d+) of \1 public tests passed\./);
  expect(await page.locator('#practice-status').innerText()).toMatch(/not graded, not a submission/);
  const practiceRows = await page.locator('#practice-result tbody tr').count();
  expect(practiceRows).toBeGreaterThan(0);
  const hidden = await hiddenTestNames(ctx, 'pii-redaction');
  const markup = await page.content();
  for (const name of hidden) expect(markup).not.toContain(name);
  expect(await accessibilityProblems(page)).toEqual([]);
  mkdirSync(ARTIFACTS, { recursive: true });
  const picture = path.join(ARTIFACTS, 'editor.png');
  await page.setViewportSize({ width: 1440, height: 1400 }); // statement, editor and the practice run's result
  await page.evaluate(() => (globalThis as any).window.scrollTo(0, 0));
  await page.screenshot({ path: picture });
  await page.setViewportSize({ width: 1440, height: 900 });
  if (process.env.UPDATE_DOCS_SCREENSHOTS) {
    mkdirSync(DOCS_IMAGES, { recursive: true });
    copyFileSync(picture, path.join(DOCS_IMAGES, 'editor.png'));
  }
  const listed = await ctx.db.query(`SELECT purpose, count(*)::int AS n FROM submissions WHERE invite_id IS NOT NULL GROUP BY purpose`);
  expect(listed.rows).toEqual([{ purpose: 'practice', n: 1 }]);

  // submit: the editor's files go through the plain form; progress, then the result
  await page.getByRole('button', { name: 'Submit for judging' }).click();
  await page.waitForURL(/\/ui\/submissions\//);
  await page.locator('#hidden-summary').waitFor({ timeout: 90_000 });
  expect(await page.locator('main .summary .badge').innerText()).toMatch(/^(Accepted|Partially correct)$/);
  const stored = await ctx.db.query(`SELECT files FROM submissions WHERE purpose = 'submission'`);
  expect(stored.rows[0].files['src/solution.ts']).toContain(TYPED);
  await screenshot(page, 'editor-result');

  // the last submission comes back into the editor
  await openChallenge(page);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('// scratch');
  await page.getByRole('button', { name: 'Restore my last submission' }).click();
  await page.locator('#save-status', { hasText: /^Restored your submission/ }).waitFor();
  expect(await editorText(page)).toContain(TYPED);
  await context.close();
  expect(problems).toEqual([]);
}, 240_000);

test('a Python candidate: the Python starter highlighted as Python, 4-space indents, a Python draft kept apart and restored; the reference passes its practice run and is accepted', async () => {
  await publishScaffold(ctx.db, 'py-editor', ['typescript', 'python']);
  const assessment = await createAssessment(ctx, { name: 'Python editor', challenges: ['py-editor'], durationMinutes: 90 });
  const pythonToken = (await invite(ctx, assessment.id)).token;
  const { context, page } = await watchedContext();
  await signIn(page, ctx.api.url, pythonToken);
  await page.goto(`${ctx.api.url}/ui/challenges/py-editor`);
  await page.locator('.cm-editor').waitFor();
  expect(await page.getByLabel('Language').locator('option').allInnerTexts()).toEqual(['TypeScript', 'Python']);
  await page.getByLabel('Language').selectOption('python');
  await page.getByRole('tab', { name: 'src/solution.py' }).waitFor();
  expect(await page.getByRole('tab').allInnerTexts()).toEqual(['src/solution.py']);
  expect(await editorText(page)).toMatch(/^def dedupe_lines\(text: str\) -> list\[str\]:/);
  const look = await page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as any; // runs in the page
    const root = document.getElementById('editor-host').shadowRoot;
    return {
      language: root.querySelector('.cm-content').getAttribute('data-language') as string,
      coloured: new Set(Array.from(root.querySelectorAll('.cm-line span')).map((s) => getComputedStyle(s).color)).size,
    };
  });
  expect(look.language).toBe('python');
  expect(look.coloured).toBeGreaterThan(1);

  // Enter after a colon indents by 4 spaces (PEP 8); the draft is saved under python
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('def dedupe_lines(text: str) -> list[str]:');
  await page.keyboard.press('Enter');
  await page.keyboard.type('return [text]  # typed in Python');
  await page.locator('#save-status', { hasText: /^Saved at/ }).waitFor();
  expect(await editorText(page)).toBe('def dedupe_lines(text: str) -> list[str]:\n    return [text]  # typed in Python');
  const saved = await http(ctx, 'GET', '/v1/drafts/py-editor/python', undefined, bearer(pythonToken));
  expect(saved.json.files).toEqual({ 'src/solution.py': 'def dedupe_lines(text: str) -> list[str]:\n    return [text]  # typed in Python' });
  expect((await http(ctx, 'GET', '/v1/drafts/py-editor/typescript', undefined, bearer(pythonToken))).json.files).toBeNull();

  // after a reload the TypeScript side still has its starter; Python brings the draft back
  await page.reload();
  await page.locator('#save-status', { hasText: /Starting from the starter/ }).waitFor();
  expect(await editorText(page)).toContain('export function dedupeLines');
  await page.getByLabel('Language').selectOption('python');
  await page.locator('#save-status', { hasText: /^Draft restored/ }).waitFor();
  expect(await editorText(page)).toContain('# typed in Python');
  expect(await accessibilityProblems(page)).toEqual([]);
  await screenshot(page, 'editor-python');

  // the Python reference: its public tests pass in a practice run, and the submission is judged in Python
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await paste(page, PYTHON_REFERENCE);
  await page.locator('#save-status', { hasText: /^Saved at/ }).waitFor();
  await page.getByRole('button', { name: 'Run public tests' }).click();
  await page.locator('#practice-summary').waitFor({ timeout: 90_000 });
  expect(await page.locator('#practice-summary').innerText()).toMatch(/^1 of 1 public tests passed\./);
  await page.getByRole('button', { name: 'Submit for judging' }).click();
  await page.waitForURL(/\/ui\/submissions\//);
  await page.locator('#hidden-summary').waitFor({ timeout: 90_000 });
  expect(await page.locator('main .summary .badge').innerText()).toBe('Accepted');
  expect(await page.locator('main').innerText()).toContain('Python');
  const stored = await ctx.db.query(`SELECT language, files FROM submissions WHERE purpose = 'submission' AND files ? 'src/solution.py'`);
  expect(stored.rows).toEqual([{ language: 'python', files: { 'src/solution.py': PYTHON_REFERENCE } }]);
  await context.close();
  expect(problems).toEqual([]);
}, 120_000);

test('without JavaScript the page is the plain form, and it submits', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, ctx.api.url, token);
  await page.goto(`${ctx.api.url}/ui/challenges/pii-redaction`);
  expect(await page.locator('#editor-app').isVisible()).toBe(false);
  expect(await page.locator('#path0').inputValue()).toBe('src/solution.ts');
  await page.locator('#content0').fill('export function redact(text: string) { return { text, found: [] }; }');
  await page.getByRole('button', { name: 'Submit for judging' }).click();
  await page.waitForURL(/\/ui\/submissions\//);
  expect(await page.locator('#progress, #hidden-summary').count()).toBe(1);
  await context.close();
}, 60_000);

test('statement beside the editor on a wide screen, stacked on a phone; Tab leaves the editor; the countdown runs', async () => {
  const boxes = async (page: Page) => ({
    statement: (await page.locator('#statement').boundingBox())!,
    editor: (await page.locator('#editor-host').boundingBox())!,
  });
  const wide = await watchedContext();
  await signIn(wide.page, ctx.api.url, token);
  await openChallenge(wide.page);
  const side = await boxes(wide.page);
  expect(side.editor.x).toBeGreaterThanOrEqual(side.statement.x + side.statement.width);
  const countdown = await wide.page.locator('#countdown').innerText();
  expect(countdown).toMatch(/^Time left: 1:(29|30):\d\d$/);
  await wide.page.waitForFunction((before) => (globalThis as any).document.getElementById('countdown').textContent !== before, countdown, { timeout: 3_000 });
  expect(await wide.page.locator('#time-announcer').getAttribute('aria-live')).toBe('assertive');
  // the keyboard's path: language → the editor's buttons → the file tab → the code → (Tab leaves it)
  await wide.page.locator('#language').focus();
  const stops: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    await wide.page.keyboard.press('Tab');
    stops.push(await wide.page.evaluate(() => (globalThis as any).document.activeElement?.id as string));
  }
  expect(stops).toEqual(['restore-last', 'reset-starter', 'run-public', 'tab-src_solution_ts', 'editor-host']);
  await wide.page.keyboard.type('x'); // typed into the code, at its start
  expect(await wide.page.locator('.cm-content').innerText()).toMatch(/^x/);
  await wide.page.keyboard.press('Tab');
  expect(await wide.page.evaluate(() => (globalThis as any).document.activeElement?.id)).not.toBe('editor-host'); // focus left the shadow root
  await wide.context.close();

  const phone = await watchedContext({ width: 390, height: 844 });
  await signIn(phone.page, ctx.api.url, token);
  await openChallenge(phone.page);
  const stacked = await boxes(phone.page);
  expect(stacked.editor.y).toBeGreaterThan(stacked.statement.y + stacked.statement.height);
  expect(stacked.editor.width).toBeLessThanOrEqual(390);
  await screenshot(phone.page, 'editor-phone');
  await phone.context.close();
  expect(problems).toEqual([]);
}, 120_000);

test('the countdown warns at 10 minutes (spoken) and says when time is up, then practice runs stop', async () => {
  const soon = async (ms: number) => (await invite(ctx, (await createAssessment(ctx, {
    name: `Closes in ${ms} ms`, challenges: ['pii-redaction'], closesAt: new Date(Date.now() + ms).toISOString(),
  })).id)).token;
  const [tenMinutes, fewSeconds] = await Promise.all([soon(10 * 60_000 + 2_500), soon(5_000)]);
  const first = await watchedContext();
  await signIn(first.page, ctx.api.url, tenMinutes);
  await openChallenge(first.page);
  await first.page.locator('#time-announcer', { hasText: '10 minutes left before your deadline.' }).waitFor({ timeout: 6_000 });
  expect(await first.page.locator('#countdown').innerText()).toMatch(/^Time left: (10:00|9:5\d)$/);
  await first.context.close();

  const second = await watchedContext();
  await signIn(second.page, ctx.api.url, fewSeconds);
  await openChallenge(second.page);
  await second.page.locator('#countdown', { hasText: 'Time is up.' }).waitFor({ timeout: 8_000 });
  expect(await second.page.locator('#time-announcer').innerText()).toMatch(/^Time is up/);
  expect(await second.page.getByRole('button', { name: 'Run public tests' }).isDisabled()).toBe(true);
  await second.context.close();
  expect(problems).toEqual([]);
}, 60_000);
