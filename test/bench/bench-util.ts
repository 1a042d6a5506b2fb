import fs from 'node:fs';
import path from 'node:path';
import { readTree } from '../../core/platform/read-tree';
import { CHALLENGES_DIR } from '../../core/challenges/load-bundled-challenges';

/** Median, p95 and p99 of a list of numbers. */
export function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return { n: values.length, median: at(0.5), p95: at(0.95), p99: at(0.99), min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

/**
 * A bundled challenge's reference solution (`folder`: `reference`, or `reference-python`): its language and the files
 * a candidate would submit (no bytecode caches).
 */
export async function referenceOf(slug: string, folder = 'reference'): Promise<{ language: string; files: Record<string, string> }> {
  const files = await readTree(path.join(CHALLENGES_DIR, slug, 'solutions', folder));
  const { language } = JSON.parse(files['expected.json']!) as { language: string };
  delete files['expected.json'];
  for (const name of Object.keys(files)) if (name.split('/').includes('__pycache__')) delete files[name];
  return { language, files };
}

/** The reference folders of a bundled challenge: `reference`, then `reference-python` when it has one. */
export function referenceFolders(slug: string): string[] {
  return ['reference', 'reference-python'].filter((folder) => fs.existsSync(path.join(CHALLENGES_DIR, slug, 'solutions', folder, 'expected.json')));
}

/** Resident memory of a process, in MiB, from /proc. */
export function rssMb(pid = process.pid): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/** A process's /proc/<pid>/stat: its command name and the fields after it (fields[1] is the parent pid, 11 and 12 its user and system CPU ticks). */
export function procStat(pid: number | string): { comm: string; fields: string[] } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), fields: stat.slice(stat.lastIndexOf(')') + 2).split(' ') };
}

/** CPU ticks (1/100 s) a process has used so far. */
export const cpuTicksOf = (pid: number | string) => {
  const { fields } = procStat(pid);
  return Number(fields[11]) + Number(fields[12]);
};

/**
 * CPU seconds used so far by every process, grouped as api / worker / sandbox (processes in containers) / docker /
 * postgres / redis / bench / other (from /proc; processes that ended between two readings are not counted).
 */
export function cpuSecondsByRole(apiPids: number[] = [], workerPids: number[] = []): Record<string, number> {
  const ticks = 100;
  const totals: Record<string, number> = {};
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const { comm } = procStat(pid);
      const seconds = cpuTicksOf(pid) / ticks;
      const n = Number(pid);
      const inContainer = /docker/.test(fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8'));
      const role = apiPids.includes(n) ? 'api' : workerPids.includes(n) ? 'worker' : n === process.pid ? 'bench'
        : inContainer ? 'sandbox' : comm.startsWith('postgres') ? 'postgres' : comm.startsWith('redis') ? 'redis'
          : /^(dockerd|containerd|runc|docker-init)/.test(comm) ? 'docker' : 'other';
      totals[role] = (totals[role] ?? 0) + seconds;
    } catch {
      // the process ended while we read
    }
  }
  return totals;
}

/** CPU milliseconds per unit of work between two `cpuSecondsByRole` readings. */
export function cpuMsPer(before: Record<string, number>, after: Record<string, number>, units: number): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((k) => [k, +((((after[k] ?? 0) - (before[k] ?? 0)) * 1000) / Math.max(1, units)).toFixed(2)]));
}

/**
 * Settings every benchmark applies: the quality analysis (a separate stage after the verdict, ~2.6 s of container
 * time per submission) is off unless BENCH_QUALITY=1, so the figures are the judging path's own.
 */
export const BENCH_QUALITY = process.env.BENCH_QUALITY === '1';
export const benchConfig = { QUALITY_ENABLED: BENCH_QUALITY };

/**
 * CPU seconds used so far by the whole machine (every process, including those that have ended, from /proc/stat) and
 * by all Docker containers (their cgroup, which keeps the usage of removed containers).
 */
export function machineCpuSeconds(): { machine: number; containers: number } {
  const [user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const machine = (user! + nice! + system! + irq! + softirq! + steal!) / 100;
  let containers = 0;
  try {
    containers = Number(fs.readFileSync('/sys/fs/cgroup/cpuacct/docker/cpuacct.usage', 'utf8')) / 1e9;
  } catch {
    // cgroup v2 or another layout: the breakdown then shows the containers under "other"
  }
  return { machine, containers };
}

/**
 * Where each judgement's CPU went between two readings: the machine in all, the sandbox containers, Docker's
 * daemons, the judge's own process (API and worker), PostgreSQL, Redis, and the rest (per-container shims and runc,
 * the benchmark client, anything else running).
 */
export function judgementCpu(judgePid: number) {
  const read = () => ({ ...machineCpuSeconds(), roles: cpuSecondsByRole([], [judgePid]) });
  const before = read();
  return (judgements: number) => {
    const after = read();
    const ms = (a: number, b: number) => Math.round(((a - b) * 1000) / Math.max(1, judgements));
    const role = (name: string) => ms(after.roles[name] ?? 0, before.roles[name] ?? 0);
    const split = {
      machineMs: ms(after.machine, before.machine), containersMs: ms(after.containers, before.containers),
      dockerMs: role('docker'), judgeProcessMs: role('worker'), postgresMs: role('postgres'), redisMs: role('redis'),
    };
    return { ...split, otherMs: split.machineMs - split.containersMs - split.dockerMs - split.judgeProcessMs - split.postgresMs - split.redisMs };
  };
}
