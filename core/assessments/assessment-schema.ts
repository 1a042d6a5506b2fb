import { z } from 'zod';

const instant = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 date-time' });

/** The body of `POST /v1/assessments`. */
export const assessmentBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  challenges: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a challenge slug')).min(1).max(20)
    .refine((slugs) => new Set(slugs).size === slugs.length, 'must not repeat a challenge')
    .meta({ description: 'Slugs of published challenges; the current version of each is pinned.' }),
  opensAt: instant.optional(),
  closesAt: instant.optional(),
  durationMinutes: z.number().int().min(1).max(10_080).optional()
    .meta({ description: 'Per candidate, counted from their first authenticated request inside the window.' }),
  callbackUrl: z.url({ protocol: /^https?$/ }).max(2_000).optional()
    .meta({ description: 'Receives a signed POST when a candidate submission finishes.' }),
}).strict().refine((a) => !a.opensAt || !a.closesAt || Date.parse(a.opensAt) < Date.parse(a.closesAt), {
  path: ['closesAt'], message: 'must be after opensAt',
});

export type AssessmentBody = z.infer<typeof assessmentBodySchema>;

/** The body of `POST /v1/assessments/:id/invites`. */
export const inviteBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
}).strict();

export type InviteBody = z.infer<typeof inviteBodySchema>;

export const uuidSchema = z.uuid();
