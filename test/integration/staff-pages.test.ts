/**
 * The staff pages' form posts, without a browser: who may post, the same-origin check, validation errors next to
 * their fields, the CSV box storing nobody on a conflict, graders' read-only view, escaping.
 */
import { createTestContext, http, bearer, type TestContext } from '../helpers/test-context';
import { createAssessment, invite, issueToken } from '../helpers/assessment-fixtures';

let ctx: TestContext;
let author: string;
let otherAuthor: string;
let grader: string;
beforeAll(async () => {
  ctx = await createTestContext();
  author = (await issueToken(ctx, 'author', 'alice')).token;
  otherAuthor = (await issueToken(ctx, 'author', 'olga')).token;
  grader = (await issueToken(ctx, 'grader', 'gus')).token;
});
afterAll(async () => ctx.close());

/** A page request with the session cookie; posts are form-encoded and come from the judge's origin unless told. */
async function page(token: string, method: string, path: string, form?: Record<string, string | string[]>, origin = ctx.api.url) {
  const body = form && new URLSearchParams(Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x])));
  const res = await fetch(`${ctx.api.url}${path}`, {
    method, redirect: 'manual', body,
    headers: { cookie: `judge_token=${encodeURIComponent(token)}`, ...(method === 'POST' ? { origin, 'content-type': 'application/x-www-form-urlencoded' } : {}) },
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text(), csp: res.headers.get('content-security-policy') };
}
const invitesOf = async (id: string) => (await http(ctx, 'GET', `/v1/assessments/${id}/invites`, undefined, bearer(author))).json.invites as any[];

test('the form creates an assessment; refused input comes back with the error next to its field', async () => {
  const refused = await page(author, 'POST', '/ui/assessments', { name: '', challenges: 'rag-chunking', durationMinutes: '0', callbackUrl: '' });
  expect(refused.status).toBe(400);
  expect(refused.text).toMatch(/id="name-error"/);
  expect(refused.text).toMatch(/id="durationMinutes-error"/);
  expect(refused.text).toMatch(/id="f-durationMinutes"[^>]*aria-invalid="true"/);
  const created = await page(author, 'POST', '/ui/assessments', { name: 'From the form', challenges: ['rag-chunking'], languages: 'javascript', closesAt: '2031-01-31T18:00', durationMinutes: '60' });
  expect(created.status).toBe(303);
  const id = /\/ui\/assessments\/([\w-]+)\/invites$/.exec(created.location!)![1]!;
  const stored = (await http(ctx, 'GET', `/v1/assessments/${id}`, undefined, bearer(author))).json;
  expect(stored).toMatchObject({ name: 'From the form', closesAt: '2031-01-31T18:00:00.000Z', durationMinutes: 60, languages: ['javascript'] });
});

test('the form names the languages in words, Python among them, and a ticked Python is stored as python', async () => {
  const form = await page(author, 'GET', '/ui/assessments/new');
  const labels = [...form.text.matchAll(/<label for="lang-(\w+)">([^<]+)<\/label>/g)].map((m) => [m[1], m[2]]);
  expect(labels).toEqual([['typescript', 'TypeScript'], ['javascript', 'JavaScript'], ['python', 'Python']]);
  const created = await page(author, 'POST', '/ui/assessments', { name: 'Python welcome', challenges: ['rag-chunking'], languages: ['typescript', 'python'] });
  expect(created.status).toBe(303);
  const id = /\/ui\/assessments\/([\w-]+)\/invites$/.exec(created.location!)![1]!;
  expect((await http(ctx, 'GET', `/v1/assessments/${id}`, undefined, bearer(author))).json.languages).toEqual(['typescript', 'python']);
});

test('editing through the form keeps the challenges once a candidate started, and says so', async () => {
  const a = await createAssessment(ctx, { name: 'Edit me' }, author);
  const candidate = await invite(ctx, a.id, author);
  await http(ctx, 'GET', '/v1/me', undefined, bearer(candidate.token));
  const form = await page(author, 'GET', `/ui/assessments/${a.id}/edit`);
  expect(form.text).toContain('A candidate has started');
  expect(form.text).toMatch(/id="ch-rag-chunking"[^>]*disabled/);
  const saved = await page(author, 'POST', `/ui/assessments/${a.id}/edit`, { name: 'Edited', durationMinutes: '30' });
  expect(saved.status).toBe(303);
  expect((await http(ctx, 'GET', `/v1/assessments/${a.id}`, undefined, bearer(author))).json).toMatchObject({ name: 'Edited', durationMinutes: 30, challenges: [{ slug: 'rag-chunking' }] });
});

test('posts from another origin, by a grader, or on another author\'s assessment are refused', async () => {
  const a = await createAssessment(ctx, {}, author);
  expect((await page(author, 'POST', `/ui/assessments/${a.id}/close`, {}, 'https://evil.example')).status).toBe(403);
  expect((await page(grader, 'POST', `/ui/assessments/${a.id}/close`, {})).status).toBe(403);
  expect((await page(otherAuthor, 'POST', `/ui/assessments/${a.id}/close`, {})).status).toBe(404);
  expect((await page(otherAuthor, 'GET', `/ui/assessments/${a.id}/invites`)).status).toBe(404);
  expect((await page(author, 'GET', '/ui/tokens')).status).toBe(403);
  expect((await http(ctx, 'GET', `/v1/assessments/${a.id}`, undefined, bearer(author))).json.closesAt).toBeNull();
});

test('the CSV box stores nobody when one line is already invited, and names that line', async () => {
  const a = await createAssessment(ctx, {}, author);
  await http(ctx, 'POST', `/v1/assessments/${a.id}/invites`, { name: 'Old', email: 'old@example.com' }, bearer(author));
  const res = await page(author, 'POST', `/ui/assessments/${a.id}/invites/csv`, { csv: 'New One,new@example.com,n-1\r\nOld Again,old@example.com\n' });
  expect(res.status).toBe(409);
  expect(res.text).toContain('Line 2: old@example.com is already invited');
  expect(await invitesOf(a.id)).toHaveLength(1);
  const bad = await page(author, 'POST', `/ui/assessments/${a.id}/invites/csv`, { csv: 'a,b,c,d\n"unclosed,x@example.com\nDup,new@example.com\nDup2,NEW@example.com' });
  expect(bad.status).toBe(400);
  expect(bad.text).toMatch(/Line 1: expected name,email[\s\S]*Line 2:[\s\S]*Line 4: repeats line 3/);
  expect(await invitesOf(a.id)).toHaveLength(1);
});

test('a grader sees the invite list read-only; every value is escaped; the page has the strict CSP', async () => {
  const a = await createAssessment(ctx, { name: '<script>alert(1)</script>' }, author);
  await http(ctx, 'POST', `/v1/assessments/${a.id}/invites`, { name: '<img src=x onerror=alert(1)>', email: 'x@example.com', externalId: '"><b>' }, bearer(author));
  const res = await page(grader, 'GET', `/ui/assessments/${a.id}/invites`);
  expect(res.status).toBe(200);
  expect(res.text).not.toMatch(/<script>alert|<img src=x|"><b>/);
  expect(res.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  expect(res.text).not.toMatch(/<form method="post" action="\/ui\/assessments/);
  expect(res.text).toContain('Not started');
  expect(res.csp).toMatch(/script-src 'self'; style-src 'self'/);
});

test('extending and revoking from the page', async () => {
  const a = await createAssessment(ctx, { durationMinutes: 30 }, author);
  const candidate = await invite(ctx, a.id, author);
  const extended = await page(author, 'POST', `/ui/assessments/${a.id}/invites/${candidate.id}/extend`, { minutes: '20' });
  expect(extended.status).toBe(200);
  expect(extended.text).toContain('has 20 extra minutes in all');
  const tooMany = await page(author, 'POST', `/ui/assessments/${a.id}/invites/${candidate.id}/extend`, { minutes: '5000' });
  expect(tooMany.status).toBe(400);
  expect((await page(author, 'POST', `/ui/assessments/${a.id}/invites/${candidate.id}/revoke`, {})).status).toBe(303);
  expect((await invitesOf(a.id))[0]).toMatchObject({ status: 'revoked', extraMinutes: 20 });
});
