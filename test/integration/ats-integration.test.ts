/**
 * What an applicant-tracking system relies on: invite metadata and filters, GET /v1/submissions with pages and
 * fields, the events besides submission.finished, deleting an unused invite, and erasing a candidate with an audit record.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestContext, bearer, http, waitForVerdict, type TestContext } from '../helpers/test-context';
import { createAssessment, invite, issueToken, REFERENCE, submit, WRONG } from '../helpers/assessment-fixtures';

jest.setTimeout(120_000);

let ctx: TestContext;
let receiver: Server;
let hookUrl: string;
const received: any[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ worker: true, config: { WEBHOOK_ALLOWED_TARGETS: '127.0.0.1', WEBHOOK_OUTBOX_POLL_MS: 100, WEBHOOK_BACKOFF_MS: 50 } });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ event: req.headers['x-judge-event'], body: JSON.parse(body) });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await ctx?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function eventually<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const eventsOf = (assessmentId: string, type?: string) => received.filter((r) => r.body.assessmentId === assessmentId && (!type || r.event === type));

async function inviteWith(assessmentId: string, body: Record<string, unknown>): Promise<any> {
  const res = await http(ctx, 'POST', `/v1/assessments/${assessmentId}/invites`, body);
  expect([res.status, res.text]).toEqual([201, expect.any(String)]);
  return res.json;
}

describe('invites: metadata, filters, pages, fields', () => {
  test('metadata is returned as given; too much of it is 400', async () => {
    const a = await createAssessment(ctx, {});
    const inv = await inviteWith(a.id, { name: 'Ada', email: 'ada@example.com', externalId: 'ats-1', metadata: { requisition: 'R-42', stage: 2, remote: true } });
    expect(inv.metadata).toEqual({ requisition: 'R-42', stage: 2, remote: true });
    const big = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites`, { name: 'B', email: 'b@example.com', metadata: { note: 'x'.repeat(1000), more: 'y'.repeat(1000), again: 'z'.repeat(1000), last: 'w'.repeat(1000), over: 'v'.repeat(200) } });
    expect([big.status, big.json.error.code]).toEqual([400, 'validation_failed']);
    const nested = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites`, { name: 'C', email: 'c@example.com', metadata: { deep: { no: 1 } } });
    expect(nested.status).toBe(400);
  });

  test('pages of 2 cover every invite once, in order; externalId and fields narrow', async () => {
    const a = await createAssessment(ctx, {});
    for (let i = 0; i < 5; i += 1) await inviteWith(a.id, { name: `P${i}`, email: `p${i}@example.com`, externalId: `ext-${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await http(ctx, 'GET', `/v1/assessments/${a.id}/invites?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.json.invites.map((i: any) => i.name));
      cursor = res.json.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect([pages, seen]).toEqual([3, ['P0', 'P1', 'P2', 'P3', 'P4']]);
    const one = await http(ctx, 'GET', `/v1/assessments/${a.id}/invites?externalId=ext-3&fields=name,status`);
    expect(one.json).toEqual({ invites: [{ id: expect.any(String), name: 'P3', status: 'not_started' }], nextCursor: null });
    for (const query of ['fields=name,secret', 'cursor=not-a-cursor', 'limit=0', 'limit=501', 'colour=red']) {
      const bad = await http(ctx, 'GET', `/v1/assessments/${a.id}/invites?${query}`);
      expect([query, bad.status, bad.json.error.code]).toEqual([query, 400, 'validation_failed']);
    }
  });
});

describe('GET /v1/submissions', () => {
  test('candidates see their own; graders filter by assessment, external id and verdict; authors see their assessments only', async () => {
    const author = await issueToken(ctx, 'author');
    const grader = await issueToken(ctx, 'grader');
    const a = await createAssessment(ctx, {}, author.token);
    const ada = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites`, { name: 'Ada', email: 'ada@list.example', externalId: 'ats-ada' }, bearer(author.token));
    const bob = await invite(ctx, a.id, author.token);
    const adaIds = [];
    for (const files of [WRONG, REFERENCE]) adaIds.push((await submit(ctx, ada.json.token, files)).json.id);
    const bobId = (await submit(ctx, bob.token, WRONG)).json.id;
    for (const id of [...adaIds, bobId]) await waitForVerdict(ctx, id);

    const mine = await http(ctx, 'GET', '/v1/submissions', undefined, bearer(bob.token));
    expect(mine.json.submissions.map((s: any) => s.id)).toEqual([bobId]);
    const peek = await http(ctx, 'GET', `/v1/submissions?inviteId=${ada.json.id}`, undefined, bearer(bob.token));
    expect(peek.json.submissions).toEqual([]);

    const accepted = await http(ctx, 'GET', `/v1/submissions?assessmentId=${a.id}&externalId=ats-ada&verdict=accepted&fields=id,verdict,externalId`, undefined, bearer(grader.token));
    expect(accepted.json).toEqual({ submissions: [{ id: adaIds[1], verdict: 'accepted', externalId: 'ats-ada' }], nextCursor: null });

    const other = await issueToken(ctx, 'author', 'another author');
    const theirs = await http(ctx, 'GET', `/v1/submissions?assessmentId=${a.id}`, undefined, bearer(other.token));
    expect(theirs.json.submissions).toEqual([]);
    const own = await http(ctx, 'GET', `/v1/submissions?assessmentId=${a.id}&limit=2`, undefined, bearer(author.token));
    const next = await http(ctx, 'GET', `/v1/submissions?assessmentId=${a.id}&limit=2&cursor=${own.json.nextCursor}`, undefined, bearer(author.token));
    expect([...own.json.submissions, ...next.json.submissions].map((s: any) => s.id).sort()).toEqual([...adaIds, bobId].sort());
    expect(next.json.nextCursor).toBeNull();
    const staff = await http(ctx, 'GET', `/v1/assessments/${a.id}/submissions?verdict=accepted`, undefined, bearer(grader.token));
    expect(staff.json.submissions.map((s: any) => s.id)).toEqual([adaIds[1]]);
  });
});

describe('events', () => {
  test('invite.started, submission.finished (with externalId and metadata), invite.finished with totals, then 403 assessment_finished', async () => {
    const a = await createAssessment(ctx, { callbackUrl: hookUrl });
    const inv = await inviteWith(a.id, { name: 'Eve', email: 'eve@example.com', externalId: 'ats-eve', metadata: { stage: 'onsite' } });
    const id = (await submit(ctx, inv.token, REFERENCE)).json.id;
    await waitForVerdict(ctx, id);
    const finish = await http(ctx, 'POST', '/v1/me/finish', undefined, bearer(inv.token));
    expect([finish.status, finish.json.finishReason, finish.json.state]).toEqual([200, 'candidate', 'closed']);
    const events = await eventually(() => eventsOf(a.id), (e) => e.length >= 3);
    expect(events.map((e) => e.event).sort()).toEqual(['invite.finished', 'invite.started', 'submission.finished']);
    const byType = Object.fromEntries(events.map((e) => [e.event, e.body]));
    expect(byType['invite.started']).toMatchObject({ inviteId: inv.id, externalId: 'ats-eve', metadata: { stage: 'onsite' } });
    expect(byType['submission.finished']).toMatchObject({ submissionId: id, externalId: 'ats-eve', metadata: { stage: 'onsite' }, verdict: 'accepted' });
    expect(byType['invite.finished']).toMatchObject({
      inviteId: inv.id, externalId: 'ats-eve', reason: 'candidate',
      totals: { challenges: [{ slug: 'rag-chunking', submissions: 1, verdict: 'accepted' }] },
    });
    expect(byType['invite.finished'].totals.score).toBe(byType['invite.finished'].totals.maxScore);
    const late = await submit(ctx, inv.token, REFERENCE);
    expect([late.status, late.json.error.code]).toEqual([403, 'assessment_finished']);
    const again = await http(ctx, 'POST', '/v1/me/finish', undefined, bearer(inv.token));
    expect(again.json.finishedAt).toBe(finish.json.finishedAt);
    await new Promise((r) => setTimeout(r, 500));
    expect(eventsOf(a.id, 'invite.finished')).toHaveLength(1);
  });

  test('time up: invite.finished at the deadline (reason time_up); closing: assessment.closed with counts, once', async () => {
    const a = await createAssessment(ctx, { callbackUrl: hookUrl, durationMinutes: 30 });
    const inv = await invite(ctx, a.id);
    await http(ctx, 'GET', '/v1/me', undefined, bearer(inv.token)); // starts the clock
    await ctx.db.query("UPDATE invites SET started_at = now() - interval '31 minutes' WHERE id = $1", [inv.id]);
    const timeUp = await eventually(() => eventsOf(a.id, 'invite.finished'), (e) => e.length >= 1);
    expect(timeUp.map((e) => e.body.reason)).toEqual(['time_up']);
    const listed = await http(ctx, 'GET', `/v1/assessments/${a.id}/invites?fields=finishReason,finishedAt`);
    expect(listed.json.invites[0].finishReason).toBe('time_up');

    const close = await http(ctx, 'POST', `/v1/assessments/${a.id}/close`);
    expect(close.status).toBe(200);
    const closed = await eventually(() => eventsOf(a.id, 'assessment.closed'), (e) => e.length >= 1);
    expect(closed.map((e) => e.body.candidates)).toEqual([{ invited: 1, started: 1, finished: 1, submissions: 0 }]);
    await http(ctx, 'POST', `/v1/assessments/${a.id}/close`);
    await new Promise((r) => setTimeout(r, 500));
    expect(eventsOf(a.id, 'assessment.closed')).toHaveLength(1);
    const deliveries = await http(ctx, 'GET', `/v1/assessments/${a.id}/webhook-deliveries?fields=event,ok`);
    expect(deliveries.json.deliveries.map((d: any) => d.event).sort()).toEqual(['assessment.closed', 'invite.finished', 'invite.started']);
  });
});

describe('deleting and erasing', () => {
  test('an unused invite is deleted (204); a used one is 409 invite_in_use', async () => {
    const a = await createAssessment(ctx, {});
    const unused = await invite(ctx, a.id);
    const used = await invite(ctx, a.id);
    await http(ctx, 'GET', '/v1/me', undefined, bearer(used.token));
    expect((await http(ctx, 'DELETE', `/v1/assessments/${a.id}/invites/${unused.id}`)).status).toBe(204);
    expect((await http(ctx, 'GET', '/v1/me', undefined, bearer(unused.token))).status).toBe(401);
    const refused = await http(ctx, 'DELETE', `/v1/assessments/${a.id}/invites/${used.id}`);
    expect([refused.status, refused.json.error.code]).toEqual([409, 'invite_in_use']);
    expect((await http(ctx, 'DELETE', `/v1/assessments/${a.id}/invites/${unused.id}`)).status).toBe(404);
  });

  test('erasure removes code, results, reports, deliveries, events, drafts and tokens, and leaves an audit record without personal data', async () => {
    const a = await createAssessment(ctx, { callbackUrl: hookUrl });
    const inv = await inviteWith(a.id, { name: 'Mallory Private', email: 'mallory@private.example', externalId: 'ats-m' });
    const id = (await submit(ctx, inv.token, REFERENCE)).json.id;
    await waitForVerdict(ctx, id);
    await http(ctx, 'PUT', `/v1/drafts/rag-chunking/typescript`, { files: { 'src/solution.ts': '// draft' } }, bearer(inv.token));
    await eventually(() => eventsOf(a.id, 'submission.finished'), (e) => e.length >= 1);
    const erased = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/${inv.id}/erase`, { reason: 'request #123' });
    expect(erased.status).toBe(200);
    expect(erased.json).toMatchObject({ inviteId: inv.id, assessmentId: a.id, reason: 'request #123', erasedByName: 'bootstrap admin' });
    expect(erased.json.counts).toMatchObject({ submissions: 1, drafts: 1, tokens: 1 });
    expect(erased.json.counts.deliveries + erased.json.counts.events).toBeGreaterThanOrEqual(2);
    expect((await http(ctx, 'GET', `/v1/submissions/${id}`)).status).toBe(404);
    expect((await http(ctx, 'GET', '/v1/me', undefined, bearer(inv.token))).status).toBe(401);
    const left = await ctx.db.query(
      `SELECT (SELECT count(*) FROM submissions WHERE invite_id = $1 OR id = $2)::int AS s, (SELECT count(*) FROM invites WHERE id = $1)::int AS i,
         (SELECT count(*) FROM webhook_deliveries WHERE submission_id = $2)::int AS d, (SELECT count(*) FROM drafts WHERE invite_id = $1)::int AS dr`, [inv.id, id]);
    expect(left.rows[0]).toEqual({ s: 0, i: 0, d: 0, dr: 0 });
    const audit = await http(ctx, 'GET', `/v1/assessments/${a.id}/erasures`);
    expect(audit.json.erasures).toHaveLength(1);
    expect(JSON.stringify(audit.json)).not.toMatch(/Mallory|mallory@|ats-m/);
  });

  test('erasing while a run is queued is 409 runs_in_progress; an unknown invite is 404', async () => {
    const a = await createAssessment(ctx, {});
    const inv = await invite(ctx, a.id);
    await ctx.db.query(`INSERT INTO submissions (challenge_id, language, files, invite_id) SELECT challenge_id, 'typescript', '{}', $1 FROM assessment_challenges WHERE assessment_id = $2`, [inv.id, a.id]);
    const busy = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/${inv.id}/erase`, {});
    expect([busy.status, busy.json.error.code]).toEqual([409, 'runs_in_progress']);
    const missing = await http(ctx, 'POST', `/v1/assessments/${a.id}/invites/00000000-0000-4000-8000-000000000000/erase`, {});
    expect([missing.status, missing.json.error.code]).toEqual([404, 'invite_not_found']);
  });
});
