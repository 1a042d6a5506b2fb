import { z } from 'zod';
import { LANGUAGES } from '../../sandbox/harness/protocol';

const instant = z.iso.datetime({ offset: true }).meta({ description: 'ISO 8601 date-time' });

/** The body of `POST /v1/assessments`. */
const name = z.string().trim().min(1).max(200);
const challenges = z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a challenge slug')).min(1).max(20)
  .refine((slugs) => new Set(slugs).size === slugs.length, 'must not repeat a challenge')
  .meta({ description: 'Slugs of published challenges; the current version of each is pinned.' });
const durationMinutes = z.number().int().min(1).max(10_080)
  .meta({ description: 'Per candidate, counted from their first authenticated request inside the window.' });
const languages = z.array(z.enum(LANGUAGES)).min(1)
  .refine((l) => new Set(l).size === l.length, 'must not repeat a language')
  .meta({ description: 'The languages candidates may submit in; omitted or null: every language each challenge offers.' });
const callbackUrl = z.url({ protocol: /^https?$/ }).max(2_000)
  .meta({ description: 'Receives a signed POST when a candidate submission finishes.' });

/** Which finished submission of a candidate to a challenge is final: the latest, or the highest score (ties: the later). */
export const FINAL_SUBMISSIONS = ['last', 'best'] as const;
export type FinalSubmission = (typeof FINAL_SUBMISSIONS)[number];
const finalSubmission = z.enum(FINAL_SUBMISSIONS)
  .meta({ description: 'Which finished submission of a candidate to a challenge counts in the comparison: "last" (the default) or "best" (the highest score; ties: the later one).' });

export const assessmentBodySchema = z.object({
  name,
  challenges,
  opensAt: instant.optional(),
  closesAt: instant.optional(),
  durationMinutes: durationMinutes.optional(),
  callbackUrl: callbackUrl.optional(),
  languages: languages.optional(),
  finalSubmission: finalSubmission.optional(),
}).strict().refine((a) => !a.opensAt || !a.closesAt || Date.parse(a.opensAt) < Date.parse(a.closesAt), {
  path: ['closesAt'], message: 'must be after opensAt',
});

export type AssessmentBody = z.infer<typeof assessmentBodySchema>;

/**
 * The body of `PATCH /v1/assessments/:id`: the fields to change; `null` clears an optional one. `challenges` (re-pinned
 * at their current version) may change only while no candidate has started (409 `assessment_started`).
 */
export const assessmentPatchSchema = z.object({
  name: name.optional(),
  challenges: challenges.optional(),
  opensAt: instant.nullable().optional(),
  closesAt: instant.nullable().optional(),
  durationMinutes: durationMinutes.nullable().optional(),
  callbackUrl: callbackUrl.nullable().optional(),
  languages: languages.nullable().optional(),
  finalSubmission: finalSubmission.optional(),
}).strict().refine((p) => Object.keys(p).length > 0, 'name at least one field to change');

export type AssessmentPatch = z.infer<typeof assessmentPatchSchema>;

/** The most keys and JSON bytes an invite's `metadata` may hold. */
export const MAX_METADATA_KEYS = 50;
export const MAX_METADATA_BYTES = 4096;

/** What an ATS attaches to an invite (requisition, stage, recruiter…): flat keys to strings, numbers, booleans or null. */
export const inviteMetadataSchema = z.record(z.string().min(1).max(100), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
  .refine((m) => Object.keys(m).length <= MAX_METADATA_KEYS, `at most ${MAX_METADATA_KEYS} keys`)
  .refine((m) => Buffer.byteLength(JSON.stringify(m)) <= MAX_METADATA_BYTES, `at most ${MAX_METADATA_BYTES} bytes as JSON`)
  .meta({ description: `Returned as given in the invite and in its webhooks: at most ${MAX_METADATA_KEYS} keys, ${MAX_METADATA_BYTES} bytes as JSON.` });

/** The body of `POST /v1/assessments/:id/invites`. */
export const inviteBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  externalId: z.string().trim().min(1).max(200).optional()
    .meta({ description: 'The ATS\'s id of the candidate; unique within the assessment.' }),
  metadata: inviteMetadataSchema.optional(),
}).strict();

export type InviteBody = z.infer<typeof inviteBodySchema>;

/** At most this many invites in one bulk request. */
export const MAX_BULK_INVITES = 500;

/** The body of `POST /v1/assessments/:id/invites/bulk`: all stored, or none (any invalid or taken one refuses all). */
export const bulkInviteBodySchema = z.object({
  invites: z.array(inviteBodySchema).min(1).max(MAX_BULK_INVITES),
}).strict().superRefine((body, ctx) => {
  const seen = { email: new Set<string>(), externalId: new Set<string>() };
  body.invites.forEach((invite, i) => {
    for (const key of ['email', 'externalId'] as const) {
      const value = invite[key]?.toLowerCase();
      if (value === undefined) continue;
      if (seen[key].has(value)) ctx.addIssue({ code: 'custom', path: ['invites', i, key], message: `repeats an earlier ${key}` });
      seen[key].add(value);
    }
  });
});

export type BulkInviteBody = z.infer<typeof bulkInviteBodySchema>;

/** The most extra minutes one invite may be given, in all. */
export const MAX_EXTRA_MINUTES = 1_440;

/** The body of `POST /v1/assessments/:id/invites/:inviteId/extend`. */
export const extendBodySchema = z.object({
  minutes: z.number().int().min(1).max(MAX_EXTRA_MINUTES)
    .meta({ description: `Added to the candidate's duration; at most ${MAX_EXTRA_MINUTES} in all per invite.` }),
}).strict();

export const uuidSchema = z.uuid();
