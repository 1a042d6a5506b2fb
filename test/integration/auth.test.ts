/** Bearer tokens: the bootstrap admin, issuing, hashing at rest, expiry, revocation, and what 401 looks like. */
import { createHash } from 'node:crypto';
import { getConfig } from '../../core/platform/config';
import { countSubmissions, createTestContext, bearer, http, type TestContext } from '../helpers/test-context';
import { issueToken, WRONG } from '../helpers/assessment-fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('the bootstrap admin token (JUDGE_ADMIN_TOKEN)', () => {
  test('is accepted as an admin', async () => {
    const res = await http(ctx, 'GET', '/v1/me');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ role: 'admin', name: 'bootstrap admin', tokenId: null, expiresAt: null });
  });

  test('must be at least 16 characters; empty means unset', () => {
    expect(() => getConfig({ JUDGE_ADMIN_TOKEN: 'short' })).toThrow(/JUDGE_ADMIN_TOKEN/);
    expect(getConfig({ JUDGE_ADMIN_TOKEN: '' }).JUDGE_ADMIN_TOKEN).toBeUndefined();
    expect(getConfig({}).JUDGE_ADMIN_TOKEN).toBeUndefined();
  });
});

describe('401 unauthenticated', () => {
  const cases: Array<[string, () => Record<string, string>]> = [
    ['no header', () => bearer(null)],
    ['an unknown token', () => bearer('jdg_this-token-was-never-issued-by-anyone')],
    ['the admin token with one character changed', () => bearer(`${ctx.adminToken.slice(0, -1)}x`)],
    ['another scheme', () => ({ authorization: 'Basic YWRtaW46YWRtaW4=' })],
    ['a bare token without the scheme', () => ({ authorization: ctx.adminToken })],
  ];
  test.each(cases)('%s', async (_name, headers) => {
    const h = headers();
    const res = await http(ctx, 'GET', '/v1/me', undefined, h);
    expect(res.status).toBe(401);
    expect(res.json.error).toEqual({ code: 'unauthenticated', message: expect.any(String) });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  test('an unauthenticated submission is refused before its body is read, and nothing is stored', async () => {
    const before = await countSubmissions(ctx);
    const res = await http(ctx, 'POST', '/v1/submissions', { challenge: 'rag-chunking', language: 'typescript', files: WRONG }, bearer(null));
    expect(res.status).toBe(401);
    const garbage = await http(ctx, 'POST', '/v1/submissions', 'not json', { ...bearer(null), 'content-type': 'text/plain' });
    expect(garbage.status).toBe(401);
    expect(await countSubmissions(ctx)).toBe(before);
  });
});

describe('issued tokens', () => {
  test('the secret is returned once and only its sha256 is stored', async () => {
    const res = await http(ctx, 'POST', '/v1/tokens', { role: 'author', name: 'alice' });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ token: expect.stringMatching(/^jdg_[A-Za-z0-9_-]{43}$/), id: expect.any(String), role: 'author', name: 'alice', expiresAt: expect.any(String) });
    const { rows } = await ctx.db.query('SELECT * FROM api_tokens WHERE id = $1', [res.json.id]);
    expect(rows[0].token_hash).toBe(sha256(res.json.token));
    expect(JSON.stringify(rows[0])).not.toContain(res.json.token);
    const list = await http(ctx, 'GET', '/v1/tokens');
    expect(list.json.tokens.find((t: { id: string }) => t.id === res.json.id)).toMatchObject({ role: 'author', name: 'alice', revokedAt: null });
    expect(list.text).not.toContain(res.json.token);
  });

  test('default expiry is 90 days; an explicit one is kept; one in the past is refused', async () => {
    const res = await http(ctx, 'POST', '/v1/tokens', { role: 'grader', name: 'g' });
    const days = (Date.parse(res.json.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
    const at = new Date(Date.now() + 3_600_000).toISOString();
    expect((await http(ctx, 'POST', '/v1/tokens', { role: 'grader', name: 'g', expiresAt: at })).json.expiresAt).toBe(at);
    const past = await http(ctx, 'POST', '/v1/tokens', { role: 'grader', name: 'g', expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.json.error.details).toEqual([{ path: 'expiresAt', message: 'must be in the future' }]);
  });

  test('candidate tokens come only from invites', async () => {
    const res = await http(ctx, 'POST', '/v1/tokens', { role: 'candidate', name: 'c' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
  });

  test('an issued token authenticates with its role', async () => {
    const { token, id } = await issueToken(ctx, 'grader', 'gina');
    const me = await http(ctx, 'GET', '/v1/me', undefined, bearer(token));
    expect(me.json).toMatchObject({ role: 'grader', name: 'gina', tokenId: id });
  });

  test('an expired token is 401 and says so', async () => {
    const { token, id } = await issueToken(ctx, 'author');
    await ctx.db.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    const res = await http(ctx, 'GET', '/v1/me', undefined, bearer(token));
    expect(res.status).toBe(401);
    expect(res.json.error.message).toMatch(/expired/);
  });

  test('revoking is immediate and idempotent; an unknown id is 404', async () => {
    const { token, id } = await issueToken(ctx, 'admin');
    expect((await http(ctx, 'GET', '/v1/tokens', undefined, bearer(token))).status).toBe(200);
    expect((await http(ctx, 'DELETE', `/v1/tokens/${id}`)).status).toBe(204);
    const res = await http(ctx, 'GET', '/v1/tokens', undefined, bearer(token));
    expect(res.status).toBe(401);
    expect(res.json.error.message).toMatch(/revoked/);
    expect((await http(ctx, 'DELETE', `/v1/tokens/${id}`)).status).toBe(204);
    expect((await http(ctx, 'DELETE', '/v1/tokens/00000000-0000-4000-8000-000000000000')).json.error.code).toBe('token_not_found');
    expect((await http(ctx, 'DELETE', '/v1/tokens/nope')).status).toBe(404);
  });

  test('an issued admin token can issue and revoke others; a grader cannot (403 forbidden)', async () => {
    const admin = await issueToken(ctx, 'admin');
    const grader = await issueToken(ctx, 'grader');
    const made = await http(ctx, 'POST', '/v1/tokens', { role: 'author', name: 'by an issued admin' }, bearer(admin.token));
    expect(made.status).toBe(201);
    const refused = await http(ctx, 'POST', '/v1/tokens', { role: 'admin', name: 'escalation' }, bearer(grader.token));
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('forbidden');
    expect((await http(ctx, 'DELETE', `/v1/tokens/${made.json.id}`, undefined, bearer(grader.token))).status).toBe(403);
  });
});
