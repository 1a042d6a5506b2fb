/**
 * Judge latency: submit → final verdict for each bundled challenge's reference solution (sequential, no other load),
 * beside the floor: the same harness and tests run directly on the host, without a container.
 * Usage: npm run bench  (BENCH_RUNS=N runs, default 20; BENCH_CHALLENGES=a,b to measure only those). Writes bench-results.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getChallengeById, listPublishedChallenges } from '../../lib/challenge-repository';
import { readTree } from '../../lib/read-tree';
import { CHALLENGES_DIR } from '../../lib/load-bundled-challenges';
import { runHarness } from '../../sandbox/harness/main';
import { createTestContext, http, waitForVerdict } from '../helpers/test-context';
import { benchConfig, stats } from './bench-util';
import { measureMachine, printMachine } from './machine-profile';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);


async function main(): Promise<void> {
  const machine = measureMachine();
  printMachine(machine);
  const ctx = await createTestContext({ worker: true, config: benchConfig });
  const rows: Array<Record<string, unknown>> = [];
  try {
    const only = process.env.BENCH_CHALLENGES?.split(',');
    for (const challenge of (await listPublishedChallenges(ctx.db)).filter((c) => !only || only.includes(c.slug))) {
      const files = await readTree(path.join(CHALLENGES_DIR, challenge.slug, 'solutions', 'reference'));
      const expected = JSON.parse(files['expected.json']!);
      delete files['expected.json'];
      const judged: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const res = await http(ctx, 'POST', '/v1/submissions', { challenge: challenge.slug, language: expected.language, files });
        const result = await waitForVerdict(ctx, res.json.id);
        if (result.verdict !== 'accepted') throw new Error(`reference of ${challenge.slug} got ${result.verdict}`);
        judged.push(performance.now() - started);
      }
      const full = (await getChallengeById(ctx.db, challenge.id))!;
      const floor: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const work = await mkdtemp(path.join(tmpdir(), 'judge-floor-'));
        const started = performance.now();
        const report = await runHarness({
          nonce: randomBytes(8).toString('hex'), language: expected.language, entry: full.manifest.entry[expected.language as 'typescript']!,
          files, tests: full.package.tests, limits: { testTimeoutMs: 10_000, memoryMb: 512, outputLimitBytes: 1 << 20 },
        }, work);
        floor.push(performance.now() - started);
        await rm(work, { recursive: true, force: true });
        if (report.tests.some((t) => t.status !== 'pass')) throw new Error(`floor run of ${challenge.slug} did not pass`);
      }
      const j = stats(judged);
      const f = stats(floor);
      rows.push({ challenge: challenge.slug, runs: RUNS, judgeMedianMs: Math.round(j.median), judgeP95Ms: Math.round(j.p95), floorMedianMs: Math.round(f.median), floorP95Ms: Math.round(f.p95), ratio: +(j.median / f.median).toFixed(2) });
    }
  } finally {
    await ctx.close();
  }
  console.log('\nJudge latency (submit → verdict over HTTP, sequential) vs floor (harness on the host, no container)');
  console.table(rows);
  await writeFile('bench-results.json', JSON.stringify({ date: new Date().toISOString(), machine, judgeLatency: rows }, null, 2));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
