import path from 'node:path';
import { readTree } from '../../lib/read-tree';
import { CHALLENGES_DIR } from '../../lib/load-bundled-challenges';

/** Median, p95 and p99 of a list of numbers. */
export function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return { n: values.length, median: at(0.5), p95: at(0.95), p99: at(0.99), min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

/** A bundled challenge's reference solution: its language and the files a candidate would submit. */
export async function referenceOf(slug: string): Promise<{ language: string; files: Record<string, string> }> {
  const files = await readTree(path.join(CHALLENGES_DIR, slug, 'solutions', 'reference'));
  const { language } = JSON.parse(files['expected.json']!) as { language: string };
  delete files['expected.json'];
  return { language, files };
}

/** Resident memory of a process, in MiB, from /proc. */
export function rssMb(pid = process.pid): number {
  try {
    const status = require('node:fs').readFileSync(`/proc/${pid}/status`, 'utf8') as string;
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}
