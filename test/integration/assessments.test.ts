/** Assessments: pinned challenge versions, invites, windows, per-candidate durations, and what staff can list. */
import path from 'node:path';
import { readChallengePackage } from '../../core/challenges/challenge-package';
import { saveChallengeVersion } from '../../core/challenges/challenge-repository';
import { CHALLENGES_DIR } from '../../core/challenges/load-bundled-challenges';
import { createTestContext, bearer, http, type TestContext } from '../helpers/test-context';
import { createAssessment, invite, issueToken, submit } from '../helpers/assessment-fixtures';

let ctx: TestContext;
let author: string;
beforeAll(async () => {
  ctx = await createTestContext();
  author = (await issueToken(ctx, 'author', 'alice')).token;
});
afterAll(async () => ctx.close());

const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const HOUR = 3_600_000;

describe('creating', () => {
  test('answers 201 with the pinned versions and, with a callback URL, the webhook secret once', async () => {
    const res = await http(ctx, 'POST', '/v1/assessments', {
      name: 'Backend AI', challenges: ['rag-chunking'], opensAt: iso(-HOUR), closesAt: iso(HOUR), durationMinutes: 90, callbackUrl: 'https://hooks.example.com/judge',
    }, bearer(author));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/assessments/${res.json.id}`);
    expect(res.json).toMatchObject({ name: 'Backend AI', challenges: [{ slug: 'rag-chunking', version: 1, title: expect.any(String) }], durationMinutes: 90, callbackUrl: 'https://hooks.example.com/judge' });
    expect(res.json.webhookSecret).toMatch(/^whsec_/);
    const again = await http(ctx, 'GET', `/v1/assessments/${res.json.id}`, undefined, bearer(author));
    expect(again.json).not.toHaveProperty('webhookSecret');
    expect(again.text).not.toContain(res.json.webhookSecret);
  });

  test.each([
    ['an unknown challenge', { challenges: ['no-such-challenge'] }, 404, 'challenge_not_found'],
    ['no challenge', { challenges: [] }, 400, 'validation_failed'],
    ['a repeated challenge', { challenges: ['rag-chunking', 'rag-chunking'] }, 400, 'validation_failed'],
    ['closesAt before opensAt', { opensAt: iso(HOUR), closesAt: iso(-HOUR) }, 400, 'validation_failed'],
    ['a non-HTTP callback', { callbackUrl: 'ftp://example.com/x' }, 400, 'validation_failed'],
    ['a zero duration', { durationMinutes: 0 }, 400, 'validation_failed'],
    ['an unknown field', { owner: 'me' }, 400, 'validation_failed'],
  ])('refuses %s', async (_name, extra, status, code) => {
    const res = await http(ctx, 'POST', '/v1/assessments', { name: 'x', challenges: ['rag-chunking'], ...extra }, bearer(author));
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
  });

  test.each([
    ['http://169.254.169.254/latest/meta-data/', 'link-local (cloud metadata) address 169.254.169.254'],
    ['http://127.0.0.1:6379/', 'loopback address 127.0.0.1'],
    ['http://10.0.0.1/', 'private address 10.0.0.1'],
    ['http://0x7f000001/', 'loopback address 127.0.0.1'],
    ['http://[::ffff:10.0.0.1]/hook', 'private address ::ffff:a00:1'],
    ['http://localhost:3000/hook', 'internal host name localhost'],
    ['https://user:pw@hooks.example.com/', 'credentials in the URL'],
  ])('refuses the callback %s (422 callback_url_refused naming the rule) and stores nothing', async (callbackUrl, rule) => {
    const before = (await http(ctx, 'GET', '/v1/assessments', undefined, bearer(author))).json.assessments.length;
    const res = await http(ctx, 'POST', '/v1/assessments', { name: 'x', challenges: ['rag-chunking'], callbackUrl }, bearer(author));
    expect([res.status, res.json.error.code, res.json.error.details]).toEqual([422, 'callback_url_refused', { rule }]);
    expect(res.json.error.message).toContain(rule);
    expect((await http(ctx, 'GET', '/v1/assessments', undefined, bearer(author))).json.assessments).toHaveLength(before);
  });

  test('inviting the same email twice is 409 invite_exists', async () => {
    const a = await createAssessment(ctx, {}, author);
    const body = { name: 'Bo', email: 'bo@example.com' };
    expect((await http(ctx, 'POST', `/v1/assessments/${a.id}/invites`, body, bearer(author))).status).toBe(201);
    const again = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites`, body, bearer(author));
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('invite_exists');
  });
});

describe('pinned versions', () => {
  test('a later version of a challenge never changes an ongoing candidate\'s task', async () => {
    const a = await createAssessment(ctx, {}, author);
    const candidate = (await invite(ctx, a.id, author)).token;
    const pkg = await readChallengePackage(path.join(CHALLENGES_DIR, 'rag-chunking'));
    const v2 = await saveChallengeVersion(ctx.db, { ...pkg, statement: `${pkg.statement}\n\nRevised.`, contentHash: `${pkg.contentHash}-v2` }, { status: 'published' });
    expect(v2.record.version).toBe(2);
    expect((await http(ctx, 'GET', '/v1/challenges/rag-chunking')).json.version).toBe(2);

    const mine = await submit(ctx, candidate);
    expect(mine.status).toBe(202);
    expect(mine.json.challenge).toEqual({ slug: 'rag-chunking', version: 1 });
    const staff = await submit(ctx, author);
    expect(staff.json.challenge).toEqual({ slug: 'rag-chunking', version: 2 });
    const me = await http(ctx, 'GET', '/v1/me', undefined, bearer(candidate));
    expect(me.json.assessment.challenges).toEqual([{ slug: 'rag-chunking', version: 1, title: expect.any(String) }]);
    const pinned = await http(ctx, 'GET', '/v1/challenges/rag-chunking/versions/1', undefined, bearer(null));
    expect(pinned.json.statement).not.toContain('Revised.');
    expect((await createAssessment(ctx, {}, author)).challenges[0].version).toBe(2);
  });

  test('a candidate may submit only the assessment\'s challenges', async () => {
    const a = await createAssessment(ctx, {}, author);
    const candidate = (await invite(ctx, a.id, author)).token;
    const res = await submit(ctx, candidate, undefined, undefined, 'some-other-challenge');
    expect(res.status).toBe(403);
    expect(res.json.error).toEqual({ code: 'challenge_not_in_assessment', message: expect.stringContaining('rag-chunking') });
  });
});

describe('windows and durations', () => {
  test('before opensAt: 403 assessment_not_open, and the clock does not start', async () => {
    const opensAt = iso(HOUR);
    const a = await createAssessment(ctx, { opensAt }, author);
    const { token, id } = await invite(ctx, a.id, author);
    const res = await submit(ctx, token);
    expect(res.status).toBe(403);
    expect(res.json.error).toEqual({ code: 'assessment_not_open', message: expect.stringContaining(opensAt) });
    const me = await http(ctx, 'GET', '/v1/me', undefined, bearer(token));
    expect(me.json.invite).toMatchObject({ id, startedAt: null, state: 'not_open' });
  });

  test('after closesAt: 403 assessment_closed, while earlier results stay readable', async () => {
    const a = await createAssessment(ctx, {}, author);
    const { token } = await invite(ctx, a.id, author);
    const before = await submit(ctx, token);
    expect(before.status).toBe(202);
    await ctx.db.query(`UPDATE assessments SET closes_at = now() - interval '1 second' WHERE id = $1`, [a.id]);
    const res = await submit(ctx, token);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('assessment_closed');
    expect(res.json.error.message).toMatch(/closed at .*results stay readable/);
    expect((await http(ctx, 'GET', `/v1/submissions/${before.json.id}`, undefined, bearer(token))).status).toBe(200);
  });

  test('the duration starts at the candidate\'s first request and then ends their window', async () => {
    const a = await createAssessment(ctx, { durationMinutes: 30 }, author);
    const { token, id } = await invite(ctx, a.id, author);
    const { rows: [fresh] } = await ctx.db.query('SELECT started_at FROM invites WHERE id = $1', [id]);
    expect(fresh.started_at).toBeNull();
    const me = await http(ctx, 'GET', '/v1/me', undefined, bearer(token));
    const startedAt = Date.parse(me.json.invite.startedAt);
    expect(Math.abs(startedAt - Date.now())).toBeLessThan(5_000);
    expect(Date.parse(me.json.invite.deadline) - startedAt).toBe(30 * 60_000);
    const later = await http(ctx, 'GET', '/v1/me', undefined, bearer(token));
    expect(later.json.invite.startedAt).toBe(me.json.invite.startedAt);
    expect((await submit(ctx, token)).status).toBe(202);

    await ctx.db.query(`UPDATE invites SET started_at = now() - interval '31 minutes' WHERE id = $1`, [id]);
    const res = await submit(ctx, token);
    expect(res.status).toBe(403);
    expect(res.json.error).toEqual({ code: 'assessment_closed', message: expect.stringMatching(/Your 30 minutes .* ended at/) });
    const invites = await http(ctx, 'GET', `/v1/assessments/${a.id}/invites`, undefined, bearer(author));
    expect(invites.json.invites).toEqual([expect.objectContaining({ id, state: 'closed', submissions: 1 })]);
  });

  test('a first submission also starts the clock', async () => {
    const a = await createAssessment(ctx, { durationMinutes: 5 }, author);
    const { token, id } = await invite(ctx, a.id, author);
    expect((await submit(ctx, token)).status).toBe(202);
    const { rows: [row] } = await ctx.db.query('SELECT started_at FROM invites WHERE id = $1', [id]);
    expect(row.started_at).toBeInstanceOf(Date);
  });
});

describe('what staff list', () => {
  test('an assessment\'s invites and submissions, each submission tied to its invite', async () => {
    const a = await createAssessment(ctx, {}, author);
    const first = await invite(ctx, a.id, author);
    const second = await invite(ctx, a.id, author);
    const s1 = (await submit(ctx, first.token)).json.id;
    const s2 = (await submit(ctx, second.token)).json.id;
    await submit(ctx, author); // a staff submission is not part of the assessment
    const grader = (await issueToken(ctx, 'grader')).token;
    const list = await http(ctx, 'GET', `/v1/assessments/${a.id}/submissions`, undefined, bearer(grader));
    expect(list.json.submissions.map((s: { id: string; inviteId: string }) => [s.id, s.inviteId]).sort())
      .toEqual([[s1, first.id], [s2, second.id]].sort());
    const invites = await http(ctx, 'GET', `/v1/assessments/${a.id}/invites`, undefined, bearer(grader));
    expect(invites.json.invites.map((i: { email: string }) => i.email)).toEqual([first.email, second.email]);
    expect(invites.text).not.toContain(first.token);
  });
});
