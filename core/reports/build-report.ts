/**
 * @module reports/build-report
 * Assembles the graders' report of one submission from the stored result, the quality analysis and the challenge's
 * reference figures. Staff see everything. The candidate view (not served by the API, kept for pages that show a
 * candidate their own code quality) has public tests only, hidden ones as one counted group, no output, no usage.
 */
import { getChallengeById } from '../challenges/challenge-repository';
import type { Db } from '../platform/db';
import { getQuality } from '../quality/quality-repository';
import { getReferenceFigures, type ReferenceFigures } from '../gate/reference-figures';
import { getSubmission, type SubmissionRecord } from '../submissions/submission-repository';
import type { QualitySectionT, SubmissionReport } from './submission-report';
import type { Viewer } from '../access/access-policy';
import { groupTests, type TestGroup } from './test-groups';
import { usageSection } from './usage-section';

async function qualitySection(db: Db, submission: SubmissionRecord, reference: ReferenceFigures | null): Promise<QualitySectionT> {
  const row = submission.status === 'finished' ? await getQuality(db, submission.id) : undefined;
  const ref = reference?.quality ?? null;
  if (!row) return { status: 'pending', durationMs: null, error: null, analysis: null, reference: ref };
  return { status: row.status, durationMs: row.durationMs, error: row.status === 'failed' ? row.error : null, analysis: row.analysis, reference: ref };
}

function hiddenAsOneGroup(groups: TestGroup[]): TestGroup[] {
  const hidden = groups.filter((g) => g.visibility === 'hidden');
  const shown = groups.filter((g) => g.visibility === 'public');
  if (!hidden.length) return shown;
  const sum = (key: 'passed' | 'total' | 'score' | 'maxScore') => hidden.reduce((n, g) => n + g[key], 0);
  return [...shown, { name: 'hidden tests', visibility: 'hidden', passed: sum('passed'), total: sum('total'), score: sum('score'), maxScore: sum('maxScore') }];
}

/** The report, or undefined when the submission does not exist. The caller has checked the viewer may read it. */
export async function buildSubmissionReport(db: Db, submissionId: string, viewer: Viewer): Promise<SubmissionReport | undefined> {
  const submission = await getSubmission(db, submissionId);
  if (!submission) return undefined;
  const challenge = await getChallengeById(db, submission.challengeId);
  const plan = challenge?.testPlan ?? [];
  const staff = viewer === 'staff';
  const r = submission.status === 'finished' ? submission.result : null;
  let result: SubmissionReport['result'] = null;
  if (r) {
    const { tests, groups } = groupTests(plan, r.tests);
    result = {
      verdict: r.verdict, score: r.score, maxScore: r.maxScore, message: r.message, durationMs: r.durationMs,
      groups: staff ? groups : hiddenAsOneGroup(groups),
      tests: staff ? tests : tests.filter((t) => t.visibility === 'public'),
    };
  }
  const reference = staff ? await getReferenceFigures(db, submission.challengeId) : null;
  return {
    version: 1,
    generatedAt: new Date().toISOString(),
    submission: {
      id: submission.id,
      challenge: { slug: challenge?.slug ?? 'unknown', version: challenge?.version ?? 0, title: challenge?.title ?? 'unknown', family: challenge?.family ?? null },
      language: submission.language,
      status: submission.status,
      inviteId: staff ? submission.inviteId : null,
      createdAt: submission.createdAt.toISOString(),
      finishedAt: submission.finishedAt?.toISOString() ?? null,
    },
    result,
    quality: await qualitySection(db, submission, reference),
    llmUsage: r && staff ? usageSection(r, plan, reference) : null,
    files: Object.entries(submission.files).sort(([a], [b]) => a.localeCompare(b))
      .map(([path, text]) => ({ path, text, lines: text.split('\n').length })),
    output: r && staff ? { text: r.output, truncated: r.outputTruncated } : null,
  };
}
