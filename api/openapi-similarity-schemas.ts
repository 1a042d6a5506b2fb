import { z } from 'zod';

/** The response of `GET /v1/assessments/:id/similarity`, for `/openapi.json` (keep in step with `core/similarity/assessment-similarity.ts`). */
const side = z.object({ inviteId: z.uuid(), name: z.string(), submissionId: z.uuid() });
const span = z.object({ file: z.string(), startLine: z.number().int(), endLine: z.number().int() });

export const similaritySchema = z.object({
  assessmentId: z.uuid(),
  note: z.string().meta({ description: 'For human review; not a verdict: nothing here changes a score or a verdict.' }),
  challenges: z.array(z.object({
    slug: z.string(), version: z.number().int(), title: z.string(),
    threshold: z.number().meta({ description: 'SIMILARITY_THRESHOLD: a pair whose score reaches it is flagged.' }),
    candidates: z.number().int().meta({ description: 'Candidates with a final submission of the challenge: the latest finished one of each invite.' }),
    pairsCompared: z.number().int(),
    flaggedPairs: z.number().int().meta({ description: 'Every pair at or above the threshold; `pairs` holds at most 500 of them.' }),
    pairs: z.array(z.object({
      a: side, b: side,
      score: z.number().meta({ description: 'Shared fingerprints over the smaller solution\'s (0–1); the starter\'s and public tests\' are not counted.' }),
      jaccard: z.number().meta({ description: 'Shared fingerprints over those of either solution (0–1).' }),
      flagged: z.boolean().meta({ description: 'score ≥ threshold and the smaller solution has enough code of its own: for a person to look at.' }),
      fragments: z.array(z.object({ a: span, b: span, fingerprints: z.number().int() }))
        .meta({ description: 'Matching passages: line ranges in each solution, at most 40, in a\'s order.' }),
    })).meta({ description: 'Sorted by score: every flagged pair (at most 500), then the highest others, 50 pairs in all unless more are flagged.' }),
  })),
});
