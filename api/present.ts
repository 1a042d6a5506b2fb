import type { ChallengeRecord } from '../lib/challenge-repository';
import type { SubmissionRecord } from '../lib/submission-repository';

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

/** A submission as the API returns it; the result fields appear once it is finished. */
export function submissionView(s: SubmissionRecord, c: Pick<ChallengeRecord, 'slug' | 'version'>) {
  const base = {
    id: s.id,
    challenge: { slug: c.slug, version: c.version },
    language: s.language,
    status: s.status,
    createdAt: s.createdAt,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
  };
  if (s.status !== 'finished' || !s.result) return base;
  const r = s.result;
  return {
    ...base,
    verdict: r.verdict,
    score: r.score,
    maxScore: r.maxScore,
    message: r.message,
    tests: r.tests,
    output: r.output,
    outputTruncated: r.outputTruncated,
    durationMs: r.durationMs,
    llmUsage: r.llmUsage ?? null,
    resultVersion: r.version,
  };
}
