import { getChallengeById } from '../challenges/challenge-repository';
import type { Db } from '../platform/db';
import { submissionHistory } from '../rejudges/rejudge-repository';
import type { SubmissionRecord } from './submission-repository';

/**
 * What staff see of a submission's results over time: the version its current result was judged against (another
 * one after an applied rejudge) and every result it has had, oldest first (empty until a rejudge was applied).
 */
export async function staffResultHistory(db: Db, submission: SubmissionRecord) {
  if (submission.purpose !== 'submission') return { purpose: submission.purpose };
  const history = await submissionHistory(db, submission.id);
  if (history.length === 0) return { history };
  const judgedAgainst = await getChallengeById(db, submission.resultChallengeId);
  return { resultChallenge: judgedAgainst ? { slug: judgedAgainst.slug, version: judgedAgainst.version } : null, history };
}
