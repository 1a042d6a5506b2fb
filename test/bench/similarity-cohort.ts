/**
 * What `GET /v1/assessments/:id/similarity` costs for a large cohort, over real PostgreSQL: `BENCH_COHORT` candidates
 * (default 200) of classify-endpoint, each with one finished submission made from one of the bundled TypeScript and
 * JavaScript solutions of every challenge (so some pairs are near-copies, most are unrelated) with a fifth of its
 * lines dropped at random and its names left as they are. Prints the request's time (median of `BENCH_RUNS`, default
 * 5), and the pure parts: fingerprinting everyone, scoring every pair, fragments per returned pair.
 * Usage: tsx test/bench/similarity-cohort.ts
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { CHALLENGES_DIR } from '../../core/challenges/load-bundled-challenges';
import { compareCohort } from '../../core/similarity/cohort-similarity';
import { scorePair } from '../../core/similarity/compare';
import { documentOf } from '../../core/similarity/fingerprint';
import { createAssessment } from '../helpers/assessment-fixtures';
import { createTestContext, http } from '../helpers/test-context';
import { stats } from './bench-util';

const COHORT = Number(process.env.BENCH_COHORT ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** Every bundled TypeScript/JavaScript solution's entry file. */
function bases(): string[] {
  const texts: string[] = [];
  for (const slug of readdirSync(CHALLENGES_DIR)) {
    const solutions = path.join(CHALLENGES_DIR, slug, 'solutions');
    if (!existsSync(solutions)) continue;
    for (const name of readdirSync(solutions)) {
      for (const file of ['solution.ts', 'solution.js']) {
        const full = path.join(solutions, name, 'src', file);
        if (existsSync(full)) texts.push(readFileSync(full, 'utf8'));
      }
    }
  }
  return texts;
}

async function main(): Promise<void> {
  let seed = 20_260_101;
  const random = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
  const pool = bases();
  const cohort = Array.from({ length: COHORT }, (_, i) => pool[i % pool.length]!.split('\n').filter(() => random() > 0.2).join('\n'));
  const ctx = await createTestContext();
  try {
    const assessment = await createAssessment(ctx, { name: 'Bench cohort', challenges: ['classify-endpoint'] });
    const { rows: [pinned] } = await ctx.db.query<{ id: number }>("SELECT challenge_id::int AS id FROM assessment_challenges WHERE assessment_id = $1", [assessment.id]);
    const challengeId = pinned!.id;
    const { rows: invites } = await ctx.db.query<{ id: string }>(
      `INSERT INTO invites (assessment_id, name, email) SELECT $1, 'Candidate ' || n, 'c' || n || '@example.com' FROM generate_series(1, $2) n RETURNING id`,
      [assessment.id, COHORT]);
    await ctx.db.query(
      `INSERT INTO submissions (challenge_id, language, files, status, verdict, invite_id, finished_at)
       SELECT $1, 'typescript', jsonb_build_object('src/solution.ts', f), 'finished', 'accepted', i, now() FROM unnest($2::uuid[], $3::text[]) AS t(i, f)`,
      [challengeId, invites.map((r) => r.id), cohort]);

    const times: number[] = [];
    let body: any;
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      const res = await http(ctx, 'GET', `/v1/assessments/${assessment.id}/similarity`);
      times.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
      body = res.json;
    }
    const c = body.challenges[0];

    const files = cohort.map((text) => ({ 'src/solution.ts': text }));
    let started = performance.now();
    const docs = files.map((f) => documentOf(f));
    const fingerprintMs = performance.now() - started;
    started = performance.now();
    for (let i = 0; i < docs.length; i += 1) for (let j = i + 1; j < docs.length; j += 1) scorePair(docs[i]!, docs[j]!);
    const scoreMs = performance.now() - started;
    started = performance.now();
    const whole = compareCohort(files.map((f, i) => ({ inviteId: String(i), name: String(i), submissionId: String(i), files: f })), new Set(), ctx.config.SIMILARITY_THRESHOLD);
    const wholeMs = performance.now() - started;
    console.log(JSON.stringify({
      candidates: c.candidates, pairsCompared: c.pairsCompared, flaggedPairs: c.flaggedPairs, pairsReturned: c.pairs.length,
      responseKiB: Math.round(JSON.stringify(body).length / 1024),
      requestMs: stats(times),
      pure: { fingerprintMs: Math.round(fingerprintMs), scoreAllPairsMs: Math.round(scoreMs), compareCohortMs: Math.round(wholeMs), pairsWithFragments: whole.pairs.length },
    }, null, 2));
  } finally {
    await ctx.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
