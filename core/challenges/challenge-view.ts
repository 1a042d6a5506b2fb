import type { ChallengeRecord } from './challenge-repository';

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
