/**
 * The last step of `npm run bench`: reads bench-results.json and prints each speed goal of the judge beside what was
 * measured, met or not, with the machine's own figures (a goal met on one machine can be missed on a slower one;
 * the CPU per judgement and per request say which part is the judge's).
 */
import { readFile } from 'node:fs/promises';
import { printMachine, type MachineProfile } from './machine-profile';

interface Results {
  machine?: MachineProfile;
  judgeLatency?: Array<{ challenge: string; language?: string; judgeMedianMs: number; floorMedianMs: number; floorCpuMs?: number | null }>;
  pythonStartup?: { runs: number; cpuMedianMs: number; cpuP95Ms: number; readyMedianMs: number } | null;
  throughput?: Array<{ challenge: string; concurrency: number; perMinute: number }>;
  throughputCpu?: Array<{ challenge: string; concurrency: number; machineMs: number }>;
  intake?: { perSecond: number; p99Ms: number; accepted: number; judged: number; lost: number; cpuMsPerRequest?: Record<string, number> };
  burst?: { sent: number; accepted: number; lost: number; secondsToLastVerdict: number };
  catalogue?: {
    runs: number;
    piiRedaction: Record<'before' | 'catalogue', { wallMs: number; containerCpuMs: number }>;
    langchainHello: Record<'typescript' | 'python', { extraWallMs: number; extraContainerCpuMs: number }>;
  };
}

const yes = (met: boolean) => (met ? 'met' : 'NOT met');

type Row = { goal: string; measured: string; verdict: string };
const withinFloor = (r: { judgeMedianMs: number; floorMedianMs: number }) => r.judgeMedianMs <= 1.5 * r.floorMedianMs + 300;

/** Python: each reference's latency against its own floor, and the start-up CPU of a Python candidate's process. */
export function pythonRows(r: Results): Row[] {
  const python = (r.judgeLatency ?? []).filter((l) => l.language === 'python');
  const rows: Row[] = python.map((l) => ({
    goal: `${l.challenge} (Python reference): median judge latency <= 1.5 x floor + 300 ms`,
    measured: `${l.judgeMedianMs} ms vs ${Math.round(1.5 * l.floorMedianMs + 300)} ms (floor ${l.floorMedianMs} ms)`,
    verdict: yes(withinFloor(l)),
  }));
  if (python.length === 0) rows.push({ goal: 'Python reference judge latency', measured: 'not run (no challenge with solutions/reference-python)', verdict: '-' });
  const startup = r.pythonStartup;
  rows.push(startup
    ? { goal: 'Python start-up (interpreter + host program, stdlib-only solution) < 60 ms of CPU', measured: `${startup.cpuMedianMs} ms median, ${startup.cpuP95Ms} ms p95 (${startup.runs} runs; ready after ${startup.readyMedianMs} ms)`, verdict: yes(startup.cpuMedianMs < 60) }
    : { goal: 'Python start-up', measured: 'not run', verdict: '-' });
  return rows;
}

/** The catalogue: pii-redaction no more than 5% worse with it than with the four packages of before; LangChain's load cost. */
export function catalogueRows(r: Results): Row[] {
  const c = r.catalogue;
  if (!c) return [{ goal: 'the package catalogue costs candidates who do not use it <= 5%', measured: 'not run', verdict: '-' }];
  const { before, catalogue } = c.piiRedaction;
  const pct = (after: number, was: number) => `${after >= was ? '+' : ''}${(((after - was) / Math.max(1, was)) * 100).toFixed(1)}%`;
  return [
    { goal: 'pii-redaction with the whole catalogue: latency <= 1.05 x with the 4 packages of before', measured: `${catalogue.wallMs} ms vs ${before.wallMs} ms (${pct(catalogue.wallMs, before.wallMs)}, ${c.runs} runs each)`, verdict: yes(catalogue.wallMs <= 1.05 * before.wallMs) },
    { goal: 'pii-redaction with the whole catalogue: container CPU <= 1.05 x', measured: `${catalogue.containerCpuMs} ms vs ${before.containerCpuMs} ms (${pct(catalogue.containerCpuMs, before.containerCpuMs)})`, verdict: yes(catalogue.containerCpuMs <= 1.05 * before.containerCpuMs) },
    ...(['typescript', 'python'] as const).map((language) => ({
      goal: `LangChain "hello" load time (${language}), printed: no goal`,
      measured: `+${c.langchainHello[language].extraWallMs} ms latency, +${c.langchainHello[language].extraContainerCpuMs} ms container CPU`, verdict: '-',
    })),
  ];
}

/** One row per goal; a goal whose benchmark did not run says so. */
export function goalRows(r: Results): Row[] {
  const rows: Row[] = [];
  const lightest = [...(r.judgeLatency ?? [])].filter((l) => l.language !== 'python').sort((a, b) => a.judgeMedianMs - b.judgeMedianMs)[0];
  rows.push(lightest
    ? {
      goal: 'median judge latency of the lightest reference <= 1.5 x floor + 300 ms',
      measured: `${lightest.challenge}: ${lightest.judgeMedianMs} ms vs ${Math.round(1.5 * lightest.floorMedianMs + 300)} ms (floor ${lightest.floorMedianMs} ms)`,
      verdict: yes(withinFloor(lightest)),
    }
    : { goal: 'judge latency', measured: 'not run', verdict: '-' });
  const best = [...(r.throughput ?? [])].filter((t) => t.challenge === r.throughput?.[0]?.challenge).sort((a, b) => b.perMinute - a.perMinute)[0];
  const cpu = r.throughputCpu?.find((c) => c.challenge === best?.challenge && c.concurrency === best?.concurrency);
  const floorCpu = r.judgeLatency?.find((l) => l.challenge === best?.challenge && l.language !== 'python')?.floorCpuMs;
  const cores = r.machine?.cores ?? 2;
  const perSecond = (ms: number) => ((cores * 1000) / ms).toFixed(2);
  rows.push(best
    ? {
      goal: '>= 3 judged per second sustained, lightest challenge',
      measured: `${(best.perMinute / 60).toFixed(2)}/s (${best.challenge}, ${best.concurrency} concurrent)`
        + (cpu ? `; ${cpu.machineMs} ms of machine CPU per judgement (${perSecond(cpu.machineMs)}/s on ${cores} cores)` : '')
        + (floorCpu ? `; without any sandbox ${floorCpu} ms (the machine's limit: ${perSecond(floorCpu)}/s)` : ''),
      verdict: yes(best.perMinute / 60 >= 3),
    }
    : { goal: 'throughput', measured: 'not run', verdict: '-' });
  const intake = r.intake;
  const perRequest = intake?.cpuMsPerRequest ? Object.entries(intake.cpuMsPerRequest).filter(([k]) => k !== 'loadGenerator').reduce((s, [, v]) => s + v, 0) : undefined;
  rows.push(intake
    ? {
      goal: 'intake > 2,000 per second with p99 < 50 ms, count in = count out',
      measured: `${intake.perSecond}/s, p99 ${intake.p99Ms} ms, ${intake.accepted} in, ${intake.judged} judged${perRequest ? `; ${perRequest.toFixed(2)} ms of CPU per request (API + PostgreSQL + Redis)` : ''}`,
      verdict: yes(intake.perSecond > 2000 && intake.p99Ms < 50 && intake.lost === 0),
    }
    : { goal: 'intake', measured: 'not run', verdict: '-' });
  rows.push(r.burst
    ? {
      goal: `burst of ${r.burst.sent} with nothing lost`,
      measured: `${r.burst.accepted} accepted, ${r.burst.lost} lost, last verdict after ${r.burst.secondsToLastVerdict} s`,
      verdict: yes(r.burst.accepted === r.burst.sent && r.burst.lost === 0),
    }
    : { goal: 'burst', measured: 'not run', verdict: '-' });
  return rows;
}

async function main(): Promise<void> {
  const results = JSON.parse(await readFile('bench-results.json', 'utf8')) as Results;
  console.log('\nGoals (docs: README "Speed")');
  if (results.machine) printMachine(results.machine);
  console.table([...goalRows(results), ...pythonRows(results), ...catalogueRows(results)]);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
