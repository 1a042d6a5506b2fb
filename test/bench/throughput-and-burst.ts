/**
 * Throughput (submissions judged per minute with 1, 2 and 4 concurrent judgements, lightest and heaviest challenge)
 * and a burst of BENCH_BURST submissions sent at once (queue position and estimated wait sampled while they wait).
 * Sizes: BENCH_THROUGHPUT_N (default 12), BENCH_BURST (default 1000). Intake is `intake.ts`. Appends its tables to
 * bench-results.json.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { listPublishedChallenges } from '../../core/challenges/challenge-repository';
import { createTestContext, http, type TestContext } from '../helpers/test-context';
import { benchConfig, judgementCpu, referenceOf, rssMb } from './bench-util';
import { measureMachine, printMachine } from './machine-profile';

const N = Number(process.env.BENCH_THROUGHPUT_N ?? 12);
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCIES ?? '1,2,4').split(',').filter(Boolean).map(Number);

async function waitCount(ctx: TestContext, ids: string[], timeoutMs: number, onTick?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM submissions WHERE id = ANY($1::uuid[]) AND status = 'finished'`, [ids]);
    if (rows[0]!.n === ids.length) return;
    if (Date.now() > deadline) throw new Error(`${ids.length - rows[0]!.n} of ${ids.length} not judged in time`);
    await onTick?.();
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function submitMany(ctx: TestContext, slug: string, count: number, parallel: number) {
  const { language, files } = await referenceOf(slug);
  const body = JSON.stringify({ challenge: slug, language, files });
  const ids: string[] = [];
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) {
      next++;
      const t = performance.now();
      const res = await http(ctx, 'POST', '/v1/submissions', body);
      latencies.push(performance.now() - t);
      if (res.status === 202) ids.push(res.json.id);
    }
  }));
  return { ids, latencies };
}

async function throughput(slug: string, concurrency: number) {
  const ctx = await createTestContext({ worker: true, config: { ...benchConfig, WORKER_CONCURRENCY: concurrency } });
  try {
    await new Promise((r) => setTimeout(r, 3_000)); // let the warm pool fill, as in steady state
    const started = performance.now();
    const cpu = judgementCpu(process.pid);
    const { ids } = await submitMany(ctx, slug, N, 4);
    await waitCount(ctx, ids, 20 * 60_000);
    const minutes = (performance.now() - started) / 60_000;
    return { row: { challenge: slug, concurrency, submissions: ids.length, perMinute: +(ids.length / minutes).toFixed(1), workerRssMb: rssMb() }, cpu: { challenge: slug, concurrency, ...cpu(ids.length) } };
  } finally {
    await ctx.close();
  }
}

async function burstOf(slug: string) {
  const ctx = await createTestContext({ worker: true, config: { ...benchConfig, WORKER_CONCURRENCY: 2 } });
  try {
    // burst: BURST submissions at once, from 50 concurrent clients
    let peakContainers = 0;
    const started = performance.now();
    const burst = await submitMany(ctx, slug, BURST, 50);
    // what the last candidate in line is shown while waiting (GET /v1/submissions/:id while queued)
    const lastId = burst.ids[burst.ids.length - 1];
    const shown = lastId ? (await http(ctx, 'GET', `/v1/submissions/${lastId}`)).json.queue as { position: number; estimatedWaitMs: number } | undefined : undefined;
    const waitedFrom = performance.now();
    await waitCount(ctx, burst.ids, 120 * 60_000, async () => {
      const containers = await ctx.docker.listContainers({ filters: { label: ['ai-judge.sandbox=1'] } });
      peakContainers = Math.max(peakContainers, containers.length);
    });
    const { rows } = await ctx.db.query<{ n: number; verdicts: number }>(`SELECT count(*)::int AS n, count(verdict)::int AS verdicts FROM submissions WHERE id = ANY($1::uuid[])`, [burst.ids]);
    const burstRow = {
      sent: BURST, accepted: burst.ids.length, judged: rows[0]!.verdicts, lost: burst.ids.length - rows[0]!.verdicts,
      secondsToLastVerdict: +((performance.now() - started) / 1000).toFixed(1), peakContainers, apiAndWorkerRssMb: rssMb(),
      lastShownPosition: shown?.position ?? null, lastShownWaitS: shown ? Math.round(shown.estimatedWaitMs / 1000) : null,
      lastActualWaitS: Math.round((performance.now() - waitedFrom) / 1000),
    };
    return burstRow;
  } finally {
    await ctx.close();
  }
}

async function main(): Promise<void> {
  const probe = await createTestContext();
  const slugs = (await listPublishedChallenges(probe.db)).map((c) => c.slug);
  await probe.close();
  const previous = JSON.parse(await readFile('bench-results.json', 'utf8').catch(() => '{}')) as { judgeLatency?: Array<{ challenge: string; language?: string; judgeMedianMs: number }> };
  const ranked = (previous.judgeLatency ?? []).filter((r) => slugs.includes(r.challenge) && r.language !== 'python').sort((a, b) => a.judgeMedianMs - b.judgeMedianMs);
  const lightest = ranked[0]?.challenge ?? 'rag-chunking';
  const heaviest = ranked[ranked.length - 1]?.challenge ?? lightest;

  const machine = measureMachine();
  printMachine(machine);
  const rows = [];
  const cpuRows = [];
  for (const slug of [...new Set([lightest, heaviest])]) {
    for (const c of CONCURRENCIES) {
      const { row, cpu } = await throughput(slug, c);
      rows.push(row);
      cpuRows.push(cpu);
    }
  }
  if (rows.length) {
    console.log('\nThroughput (references judged per minute; one worker process, N concurrent judgements)');
    console.table(rows);
    console.log('CPU milliseconds per judgement (machine = everything; containers from their cgroup; judge process = API + worker + this client; other = per-container shims, runc and the rest)');
    console.table(cpuRows);
  }
  const burst = await burstOf(lightest);
  console.log(`\nBurst of ${BURST} submissions (${lightest}, 50 concurrent clients)`);
  console.table([burst]);
  await writeFile('bench-results.json', JSON.stringify({ ...previous, machine, throughput: rows, throughputCpu: cpuRows, burst }, null, 2));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
