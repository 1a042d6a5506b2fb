/**
 * The authoring pages in Chromium, as an author uses them: upload a package through the page (a bad one first: its
 * problems listed), watch its publish gate progress and pass without reloading, publish it; start a rejudge from a
 * version page, watch its preview fill in, apply it; start another and cancel it. Buttons are pressed from the
 * keyboard. The worker is started only once a page shows the waiting state, so the live update is what the test sees.
 */
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWorker, type RunningWorker } from '../../../worker/start-worker';
import { createAssessment, invite, issueToken } from '../../helpers/assessment-fixtures';
import { scaffoldFiles, tarOf, upload, waitForGate } from '../../helpers/challenge-packages';
import { bearer, createTestContext, http, silentLog, waitForVerdict, type TestContext } from '../../helpers/test-context';
import { accessibilityProblems, activeElement, launchBrowser, screenshot, signedInPage } from './browser';

const SLUG = 'dedupe-lines';
const RUNS = 2;
let ctx: TestContext;
let browser: Browser;
let worker: RunningWorker | undefined;
let files: Record<string, string>;
let author: string;
const dir = mkdtempSync(path.join(tmpdir(), 'authoring-pages-'));

const startJudging = async () => {
  worker = await startWorker({ db: ctx.db, docker: ctx.docker, config: ctx.config, log: silentLog });
};
const stopJudging = async () => {
  await worker?.close();
  worker = undefined;
};

/** Writes an archive where the file chooser can pick it. */
function archiveFile(name: string, content: Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Moves the focus with Tab (as a person would) until `wanted` holds for the focused element; fails after 60 stops. */
async function tabTo(page: Page, wanted: (el: { id: string; text: string }) => boolean): Promise<{ id: string; text: string; outline: string }> {
  for (let stop = 0; stop < 60; stop++) {
    const focused = await activeElement(page);
    if (wanted(focused)) return focused;
    await page.keyboard.press('Tab');
  }
  throw new Error('the control was not reached with Tab');
}

/** Presses a button from the keyboard: Tab to it, its focus ring visible, then Enter. */
async function pressButton(page: Page, name: string | RegExp): Promise<void> {
  const focused = await tabTo(page, (el) => (typeof name === 'string' ? el.text === name : name.test(el.text)));
  expect(focused.outline).not.toMatch(/^none/);
  await page.keyboard.press('Enter');
}

/** Console errors of a page (a CSP violation or a failed script shows up here). */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Marks the loaded document; `stillSameDocument` is true only if no reload or navigation happened since. */
const markDocument = (page: Page) => page.evaluate(() => { (globalThis as any).stayedHere = true; });
const stillSameDocument = (page: Page) => page.evaluate(() => (globalThis as any).stayedHere === true);

beforeAll(async () => {
  ctx = await createTestContext({ config: { GATE_RUNS: RUNS } });
  browser = await launchBrowser();
  files = await scaffoldFiles(SLUG);
  author = (await issueToken(ctx, 'author', 'Ann the author')).token;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopJudging();
  await ctx?.close();
});

test('an author uploads a package, watches its gate pass live and publishes it', async () => {
  const page = await signedInPage(browser, ctx.api.url, author);
  // An upload collects the test plan in a sandbox: slow on a loaded 2-core machine.
  page.setDefaultTimeout(120_000);
  const errors = consoleErrors(page);
  await page.getByRole('link', { name: 'Challenges' }).click();
  await page.getByRole('link', { name: 'Upload a challenge package' }).click();
  expect(await accessibilityProblems(page)).toEqual([]);

  // A package without its statement: the page lists what is wrong and keeps the form.
  const broken = { ...files };
  delete broken['statement.md'];
  await page.getByLabel(/Package/).setInputFiles(archiveFile('broken.tar.gz', tarOf(broken)));
  await pressButton(page, 'Upload');
  await page.getByRole('alert').waitFor();
  const problems = page.getByRole('alert');
  expect(await problems.innerText()).toMatch(/problem/);
  expect(await problems.locator('li').allInnerTexts()).toContainEqual(expect.stringContaining('statement.md'));

  // The real package, chosen through the file chooser the keyboard opens.
  await tabTo(page, (el) => el.id === 'package');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
  await chooser.setFiles(archiveFile('dedupe-lines.tar.gz', tarOf(files)));
  await pressButton(page, 'Upload');
  await page.waitForURL(`**/ui/challenges/${SLUG}/versions/1`);
  expect(await accessibilityProblems(page)).toEqual([]);
  const gateStatus = page.locator('#gate-live');
  expect(await gateStatus.innerText()).toContain(`The publish gate is running: 0 of ${2 * RUNS + 1} runs judged`);
  expect(await page.getByRole('button', { name: 'Publish version 1' }).isDisabled()).toBe(true);
  expect(await page.locator('#publish-why').innerText()).toContain('once the gate has passed');
  await markDocument(page);

  await startJudging();
  await page.locator('#gate-table').waitFor({ timeout: 180_000 });
  expect(await stillSameDocument(page)).toBe(true);
  expect(await page.locator('#gate-live').innerText()).toContain('The publish gate passed');
  const rows = await page.locator('#gate-table tbody tr').allInnerTexts();
  expect(rows).toHaveLength(3);
  expect(rows[0]).toMatch(/reference\s+accepted\s+accepted/);
  expect(rows[2]).toMatch(/reference-javascript\s+accepted\s+accepted/);
  await screenshot(page, 'authoring-gate-passed');

  await pressButton(page, 'Publish version 1');
  await page.locator('#version-status', { hasText: 'published' }).waitFor();
  expect(await stillSameDocument(page)).toBe(false);
  expect(await page.locator('#gate').innerText()).toContain('Version 1 is published');
  expect((await http(ctx, 'GET', `/v1/challenges/${SLUG}`)).json).toMatchObject({ version: 1 });
  // The broken upload's 400 answer is logged by Chromium as a failed resource; nothing else may be.
  expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
}, 300_000);

test('a rejudge is started from a version page, previewed live and applied; another is cancelled', async () => {
  const assessment = await createAssessment(ctx, { name: 'Data people', challenges: [SLUG] }, author);
  const candidate = await invite(ctx, assessment.id, author);
  const sent = await http(ctx, 'POST', '/v1/submissions', { challenge: SLUG, language: 'typescript', files: { 'src/solution.ts': files['solutions/case-sensitive/src/solution.ts']! } }, bearer(candidate.token));
  expect((await waitForVerdict(ctx, sent.json.id, 120_000)).verdict).toBe('partial');
  // Version 2 drops the case rule: the known-bad candidate now passes everything.
  const withoutCaseRule = files['tests/hidden/rules.test.ts']!.replace(/ {2}test\('duplicates that differ only in case[\s\S]*?\}, \{ weight: 2 \}\);\n\n/, '');
  expect((await upload(ctx, tarOf({ ...files, 'tests/hidden/rules.test.ts': withoutCaseRule }), 'application/gzip', author)).json).toMatchObject({ version: 2 });
  await waitForGate(ctx, SLUG, 2);
  await stopJudging();

  const page = await signedInPage(browser, ctx.api.url, author);
  page.setDefaultTimeout(120_000);
  const errors = consoleErrors(page);
  await page.goto(`${ctx.api.url}/ui/challenges/${SLUG}/versions/2`);
  await page.getByLabel(/Re-run on version 2/).selectOption({ label: 'version 1 (published)' });
  await pressButton(page, 'Preview the rejudge');
  await page.waitForURL(/\/ui\/rejudges\/[0-9a-f-]{36}$/);
  expect(await accessibilityProblems(page)).toEqual([]);
  expect(await page.locator('#rejudge-text').innerText()).toBe('Re-running: 0 of 1 finished.');
  expect(await page.getByRole('button', { name: /^Apply/ }).isDisabled()).toBe(true);
  await markDocument(page);

  await startJudging();
  await page.getByText('All 1 re-runs finished').waitFor({ timeout: 180_000 });
  expect(await stillSameDocument(page)).toBe(true);
  const row = await page.locator('#rejudge-items tbody tr').innerText();
  expect(row).toMatch(/dedupe-lines v1\s+Partially correct\s+3\.0 \/ 5\.0\s+Accepted\s+3\.0 \/ 3\.0\s+yes/);
  expect(await page.locator('#rejudge-items caption').innerText()).toBe('1 of 1 submission changes');
  await screenshot(page, 'authoring-rejudge-preview');
  await pressButton(page, /^Apply/);
  await page.getByText('This rejudge was applied').waitFor();
  expect(await page.getByRole('button', { name: /^Apply/ }).count()).toBe(0);
  expect((await http(ctx, 'GET', `/v1/submissions/${sent.json.id}`)).json.verdict).toBe('accepted');

  await page.goto(`${ctx.api.url}/ui/challenges/${SLUG}/versions/2`);
  await page.getByLabel(/Re-run on version 2/).selectOption({ label: 'the assessment "Data people"' });
  await pressButton(page, 'Preview the rejudge');
  await page.getByText('All 1 re-runs finished').waitFor({ timeout: 180_000 });
  await pressButton(page, 'Cancel the rejudge');
  await page.getByText('This rejudge was cancelled').waitFor();
  expect((await http(ctx, 'GET', `/v1/submissions/${sent.json.id}`)).json.verdict).toBe('accepted');
  expect(errors).toEqual([]);
}, 400_000);
