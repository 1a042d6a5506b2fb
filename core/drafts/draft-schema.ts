import { z } from 'zod';
import { LANGUAGES } from '../../sandbox/harness/protocol';
import type { Config } from '../platform/config';
import { submissionBodySchema } from '../submissions/submission-schema';

/** The path parameters of a draft: the challenge slug and the language. */
export const draftKeySchema = z.object({
  slug: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'a challenge slug'),
  language: z.enum(LANGUAGES),
}).strict();

/**
 * The body of a draft save: the editor's files, under the same file-map rules as a submission's (paths, NUL, lone
 * surrogates, file count, per-file size), and at most `DRAFT_MAX_BYTES` in all. A draft may be empty of content but
 * must name at least one file, like a submission.
 */
export function draftBodySchema(config: Config) {
  return z.object({
    files: submissionBodySchema(config).shape.files.superRefine((files, ctx) => {
      const total = Object.values(files).reduce((sum, s) => sum + Buffer.byteLength(s), 0);
      if (total > config.DRAFT_MAX_BYTES) ctx.addIssue({ code: 'custom', message: `a draft may total at most ${config.DRAFT_MAX_BYTES} bytes (got ${total})` });
    }),
  }).strict();
}

export type DraftKey = z.infer<typeof draftKeySchema>;
export type DraftBody = z.infer<ReturnType<typeof draftBodySchema>>;
