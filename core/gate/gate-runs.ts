import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { AppError } from '../platform/app-error';
import { getChallengeById, getChallengeSolutions, listUngatedPublished, type ChallengeRecord } from '../challenges/challenge-repository';
import type { Db } from '../platform/db';
import { finishGateRun, gateRunSubmissions, getGateRun, insertGateRun, latestGateRun, withGateCatchUpLock, type GateRunRecord } from './gate-run-repository';
import { gateRow, missingReferenceRows, type GateRow } from './gate-row';
import { isReference } from '../challenges/challenge-solutions';
import { recordReferenceFigures } from './reference-figures';
import { enqueueBackgroundRun } from '../submissions/background-jobs';
import type { JudgeJob } from '../submissions/submission-queue';
import type { ResultV1 } from '../results/verdicts';
import type { VerdictHook } from '../judging/verdict-hooks';

type GateDeps = { db: Db; queue: Queue<JudgeJob>; log: Logger };

/**
 * Starts the publish gate of a stored version through the submissions queue: each reference `runs` times and each
 * known-bad once, as `purpose = 'gate'` rows the worker judges like any submission. 409 when the version has no
 * stored solutions (bundled versions loaded before solutions were kept). `createdBy` is the token that asked (null: the set-up).
 */
export async function startGateRun(deps: GateDeps, challenge: ChallengeRecord, gate: { runs: number; createdBy: string | null }): Promise<GateRunRecord> {
  const { runs, createdBy } = gate;
  const solutions = await getChallengeSolutions(deps.db, challenge.id);
  if (!solutions) throw new AppError(409, 'no_solutions', `Version ${challenge.version} of "${challenge.slug}" has no stored solutions; upload it again.`);
  const submissions = Object.entries(solutions).flatMap(([solution, { expected, files }]) =>
    Array.from({ length: isReference(solution) ? runs : 1 }, () => ({ solution, language: expected.language, files })));
  const { gateRun, submissionIds } = await insertGateRun(deps.db, { challengeId: challenge.id, runs, createdBy, submissions });
  for (const id of submissionIds) await enqueueBackgroundRun(deps.queue, id, deps.log);
  deps.log.info({ challenge: challenge.slug, version: challenge.version, gateRunId: gateRun.id, runs: submissionIds.length }, 'publish gate queued');
  return gateRun;
}

/**
 * The one place a gate run is settled: once all its rows are finished, computes its outcome (the same rows as the
 * local gate, `core/gate/gate-row.ts`) and records it, after the reference figures (so a run seen finished has them).
 * Called by the after-verdict hook (`settleGateAfterVerdict`) and by reads (`latestSettledGateRun`) in case that
 * hook failed. Returns the run as it now stands.
 */
export async function settleGateRun(db: Db, gateRunId: string): Promise<GateRunRecord | undefined> {
  const gateRun = await getGateRun(db, gateRunId);
  if (!gateRun || gateRun.status !== 'running') return gateRun;
  const rows = await gateRunSubmissions(db, gateRunId);
  if (rows.some((r) => r.status !== 'finished')) return gateRun;
  const [challenge, solutions] = await Promise.all([getChallengeById(db, gateRun.challengeId), getChallengeSolutions(db, gateRun.challengeId)]);
  if (!challenge || !solutions) return gateRun;
  const resultsOf = (name: string): ResultV1[] => rows.filter((r) => r.solution === name).map((r) => r.result!);
  const report: GateRow[] = missingReferenceRows(challenge.manifest, solutions);
  for (const [name, { expected }] of Object.entries(solutions)) report.push(gateRow(name, expected, resultsOf(name), { plan: challenge.testPlan }));
  const passed = report.every((r) => r.ok);
  // a settler racing this one stores the same figures from the same rows
  const reference = resultsOf('reference');
  if (reference.length) await recordReferenceFigures(db, gateRun.challengeId, reference);
  await finishGateRun(db, gateRunId, passed ? 'passed' : 'failed', report);
  return getGateRun(db, gateRunId);
}

/** The after-verdict hook of gate rows: settles the row's gate run (other rows are left alone). */
export function settleGateAfterVerdict(db: Db): VerdictHook {
  return async (submission) => {
    if (submission.purpose === 'gate' && submission.gateRunId) await settleGateRun(db, submission.gateRunId);
  };
}

/** The newest gate run of a challenge version, settled first if its rows are all finished; undefined when none ran. */
export async function latestSettledGateRun(db: Db, challengeId: number): Promise<GateRunRecord | undefined> {
  const latest = await latestGateRun(db, challengeId);
  return latest && settleGateRun(db, latest.id);
}

/**
 * Queues a gate run for every published version that has none (the bundled challenges, by the set-up that loads
 * them: CI already gated them, so they stay published; this gives authors their gate table and graders the reference
 * figures). Set-ups running together take turns through a PostgreSQL advisory lock; one that finds it taken queues
 * nothing, as the holder queues them all.
 */
export async function queueMissingGates(deps: GateDeps, runs: number): Promise<GateRunRecord[]> {
  const started = await withGateCatchUpLock(deps.db, async () => {
    const queued = [];
    for (const challenge of await listUngatedPublished(deps.db)) queued.push(await startGateRun(deps, challenge, { runs, createdBy: null }));
    return queued;
  });
  return started ?? [];
}
