/**
 * The graders' report end to end (HTTP, queue, worker, Docker): the six bundled references and known-bad solutions,
 * with the quality analysis as its own stage after the verdict and LLM usage against the measured reference.
 * Run with the image of this tree: SANDBOX_IMAGE=<tag> (see scripts/setup.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { findPublishedChallenge } from '../../core/challenges/challenge-repository';
import { CHALLENGES_DIR } from '../../core/challenges/load-bundled-challenges';
import { medianQualityDurationMs } from '../../core/quality/quality-repository';
import { readTree } from '../../core/platform/read-tree';
import type { SubmissionReport } from '../../core/reports/submission-report';
import { SubmissionReportV1 } from '../../core/reports/submission-report';
import { buildSubmissionReport } from '../../core/reports/build-report';
import { measureReference } from '../../core/gate/measure-reference';
import { createQualityQueue } from '../../core/quality/quality-queue';
import { anyOf, createAssessment, hiddenTestNames, invite, issueToken, submit as submitAs } from '../helpers/assessment-fixtures';
import { bearer, createTestContext, http, silentLog, waitForVerdict, type TestContext } from '../helpers/test-context';

jest.setTimeout(900_000);

let ctx: TestContext;
const ids: Record<string, string> = {};

async function solution(slug: string, name: string): Promise<{ language: string; files: Record<string, string> }> {
  const dir = path.join(CHALLENGES_DIR, slug, 'solutions', name);
  const files = await readTree(dir);
  const { language } = JSON.parse(files['expected.json']!) as { language: string };
  delete files['expected.json'];
  return { language, files };
}

async function submit(key: string, challenge: string, language: string, files: Record<string, string>): Promise<void> {
  const res = await http(ctx, 'POST', '/v1/submissions', { challenge, language, files });
  expect(res.status).toBe(202);
  ids[key] = res.json.id;
}

/** The report once its quality analysis is stored. */
async function report(key: string, timeoutMs = 600_000): Promise<SubmissionReport> {
  await waitForVerdict(ctx, ids[key]!, timeoutMs);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await http(ctx, 'GET', `/v1/submissions/${ids[key]}/report`);
    expect(res.status).toBe(200);
    if (res.json.quality.status !== 'pending') return SubmissionReportV1.parse(res.json);
    if (Date.now() > deadline) throw new Error(`no quality analysis for ${key}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const references = readdirSync(CHALLENGES_DIR).filter((slug) => existsSync(path.join(CHALLENGES_DIR, slug, 'solutions', 'reference')));

beforeAll(async () => {
  ctx = await createTestContext({ worker: true, config: { WORKER_CONCURRENCY: 1, QUALITY_ENABLED: true } });
  const classify = (await findPublishedChallenge(ctx.db, 'classify-endpoint'))!;
  await measureReference({ db: ctx.db, docker: ctx.docker, config: ctx.config }, classify.id, 1);
  for (const slug of references) {
    const { language, files } = await solution(slug, 'reference');
    await submit(`${slug}/reference`, slug, language, files);
  }
  for (const name of ['leaks-api-key', 'no-retry-on-429']) {
    const { language, files } = await solution('classify-endpoint', name);
    await submit(name, 'classify-endpoint', language, files);
  }
  const { files } = await solution('rag-chunking', 'reference');
  await submit('type-error', 'rag-chunking', 'typescript', { ...files, 'src/extra.ts': 'export const n: number = "not a number";\n' });
});

afterAll(async () => {
  const quality = createQualityQueue(ctx.config, ctx.redis);
  await quality.obliterate({ force: true }).catch(() => undefined);
  await quality.close();
  await ctx.close();
});

test('the reference of every bundled challenge: accepted, grouped tests, analysed, no secret finding', async () => {
  for (const slug of references) {
    const r = await report(`${slug}/reference`);
    const failing = r.result!.tests.filter((t) => t.status !== 'pass').map((t) => `${t.name}: ${t.message.slice(0, 200)}`);
    expect({ slug, verdict: r.result!.verdict, failing }).toEqual({ slug, verdict: 'accepted', failing: [] });
    expect(r.quality.status).toBe('done');
    expect(r.quality.analysis!.findings.filter((f) => f.kind === 'secret')).toEqual([]);
    expect(r.quality.analysis!.headline.secrets).toBe(0);
    expect(r.result!.groups.reduce((n, g) => n + g.score, 0)).toBe(r.result!.score);
    expect(r.result!.tests.filter((t) => !r.result!.groups.some((g) => g.name === t.group)).map((t) => [t.name, t.group])).toEqual([]);
    expect(r.files.length).toBeGreaterThan(0);
    expect(r.output).not.toBeNull();
  }
  const median = await medianQualityDurationMs(ctx.db, references.map((slug) => ids[`${slug}/reference`]!));
  silentLog.info({ median }, 'quality analysis time');
  process.stdout.write(`quality analysis: median ${median} ms over ${references.length} reference solutions\n`);
  expect(median).toBeGreaterThan(0);
});

test('the classify-endpoint reference is measured against its own figures', async () => {
  const r = await report('classify-endpoint/reference');
  const usage = r.llmUsage!;
  expect(usage.reference?.runs).toBe(1);
  expect(usage.compared.totalTokens.ratio).not.toBeNull();
  expect(usage.compared.totalTokens.label).toMatch(/x the reference's tokens$/);
  expect(['yes', 'none']).toContain(usage.errors.handled);
  expect(r.quality.reference).toEqual(r.quality.analysis!.headline);
});

test('leaks-api-key shows a secret finding', async () => {
  const r = await report('leaks-api-key');
  const secrets = r.quality.analysis!.findings.filter((f) => f.kind === 'secret');
  expect(secrets.length).toBeGreaterThan(0);
  expect(secrets[0]).toMatchObject({ file: 'src/solution.ts', rule: 'echoes-upstream-error' });
  expect(r.quality.analysis!.headline.secrets).toBeGreaterThan(0);
});

test('no-retry-on-429 makes fewer LLM calls and retries than the reference and does not handle the errors', async () => {
  const r = await report('no-retry-on-429');
  const usage = r.llmUsage!;
  expect(usage.compared.calls.value).toBeLessThan(usage.compared.calls.reference!);
  expect(usage.compared.retries.value).toBeLessThan(usage.compared.retries.reference!);
  expect(usage.retries.triggers['429'] ?? 0).toBeLessThan(usage.compared.retries.reference!);
  expect(usage.errors.handled).not.toBe('yes');
  expect(usage.errors.unhandledTests.length).toBeGreaterThan(0);
  expect(usage.errors.unhandledTests.filter((name) => !/429|retr/.test(name))).toEqual([]);
});

test('a type error shows up as a type finding on its line', async () => {
  const r = await report('type-error');
  expect(r.result!.verdict).not.toBe('compile_error'); // type errors never stop a run; the report shows them
  expect(r.quality.analysis!.findings.filter((f) => f.kind === 'type')).toEqual([
    expect.objectContaining({ file: 'src/extra.ts', line: 1, rule: 'TS2322' }),
  ]);
  expect(r.quality.analysis!.headline.typeErrors).toBe(1);
});

describe('access', () => {
  test('candidates cannot read reports (their own or others\'); a grader can; hidden names stay out of candidate views', async () => {
    const assessment = await createAssessment(ctx, { challenges: ['rag-chunking'] });
    const a = await invite(ctx, assessment.id);
    const b = await invite(ctx, assessment.id);
    const sent = await submitAs(ctx, a.token);
    expect(sent.status).toBe(202);
    const id = sent.json.id as string;
    const finished = await waitForVerdict(ctx, id);
    expect(finished.status).toBe('finished');
    expect((await http(ctx, 'GET', `/v1/submissions/${id}/report`, undefined, bearer(a.token))).status).toBe(403);
    expect((await http(ctx, 'GET', `/v1/submissions/${id}/report`, undefined, bearer(b.token))).status).toBe(403);
    const grader = await issueToken(ctx, 'grader');
    expect((await http(ctx, 'GET', `/v1/submissions/${id}/report`, undefined, bearer(grader.token))).status).toBe(200);
    const author = await issueToken(ctx, 'author');
    expect((await http(ctx, 'GET', `/v1/submissions/${id}/report`, undefined, bearer(author.token))).status).toBe(404);

    const hidden = await hiddenTestNames(ctx, 'rag-chunking');
    expect(hidden.length).toBeGreaterThan(0);
    const staffView = JSON.stringify(await buildSubmissionReport(ctx.db, id, 'staff'));
    expect(staffView).toMatch(anyOf(hidden.map((name) => JSON.stringify(name))));
    const candidateViews = [
      JSON.stringify(await buildSubmissionReport(ctx.db, id, 'candidate')),
      (await http(ctx, 'GET', `/v1/submissions/${id}`, undefined, bearer(a.token))).text,
    ];
    for (const view of candidateViews) for (const name of hidden) expect(view).not.toContain(name);
    const candidateReport = (await buildSubmissionReport(ctx.db, id, 'candidate'))!;
    expect(candidateReport.llmUsage).toBeNull();
    expect(candidateReport.output).toBeNull();
    expect(candidateReport.result!.groups.filter((g) => g.visibility === 'hidden').map((g) => g.name)).toEqual(['hidden tests']);
  });
});

test('unknown and malformed ids are 404', async () => {
  expect((await http(ctx, 'GET', '/v1/submissions/00000000-0000-4000-8000-000000000000/report')).status).toBe(404);
  expect((await http(ctx, 'GET', '/v1/submissions/nope/report')).status).toBe(404);
});
