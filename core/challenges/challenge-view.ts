import type { ChallengeRecord } from './challenge-repository';
import type { QueueEstimate } from '../submissions/queue-estimate';
import type { SubmissionRecord } from '../submissions/submission-repository';
import type { Viewer } from '../access/access-policy';

/** The public list entry of a challenge. */
export function challengeSummary(c: ChallengeRecord) {
  return { slug: c.slug, title: c.title, version: c.version, family: c.family, languages: c.manifest.languages, summary: c.summary };
}

/** What a candidate may see of a challenge: statement, limits, starter and public tests. Never hidden tests. */
export function challengeDetail(c: ChallengeRecord) {
  const languages = Object.fromEntries(c.manifest.languages.map((language) => [language, {
    entry: c.manifest.entry[language],
    starter: c.package.starter[language] ?? {},
    publicTests: c.package.publicTests,
  }]));
  return { ...challengeSummary(c), statement: c.statement, limits: c.manifest.limits, languages };
}

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
