/**
 * @module practice-tests
 * What a practice run ("Run public tests" in the candidate's editor) is judged against: only the public test files
 * and the public part of the test plan. The hidden files never enter the payload, so no hidden test can execute
 * and nothing of them can reach the run's result.
 */
import type { SubmissionPurpose } from '../submissions/submission-repository';
import type { JudgeableChallenge } from './judge-files';

/** The challenge with its hidden test files and hidden planned tests removed. */
export function publicTestsOnly(challenge: JudgeableChallenge): JudgeableChallenge {
  return {
    manifest: challenge.manifest,
    tests: challenge.tests.filter((t) => t.visibility === 'public'),
    plan: challenge.plan.filter((t) => t.visibility === 'public'),
  };
}

/** What a row of `purpose` is judged against: practice runs the public tests only, everything else every test. */
export function testsForPurpose(purpose: SubmissionPurpose, challenge: JudgeableChallenge): JudgeableChallenge {
  return purpose === 'practice' ? publicTestsOnly(challenge) : challenge;
}
