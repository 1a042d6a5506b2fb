/**
 * @module measure-reference
 * Measures a stored challenge version's reference solution directly (bundled challenges, or any version stored with
 * its solutions): judges it `runs` times, stores the figures, analyses its quality and stores the headline.
 * The publish gate (issue 8) calls `recordReferenceFigures` with its own reference runs instead.
 */
import type Docker from 'dockerode';
import { getChallengeById, getChallengeSolutions } from '../challenges/challenge-repository';
import type { Config } from '../platform/config';
import type { Db } from '../platform/db';
import { getReferenceFigures, recordReferenceFigures, recordReferenceQuality, type ReferenceFigures } from './reference-figures';
import type { ResultV1 } from '../results/verdicts';
import { judgeFiles } from '../judging/judge-files';
import { runQualityInSandbox, type QualityOutcome } from '../quality/run-quality';

export async function measureReference(deps: { db: Db; docker: Docker; config: Config }, challengeId: number, runs = 1):
  Promise<{ figures: ReferenceFigures; results: ResultV1[]; quality: QualityOutcome }> {
  const challenge = await getChallengeById(deps.db, challengeId);
  const reference = (await getChallengeSolutions(deps.db, challengeId))?.reference;
  if (!challenge || !reference) throw new Error(`challenge ${challengeId} has no stored reference solution`);
  const labels = { 'ai-judge.reference': challenge.slug };
  const results: ResultV1[] = [];
  for (let i = 0; i < runs; i++) {
    results.push(await judgeFiles(deps, { manifest: challenge.manifest, tests: challenge.package.tests, plan: challenge.testPlan },
      reference.expected.language, reference.files, labels));
  }
  await recordReferenceFigures(deps.db, challengeId, results);
  const quality = await runQualityInSandbox(deps, reference.files, labels, reference.expected.language, challenge.manifest.quality);
  if (quality.status === 'done') await recordReferenceQuality(deps.db, challengeId, quality.analysis.headline);
  return { figures: (await getReferenceFigures(deps.db, challengeId))!, results, quality };
}
