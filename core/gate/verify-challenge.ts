import type Docker from 'dockerode';
import type { ChallengePackage } from '../challenges/challenge-package';
import { expectedSchema, isReference } from '../challenges/challenge-solutions';
import type { Config } from '../platform/config';
import { readChallengeFolder } from '../challenges/package-with-solutions';
import { gateRow, missingReferenceRows, type GateRow } from './gate-row';
import type { ResultV1 } from '../results/verdicts';
import { judgeFiles } from '../judging/judge-files';

export { expectedSchema };
export type { GateRow };

/**
 * The publish gate for one challenge folder, through the real sandbox: each reference (`reference`, and
 * `reference-python` / `reference-javascript` for a challenge that lists Python / JavaScript) is accepted in every one
 * of `runs` runs (a flake is reported), and every known-bad solution gets exactly its expected verdict and failing
 * tests, with at least one weighted hidden test among them.
 */
export async function verifyChallenge(deps: { docker: Docker; config: Config }, dir: string, runs: number): Promise<{ pkg: ChallengePackage; rows: GateRow[] }> {
  const { pkg, solutions } = await readChallengeFolder(dir);
  const challenge = { manifest: pkg.manifest, tests: pkg.tests, plan: pkg.plan };
  const rows: GateRow[] = [];
  rows.push(...missingReferenceRows(pkg.manifest, solutions));
  for (const [name, { expected, files }] of Object.entries(solutions)) {
    const count = isReference(name) ? runs : 1;
    const results: ResultV1[] = [];
    for (let i = 0; i < count; i++) {
      results.push(await judgeFiles(deps, challenge, expected.language, files, { 'ai-judge.gate': pkg.manifest.slug }));
    }
    rows.push(gateRow(name, expected, results, pkg));
  }
  return { pkg, rows };
}
