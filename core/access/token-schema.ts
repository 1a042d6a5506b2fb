import { z } from 'zod';

/** The body of `POST /v1/tokens`. Candidate tokens come only from invites. */
export const tokenBodySchema = z.object({
  role: z.enum(['admin', 'author', 'grader']),
  name: z.string().trim().min(1).max(200).meta({ description: 'Who holds it, e.g. "alice (author)".' }),
  expiresAt: z.iso.datetime({ offset: true }).optional()
    .refine((at) => at === undefined || Date.parse(at) > Date.now(), 'must be in the future')
    .meta({ description: 'Defaults to 90 days from now.' }),
}).strict();

export type TokenBody = z.infer<typeof tokenBodySchema>;

export const DEFAULT_TOKEN_DAYS = 90;
