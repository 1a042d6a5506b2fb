/**
 * Webhooks with a real worker: a signed summary is POSTed when a candidate submission finishes, retried with backoff
 * after a 5xx or a network failure, not retried after a 4xx, and every attempt is visible to graders.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook, verifyWebhookSignature } from '../../core/webhooks/webhook-signature';
import { createTestContext, bearer, http, waitForVerdict, type TestContext } from '../helpers/test-context';
import { createAssessment, invite, issueToken, submit } from '../helpers/assessment-fixtures';

jest.setTimeout(120_000);

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}


/** The deliveries of `submission.finished` (the candidate's first request also sends `invite.started`: ats-integration.test.ts covers those). */
const submissionDeliveries = (all: any[]) => all.filter((d) => d.event === 'submission.finished');
let ctx: TestContext;
let receiver: Server;
let base: string;
const received: Received[] = [];
/** Status codes to answer per path, in order; the last one repeats. */
const script: Record<string, number[]> = { '/flaky': [500, 200], '/gone': [410] };

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      // The scripts are about submission.finished; the other events (invite.started, …) are answered 200 unrecorded.
      if (req.headers['x-judge-event'] !== 'submission.finished') return void res.writeHead(200).end();
      const count = received.filter((r) => r.path === path).length;
      received.push({ path, headers: req.headers, body });
      const codes = script[path] ?? [200];
      res.writeHead(codes[Math.min(count, codes.length - 1)]!).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  ctx = await createTestContext({ worker: true, config: { WEBHOOK_ATTEMPTS: 4, WEBHOOK_BACKOFF_MS: 200, WEBHOOK_ALLOWED_TARGETS: '127.0.0.1' } });
});
afterAll(async () => {
  await ctx.close();
  await new Promise((resolve) => receiver.close(resolve));
});

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An assessment calling back `path`, one candidate submission judged; returns what is needed to check. */
async function judgedSubmission(path: string) {
  const assessment = await createAssessment(ctx, { callbackUrl: `${base}${path}` });
  const candidate = await invite(ctx, assessment.id);
  const id = (await submit(ctx, candidate.token)).json.id as string;
  const result = await waitForVerdict(ctx, id);
  const deliveries = () => http(ctx, 'GET', `/v1/assessments/${assessment.id}/webhook-deliveries`).then((r) => submissionDeliveries(r.json.deliveries));
  return { assessment, candidate, id, result, deliveries };
}

test('a 500 is retried; the signed body verifies with the secret; graders see both attempts', async () => {
  const { assessment, candidate, id, result, deliveries } = await judgedSubmission('/flaky');
  const attempts = await eventually(deliveries, (d: any[]) => d.length >= 2);
  expect(attempts.map((d: any) => [d.attempt, d.statusCode, d.ok, d.willRetry])).toEqual([[2, 200, true, false], [1, 500, false, true]]);

  const calls = received.filter((r) => r.path === '/flaky');
  expect(calls).toHaveLength(2);
  expect(calls[0]!.body).toBe(calls[1]!.body);
  const body = JSON.parse(calls[1]!.body);
  expect(body).toEqual({
    event: 'submission.finished', externalId: null, metadata: null,
    submissionId: id, assessmentId: assessment.id, inviteId: candidate.id,
    challenge: { slug: 'rag-chunking', version: 1 }, verdict: result.verdict, score: result.score, maxScore: result.maxScore,
    finishedAt: new Date(result.finishedAt).toISOString(),
  });
  for (const call of calls) {
    const signature = call.headers['x-judge-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(assessment.webhookSecret, signature, call.body)).toBe(true);
    expect(verifyWebhookSignature(assessment.webhookSecret, signature, call.body.replace(result.verdict, 'accepted'))).toBe(false);
    expect(verifyWebhookSignature('whsec_someone-else', signature, call.body)).toBe(false);
    expect(call.headers['content-type']).toBe('application/json');
  }
  const grader = (await issueToken(ctx, 'grader')).token;
  expect((await http(ctx, 'GET', `/v1/assessments/${assessment.id}/webhook-deliveries`, undefined, bearer(grader))).json.deliveries.filter((d: any) => d.event === 'submission.finished')).toHaveLength(2);
});

test('a 4xx is not retried', async () => {
  const { deliveries } = await judgedSubmission('/gone');
  await eventually(deliveries, (d: any[]) => d.length >= 1);
  await new Promise((r) => setTimeout(r, 1_500)); // longer than the whole backoff schedule
  const attempts = await deliveries();
  expect(attempts.map((d: any) => [d.attempt, d.statusCode, d.ok, d.willRetry])).toEqual([[1, 410, false, false]]);
});

test('a receiver that is down is retried with backoff until the attempts run out', async () => {
  const down = createServer();
  await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
  const port = (down.address() as AddressInfo).port;
  await new Promise((resolve) => down.close(resolve));
  const assessment = await createAssessment(ctx, { callbackUrl: `http://127.0.0.1:${port}/hook` });
  const { token } = await invite(ctx, assessment.id);
  await waitForVerdict(ctx, (await submit(ctx, token)).json.id);
  const deliveries = () => http(ctx, 'GET', `/v1/assessments/${assessment.id}/webhook-deliveries`).then((r) => submissionDeliveries(r.json.deliveries));
  const attempts = await eventually(deliveries, (d: any[]) => d.length >= 4);
  expect(attempts.map((d: any) => [d.attempt, d.statusCode, d.ok, d.willRetry])).toEqual([[4, null, false, false], [3, null, false, true], [2, null, false, true], [1, null, false, true]]);
  expect(attempts[0].error).toMatch(/network/);
  const times = attempts.map((d: any) => Date.parse(d.createdAt)).reverse();
  expect(times[3]! - times[2]!).toBeGreaterThan(times[1]! - times[0]!); // exponential backoff
});

test('a stored URL the egress policy refuses is recorded once, naming the rule, and never retried or sent', async () => {
  const assessment = await createAssessment(ctx, { callbackUrl: `${base}/never` });
  // As a row stored before the policy existed would be: the delivery checks again.
  await ctx.db.query('UPDATE assessments SET callback_url = $1 WHERE id = $2', ['http://169.254.169.254/latest/meta-data/', assessment.id]);
  const { token } = await invite(ctx, assessment.id);
  await waitForVerdict(ctx, (await submit(ctx, token)).json.id);
  const deliveries = () => http(ctx, 'GET', `/v1/assessments/${assessment.id}/webhook-deliveries`).then((r) => submissionDeliveries(r.json.deliveries));
  await eventually(deliveries, (d: any[]) => d.length >= 1);
  await new Promise((r) => setTimeout(r, 1_500)); // longer than the whole backoff schedule
  const attempts = await deliveries();
  expect(attempts.map((d: any) => [d.attempt, d.statusCode, d.ok, d.willRetry, d.error])).toEqual([
    [1, null, false, false, 'refused by the egress policy: link-local (cloud metadata) address 169.254.169.254'],
  ]);
  expect(received.filter((r) => r.path === '/never')).toEqual([]);
});

test('staff submissions send no webhook', async () => {
  const before = received.length;
  await waitForVerdict(ctx, (await submit(ctx, ctx.adminToken)).json.id);
  await new Promise((r) => setTimeout(r, 500));
  expect(received.length).toBe(before);
});

test('signatures older than the tolerance are refused (replays)', () => {
  const body = '{"a":1}';
  const old = signWebhook('s', body, Math.floor(Date.now() / 1000) - 600);
  expect(verifyWebhookSignature('s', old, body)).toBe(false);
  expect(verifyWebhookSignature('s', signWebhook('s', body), body)).toBe(true);
  expect(verifyWebhookSignature('s', 'garbage', body)).toBe(false);
});
