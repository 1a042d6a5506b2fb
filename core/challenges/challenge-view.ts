import type { ChallengeRecord } from './challenge-repository';
import { allowedPackages } from './candidate-catalogue';
import { calledNames, namesFor } from './language-names';

/** The public list entry of a challenge. */
export function challengeSummary(c: ChallengeRecord) {
  return { slug: c.slug, title: c.title, version: c.version, family: c.family, languages: c.manifest.languages, summary: c.summary };
}

/**
 * Said beside the public tests of a language they are not written in: the tests are TypeScript whatever the
 * candidate writes, and call the functions by the names in `names`.
 */
export const TESTS_LANGUAGE_NOTE = 'The tests are TypeScript for every language: they call your functions by the names on the left of `names`, '
  + 'your module defines the names on the right; arguments and results cross as JSON.';

/**
 * What a candidate may see of a challenge: statement, limits and, per language, the entry file, starter, public
 * tests, the names the tests call (`names`: tests' name → the language's own name) and the packages it may import
 * with their versions. Never hidden tests.
 */
export function challengeDetail(c: ChallengeRecord) {
  const called = calledNames(c.manifest, c.package.starter);
  const languages = Object.fromEntries(c.manifest.languages.map((language) => [language, {
    entry: c.manifest.entry[language],
    starter: c.package.starter[language] ?? {},
    publicTests: c.package.publicTests,
    names: namesFor(c.manifest, language, called),
    packages: allowedPackages(c.manifest.packages, language),
    ...(language === 'python' ? { testsNote: TESTS_LANGUAGE_NOTE } : {}),
  }]));
  return { ...challengeSummary(c), statement: c.statement, limits: c.manifest.limits, languages };
}
