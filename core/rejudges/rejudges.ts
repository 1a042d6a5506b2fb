import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { AppError } from '../platform/app-error';
import { findAnyChallengeVersion, getChallengeById } from '../challenges/challenge-repository';
import type { Db } from '../platform/db';
import { enqueueBackgroundRun } from '../submissions/background-jobs';
import { applyRejudge, cancelRejudge, findRejudgeCandidates, getRejudge, insertRejudge, listRejudgesOnto, rejudgeItems, type RejudgeRecord } from './rejudge-repository';
import type { JudgeJob } from '../submissions/submission-queue';
import type { Principal } from '../access/authenticate';
import { readableAssessment } from '../assessments/manage-assessments';
import type { RejudgeBody } from './rejudge-schema';

type RejudgeDeps = { db: Db; queue: Queue<JudgeJob>; log: Logger };

/** Authors act on their own assessments' submissions and rejudges; admins (and graders, reading) on all. */
const ownerFilter = (principal: Principal) => (principal.role === 'author' ? principal.tokenId : undefined);

function notFound(what: string): AppError {
  return new AppError(404, 'challenge_not_found', `There is no version ${what}.`);
}

/**
 * Starts a rejudge preview: every finished candidate submission judged against `from` (a version, or the target's
 * slug in an assessment) is re-run on `to` through the queue as `purpose = 'rejudge'` rows. Submissions in a
 * language the target does not accept are listed as skipped. Nothing changes until the preview is applied.
 */
export async function createRejudge(deps: RejudgeDeps, principal: Principal, body: RejudgeBody): Promise<RejudgeRecord> {
  const target = await findAnyChallengeVersion(deps.db, body.to.slug, body.to.version);
  if (!target) throw notFound(`${body.to.version} of challenge "${body.to.slug}"`);
  let from: { challengeId: number } | { assessmentId: string; slug: string };
  if ('assessmentId' in body.from) {
    const assessment = await readableAssessment(deps.db, principal, body.from.assessmentId);
    if (!assessment.challenges.some((c) => c.slug === target.slug)) {
      throw new AppError(422, 'challenge_not_in_assessment', `The assessment does not include "${target.slug}".`);
    }
    from = { assessmentId: assessment.id, slug: target.slug };
  } else {
    if (body.from.slug !== body.to.slug) throw new AppError(422, 'slug_mismatch', 'A rejudge re-runs submissions on another version of the same challenge.');
    const source = await findAnyChallengeVersion(deps.db, body.from.slug, body.from.version);
    if (!source) throw notFound(`${body.from.version} of challenge "${body.from.slug}"`);
    from = { challengeId: source.id };
  }
  const candidates = await findRejudgeCandidates(deps.db, from, ownerFilter(principal));
  const accepted = new Set<string>(target.manifest.languages);
  const rerun = candidates.filter((c) => accepted.has(c.language));
  const skipped = candidates.filter((c) => !accepted.has(c.language))
    .map((c) => ({ submissionId: c.id, reason: `version ${target.version} does not accept ${c.language}` }));
  const { rejudge, submissionIds } = await insertRejudge(deps.db, { source: body.from, targetChallengeId: target.id, createdBy: principal.tokenId, rerun, skipped });
  for (const id of submissionIds) await enqueueBackgroundRun(deps.queue, id, deps.log);
  deps.log.info({ rejudgeId: rejudge.id, target: `${target.slug}@${target.version}`, rerun: rerun.length, skipped: skipped.length }, 'rejudge preview queued');
  return rejudge;
}

/** The rejudge if the caller may read it (an author: their own); 404 otherwise. */
export async function readableRejudge(db: Db, principal: Principal, id: string): Promise<RejudgeRecord> {
  const rejudge = await getRejudge(db, id);
  const own = ownerFilter(principal);
  if (!rejudge || (own !== undefined && rejudge.createdBy !== own)) throw new AppError(404, 'rejudge_not_found', 'No such rejudge.');
  return rejudge;
}

/**
 * Applies or cancels a preview the caller may read (404 otherwise): 409 `rejudge_not_ready` while re-runs are
 * unfinished (apply), 409 `rejudge_decided` once it was applied or cancelled. Returns the rejudge as it now stands.
 */
export async function decideRejudge(db: Db, principal: Principal, id: string, decision: 'apply' | 'cancel'): Promise<RejudgeRecord> {
  const rejudge = await readableRejudge(db, principal, id);
  const decided = () => new AppError(409, 'rejudge_decided', `This rejudge was already ${rejudge.status}.`);
  if (decision === 'apply') {
    const outcome = await applyRejudge(db, rejudge.id);
    if (outcome === 'not_ready') throw new AppError(409, 'rejudge_not_ready', 'Some re-runs are still queued or running; apply once the preview is ready.');
    if (outcome === 'decided') throw decided();
  } else if (!(await cancelRejudge(db, rejudge.id))) {
    throw decided();
  }
  return readableRejudge(db, principal, rejudge.id);
}

/** The rejudges onto a version the caller may read (an author: their own), newest first. */
export function readableRejudgesOnto(db: Db, principal: Principal, targetChallengeId: number): Promise<RejudgeRecord[]> {
  return listRejudgesOnto(db, targetChallengeId, ownerFilter(principal));
}

/** A rejudge with its items and a summary of what would change (or changed). */
export async function rejudgeView(db: Db, rejudge: RejudgeRecord) {
  const items = (await rejudgeItems(db, rejudge.id)).map((item) => ({
    ...item,
    changed: item.status === 'finished' && (item.new.verdict !== item.old.verdict || item.new.score !== item.old.score || item.new.maxScore !== item.old.maxScore),
  }));
  const finished = items.filter((i) => i.status === 'finished');
  const target = await getChallengeById(db, rejudge.targetChallengeId);
  return {
    id: rejudge.id,
    status: rejudge.status,
    ready: finished.length === items.length,
    from: rejudge.source,
    to: target ? { slug: target.slug, version: target.version } : null,
    summary: {
      total: items.length,
      finished: finished.length,
      changed: items.filter((i) => i.changed).length,
      verdictChanged: finished.filter((i) => i.new.verdict !== i.old.verdict).length,
      scoreChanged: finished.filter((i) => i.new.score !== i.old.score).length,
      skipped: rejudge.skipped.length,
    },
    items,
    skipped: rejudge.skipped,
    createdAt: rejudge.createdAt,
    decidedAt: rejudge.decidedAt,
  };
}
