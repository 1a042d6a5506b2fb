/**
 * @module reference-figures
 * What a challenge version's reference solution costs, stored in `challenges.reference_figures` and shown beside a
 * candidate's figures in graders' reports ("3.2x the reference's tokens"). Written by the publish gate's reference
 * runs (`recordReferenceFigures`), or measured directly for bundled challenges (`measureReference` in
 * core/gate/measure-reference.ts); the quality headline is added when the reference's analysis is known.
 */
import { z } from 'zod';
import type { Db } from '../platform/db';
import { queryOne } from '../platform/db';
import type { UsageSummary } from '../../sandbox/mock-llm';
import type { QualityHeadline } from '../../sandbox/quality/types';
import type { TestStatus } from '../../sandbox/harness/protocol';
import type { ResultV1 } from '../results/verdicts';

export interface ReferenceFigures {
  /** How many reference runs the figures come from. */
  runs: number;
  measuredAt: string;
  /** The median run's usage, by total tokens (null when no run reported usage). */
  llmUsage: UsageSummary | null;
  /** Tests in the median run: the denominator of the per-test figures. */
  tests: number;
  perTest: { calls: number; tokens: number; costUsd: number } | null;
  perCall: { tokens: number; costUsd: number } | null;
  /** The median run's status per test name: which tests the reference passes while the mock errors. */
  testStatus: Record<string, TestStatus>;
  quality?: QualityHeadline;
}

const stored = z.object({ runs: z.number(), llmUsage: z.unknown().nullable() }).passthrough();

const round = (n: number) => Math.round(n * 1e9) / 1e9;

/** Per-test and per-call figures of one usage summary over `tests` tests. */
export function perFigures(usage: UsageSummary | null | undefined, tests: number): Pick<ReferenceFigures, 'perTest' | 'perCall'> {
  if (!usage) return { perTest: null, perCall: null };
  return {
    perTest: tests ? { calls: round(usage.calls / tests), tokens: round(usage.totalTokens / tests), costUsd: round(usage.costUsd / tests) } : null,
    perCall: usage.calls ? { tokens: round(usage.totalTokens / usage.calls), costUsd: round(usage.costUsd / usage.calls) } : null,
  };
}

/** The reference figures of a set of reference results: the median run by total tokens. */
export function referenceFiguresOf(results: ResultV1[]): ReferenceFigures {
  const byTokens = results.filter((r) => r.llmUsage).sort((a, b) => a.llmUsage!.totalTokens - b.llmUsage!.totalTokens);
  const median = byTokens[Math.floor((byTokens.length - 1) / 2)] ?? results[0];
  const tests = median?.tests.length ?? 0;
  return {
    runs: results.length,
    measuredAt: new Date().toISOString(),
    llmUsage: median?.llmUsage ?? null,
    tests,
    ...perFigures(median?.llmUsage, tests),
    testStatus: Object.fromEntries((median?.tests ?? []).map((t) => [t.name, t.status])),
  };
}

/** Stores the figures of the reference runs of a challenge version (keeps a quality headline already stored). */
export async function recordReferenceFigures(db: Db, challengeId: number, results: ResultV1[]): Promise<void> {
  const figures = referenceFiguresOf(results);
  await db.query(
    `UPDATE challenges SET reference_figures = $2::jsonb || coalesce(jsonb_build_object('quality', reference_figures->'quality'), '{}'::jsonb)
     WHERE id = $1`, [challengeId, figures]);
}

/** Adds the reference's quality headline to the stored figures. */
export async function recordReferenceQuality(db: Db, challengeId: number, headline: QualityHeadline): Promise<void> {
  await db.query(`UPDATE challenges SET reference_figures = coalesce(reference_figures, '{}'::jsonb) || jsonb_build_object('quality', $2::jsonb) WHERE id = $1`,
    [challengeId, headline]);
}

/** The stored figures; null when never measured. Rows written by older code lack the newer fields (they default). */
export async function getReferenceFigures(db: Db, challengeId: number): Promise<ReferenceFigures | null> {
  const row = await queryOne<{ figures: unknown }>(db, 'SELECT reference_figures AS figures FROM challenges WHERE id = $1', [challengeId]);
  const parsed = stored.safeParse(row?.figures);
  if (!parsed.success || parsed.data.runs === undefined) return null;
  const f = parsed.data as Partial<ReferenceFigures> & { runs: number };
  const usage = (f.llmUsage ?? null) as UsageSummary | null;
  return {
    runs: f.runs, measuredAt: f.measuredAt ?? '', llmUsage: usage, tests: f.tests ?? 0,
    ...perFigures(usage, f.tests ?? 0),
    testStatus: f.testStatus ?? {},
    ...(f.quality ? { quality: f.quality } : {}),
  };
}
