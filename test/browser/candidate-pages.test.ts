import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { CHALLENGES_DIR } from '../../lib/load-bundled-challenges';
import { createAssessment, hiddenTestNames, invite } from '../helpers/assessment-fixtures';
import { createTestContext, type TestContext } from '../helpers/test-context';
import { launchBrowser, screenshot, signIn } from './browser';

const REFERENCE = readFileSync(path.join(CHALLENGES_DIR, 'pii-redaction', 'solutions', 'reference', 'src', 'solution.ts'), 'utf8');

let ctx: TestContext;
let browser: Browser;
let candidateToken: string;

beforeAll(async () => {
  ctx = await createTestContext({ worker: true });
  browser = await launchBrowser();
  const assessment = await createAssessment(ctx, { name: 'Browser assessment', challenges: ['pii-redaction'] });
  candidateToken = (await invite(ctx, assessment.id)).token;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

test('a candidate signs in, opens a challenge, submits the reference and sees the result arrive live; no hidden test names', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, ctx.api.url, candidateToken);
  expect(new URL(page.url()).pathname).toBe('/ui/me');
  await page.getByRole('link', { name: /PII redaction/ }).click();
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/PII redaction/);
  await page.getByLabel('Contents').first().fill(REFERENCE);
  await screenshot(page, 'candidate-challenge');
  await page.getByRole('button', { name: 'Submit for judging' }).click();
  await page.waitForURL(/\/ui\/submissions\//);
  await page.locator('#hidden-summary').waitFor({ timeout: 90_000 });
  const text = await page.locator('main').innerText();
  expect(text).toContain('Accepted');
  await screenshot(page, 'candidate-result');

  const hidden = await hiddenTestNames(ctx, 'pii-redaction');
  expect(hidden.length).toBeGreaterThan(0);
  const markup = await page.content();
  for (const name of hidden) expect(markup).not.toContain(name);
  await page.close();
}, 120_000);
