import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHALLENGES_DIR } from '../../../core/challenges/load-bundled-challenges';
import { createAssessment, issueToken } from '../../helpers/assessment-fixtures';
import { bearer, createTestContext, http, type TestContext } from '../../helpers/test-context';
import { accessibilityProblems, ARTIFACTS, launchBrowser, screenshot, signedInPage } from './browser';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'similarity');
const SLUG = 'classify-endpoint';
const DOCS_IMAGES = path.join(__dirname, '..', '..', '..', 'docs', 'images');
const REFERENCE = readFileSync(path.join(CHALLENGES_DIR, SLUG, 'solutions', 'reference', 'src', 'solution.ts'), 'utf8');
const PLANTED = readFileSync(path.join(FIXTURES, 'classify-endpoint-planted.ts.txt'), 'utf8');
const OTHER = readFileSync(path.join(CHALLENGES_DIR, 'stream-proxy', 'solutions', 'reference', 'src', 'solution.ts'), 'utf8');

let ctx: TestContext;
let browser: Browser;
/** The assessment, the grader's token and the last candidate's. */
const made = { assessmentId: '', grader: '', candidateToken: '' };

beforeAll(async () => {
  ctx = await createTestContext();
  browser = await launchBrowser();
  made.assessmentId = (await createAssessment(ctx, { name: 'Endpoint cohort', challenges: [SLUG] })).id;
  made.grader = (await issueToken(ctx, 'grader', 'Grace the grader')).token;
  for (const [name, code] of [['Ana Original', REFERENCE], ['Ben Renamer', PLANTED], ['Cy Elsewhere', OTHER]] as const) {
    const invited = await http(ctx, 'POST', `/v1/assessments/${made.assessmentId}/invites`, { name, email: `${name.split(' ')[0]!.toLowerCase()}@example.com` });
    made.candidateToken = invited.json.token;
    const res = await http(ctx, 'POST', '/v1/submissions', { challenge: SLUG, language: 'typescript', files: { 'src/solution.ts': code } }, bearer(invited.json.token));
    expect(res.status).toBe(202);
    // finished without judging: the verdict is not what these pages are about
    await ctx.db.query("UPDATE submissions SET status = 'finished', verdict = 'accepted', score = 10, max_score = 10, finished_at = now() WHERE id = $1", [res.json.id]);
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

/** Fails the test on any CSP violation or console error of the page. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  return problems;
}

test('a grader reads the cohort\'s flagged pair, then the two solutions side by side with the fragments marked on both', async () => {
  const page = await signedInPage(browser, ctx.api.url, made.grader, { width: 1500, height: 900 });
  const problems = watchProblems(page);
  await page.goto(`${ctx.api.url}/ui/assessments/${made.assessmentId}`);
  await page.getByRole('link', { name: 'Similarity across the cohort' }).click();
  expect(new URL(page.url()).pathname).toBe(`/ui/assessments/${made.assessmentId}/similarity`);
  expect(await accessibilityProblems(page)).toEqual([]);
  expect(await page.getByRole('note').innerText()).toMatch(/^For human review; not a verdict\./);
  const flagged = page.locator(`table#sim-${SLUG}-flagged tbody tr`);
  expect(await flagged.count()).toBe(1);
  expect(await flagged.first().innerText()).toMatch(/Ana Original\s+Ben Renamer\s+9\d%\s+review/);
  // the unrelated solution is among the others, not flagged
  expect(await page.locator(`table#sim-${SLUG}-others`).innerText()).toContain('Cy Elsewhere');
  await screenshot(page, 'similarity-list');

  await flagged.first().getByRole('link', { name: /^Compare/ }).click();
  expect(new URL(page.url()).pathname).toBe(`/ui/assessments/${made.assessmentId}/similarity/${SLUG}`);
  expect(await accessibilityProblems(page)).toEqual([]);
  expect(await page.getByRole('note').count()).toBe(1);
  expect(await page.getByRole('heading', { level: 2, name: 'A: Ana Original' }).count()).toBe(1);
  expect(await page.getByRole('heading', { level: 2, name: 'B: Ben Renamer' }).count()).toBe(1);
  const fragmentRows = page.locator('table#fragments tbody tr');
  const count = await fragmentRows.count();
  expect(count).toBeGreaterThan(3);
  // every fragment starts on both sides with the same number in the same colour, its row too where fragments do not
  // overlap; the columns sit side by side on a wide screen
  for (let n = 1; n <= count; n += 1) {
    const [a, b] = [page.locator(`#a-frag-${n}`), page.locator(`#b-frag-${n}`)];
    expect(await a.count()).toBe(1);
    expect(await b.count()).toBe(1);
    const colour = (l: typeof a) => l.evaluate((el) => (globalThis as any).getComputedStyle(el).backgroundColor);
    const [ca, cb] = [await colour(a), await colour(b)];
    expect([n, await a.innerText(), ca]).toEqual([n, expect.stringMatching(new RegExp(`^${n}`)), cb]);
    expect(ca).not.toBe('rgba(0, 0, 0, 0)');
    const rowColour = (l: typeof a) => l.evaluate((el) => (globalThis as any).getComputedStyle(el.closest('tr').querySelector('td:last-child')).backgroundColor);
    if ((await a.evaluate((el) => el.parentElement!.children.length)) === 1) expect(await rowColour(a)).toBe(ca); // one fragment starts on the line
  }
  const [left, right] = await page.locator('.side-by-side > section').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
  expect(right!).toBeGreaterThan(left! + 300);
  const code = page.locator('.sim-code code').first();
  expect(await code.evaluate((el) => (globalThis as any).getComputedStyle(el).fontFamily)).toMatch(/monospace/);
  // highlighted lines on both sides, more than a few
  expect(await page.locator('.side:nth-child(1) tr.frag').count()).toBeGreaterThan(20);
  expect(await page.locator('.side:nth-child(2) tr.frag').count()).toBeGreaterThan(20);

  // keyboard: from the fragment table to fragment 2 in A, and from there across to the same fragment in B
  await page.locator('table#fragments tbody tr:nth-child(2) td:nth-child(2) a').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => (globalThis as any).location.hash === '#a-frag-2');
  await page.locator('#a-frag-2').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => (globalThis as any).location.hash === '#b-frag-2');
  expect(await page.locator('#b-frag-2').isVisible()).toBe(true);
  expect(await page.locator('#b-frag-2').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= (globalThis as any).innerHeight;
  })).toBe(true);
  await page.screenshot({ path: path.join(ARTIFACTS, 'similarity-pair-fragment.png') });
  await page.evaluate(() => (globalThis as any).document.querySelector('.side-by-side').scrollIntoView());
  const columns = path.join(ARTIFACTS, 'similarity-pair-columns.png');
  await page.screenshot({ path: columns });
  if (process.env.UPDATE_DOCS_SCREENSHOTS) { // the README's picture: refreshed on purpose, not by every run
    mkdirSync(DOCS_IMAGES, { recursive: true });
    copyFileSync(columns, path.join(DOCS_IMAGES, 'similarity-pair.png'));
  }
  await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'similarity-pair-top.png') });
  await screenshot(page, 'similarity-pair');
  expect(problems).toEqual([]);
  await page.close();
}, 120_000);

test('a candidate cannot open the similarity pages; unknown submissions are 404', async () => {
  const page = await signedInPage(browser, ctx.api.url, made.candidateToken);
  expect((await page.goto(`${ctx.api.url}/ui/assessments/${made.assessmentId}/similarity`))?.status()).toBe(403);
  await page.close();
  const staff = await signedInPage(browser, ctx.api.url, made.grader);
  const missing = await staff.goto(`${ctx.api.url}/ui/assessments/${made.assessmentId}/similarity/${SLUG}?a=00000000-0000-4000-8000-000000000000&b=00000000-0000-4000-8000-000000000001`);
  expect(missing?.status()).toBe(404);
  expect((await staff.goto(`${ctx.api.url}/ui/assessments/${made.assessmentId}/similarity/${SLUG}`))?.status()).toBe(404);
  await staff.close();
}, 60_000);
