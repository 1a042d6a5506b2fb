/**
 * Judge latency: submit → final verdict for each bundled challenge's reference solution (sequential, no other load),
 * beside the floor: the sandbox image's own harness run directly on the host, without a container (host-floor.ts),
 * with the CPU one judgement costs there (the machine's limit: cores / floor CPU judgements per second).
 * Usage: npm run bench  (BENCH_RUNS=N runs, default 20; BENCH_CHALLENGES=a,b to measure only those). Writes bench-results.json.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getChallengeById, listPublishedChallenges } from '../../core/challenges/challenge-repository';
import { readTree } from '../../core/platform/read-tree';
import { CHALLENGES_DIR } from '../../core/challenges/load-bundled-challenges';
import { unframeReport } from '../../sandbox/harness/protocol';
import { createTestContext, http, waitForVerdict } from '../helpers/test-context';
import { benchConfig, stats } from './bench-util';
import { extractSandbox, runHostFloor } from './host-floor';
import { measureMachine, printMachine } from './machine-profile';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);


async function main(): Promise<void> {
  const machine = measureMachine();
  printMachine(machine);
  const ctx = await createTestContext({ worker: true, config: benchConfig });
  const sandboxDir = await extractSandbox(ctx.docker, ctx.config.SANDBOX_IMAGE);
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
      const floorCpu: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const nonce = randomBytes(8).toString('hex');
        const run = await runHostFloor(sandboxDir, JSON.stringify({
          nonce, language: expected.language, entry: full.manifest.entry[expected.language as 'typescript']!,
          files, tests: full.package.tests, limits: { testTimeoutMs: full.manifest.limits.testTimeoutMs, memoryMb: full.manifest.limits.memoryMb, outputLimitBytes: 1 << 20 },
        }));
        const report = unframeReport(nonce, run.stdout);
        if (!report || report.tests.some((t) => t.status !== 'pass')) throw new Error(`floor run of ${challenge.slug} did not pass: ${run.stdout.slice(0, 500)}`);
        floor.push(run.wallMs);
        if (run.cpuMs !== undefined) floorCpu.push(run.cpuMs);
      }
      const j = stats(judged);
      const f = stats(floor);
      rows.push({ challenge: challenge.slug, runs: RUNS, judgeMedianMs: Math.round(j.median), judgeP95Ms: Math.round(j.p95), floorMedianMs: Math.round(f.median), floorP95Ms: Math.round(f.p95), ratio: +(j.median / f.median).toFixed(2),
        floorCpuMs: floorCpu.length ? Math.round(stats(floorCpu).median) : null });
    }
  } finally {
    await ctx.close();
  }
  console.log('\nJudge latency (submit → verdict over HTTP, sequential) vs floor (the image\'s harness on the host, no container; floorCpuMs: its CPU per judgement, start-up and candidate included)');
  console.table(rows);
  await writeFile('bench-results.json', JSON.stringify({ date: new Date().toISOString(), machine, judgeLatency: rows }, null, 2));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
