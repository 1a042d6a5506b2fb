/**
 * The candidates compared, in Chromium: the table sorted and filtered (live, and by the GET form), the CSV and JSON
 * exports downloaded through the page's links, and two candidates side by side (a line diff, their tests, headlines).
 * Cheap on purpose: two judged submissions of rag-chunking, the quality analysis off.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createAssessment, invite, issueToken, REFERENCE, submit, WRONG } from '../../helpers/assessment-fixtures';
import { createTestContext, http, waitForVerdict, type TestContext } from '../../helpers/test-context';
import { accessibilityProblems, launchBrowser, screenshot, signedInPage } from './browser';

let ctx: TestContext;
let browser: Browser;
let assessmentId: string;
let graderToken: string;
const people: Record<'ada' | 'bo' | 'cy', any> = {} as never;
const submissions: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext({ worker: true });
  browser = await launchBrowser();
  assessmentId = (await createAssessment(ctx, { name: 'Chunkers compared', durationMinutes: 90 })).id;
  graderToken = (await issueToken(ctx, 'grader', 'Grace the grader')).token;
  for (const who of ['ada', 'bo', 'cy'] as const) people[who] = await invite(ctx, assessmentId);
  for (const [who, files] of [['ada', REFERENCE], ['bo', WRONG]] as const) {
    const res = await submit(ctx, people[who].token, files);
    expect(res.status).toBe(202);
    submissions[who] = res.json.id;
  }
  for (const id of Object.values(submissions)) await waitForVerdict(ctx, id);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

/** Fails the test on any console error or CSP violation of the page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

const rowNames = (page: Page) => page.locator('table#comparison tbody tr:not([hidden]) th[scope=row]')
  .evaluateAll((cells) => cells.map((c) => String((c as any).dataset.sort)));

test('the comparison table: reached from the assessment, sorted by every column\'s button, filtered live and by the form', async () => {
  const page = await signedInPage(browser, ctx.api.url, graderToken, { width: 1366, height: 900 });
  const errors = watchErrors(page);
  await page.getByRole('link', { name: 'Chunkers compared' }).click();
  await page.getByRole('link', { name: 'Compare candidates' }).click();
  expect(new URL(page.url()).pathname).toBe(`/ui/assessments/${assessmentId}/compare`);
  expect(await accessibilityProblems(page)).toEqual([]);
  const table = page.locator('table#comparison');
  expect(await table.locator('tbody tr').count()).toBe(3);
  expect(await table.locator('th[aria-sort]').count()).toBe(7); // candidate, status, time, the challenge, total, quality, cost

  const header = (label: string) => table.locator('thead th', { has: page.locator('button.sort', { hasText: new RegExp(`^${label}$`) }) });
  const total = header('Total');
  await header('Total').locator('button').click();
  expect(await total.getAttribute('aria-sort')).toBe('ascending');
  expect((await rowNames(page))[2]).toBe(people.ada.name.toLowerCase()); // the reference scores the most
  await header('Total').locator('button').click();
  expect(await total.getAttribute('aria-sort')).toBe('descending');
  expect((await rowNames(page))[0]).toBe(people.ada.name.toLowerCase());
  await header('Candidate').locator('button').click();
  expect(await total.getAttribute('aria-sort')).toBe('none');
  expect(await rowNames(page)).toEqual([people.ada, people.bo, people.cy].map((p) => p.name.toLowerCase()).sort());
  await header('Status').locator('button').click();
  expect(await header('Status').getAttribute('aria-sort')).toBe('ascending');

  // live: typing narrows the rows at once, the caption counts them
  await page.getByLabel('Name or email').fill(people.bo.email.slice(0, 12));
  expect(await rowNames(page)).toEqual([people.bo.name.toLowerCase()]);
  expect(await page.locator('#comparison-count').innerText()).toBe('1 of 3 candidates');
  await page.getByLabel('Name or email').fill('');
  await page.getByLabel('Verdict (any challenge)').selectOption('none');
  expect(await rowNames(page)).toEqual([people.cy.name.toLowerCase()]);
  await page.getByLabel('Verdict (any challenge)').selectOption('');
  await page.getByLabel('Status').selectOption('not_started');
  expect(await rowNames(page)).toEqual([people.cy.name.toLowerCase()]);
  // the form itself: a GET with the query, the server hides the same rows
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Verdict (any challenge)').selectOption('accepted');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/verdict=accepted/);
  expect(await rowNames(page)).toEqual([people.ada.name.toLowerCase()]);
  expect(await page.locator('#comparison-count').innerText()).toBe('1 of 3 candidates');
  await page.getByRole('link', { name: 'Clear' }).click();
  expect(await rowNames(page)).toHaveLength(3);
  // each scored cell links to that submission's report
  expect(await table.locator(`a[href="/ui/submissions/${submissions.ada}"]`).count()).toBe(1);
  await screenshot(page, 'candidate-comparison');
  expect(errors).toEqual([]);
  await page.close();
}, 90_000);

test('the CSV and JSON exports download through the page\'s links with every candidate', async () => {
  const page = await signedInPage(browser, ctx.api.url, graderToken);
  await page.goto(`${ctx.api.url}/ui/assessments/${assessmentId}/compare`);
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
  expect(csvDownload.suggestedFilename()).toBe(`comparison-${assessmentId}.csv`);
  const csv = readFileSync((await csvDownload.path())!, 'utf8').split('\r\n');
  expect(csv[0]).toBe('name,email,external_id,invite_id,status,rag-chunking score,rag-chunking verdict,total,max_total,time_used_minutes,quality_issues,llm_cost_usd');
  expect(csv.filter(Boolean)).toHaveLength(4);
  const ada = csv.find((line) => line.startsWith(`${people.ada.name},`))!.split(',');
  expect(ada.slice(1, 7)).toEqual([people.ada.email, '', people.ada.id, 'in_progress', ada[5], 'accepted']);
  expect(Number(ada[5])).toBe(Number(ada[8])); // full marks: score = max
  expect(csv.find((line) => line.startsWith(`${people.cy.name},`))).toMatch(/,not_started,0,,0,/);

  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'JSON' }).click()]);
  expect(jsonDownload.suggestedFilename()).toBe(`comparison-${assessmentId}.json`);
  const json = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8'));
  const api = (await http(ctx, 'GET', `/v1/assessments/${assessmentId}/comparison`)).json;
  expect(json.rows.map((r: any) => [r.inviteId, r.total, r.perChallenge['rag-chunking']?.submissionId ?? null]))
    .toEqual(api.rows.map((r: any) => [r.inviteId, r.total, r.perChallenge['rag-chunking']?.submissionId ?? null]));
  expect(json.rows.find((r: any) => r.inviteId === people.bo.id).perChallenge['rag-chunking'].submissionId).toBe(submissions.bo);
  await page.close();
}, 60_000);

test('two ticked candidates side by side: their code as a marked line diff, their tests, their headlines', async () => {
  const page = await signedInPage(browser, ctx.api.url, graderToken, { width: 1366, height: 900 });
  const errors = watchErrors(page);
  await page.goto(`${ctx.api.url}/ui/assessments/${assessmentId}/compare`);
  await page.getByLabel(`Pick ${people.ada.name}`).check();
  await page.getByLabel(`Pick ${people.bo.name}`).check();
  await page.getByRole('button', { name: 'Compare the two ticked candidates side by side' }).click();
  await page.waitForURL(/\/compare\/rag-chunking\?a=/);
  const url = new URL(page.url());
  expect([url.searchParams.get('a'), url.searchParams.get('b')].sort()).toEqual([people.ada.id, people.bo.id].sort());
  expect(await accessibilityProblems(page)).toEqual([]);
  expect(await page.getByRole('heading', { level: 2, name: /^A: / }).count()).toBe(1);
  expect(await page.getByRole('heading', { level: 2, name: /^B: / }).count()).toBe(1);
  expect(await page.locator('.pair .headline dt').allInnerTexts()).toEqual(['Code quality', 'LLM usage', 'Code quality', 'LLM usage']);
  const diff = page.locator('pre.line-diff').first();
  expect(await diff.evaluate((el) => (globalThis as any).getComputedStyle(el).fontFamily)).toMatch(/monospace/);
  expect(await diff.locator('.added').count()).toBeGreaterThan(0);
  expect(await diff.locator('.removed').count()).toBeGreaterThan(0);
  const sideOfWrong = url.searchParams.get('a') === people.bo.id ? 'removed' : 'added';
  expect(await diff.locator(`.${sideOfWrong}`).allInnerTexts()).toContainEqual(expect.stringContaining('export function chunk() { return []; }'));
  expect(await diff.locator('.added').first().innerText()).toMatch(/^\s*\d+\s+\+ /);
  const tests = page.getByRole('table', { name: /^Tests: / });
  expect(await tests.locator('tbody tr').count()).toBeGreaterThan(5);
  expect(await tests.locator('thead th').allInnerTexts()).toEqual(['Test', 'Group', 'Weight', 'A', 'B']);
  expect(await tests.locator('tbody tr.differs').count()).toBeGreaterThan(0);
  await screenshot(page, 'candidate-side-by-side');
  expect(errors).toEqual([]);
  await page.close();
}, 60_000);
