import { z } from 'zod';

/** Response schemas of challenge authoring and rejudges, for `/openapi.json` (keep in step with `present-authoring.ts`, `rejudges.ts`). */
const instant = z.string().meta({ format: 'date-time' });
const slugVersion = z.object({ slug: z.string(), version: z.number().int() });

const gateRow = z.object({
  solution: z.string(), expected: z.string(), verdict: z.string(), score: z.string().meta({ description: 'The last run\'s score / maximum ("-" when it never ran).' }), runs: z.string().meta({ description: 'Runs with the expected verdict / runs.' }),
  medianMs: z.number(), ok: z.boolean(), problem: z.string(),
});

const gateRun = z.object({
  id: z.uuid(), status: z.enum(['running', 'passed', 'failed']), runs: z.number().int().meta({ description: 'Reference runs.' }),
  progress: z.object({ finished: z.number().int(), total: z.number().int() }).optional(),
  report: z.array(gateRow).nullable().meta({ description: 'One row per solution once every run finished.' }),
  createdAt: instant, finishedAt: instant.nullable(),
  slug: z.string().optional(), version: z.number().int().optional(), versionStatus: z.enum(['draft', 'published', 'retired']).optional(),
});

const oldNew = z.object({ verdict: z.string().nullable(), score: z.number().nullable(), maxScore: z.number().nullable() });

export const authoringSchemas = {
  GateRun: gateRun,
  ChallengeUpload: slugVersion.extend({
    status: z.enum(['draft', 'published', 'retired']), contentHash: z.string(), created: z.boolean().meta({ description: 'false: the same content as the latest version, which is answered (200).' }),
    gate: gateRun.nullable(), links: z.object({ gate: z.string(), publish: z.string() }),
  }),
  ChallengeVersionList: z.object({
    slug: z.string(),
    versions: z.array(z.object({
      version: z.number().int(), status: z.enum(['draft', 'published', 'retired']), contentHash: z.string(), createdAt: instant,
      gate: z.object({ id: z.uuid(), status: z.enum(['running', 'passed', 'failed']), createdAt: instant, finishedAt: instant.nullable() }).nullable(),
    })),
  }),
  PublishedVersion: slugVersion.extend({ status: z.literal('published') }),
  Rejudge: z.object({
    id: z.uuid(), status: z.enum(['preview', 'applied', 'cancelled']), ready: z.boolean(),
    from: z.union([slugVersion, z.object({ assessmentId: z.uuid() })]), to: slugVersion.nullable(),
    summary: z.object({ total: z.number().int(), finished: z.number().int(), changed: z.number().int(), verdictChanged: z.number().int(), scoreChanged: z.number().int(), skipped: z.number().int() }),
    items: z.array(z.object({
      submissionId: z.uuid(), inviteId: z.uuid(), status: z.string().meta({ description: 'Of the re-run.' }), changed: z.boolean(),
      old: oldNew.extend({ challenge: slugVersion }), new: oldNew,
    })),
    skipped: z.array(z.object({ submissionId: z.uuid(), reason: z.string() })),
    createdAt: instant, decidedAt: instant.nullable(),
  }),
};
