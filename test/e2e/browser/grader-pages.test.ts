import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { CHALLENGES_DIR } from '../../../core/challenges/load-bundled-challenges';
import { findPublishedChallenge } from '../../../core/challenges/challenge-repository';
import { finishGateRun, insertGateRun } from '../../../core/gate/gate-run-repository';
import { getQuality } from '../../../core/quality/quality-repository';
import { measureReference } from '../../../core/gate/measure-reference';
import { anyOf, createAssessment, hiddenTestNames, invite, issueToken, submit } from '../../helpers/assessment-fixtures';
import { createTestContext, waitForVerdict, type TestContext } from '../../helpers/test-context';
import { accessibilityProblems, ARTIFACTS, launchBrowser, screenshot, signedInPage } from './browser';

const SLUG = 'classify-endpoint';
const solution = (name: string) => ({ 'src/solution.ts': readFileSync(path.join(CHALLENGES_DIR, SLUG, 'solutions', name, 'src', 'solution.ts'), 'utf8') });
const DOCS_IMAGES = path.join(__dirname, '..', '..', '..', 'docs', 'images');

let ctx: TestContext;
let browser: Browser;
let assessmentId: string;
let graderToken: string;
const submissions: Record<string, string> = {};

/** Waits (60 s at most in all) until the quality analyses are stored, done or failed, so the report shows them. */
async function waitForQuality(ids: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (const id of ids) {
    while (!(await getQuality(ctx.db, id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  ctx = await createTestContext({ worker: true, config: { QUALITY_ENABLED: true } });
  browser = await launchBrowser();
  assessmentId = (await createAssessment(ctx, { name: 'Endpoint engineers, spring', challenges: [SLUG] })).id;
  graderToken = (await issueToken(ctx, 'grader', 'Grace the grader')).token;
  for (const name of ['reference', 'leaks-api-key', 'no-retry-on-429']) {
    const candidate = await invite(ctx, assessmentId);
    const res = await submit(ctx, candidate.token, solution(name), undefined, SLUG);
    expect(res.status).toBe(202);
    submissions[name] = res.json.id;
  }
  // The reference's figures, so the report compares usage with them ("n× the reference's tokens").
  await measureReference(ctx, (await findPublishedChallenge(ctx.db, SLUG))!.id);
  for (const id of Object.values(submissions)) await waitForVerdict(ctx, id);
  await waitForQuality(Object.values(submissions));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

test('a grader opens the submission list, sorts it by score and opens a report', async () => {
  const page = await signedInPage(browser, ctx.api.url, graderToken, { width: 1366, height: 900 });
  expect(new URL(page.url()).pathname).toBe('/ui/assessments');
  await page.getByRole('link', { name: 'Endpoint engineers, spring' }).click();
  expect(await accessibilityProblems(page)).toEqual([]);
  const table = page.locator('table#submissions');
  expect(await table.locator('tbody tr').count()).toBe(3);

  const score = page.locator('th', { has: page.getByRole('button', { name: 'Score' }) });
  await page.getByRole('button', { name: 'Score' }).click();
  expect(await score.getAttribute('aria-sort')).toBe('ascending');
  await page.getByRole('button', { name: 'Score' }).click();
  expect(await score.getAttribute('aria-sort')).toBe('descending');
  // (Not "the reference is first": under load a timing test of this challenge may fail even for the reference.)
  const scores = (await table.locator('tbody tr td:nth-child(4)').evaluateAll((cells) => cells.map((c) => Number((c as any).dataset.sort))));
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  const list = await screenshot(page, 'grader-list');

  const failedRequests: string[] = [];
  page.on('response', (r) => { if (r.status() >= 400) failedRequests.push(`${r.status()} ${r.url()}`); });
  await page.goto(`${ctx.api.url}/ui/submissions/${submissions['leaks-api-key']}`);
  expect(await accessibilityProblems(page)).toEqual([]);
  // The first screen: verdict, score, the quality and LLM-usage headlines, the score by group
  const verdict = page.locator('section', { has: page.locator('#verdict-h') });
  expect(await verdict.locator('.headline dt').allInnerTexts()).toEqual(['Code quality', 'LLM usage']);
  expect(await verdict.locator('table caption').innerText()).toBe('Score by group');
  // Failing tests are one line each; the message opens on demand, in monospace
  const failing = page.locator('ul.failing > li > details');
  expect(await failing.count()).toBeGreaterThan(0);
  expect(await failing.evaluateAll((ds) => ds.every((d) => !(d as any).open))).toBe(true);
  expect(await failing.first().locator('pre.diff').isVisible()).toBe(false);
  await failing.first().locator('summary').click();
  const diff = failing.first().locator('pre.diff');
  expect(await diff.isVisible()).toBe(true);
  expect(await diff.evaluate((el) => (globalThis as any).getComputedStyle(el).fontFamily)).toMatch(/monospace/);
  expect(await failing.first().locator('summary').innerText()).toMatch(/tests\/(hidden|public)\/.+ · (hidden|public) · weight \d/);
  expect(failedRequests).toEqual([]); // the favicon too
  const main = await page.locator('main').innerText();
  for (const heading of ['Verdict', 'Tests', 'Code quality', 'LLM usage', 'Against the cohort', 'Code', 'Captured output']) {
    expect(await page.getByRole('heading', { level: 2, name: heading, exact: true }).count()).toBe(1);
  }
  // Staff see the hidden tests in full.
  const hidden = await hiddenTestNames(ctx, SLUG);
  expect(main).toMatch(anyOf(hidden));
  expect(await page.locator('svg.chart').count()).toBe(2);
  await screenshot(page, 'grader-report');
  await page.locator('section', { has: page.locator('#llm-h') }).screenshot({ path: path.join(ARTIFACTS, 'grader-report-usage.png') });
  await page.locator('section', { has: page.locator('#cohort-h') }).screenshot({ path: path.join(ARTIFACTS, 'grader-report-cohort.png') });
  await page.setViewportSize({ width: 1366, height: 1700 });
  await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
  const report = path.join(ARTIFACTS, 'report-page.png');
  await page.screenshot({ path: report });
  if (process.env.UPDATE_DOCS_SCREENSHOTS) { // the README's pictures: refreshed on purpose, not by every run
    mkdirSync(DOCS_IMAGES, { recursive: true });
    copyFileSync(list, path.join(DOCS_IMAGES, 'grader-list.png'));
    copyFileSync(report, path.join(DOCS_IMAGES, 'report-page.png'));
  }
  await page.close();
}, 120_000);

test('a candidate cannot open the grader pages; signing out ends the session', async () => {
  const candidate = await invite(ctx, assessmentId);
  const page = await signedInPage(browser, ctx.api.url, candidate.token);
  const res = await page.goto(`${ctx.api.url}/ui/assessments/${assessmentId}`);
  expect(res?.status()).toBe(403);
  const other = await page.goto(`${ctx.api.url}/ui/submissions/${submissions.reference}`);
  expect(other?.status()).toBe(404);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/ui\/sign-in$/);
  await page.goto(`${ctx.api.url}/ui/me`);
  expect(new URL(page.url()).pathname).toBe('/ui/sign-in');
  await page.close();
}, 60_000);

test('staff see the challenges, each with its versions and publish gate', async () => {
  const { gateRun } = await insertGateRun(ctx.db, { challengeId: (await findPublishedChallenge(ctx.db, SLUG))!.id, runs: 2, createdBy: null, submissions: [] });
  await finishGateRun(ctx.db, gateRun.id, 'failed', [
    { solution: 'reference', expected: 'accepted', verdict: 'accepted ×2', score: 56, maxScore: 56, runsAsExpected: 2, runs: 2, medianMs: 900, ok: true, problem: '' },
    { solution: '<script>bad</script>', expected: 'wrong_answer', verdict: 'accepted ×2', score: 56, maxScore: 56, runsAsExpected: 0, runs: 2, medianMs: 850, ok: false, problem: 'expected wrong_answer' },
  ]);
  const page = await signedInPage(browser, ctx.api.url, graderToken);
  await page.goto(`${ctx.api.url}/ui/challenges`);
  expect(await page.locator('tr', { hasText: SLUG }).locator('.badge').innerText()).toBe('failed');
  expect(await page.locator('tr', { hasText: 'rag-chunking' }).innerText()).toContain('admins'); // bundled: admins own it
  await page.getByRole('link', { name: /Versions and gates of classify-endpoint/ }).first().click();
  expect(await page.getByRole('heading', { level: 2, name: /^Version 1/ }).count()).toBe(1);
  expect(await accessibilityProblems(page)).toEqual([]);
  const gate = page.getByRole('table', { name: /Publish gate of version 1/ });
  expect(await gate.locator('tbody tr').count()).toBe(2);
  expect(await gate.innerText()).toContain('<script>bad</script>'); // shown as text, never run
  await screenshot(page, 'challenge-versions');
  await page.close();
}, 60_000);
