/**
 * Running an assessment through the API: editing (and when challenges may change), closing early, bulk invites with
 * external ids (all or none), invite states, revoking, extending, and single-use invite links.
 */
import { createTestContext, bearer, http, type TestContext } from '../helpers/test-context';
import { createAssessment, invite, issueToken, submit } from '../helpers/assessment-fixtures';

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

const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const HOUR = 3_600_000;
const as = (token: string) => bearer(token);
const invitesOf = async (id: string) => (await http(ctx, 'GET', `/v1/assessments/${id}/invites`, undefined, as(author))).json.invites as any[];

/** Opens an invite link the way the page's button does: a same-origin POST; returns the cookie token, if any. */
async function redeem(path: string): Promise<{ status: number; location: string | null; token?: string; text: string }> {
  const res = await fetch(`${ctx.api.url}${path}`, { method: 'POST', redirect: 'manual', headers: { origin: ctx.api.url } });
  const cookie = res.headers.get('set-cookie') ?? '';
  const token = /judge_token=([^;]+)/.exec(cookie)?.[1];
  return { status: res.status, location: res.headers.get('location'), token: token && decodeURIComponent(token), text: await res.text() };
}

describe('editing', () => {
  test('changes name, window, duration and callback; a first callback URL returns its secret once', async () => {
    const a = await createAssessment(ctx, { name: 'Before' }, author);
    const res = await http(ctx, 'PATCH', `/v1/assessments/${a.id}`, {
      name: 'After', opensAt: iso(-HOUR), closesAt: iso(HOUR), durationMinutes: 45, callbackUrl: 'https://hooks.example.com/x',
    }, as(author));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: 'After', durationMinutes: 45, callbackUrl: 'https://hooks.example.com/x' });
    expect(res.json.webhookSecret).toMatch(/^whsec_/);
    const again = await http(ctx, 'PATCH', `/v1/assessments/${a.id}`, { callbackUrl: 'https://hooks.example.com/y' }, as(author));
    expect(again.json).not.toHaveProperty('webhookSecret');
    const cleared = await http(ctx, 'PATCH', `/v1/assessments/${a.id}`, { callbackUrl: null, durationMinutes: null, closesAt: null }, as(author));
    expect(cleared.json).toMatchObject({ callbackUrl: null, durationMinutes: null, closesAt: null, name: 'After' });
  });

  test.each([
    ['an empty body', {}, 400, 'validation_failed'],
    ['an unknown field', { owner: 'x' }, 400, 'validation_failed'],
    ['closesAt before the stored opensAt', { closesAt: iso(-2 * HOUR) }, 400, 'validation_failed'],
    ['a refused callback', { callbackUrl: 'http://10.0.0.1/hook' }, 422, 'callback_url_refused'],
    ['an unknown challenge', { challenges: ['no-such-challenge'] }, 404, 'challenge_not_found'],
  ])('refuses %s', async (_name, body, status, code) => {
    const a = await createAssessment(ctx, { opensAt: iso(-HOUR) }, author);
    const res = await http(ctx, 'PATCH', `/v1/assessments/${a.id}`, body, as(author));
    expect([res.status, res.json.error.code]).toEqual([status, code]);
  });

  test('challenges change until a candidate starts, then 409 assessment_started', async () => {
    const a = await createAssessment(ctx, {}, author);
    const changed = await http(ctx, 'PATCH', `/v1/assessments/${a.id}`, { challenges: ['rag-chunking', 'classify-endpoint'] }, as(author));
    expect(changed.json.challenges.map((c: { slug: string }) => c.slug)).toEqual(['rag-chunking', 'classify-endpoint']);
    const candidate = await invite(ctx, a.id, author);
    await http(ctx, 'GET', '/v1/me', undefined, as(candidate.token)); // starts their clock
    const refused = await http(ctx, 'PATCH', `/v1/assessments/${a.id}`, { challenges: ['rag-chunking'] }, as(author));
    expect([refused.status, refused.json.error.code]).toEqual([409, 'assessment_started']);
    const same = await http(ctx, 'PATCH', `/v1/assessments/${a.id}`, { challenges: ['rag-chunking', 'classify-endpoint'], name: 'Renamed' }, as(author));
    expect(same.status).toBe(200);
  });

  test('another author gets 404 on edits, closing, invites and links; a grader 403', async () => {
    const a = await createAssessment(ctx, {}, author);
    const i = await invite(ctx, a.id, author);
    for (const [method, path, body] of [
      ['PATCH', `/v1/assessments/${a.id}`, { name: 'x' }], ['POST', `/v1/assessments/${a.id}/close`, undefined],
      ['POST', `/v1/assessments/${a.id}/invites/bulk`, { invites: [{ name: 'n', email: 'n@example.com' }] }],
      ['POST', `/v1/assessments/${a.id}/invites/${i.id}/revoke`, undefined], ['POST', `/v1/assessments/${a.id}/invites/${i.id}/extend`, { minutes: 5 }],
      ['POST', `/v1/assessments/${a.id}/invites/${i.id}/link`, undefined],
    ] as const) {
      const other = await http(ctx, method, path, body, as(otherAuthor));
      expect([path, other.status, other.json.error.code]).toEqual([path, 404, 'assessment_not_found']);
      expect((await http(ctx, method, path, body, as(grader))).status).toBe(403);
    }
  });
});

describe('languages', () => {
  test('an assessment may limit the languages its candidates submit in; null opens every one again', async () => {
    const a = await createAssessment(ctx, { languages: ['javascript'] }, author);
    expect(a.languages).toEqual(['javascript']);
    const candidate = await invite(ctx, a.id, author);
    const refused = await submit(ctx, candidate.token);
    expect([refused.status, refused.json.error.code]).toEqual([422, 'unsupported_language']);
    expect((await http(ctx, 'GET', '/v1/me', undefined, as(candidate.token))).json.assessment.languages).toEqual(['javascript']);
    const opened = await http(ctx, 'PATCH', `/v1/assessments/${a.id}`, { languages: null }, as(author));
    expect(opened.json.languages).toBeNull();
    expect((await submit(ctx, candidate.token)).status).toBe(202);
    for (const languages of [[], ['cobol'], ['javascript', 'javascript']]) {
      expect((await http(ctx, 'PATCH', `/v1/assessments/${a.id}`, { languages }, as(author))).status).toBe(400);
    }
  });
});

describe('closing early', () => {
  test('closesAt becomes now and a candidate\'s submission is 403 assessment_closed', async () => {
    const a = await createAssessment(ctx, { closesAt: iso(HOUR) }, author);
    const candidate = await invite(ctx, a.id, author);
    const res = await http(ctx, 'POST', `/v1/assessments/${a.id}/close`, undefined, as(author));
    expect(res.status).toBe(200);
    expect(Date.parse(res.json.closesAt)).toBeLessThanOrEqual(Date.now());
    const refused = await submit(ctx, candidate.token);
    expect([refused.status, refused.json.error.code]).toEqual([403, 'assessment_closed']);
    expect((await invitesOf(a.id))[0].status).toBe('expired');
  });

  test('an assessment that had not opened closes too (its window stays ordered)', async () => {
    const a = await createAssessment(ctx, { opensAt: iso(HOUR), closesAt: iso(2 * HOUR) }, author);
    const res = await http(ctx, 'POST', `/v1/assessments/${a.id}/close`, undefined, as(author));
    expect(res.status).toBe(200);
    expect(Date.parse(res.json.opensAt)).toBeLessThan(Date.parse(res.json.closesAt));
  });
});

describe('bulk invites', () => {
  test('stores every one with its external id and returns each token once', async () => {
    const a = await createAssessment(ctx, {}, author);
    const res = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/bulk`, { invites: [
      { name: 'Ada', email: 'ada@example.com', externalId: 'ats-1' }, { name: 'Bo', email: 'bo@example.com' },
    ] }, as(author));
    expect(res.status).toBe(201);
    expect(res.json.invites.map((i: any) => [i.name, i.externalId, i.status, typeof i.token])).toEqual([
      ['Ada', 'ats-1', 'not_started', 'string'], ['Bo', null, 'not_started', 'string']]);
    expect((await invitesOf(a.id)).map((i) => i.externalId)).toEqual(['ats-1', null]);
  });

  test.each([
    ['a repeated email', [{ name: 'A', email: 'x@example.com' }, { name: 'B', email: 'X@example.com' }], 400, 'validation_failed'],
    ['a repeated external id', [{ name: 'A', email: 'a@example.com', externalId: 'e1' }, { name: 'B', email: 'b@example.com', externalId: 'e1' }], 400, 'validation_failed'],
    ['an invalid email', [{ name: 'A', email: 'a@example.com' }, { name: 'B', email: 'not-an-email' }], 400, 'validation_failed'],
    ['an already invited email', [{ name: 'A', email: 'new@example.com' }, { name: 'B', email: 'taken@example.com' }], 409, 'invite_exists'],
    ['an already used external id', [{ name: 'A', email: 'new2@example.com', externalId: 'taken-id' }], 409, 'invite_exists'],
  ])('stores nothing for %s', async (_name, invites, status, code) => {
    const a = await createAssessment(ctx, {}, author);
    await http(ctx, 'POST', `/v1/assessments/${a.id}/invites`, { name: 'T', email: 'taken@example.com', externalId: 'taken-id' }, as(author));
    const res = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/bulk`, { invites }, as(author));
    expect([res.status, res.json.error.code]).toEqual([status, code]);
    expect(res.json.error.details.length).toBeGreaterThan(0);
    expect(await invitesOf(a.id)).toHaveLength(1);
  });

  test('one invite with a taken external id is 409 invite_exists', async () => {
    const a = await createAssessment(ctx, {}, author);
    await http(ctx, 'POST', `/v1/assessments/${a.id}/invites`, { name: 'T', email: 't1@example.com', externalId: 'same' }, as(author));
    const again = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites`, { name: 'U', email: 't2@example.com', externalId: 'same' }, as(author));
    expect([again.status, again.json.error.code]).toEqual([409, 'invite_exists']);
  });
});

describe('invite states, revoking, extending', () => {
  test('not_started → in_progress → submitted once the window ends after a submission; expired without one', async () => {
    const a = await createAssessment(ctx, { durationMinutes: 30 }, author);
    const worker = await invite(ctx, a.id, author);
    const idle = await invite(ctx, a.id, author);
    expect((await invitesOf(a.id)).map((i) => i.status)).toEqual(['not_started', 'not_started']);
    expect((await submit(ctx, worker.token)).status).toBe(202);
    await http(ctx, 'GET', '/v1/me', undefined, as(idle.token));
    expect((await invitesOf(a.id)).map((i) => i.status)).toEqual(['in_progress', 'in_progress']);
    await ctx.db.query(`UPDATE invites SET started_at = now() - interval '31 minutes' WHERE assessment_id = $1`, [a.id]);
    expect((await invitesOf(a.id)).map((i) => i.status)).toEqual(['submitted', 'expired']);
  });

  test('revoking stops the candidate\'s token at once and is idempotent', async () => {
    const a = await createAssessment(ctx, {}, author);
    const candidate = await invite(ctx, a.id, author);
    const res = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/${candidate.id}/revoke`, undefined, as(author));
    expect([res.status, res.json.status]).toEqual([200, 'revoked']);
    expect((await http(ctx, 'GET', '/v1/me', undefined, as(candidate.token))).status).toBe(401);
    expect((await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/${candidate.id}/revoke`, undefined, as(author))).status).toBe(200);
    const link = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/${candidate.id}/link`, undefined, as(author));
    expect([link.status, link.json.error.code]).toEqual([409, 'invite_revoked']);
  });

  test('extending adds minutes to the deadline, capped at 1440 in all', async () => {
    const a = await createAssessment(ctx, { durationMinutes: 30 }, author);
    const candidate = await invite(ctx, a.id, author);
    await http(ctx, 'GET', '/v1/me', undefined, as(candidate.token));
    const before = Date.parse((await invitesOf(a.id))[0].deadline);
    const res = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/${candidate.id}/extend`, { minutes: 15 }, as(author));
    expect([res.status, res.json.extraMinutes]).toEqual([200, 15]);
    expect(Date.parse(res.json.deadline) - before).toBe(15 * 60_000);
    const me = await http(ctx, 'GET', '/v1/me', undefined, as(candidate.token));
    expect(me.json.invite.deadline).toBe(res.json.deadline);
    const tooLong = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/${candidate.id}/extend`, { minutes: 1440 }, as(author));
    expect([tooLong.status, tooLong.json.error.code]).toEqual([409, 'extension_too_long']);
    for (const body of [{ minutes: 0 }, { minutes: 1441 }, { minutes: 1.5 }, {}]) {
      expect((await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/${candidate.id}/extend`, body, as(author))).status).toBe(400);
    }
  });

  test('an assessment without a duration has nothing to extend (409 no_duration); another assessment\'s invite is 404', async () => {
    const a = await createAssessment(ctx, {}, author);
    const b = await createAssessment(ctx, {}, author);
    const candidate = await invite(ctx, a.id, author);
    const res = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/${candidate.id}/extend`, { minutes: 5 }, as(author));
    expect([res.status, res.json.error.code]).toEqual([409, 'no_duration']);
    const elsewhere = await http(ctx, 'POST', `/v1/assessments/${b.id}/invites/${candidate.id}/revoke`, undefined, as(author));
    expect([elsewhere.status, elsewhere.json.error.code]).toEqual([404, 'invite_not_found']);
  });
});

describe('invite links', () => {
  test('sign the candidate in once with a fresh token (the earlier one is revoked); a second use is refused', async () => {
    const a = await createAssessment(ctx, {}, author);
    const candidate = await invite(ctx, a.id, author);
    const link = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/${candidate.id}/link`, undefined, as(author));
    expect(link.status).toBe(201);
    expect(link.json.url).toBe(`${ctx.api.url}${link.json.path}`);
    expect(link.json.path).toMatch(/^\/ui\/invite\/inv_[\w-]{32}$/);
    const page = await fetch(`${ctx.api.url}${link.json.path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(candidate.name);
    const first = await redeem(link.json.path);
    expect([first.status, first.location]).toEqual([303, '/ui/me']);
    expect(first.token).toMatch(/^jdg_/);
    expect((await http(ctx, 'GET', '/v1/me', undefined, as(first.token!))).json.invite.id).toBe(candidate.id);
    expect((await http(ctx, 'GET', '/v1/me', undefined, as(candidate.token))).status).toBe(401);
    const second = await redeem(link.json.path);
    expect([second.status, second.token]).toEqual([410, undefined]);
    expect(second.text).toContain('has been used');
    expect((await fetch(`${ctx.api.url}${link.json.path}`)).status).toBe(410);
    const { rows } = await ctx.db.query('SELECT code_hash FROM invite_links');
    expect(JSON.stringify(rows)).not.toContain(link.json.path.split('/').pop());
  });

  test('an expired link shows a clear page and signs nobody in; a made-up code is 404; a cross-site post is refused', async () => {
    const a = await createAssessment(ctx, {}, author);
    const candidate = await invite(ctx, a.id, author);
    const link = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/${candidate.id}/link`, undefined, as(author));
    const crossSite = await fetch(`${ctx.api.url}${link.json.path}`, { method: 'POST', redirect: 'manual', headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    await ctx.db.query(`UPDATE invite_links SET expires_at = now() - interval '1 second'`);
    const expired = await redeem(link.json.path);
    expect([expired.status, expired.token]).toEqual([410, undefined]);
    expect(expired.text).toContain('has expired');
    expect((await redeem('/ui/invite/inv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  });

  test('revoking the invite kills its unused links', async () => {
    const a = await createAssessment(ctx, {}, author);
    const candidate = await invite(ctx, a.id, author);
    const link = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/${candidate.id}/link`, undefined, as(author));
    await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/${candidate.id}/revoke`, undefined, as(author));
    const res = await redeem(link.json.path);
    expect([res.status, res.token]).toEqual([410, undefined]);
  });
});
