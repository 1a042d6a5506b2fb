/**
 * The hiring team in the browser: an admin creates an assessment through the form (a refused webhook URL is shown
 * next to its field), invites candidates by CSV paste (a bad line stores nobody), sees the invite states, copies an
 * invite link; the candidate opens it in a fresh browser and lands signed in on their assessment, the code gone from
 * the URL; the admin closes the assessment and the candidate's submission is refused; the admin issues and revokes a
 * token. Mostly with the keyboard.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { issueToken } from '../../helpers/assessment-fixtures';
import { createTestContext, type TestContext } from '../../helpers/test-context';
import { accessibilityProblems, launchBrowser, screenshot, signIn } from './browser';

const DOCS_IMAGES = path.join(__dirname, '..', '..', '..', 'docs', 'images');

let ctx: TestContext;
let browser: Browser;
let admin: Page;
let inviteUrl: string;

beforeAll(async () => {
  ctx = await createTestContext();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.api.url });
  admin = await context.newPage();
  await signIn(admin, ctx.api.url, (await issueToken(ctx, 'admin', 'Ann the admin')).token);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

/** Focuses a control and types into it, as a person with a keyboard would. */
async function type(page: Page, label: string | RegExp, text: string): Promise<void> {
  const field = page.getByLabel(label, { exact: typeof label === 'string' });
  await field.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.type(text);
}

const docsCopy = (file: string, name: string) => {
  if (!process.env.UPDATE_DOCS_SCREENSHOTS) return; // the README's pictures: refreshed on purpose, not by every run
  mkdirSync(DOCS_IMAGES, { recursive: true });
  copyFileSync(file, path.join(DOCS_IMAGES, name));
};

test('an admin creates an assessment through the form; a refused webhook URL is shown next to its field', async () => {
  await admin.getByRole('link', { name: 'New assessment' }).click();
  expect(await accessibilityProblems(admin)).toEqual([]);
  await type(admin, 'Name', 'Applied AI engineers, winter');
  await admin.getByLabel(/RAG chunking|rag-chunking/).first().focus();
  await admin.keyboard.press('Space');
  await admin.getByLabel('TypeScript', { exact: true }).focus();
  await admin.keyboard.press('Space');
  const closes = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 16);
  await admin.getByLabel('Closes at (UTC, optional)').fill(closes);
  await type(admin, 'Duration in minutes (optional)', '90');
  await type(admin, 'Webhook URL (optional)', 'http://10.0.0.1/hook');
  await admin.keyboard.press('Enter');
  await admin.waitForSelector('#callbackUrl-error');
  expect(await admin.locator('#callbackUrl-error').innerText()).toContain('private address 10.0.0.1');
  expect(await admin.getByLabel('Webhook URL (optional)').getAttribute('aria-invalid')).toBe('true');
  expect(await admin.getByLabel('Name', { exact: true }).inputValue()).toBe('Applied AI engineers, winter'); // input kept
  docsCopy(await screenshot(admin, 'assessment-form'), 'assessment-form.png');

  await type(admin, 'Webhook URL (optional)', '');
  await admin.keyboard.press('Enter');
  await admin.waitForURL(/\/ui\/assessments\/[\w-]+\/invites$/);
  expect(await admin.getByRole('heading', { level: 1 }).innerText()).toBe('Applied AI engineers, winter');
  expect(await admin.locator('dl.summary').innerText()).toMatch(/rag-chunking v1[\s\S]*TypeScript[\s\S]*90 min/);
  expect(await admin.locator('main').innerText()).toContain('No candidates invited yet.');
}, 60_000);

test('CSV paste: a bad line stores nobody and is named; then everyone is invited and listed as not started', async () => {
  await type(admin, /One candidate per line/, 'name,email,external_id\nAda Lovelace,ada@example.com,ats-1\nBo,not-an-email,ats-2');
  await admin.getByRole('button', { name: 'Invite everyone listed' }).press('Enter');
  await admin.waitForSelector('#csv-errors');
  expect(await admin.locator('#csv-errors').innerText()).toMatch(/Line 3: email/);
  expect(await admin.locator('main').innerText()).toContain('No candidates invited yet.');

  await type(admin, /One candidate per line/, 'name,email,external_id\nAda Lovelace,ada@example.com,ats-1\n"Bo, the second",bo@example.com,ats-2\nCy <b>Tag</b>,cy@example.com');
  await admin.getByRole('button', { name: 'Invite everyone listed' }).press('Enter');
  await admin.waitForSelector('table#invites');
  expect(await admin.getByRole('status').first().innerText()).toBe('Invited 3 candidates.');
  const rows = admin.locator('table#invites tbody tr');
  expect(await rows.count()).toBe(3);
  expect(await rows.nth(1).innerText()).toMatch(/Bo, the second\s+bo@example.com\s+ats-2\s+Not started/);
  expect(await rows.nth(2).locator('th').innerText()).toBe('Cy <b>Tag</b>'); // shown as text
  expect(await accessibilityProblems(admin)).toEqual([]);
}, 60_000);

test('the admin copies an invite link; the candidate opens it in a fresh browser and lands signed in', async () => {
  await admin.getByRole('button', { name: 'Invite link for Ada Lovelace' }).press('Enter');
  await admin.waitForSelector('#invite-link');
  expect(await admin.getByRole('heading', { name: 'Invite link for Ada Lovelace' }).count()).toBe(1);
  await admin.getByRole('button', { name: 'Copy link' }).press('Enter');
  await admin.getByText('Copied.').waitFor();
  inviteUrl = await admin.evaluate(() => (globalThis as any).navigator.clipboard.readText());
  expect(inviteUrl).toBe(await admin.getByLabel('Invite link', { exact: true }).inputValue());
  expect(inviteUrl).toMatch(/\/ui\/invite\/inv_[\w-]{32}$/);

  const candidateContext = await browser.newContext();
  const candidate = await candidateContext.newPage();
  await candidate.goto(inviteUrl);
  expect(await candidate.locator('main').innerText()).toContain('Hello Ada Lovelace');
  await candidate.getByRole('button', { name: 'Sign in and open the assessment' }).press('Enter');
  await candidate.waitForURL(/\/ui\/me$/);
  expect(candidate.url()).not.toContain('inv_');
  expect(await candidate.getByRole('heading', { level: 1 }).innerText()).toBe('Applied AI engineers, winter');
  expect(await candidate.locator('main').innerText()).toContain('Hello Ada Lovelace');
  expect(await candidate.content()).not.toMatch(/jdg_/); // the session's token is in the HttpOnly cookie only
  const cookies = await candidateContext.cookies();
  expect(cookies.find((c) => c.name === 'judge_token')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

  // The link was single-use: opening it again says so.
  const again = await (await browser.newContext()).newPage();
  const res = await again.goto(inviteUrl);
  expect(res?.status()).toBe(410);
  expect(await again.getByRole('heading', { level: 1 }).innerText()).toBe('This invite link has been used');

  await admin.reload();
  expect(await admin.locator('table#invites tbody tr').first().innerText()).toContain('In progress');
  docsCopy(await screenshot(admin, 'invite-list'), 'invite-list.png');

  await admin.getByRole('button', { name: 'Close the assessment now' }).press('Enter');
  await admin.waitForLoadState();
  expect(await admin.locator('#assessment-state').innerText()).toBe('Closed');
  await candidate.goto(`${ctx.api.url}/ui/challenges/rag-chunking`);
  await candidate.getByRole('button', { name: /Submit/ }).click();
  expect(await candidate.getByRole('alert').innerText()).toMatch(/closed/);
  await candidateContext.close();
}, 90_000);

test('the admin issues a token on the tokens page, sees it once, and revokes it', async () => {
  await admin.getByRole('link', { name: 'Tokens' }).press('Enter');
  await admin.waitForURL(/\/ui\/tokens$/);
  await admin.getByLabel('Role').selectOption('grader');
  await type(admin, 'Name (who holds it)', 'Gail the grader');
  await admin.keyboard.press('Enter');
  await admin.waitForSelector('#issued-secret');
  const secret = await admin.getByLabel('Token', { exact: true }).inputValue();
  expect(secret).toMatch(/^jdg_/);
  const row = admin.locator('table#tokens tr', { hasText: 'Gail the grader' });
  expect(await row.innerText()).toMatch(/grader[\s\S]*Active/);
  expect(await accessibilityProblems(admin)).toEqual([]);

  await row.getByRole('button', { name: 'Revoke Gail the grader' }).press('Enter');
  await admin.waitForURL(/\/ui\/tokens$/);
  expect(await admin.locator('table#tokens tr', { hasText: 'Gail the grader' }).innerText()).toContain('Revoked');
  expect(await admin.content()).not.toContain(secret); // shown once only
  const gail = await (await browser.newContext()).newPage();
  await gail.goto(`${ctx.api.url}/ui/sign-in`);
  await gail.getByLabel('Token').fill(secret);
  await gail.getByRole('button', { name: 'Sign in' }).click();
  expect(await gail.getByRole('alert').innerText()).toContain('revoked');
}, 60_000);
