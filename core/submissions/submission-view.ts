import type { Viewer } from '../access/access-policy';
import type { ChallengeRecord } from '../challenges/challenge-repository';
import type { QueueEstimate } from './queue-estimate';
import type { SubmissionRecord } from './submission-repository';

/**
 * A submission as `viewer` may see it; the result fields appear once it is finished.
 * Staff see everything, including hidden tests, the captured output and the stored internal `error` cause.
 * A candidate sees public tests in full and hidden tests only as `hiddenSummary: { passed, total }`. They get no
 * `output` and no `llmUsage`: both are written while hidden tests call the candidate's code, so a candidate could
 * print (or encode in model names and token counts) the hidden tests' inputs and read them back.
 */
export function submissionView(s: SubmissionRecord, c: Pick<ChallengeRecord, 'slug' | 'version'>, viewer: Viewer, queue?: QueueEstimate) {
  const base = {
    id: s.id,
    challenge: { slug: c.slug, version: c.version },
    language: s.language,
    status: s.status,
    ...(viewer === 'staff' ? { inviteId: s.inviteId } : {}),
    createdAt: s.createdAt,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    ...(s.status === 'queued' && queue ? { queue } : {}),
    ...(s.purpose === 'practice' ? { purpose: 'practice' as const } : {}),
  };
  if (s.status !== 'finished' || !s.result) return base;
  const r = s.result;
  const common = { ...base, verdict: r.verdict, score: r.score, maxScore: r.maxScore, message: r.message };
  if (viewer === 'candidate') {
    const hidden = r.tests.filter((t) => t.visibility === 'hidden');
    return {
      ...common,
      tests: r.tests.filter((t) => t.visibility === 'public'),
      hiddenSummary: { passed: hidden.filter((t) => t.status === 'pass').length, total: hidden.length },
      durationMs: r.durationMs,
      resultVersion: r.version,
    };
  }
  return {
    ...common,
    tests: r.tests,
    output: r.output,
    outputTruncated: r.outputTruncated,
    durationMs: r.durationMs,
    llmUsage: r.llmUsage ?? null,
    error: s.error,
    resultVersion: r.version,
  };
}
