import { ERROR_CODES } from '../core/platform/error-codes';
import { z } from 'zod';
import { LANGUAGES, TEST_STATUSES, VISIBILITIES } from '../sandbox/harness/protocol';
import { ROLES } from '../core/access/token-repository';
import { SUBMISSION_STATUSES, VERDICTS } from '../core/results/verdicts';
import { INVITE_STATUSES } from '../core/assessments/assessment-view';
import { FINAL_SUBMISSIONS } from '../core/assessments/assessment-schema';

/**
 * Zod schemas of the responses, used only to generate `/openapi.json` (the request bodies are the schemas the
 * routes parse with). Keep them in step with `core/challenges/challenge-view.ts`, `core/submissions/submission-view.ts` and `core/assessments/assessment-view.ts`; `test/integration/openapi.test.ts` checks.
 */
const instant = z.string().meta({ format: 'date-time' });
const slugVersion = z.object({ slug: z.string(), version: z.number().int() });

export const errorSchema = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), details: z.unknown().optional() }),
});

export const indexSchema = z.object({
  name: z.string(), openapi: z.string(), docs: z.string(), ui: z.string(), health: z.string(), ready: z.string(),
});

export const challengeSummarySchema = z.object({
  slug: z.string(), title: z.string(), version: z.number().int(), family: z.string(), languages: z.array(z.enum(LANGUAGES)), summary: z.string(),
});

export const challengeDetailSchema = challengeSummarySchema.extend({
  statement: z.string(),
  limits: z.object({ wallTimeMs: z.number(), testTimeoutMs: z.number(), memoryMb: z.number() }),
  languages: z.partialRecord(z.enum(LANGUAGES), z.object({
    entry: z.string().meta({ description: 'The file the tests load, e.g. src/solution.ts or src/solution.py' }),
    starter: z.record(z.string(), z.string()),
    publicTests: z.record(z.string(), z.string()).meta({ description: 'TypeScript test files, the same for every language' }),
    names: z.record(z.string(), z.string()).meta({ description: 'The functions the tests call → the names this language defines (Python: the challenge\'s exports, else snake_case: chunkText → chunk_text)' }),
    testsNote: z.string().optional().meta({ description: 'Python only: how to read the TypeScript tests' }),
    packages: z.array(z.object({ name: z.string(), version: z.string() })).meta({ description: 'The packages the solution may import besides the standard library (npm for TypeScript and JavaScript, PyPI for Python), with the versions the sandbox carries: the challenge\'s list, or the whole catalogue' }),
  })).meta({ description: 'Each language the challenge offers (typescript, javascript, python); a partial record: only those offered are present' }),
});

const testOutcome = z.object({
  name: z.string(), visibility: z.enum(VISIBILITIES), status: z.enum(TEST_STATUSES), message: z.string(), durationMs: z.number(), weight: z.number(),
});

export const submissionSchema = z.object({
  id: z.uuid(),
  challenge: slugVersion,
  language: z.enum(LANGUAGES),
  status: z.enum(SUBMISSION_STATUSES),
  inviteId: z.uuid().nullable().optional().meta({ description: 'Staff only.' }),
  createdAt: instant, startedAt: instant.nullable(), finishedAt: instant.nullable(),
  queue: z.object({ position: z.number().int(), estimatedWaitMs: z.number().int() }).optional()
    .meta({ description: 'While queued: submissions ahead of this one and a rough wait until it starts.' }),
  verdict: z.enum(VERDICTS).optional(), score: z.number().optional(), maxScore: z.number().optional(), message: z.string().optional(),
  tests: z.array(testOutcome).optional().meta({ description: 'Candidates see only the public tests.' }),
  hiddenSummary: z.object({ passed: z.number().int(), total: z.number().int() }).optional().meta({ description: 'Candidates only: hidden tests as counts.' }),
  output: z.string().optional().meta({ description: 'Staff only: what the candidate\'s code printed (truncated).' }),
  outputTruncated: z.boolean().optional(),
  durationMs: z.number().optional(),
  llmUsage: z.unknown().optional().meta({ description: 'Staff only: the mock LLM usage of the run.' }),
  error: z.string().nullable().optional().meta({ description: 'Staff only: the stored cause of an internal_error.' }),
  resultVersion: z.number().int().optional(),
  purpose: z.enum(['gate', 'rejudge', 'practice']).optional().meta({ description: 'Staff only: the judge\'s own runs (publish gate, rejudge preview). Everyone: `practice` marks a candidate\'s ungraded run of the public tests.' }),
  resultChallenge: slugVersion.nullable().optional().meta({ description: 'Staff only, after an applied rejudge: the version the current result was judged against.' }),
  history: z.array(z.object({
    challenge: slugVersion, verdict: z.string(), score: z.number().nullable(), maxScore: z.number().nullable(),
    rejudgeId: z.uuid().nullable(), judgedAt: instant.nullable(), recordedAt: instant,
  })).optional().meta({ description: 'Staff only: every result the submission has had, oldest first (empty until a rejudge was applied).' }),
});

export const tokenSchema = z.object({
  id: z.uuid(), role: z.enum(ROLES), name: z.string(), inviteId: z.uuid().nullable(), expiresAt: instant, revokedAt: instant.nullable(), createdAt: instant,
});

export const issuedTokenSchema = z.object({
  token: z.string().meta({ description: 'The secret: shown once, stored only as a hash.' }), id: z.uuid(), role: z.enum(ROLES), name: z.string(), expiresAt: instant,
});

export const assessmentSchema = z.object({
  id: z.uuid(), name: z.string(), challenges: z.array(slugVersion.extend({ title: z.string() })),
  opensAt: instant.nullable(), closesAt: instant.nullable(), durationMinutes: z.number().int().nullable(),
  callbackUrl: z.string().nullable(), createdBy: z.uuid().nullable(), createdAt: instant,
  languages: z.array(z.enum(LANGUAGES)).nullable().meta({ description: 'The languages candidates may submit in; null: every language each challenge offers.' }),
  finalSubmission: z.enum(FINAL_SUBMISSIONS).meta({ description: 'Which finished submission of a candidate to a challenge is final: the latest, or the highest score (ties: the later one).' }),
  webhookSecret: z.string().optional().meta({ description: 'Only in the creation response, when callbackUrl is set.' }),
});

export const inviteSchema = z.object({
  id: z.uuid(), assessmentId: z.uuid(), name: z.string(), email: z.string(), externalId: z.string().nullable(), startedAt: instant.nullable(),
  deadline: instant.nullable(), state: z.enum(['not_open', 'open', 'closed']).meta({ description: 'The candidate\'s window.' }),
  status: z.enum(INVITE_STATUSES).meta({ description: 'revoked; else, once the window ended, submitted (at least one submission) or expired; else in_progress once started, or not_started.' }),
  extraMinutes: z.number().int(), revokedAt: instant.nullable(),
  finishedAt: instant.nullable().meta({ description: 'When the candidate finished: pressed finish, ran out of time, or the assessment closed.' }),
  finishReason: z.enum(['candidate', 'time_up', 'assessment_closed']).nullable(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
  submissions: z.number().int().optional(), createdAt: instant,
  token: z.string().optional().meta({ description: 'Only in the creation response: the candidate\'s bearer token.' }),
  tokenId: z.uuid().optional(), tokenExpiresAt: instant.optional(),
});

export const inviteLinkSchema = z.object({
  url: z.string().meta({ description: 'Single use: opening it and pressing its button signs the candidate in (the code is stored hashed).' }),
  path: z.string(), expiresAt: instant,
});

export const meSchema = z.object({
  role: z.enum(ROLES), name: z.string(), tokenId: z.uuid().nullable(), expiresAt: instant.nullable(),
  invite: inviteSchema.pick({ id: true, name: true, email: true, startedAt: true, deadline: true, state: true }).optional(),
  assessment: assessmentSchema.pick({ id: true, name: true, challenges: true, opensAt: true, closesAt: true, durationMinutes: true, languages: true }).optional(),
});

export const assessmentSubmissionSchema = z.object({
  id: z.uuid(), assessmentId: z.uuid(), inviteId: z.uuid(), externalId: z.string().nullable(), challenge: slugVersion, language: z.enum(LANGUAGES), status: z.enum(SUBMISSION_STATUSES),
  verdict: z.enum(VERDICTS).nullable(), score: z.number().nullable(), maxScore: z.number().nullable(), createdAt: instant, finishedAt: instant.nullable(),
});

export const deliverySchema = z.object({
  id: z.number().int(), event: z.enum(['submission.finished', 'invite.started', 'invite.finished', 'assessment.closed']),
  submissionId: z.uuid().nullable(), eventId: z.number().int().nullable(), attempt: z.number().int(), url: z.string(), statusCode: z.number().int().nullable(),
  ok: z.boolean(), willRetry: z.boolean(), error: z.string().nullable(), durationMs: z.number().int(), createdAt: instant,
});

export const healthSchema = z.object({ status: z.literal('ok') });
export const readinessSchema = z.object({ ready: z.boolean(), down: z.array(z.string()), checks: z.record(z.string(), z.string()) });

/** The candidate editor's draft (`files: null` until one is saved). */
export const draftSchema = z.object({
  challenge: z.string(), language: z.enum(LANGUAGES),
  files: z.record(z.string(), z.string()).nullable(), updatedAt: instant.nullable(),
});

/** The files of a candidate's latest submission of a challenge. */
export const latestSubmissionSchema = z.object({
  id: z.uuid(), language: z.enum(LANGUAGES), files: z.record(z.string(), z.string()), createdAt: instant,
});

/** A list's page: the items (every field unless `fields=` named some; `id` always) and the next page's cursor. */
export function pageSchema<S extends z.ZodObject>(key: string, item: S) {
  return z.object({
    [key]: z.array(item.partial().required({ id: true } as never)),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  });
}

/** The audit record of an erasure: who, when, why and how much; nothing of the candidate. */
export const erasureSchema = z.object({
  id: z.uuid(), assessmentId: z.uuid(), inviteId: z.uuid(), erasedBy: z.uuid().nullable(), erasedByName: z.string(), reason: z.string().nullable(),
  counts: z.record(z.string(), z.number().int()), erasedAt: instant,
});

/** The answer of `POST /v1/me/finish`. */
export const finishedSchema = z.object({
  inviteId: z.uuid(), finishedAt: instant.nullable(), finishReason: z.enum(['candidate', 'time_up', 'assessment_closed']).nullable(),
  deadline: instant.nullable(), state: z.enum(['not_open', 'open', 'closed']),
});

/** `GET /v1/assessments/:id/comparison` (`core/reports/candidate-comparison.ts`). */
const comparisonCell = z.object({
  submissionId: z.uuid(), score: z.number(), maxScore: z.number(), verdict: z.enum(VERDICTS).nullable(),
  qualityIssues: z.number().int().nullable().meta({ description: 'Lint errors + type errors + secrets + LLM-call risks; null until the analysis is stored.' }),
  llmCostUsd: z.number().nullable(),
});
export const comparisonSchema = z.object({
  assessmentId: z.uuid(),
  finalSubmission: z.enum(FINAL_SUBMISSIONS),
  challenges: z.array(slugVersion.extend({ title: z.string(), maxScore: z.number() })),
  rows: z.array(z.object({
    inviteId: z.uuid(), name: z.string(), email: z.string(), externalId: z.string().nullable(),
    status: z.enum(INVITE_STATUSES), state: z.enum(['not_open', 'open', 'closed']),
    startedAt: instant.nullable(), finishedAt: instant.nullable(),
    timeUsedMs: z.number().int().nullable().meta({ description: 'From the start to the finish or deadline (now while the window runs); null before the start.' }),
    perChallenge: z.record(z.string(), comparisonCell.nullable()).meta({ description: 'By challenge slug: the final finished submission, or null (counts 0 of the challenge\'s max).' }),
    total: z.number(), maxTotal: z.number(),
    qualityIssues: z.number().int().nullable(), llmCostUsd: z.number().nullable(),
  })),
});
