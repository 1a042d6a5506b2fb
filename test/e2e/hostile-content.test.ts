/**
 * Candidate-made content is data, never a crash: fast-check makes hostile strings (NUL, lone surrogates, control
 * characters, any UTF-16), a solution prints them, returns them and throws them, the real sandbox judges it and the
 * result is stored in PostgreSQL. No run may end as `internal_error`, and every result must be stored.
 */
import fc from 'fast-check';
import path from 'node:path';
import { readChallengePackage, type ChallengePackage } from '../../core/challenges/challenge-package';
import { judgeFiles } from '../../core/judging/judge-files';
import { finishSubmission } from '../../core/submissions/submission-repository';
import { createDocker } from '../../sandbox/docker-client';
import { submit, WRONG } from '../helpers/assessment-fixtures';
import { createTestContext, type TestContext } from '../helpers/test-context';

jest.setTimeout(300_000);

let ctx: TestContext;
let pkg: ChallengePackage;
beforeAll(async () => {
  ctx = await createTestContext();
  pkg = await readChallengePackage(path.join(__dirname, '..', 'fixtures', 'secrecy-probe'));
});
afterAll(() => ctx?.close());

const hostile = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 120 }),
  fc.constantFrom('\u0000', '\ud800', '\udfff\ud800', 'a\u0000\ud83d', '\u001b[31m\u0007\u0008', '\uFEFF\u202E'),
);

function solutionThatEchoes(text: string): string {
  const literal = JSON.stringify(text);
  return `const S: string = ${literal};
export function shout(x: string): string {
  process.stdout.write(S); process.stderr.write(S);
  if (x.startsWith('hidden-input-5')) throw new Error(S);
  if (x.startsWith('hidden-input-7')) throw S;
  return x.startsWith('hidden') ? x.toUpperCase() : S;
}`;
}

test('hostile strings printed, returned and thrown: a verdict every time, stored every time', async () => {
  const samples = fc.sample(hostile, { numRuns: 8, seed: 20261204 });
  const docker = createDocker(ctx.config.docker);
  for (const text of samples) {
    const result = await judgeFiles({ docker, config: ctx.config }, { manifest: pkg.manifest, tests: pkg.tests, plan: pkg.plan }, 'typescript',
      { 'src/solution.ts': solutionThatEchoes(text) }, {});
    expect({ text, verdict: result.verdict }).toEqual({ text, verdict: 'partial' });
    const id = (await submit(ctx, ctx.adminToken, WRONG)).json.id as string;
    await expect(finishSubmission(ctx.db, id, result)).resolves.toBe(true);
  }
});
