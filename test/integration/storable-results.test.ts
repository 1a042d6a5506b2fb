/**
 * Candidate-made text PostgreSQL cannot store (NUL, lone surrogates) never fails the final write: it is replaced
 * and marked, and the verdict stands. fast-check makes the hostile strings; PostgreSQL is real.
 */
import fc from 'fast-check';
import { finishSubmission } from '../../core/submissions/submission-repository';
import type { ResultV1 } from '../../core/results/verdicts';
import { submit, WRONG } from '../helpers/assessment-fixtures';
import { createTestContext, http, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

function hostileResult(text: string, key: string): ResultV1 {
  return {
    version: 1, verdict: 'wrong_answer', score: 0, maxScore: 1, message: `thrown: ${text}`,
    tests: [{ name: 'a test', visibility: 'public', status: 'fail', message: text, durationMs: 1, weight: 1 }],
    output: text, outputTruncated: false, durationMs: 5,
    llmUsage: { models: { [key]: 1 } } as unknown as ResultV1['llmUsage'],
  };
}

test('hostile output, messages and keys are stored, replaced and marked; the verdict is kept', async () => {
  const hostile = fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }).map((s) => `${s}\u0000\ud800`);
  const samples = fc.sample(fc.tuple(hostile, hostile), { numRuns: 25, seed: 7 });
  for (const [text, key] of samples) {
    const id = (await submit(ctx, ctx.adminToken, WRONG)).json.id as string;
    await expect(finishSubmission(ctx.db, id, hostileResult(text, key), `cause: ${text}`)).resolves.toBe(true);
    const stored = (await http(ctx, 'GET', `/v1/submissions/${id}`)).json;
    expect({ verdict: stored.verdict, status: stored.status }).toEqual({ verdict: 'wrong_answer', status: 'finished' });
    expect(stored.output).not.toContain('\u0000');
    expect(stored.tests[0].message).toContain('\uFFFD');
    expect(stored.error).not.toContain('\u0000');
  }
});

test('the mark is stored with the result', async () => {
  const id = (await submit(ctx, ctx.adminToken, WRONG)).json.id as string;
  await finishSubmission(ctx.db, id, hostileResult('a\u0000b', 'gpt\ud800'));
  const { rows } = await ctx.db.query<{ result: ResultV1 }>('SELECT result FROM submissions WHERE id = $1', [id]);
  expect(rows[0]!.result).toMatchObject({ unstorableReplaced: true, output: 'a\uFFFDb', llmUsage: { models: { 'gpt\uFFFD': 1 } } });
});
