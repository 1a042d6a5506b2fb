import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHALLENGES_DIR } from '../../../core/challenges/load-bundled-challenges';
import { createAssessment, hiddenTestNames, invite } from '../../helpers/assessment-fixtures';
import { createTestContext, silentLog, type TestContext } from '../../helpers/test-context';
import { startWorker, type RunningWorker } from '../../../worker/start-worker';
import { accessibilityProblems, activeElement, launchBrowser, screenshot, signedInPage } from './browser';

const REFERENCE = readFileSync(path.join(CHALLENGES_DIR, 'pii-redaction', 'solutions', 'reference', 'src', 'solution.ts'), 'utf8');

/**
 * These tests drive the plain form, the page as it works without the editor's script (no JavaScript, or the
 * bundle missing); the editor has its own test, test/e2e/browser/candidate-editor.test.ts.
 */
async function plainForm(page: Page): Promise<void> {
  await page.route('**/ui/assets/editor.js', (route) => route.abort());
}

let ctx: TestContext;
let browser: Browser;
let candidateToken: string;
/** Started only once the candidate watches a queued submission, so the result provably arrives live. */
let worker: RunningWorker | undefined;

beforeAll(async () => {
  ctx = await createTestContext();
  browser = await launchBrowser();
  const assessment = await createAssessment(ctx, { name: 'Browser assessment', challenges: ['pii-redaction'] });
  candidateToken = (await invite(ctx, assessment.id)).token;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await ctx?.close();
});

test('a candidate signs in, opens a challenge, submits the reference and sees the result arrive live; no hidden test names', async () => {
  const page = await signedInPage(browser, ctx.api.url, candidateToken);
  await plainForm(page);
  expect(new URL(page.url()).pathname).toBe('/ui/me');
  await page.getByRole('link', { name: /PII redaction/ }).click();
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/PII redaction/);
  expect(await accessibilityProblems(page)).toEqual([]);
  const statementMarkup = await page.content();
  const starter = await page.request.get(`${ctx.api.url}${await page.getByRole('link', { name: 'src/solution.ts' }).getAttribute('href')}`);
  expect(starter.status()).toBe(200);
  expect(starter.headers()['content-disposition']).toBe('attachment; filename="solution.ts"');
  expect(await starter.text()).toContain('export function redact');
  await page.getByLabel('Contents').first().fill(REFERENCE);
  await screenshot(page, 'candidate-challenge');
  const streams: number[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('/events')) streams.push(r.status());
  });
  await page.getByRole('button', { name: 'Submit for judging' }).click();
  await page.waitForURL(/\/ui\/submissions\//);
  expect(await page.locator('#progress-text').innerText()).toMatch(/^Queued: position 1/);
  await screenshot(page, 'candidate-queued');
  worker = await startWorker({ db: ctx.db, docker: ctx.docker, config: ctx.config, log: silentLog });
  await page.locator('#hidden-summary').waitFor({ timeout: 90_000 });
  expect(streams).toContain(200); // the page followed the submission over SSE, with its cookie
  // The verdict itself is judge-e2e's business (a performance test may fail on a loaded machine); here: it arrived.
  expect(await page.locator('main .summary .badge').innerText()).toMatch(/^(Accepted|Partially correct)$/);
  await screenshot(page, 'candidate-result');

  const hidden = await hiddenTestNames(ctx, 'pii-redaction');
  expect(hidden.length).toBeGreaterThan(0);
  expect(await accessibilityProblems(page)).toEqual([]);
  const markup = await page.content();
  for (const name of hidden) {
    expect(markup).not.toContain(name);
    expect(statementMarkup).not.toContain(name);
  }
  await page.close();
}, 120_000);

test('the submission form can be used with the keyboard alone, with a visible focus on every stop', async () => {
  const page = await signedInPage(browser, ctx.api.url, candidateToken);
  await plainForm(page);
  await page.goto(`${ctx.api.url}/ui/challenges/pii-redaction`);
  await page.keyboard.press('Tab');
  expect((await activeElement(page)).text).toBe('Skip to content');

  const stops: Array<{ id: string; text: string; outline: string }> = [];
  while (stops.length < 60 && stops.at(-1)?.text !== 'Submit for judging') {
    await page.keyboard.press('Tab');
    stops.push(await activeElement(page));
  }
  const ids = stops.map((s) => (s.text === 'Submit for judging' ? 'submit' : s.id));
  for (const id of ['language', 'path0', 'content0', 'path1', 'submit']) expect(ids).toContain(id);
  for (const stop of stops) expect(stop.outline).not.toMatch(/^none|0px$/);
  for (const id of ['language', 'path0', 'content0']) expect(await page.locator(`label[for="${id}"]`).count()).toBe(1);

  // Type a small (wrong) solution and submit with Enter on the button, all from the keyboard.
  await page.focus('#content0');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('export function redact(text: string) { return { text, found: [] }; }');
  while ((await activeElement(page)).text !== 'Submit for judging') await page.keyboard.press('Tab');
  await screenshot(page, 'candidate-keyboard-focus');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/ui\/submissions\//);
  await page.close();
}, 120_000);

test('pages refuse cross-origin form posts and unsigned visitors', async () => {
  const post = await fetch(`${ctx.api.url}/ui/sign-in`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: `token=${candidateToken}`, redirect: 'manual',
  });
  expect(post.status).toBe(403);
  expect(post.headers.get('set-cookie')).toBeNull();
  const form = { 'content-type': 'application/x-www-form-urlencoded', cookie: `judge_token=${candidateToken}` };
  const body = 'language=typescript&path0=src%2Fsolution.ts&content0=x';
  const variants: Array<Record<string, string>> = [{ origin: 'https://evil.example' }, { referer: 'https://evil.example/page' }, {}];
  for (const headers of variants) {
    const submit = await fetch(`${ctx.api.url}/ui/challenges/pii-redaction/submissions`, { method: 'POST', headers: { ...form, ...headers }, body, redirect: 'manual' });
    expect(submit.status).toBe(403);
  }
  const page = await fetch(`${ctx.api.url}/ui/me`, { redirect: 'manual' });
  expect(page.status).toBe(303);
  expect(page.headers.get('location')).toBe('/ui/sign-in?next=%2Fui%2Fme');
});
