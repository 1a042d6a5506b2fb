import { z } from 'zod';
import { MAX_VERSION } from '../challenges/challenge-package';

const slugVersion = z.object({ slug: z.string().min(1).max(63), version: z.number().int().positive().max(MAX_VERSION) }).strict();

/** `POST /v1/rejudges`: re-run the submissions judged against one version (or of one assessment) on another version. */
export const rejudgeBodySchema = z.object({
  from: z.union([slugVersion, z.object({ assessmentId: z.uuid() }).strict()]),
  to: slugVersion,
}).strict();

export type RejudgeBody = z.infer<typeof rejudgeBodySchema>;
