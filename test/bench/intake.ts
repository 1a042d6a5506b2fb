/**
 * Intake: `POST /v1/submissions` per second and latency percentiles on loopback, measured with autocannon against an
 * API running in its own process (as in production), from BENCH_INTAKE_CANDIDATES candidate tokens (each submission
 * goes through the candidate's token lookup, window and limits). A warm-up run comes first (the first PostgreSQL
 * connections and JIT would otherwise dominate the figures; its submissions are removed unjudged); then a worker judges
 * every submission accepted in the measured window: count in = count out. Sizes: BENCH_INTAKE_SECONDS (default 1),
 * BENCH_INTAKE_CONNECTIONS (default 48),
 * BENCH_INTAKE_WARMUP_SECONDS (default 2), BENCH_INTAKE_CANDIDATES (default 4000), BENCH_INTAKE_API_PROCESSES
 * (default 1), BENCH_INTAKE_DRAIN (default 1: judge everything). Appends its table to bench-results.json.
 */
import { readFile, writeFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import { cpuMsPer, cpuSecondsByRole, referenceOf, rssMb } from './bench-util';
import { startBenchStack, type BenchStack } from './bench-stack';

const SECONDS = Number(process.env.BENCH_INTAKE_SECONDS ?? 1);
const WARMUP_SECONDS = Number(process.env.BENCH_INTAKE_WARMUP_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_INTAKE_CONNECTIONS ?? 48);
const CANDIDATES = Number(process.env.BENCH_INTAKE_CANDIDATES ?? 4_000);
const DRAIN = process.env.BENCH_INTAKE_DRAIN !== '0';
const SLUG = process.env.BENCH_INTAKE_CHALLENGE ?? 'pii-redaction';
const API_PROCESSES = Number(process.env.BENCH_INTAKE_API_PROCESSES ?? 1);

/** Runs autocannon for `seconds`, each request with the next candidate's token; returns its result and the ids. */
async function hammer(stack: BenchStack, tokens: string[], body: string, seconds: number, connections = CONNECTIONS) {
  let next = 0;
  const ids: string[] = [];
  const result = await autocannon({
    url: `${stack.apiUrl}/v1/submissions`,
    connections,
    duration: seconds,
    requests: [{
      method: 'POST',
      body,
      setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'content-type': 'application/json', authorization: `Bearer ${tokens[next++ % tokens.length]}` } }),
      onResponse: (status, responseBody) => {
        if (status === 202) ids.push((JSON.parse(responseBody) as { id: string }).id);
      },
    }],
  });
  return { result, ids };
}

async function main(): Promise<void> {
  const stack = await startBenchStack({ apiProcesses: API_PROCESSES });
  try {
    const tokens = await stack.inviteCandidates(SLUG, CANDIDATES);
    const { language, files } = await referenceOf(SLUG);
    const body = JSON.stringify({ challenge: SLUG, language, files });
    // warm-up (JIT, first connections); its submissions are then removed unjudged, so the drain judges the measured ones
    const warm = await hammer(stack, tokens.slice(0, Math.floor(tokens.length / 3)), body, WARMUP_SECONDS);
    await stack.discard(warm.ids);
    const cpuBefore = cpuSecondsByRole(stack.apiPids());
    const run = await hammer(stack, tokens.slice(Math.floor(tokens.length / 3)), body, SECONDS);
    const cpuAll = cpuMsPer(cpuBefore, cpuSecondsByRole(stack.apiPids()), run.result.requests.total);
    const cpu = { api: cpuAll.api, postgres: cpuAll.postgres, redis: cpuAll.redis, loadGenerator: cpuAll.bench };
    const { latency, requests, non2xx, errors, timeouts } = run.result;
    const row = {
      challenge: SLUG, apiProcesses: API_PROCESSES, connections: CONNECTIONS, seconds: SECONDS, requests: requests.total, accepted: run.ids.length,
      perSecond: Math.round(requests.total / SECONDS), p50Ms: latency.p50, p90Ms: latency.p90, p99Ms: latency.p99, maxMs: latency.max,
      non2xx, errors, timeouts, apiRssMb: stack.apiRssMb(),
      judged: 0, lost: 0,
    };
    const all = run.ids;
    if (DRAIN) {
      const judged = await stack.judgeAll(all);
      row.judged = judged;
      row.lost = all.length - judged;
    }
    console.log(`\nIntake on loopback (${SLUG}, ${CONNECTIONS} connections, ${SECONDS} s after a ${WARMUP_SECONDS} s warm-up, ${CANDIDATES} candidate tokens; then every accepted one judged: ${DRAIN ? 'yes' : 'no'})`);
    console.table([row]);
    Object.assign(row, { cpuMsPerRequest: cpu });
    console.log('CPU milliseconds per request, by process (from /proc; the judge needs api + postgres + redis):');
    console.table([cpu]);
    console.log(`bench process RSS ${rssMb()} MB; warm-up accepted ${warm.ids.length} (removed unjudged)`);
    const previous = JSON.parse(await readFile('bench-results.json', 'utf8').catch(() => '{}')) as object;
    await writeFile('bench-results.json', JSON.stringify({ ...previous, intake: row }, null, 2));
  } finally {
    await stack.close();
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
