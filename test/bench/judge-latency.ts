/**
 * Judge latency: submit → final verdict for each bundled challenge's reference solutions (TypeScript, and Python
 * where the challenge has `solutions/reference-python/`; sequential, no other load), beside the floor: the sandbox
 * image's own harness run directly on the host, without a container (host-floor.ts), with the CPU one judgement costs
 * there (the machine's limit: cores / floor CPU judgements per second). Then Python's start-up CPU (python-startup.ts).
 * Usage: npm run bench  (BENCH_RUNS=N runs, default 20; BENCH_CHALLENGES=a,b to measure only those). Writes bench-results.json.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { getChallengeById, listPublishedChallenges, type ChallengeRecord } from '../../core/challenges/challenge-repository';
import { harnessPayload } from '../../core/judging/judge-files';
import type { Language } from '../../sandbox/harness/protocol';
import { unframeReport } from '../../sandbox/harness/protocol';
import { createTestContext, http, waitForVerdict, type TestContext } from '../helpers/test-context';
import { benchConfig, referenceFolders, referenceOf, stats } from './bench-util';
import { extractSandbox, runHostFloor } from './host-floor';
import { measureMachine, printMachine } from './machine-profile';
import { measurePythonStartup } from './python-startup';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);

/** Submit → verdict over HTTP, `RUNS` times. */
async function judgedMs(ctx: TestContext, slug: string, language: string, files: Record<string, string>): Promise<number[]> {
  const judged: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const res = await http(ctx, 'POST', '/v1/submissions', { challenge: slug, language, files });
    const result = await waitForVerdict(ctx, res.json.id);
    if (result.verdict !== 'accepted') throw new Error(`reference (${language}) of ${slug} got ${result.verdict}`);
    judged.push(performance.now() - started);
  }
  return judged;
}

/** The same payload the judge sends, through the image's harness on the host, `RUNS` times. */
async function floorMs(ctx: TestContext, sandboxDir: string, challenge: ChallengeRecord, language: Language, files: Record<string, string>): Promise<{ wall: number[]; cpu: number[] }> {
  const full = (await getChallengeById(ctx.db, challenge.id))!;
  const judgeable = { manifest: full.manifest, tests: full.package.tests, plan: full.testPlan };
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const nonce = randomBytes(8).toString('hex');
    const run = await runHostFloor(sandboxDir, JSON.stringify(harnessPayload(ctx.config, judgeable, language, files, nonce)));
    const report = unframeReport(nonce, run.stdout);
    if (!report || report.tests.some((t) => t.status !== 'pass')) throw new Error(`floor run (${language}) of ${challenge.slug} did not pass: ${run.stdout.slice(0, 500)}`);
    wall.push(run.wallMs);
    if (run.cpuMs !== undefined) cpu.push(run.cpuMs);
  }
  return { wall, cpu };
}

async function referenceRow(ctx: TestContext, sandboxDir: string, challenge: ChallengeRecord, folder: string): Promise<Record<string, unknown>> {
  const { language, files } = await referenceOf(challenge.slug, folder);
  const j = stats(await judgedMs(ctx, challenge.slug, language, files));
  const floor = await floorMs(ctx, sandboxDir, challenge, language as Language, files);
  const f = stats(floor.wall);
  return { challenge: challenge.slug, language, runs: RUNS, judgeMedianMs: Math.round(j.median), judgeP95Ms: Math.round(j.p95), floorMedianMs: Math.round(f.median), floorP95Ms: Math.round(f.p95), ratio: +(j.median / f.median).toFixed(2),
    floorCpuMs: floor.cpu.length ? Math.round(stats(floor.cpu).median) : null };
}

async function main(): Promise<void> {
  const machine = measureMachine();
  printMachine(machine);
  const ctx = await createTestContext({ worker: true, config: benchConfig });
  const sandboxDir = await extractSandbox(ctx.docker, ctx.config.SANDBOX_IMAGE);
  const rows: Array<Record<string, unknown>> = [];
  try {
    const only = process.env.BENCH_CHALLENGES?.split(',');
    for (const challenge of (await listPublishedChallenges(ctx.db)).filter((c) => !only || only.includes(c.slug))) {
      const declared = challenge.manifest.languages as string[];
      for (const folder of referenceFolders(challenge.slug)) {
        if (folder === 'reference-python' && !declared.includes('python')) continue;
        rows.push(await referenceRow(ctx, sandboxDir, challenge, folder));
      }
    }
  } finally {
    await ctx.close();
  }
  console.log('\nJudge latency (submit → verdict over HTTP, sequential) vs floor (the image\'s harness on the host, no container; floorCpuMs: its CPU per judgement, start-up and candidate included)');
  console.table(rows);
  const pythonStartup = await measurePythonStartup(Math.max(5, RUNS));
  if (pythonStartup) {
    console.log('\nPython start-up (interpreter + judge_host.py, a standard-library solution, to its ready message; CPU of that process)');
    console.table([pythonStartup]);
  }
  await writeFile('bench-results.json', JSON.stringify({ date: new Date().toISOString(), machine, judgeLatency: rows, pythonStartup }, null, 2));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
