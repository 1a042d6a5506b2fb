import { isReference, missingReferences, type Expected, type Solutions } from '../challenges/challenge-solutions';
import type { Manifest } from '../challenges/challenge-package';
import type { PlannedTest, ResultV1 } from '../results/verdicts';

/** One row of the publish gate's table: a solution, what it should get, what it got over its runs. */
export interface GateRow {
  solution: string;
  expected: string;
  /** The last run's verdict; null when the solution never ran (no reference). */
  verdict: string | null;
  /** The last run's score and maximum; null when the solution never ran. */
  score: number | null;
  maxScore: number | null;
  /** Runs that got the expected verdict, of `runs`. */
  runsAsExpected: number;
  runs: number;
  medianMs: number;
  ok: boolean;
  problem: string;
}

/** The gate row for a package without a reference solution (`reference`, or `reference-python` / `reference-javascript` for Python / JavaScript). */
export function missingReferenceRow(solution = 'reference'): GateRow {
  return {
    solution, expected: 'accepted', verdict: null, score: null, maxScore: null, runsAsExpected: 0, runs: 0, medianMs: 0,
    ok: false, problem: `solutions/${solution} is missing`,
  };
}

/** A failed row for each reference the manifest requires that the solutions lack (none when all are there). */
export function missingReferenceRows(manifest: Pick<Manifest, 'languages'>, solutions: Solutions): GateRow[] {
  return missingReferences(manifest, solutions).map((name) => missingReferenceRow(name));
}

/** One solution's gate row from its results (the local gate and the queued gate of `core/gate/gate-runs.ts` share it). */
export function gateRow(name: string, expected: Expected, results: ResultV1[], pkg: { plan: PlannedTest[] }): GateRow {
  const wantFailing = [...(expected.failing ?? [])].sort();
  const problems = new Set<string>();
  for (const r of results) {
    const failing = r.tests.filter((t) => t.status !== 'pass').map((t) => t.name).sort();
    if (r.verdict !== expected.verdict) problems.add(`verdict ${r.verdict}`);
    if (JSON.stringify(failing) !== JSON.stringify(wantFailing)) {
      const extra = failing.filter((f) => !wantFailing.includes(f));
      const missing = wantFailing.filter((f) => !failing.includes(f));
      problems.add(`failing differs (${[...extra.map((f) => `+${f}`), ...missing.map((f) => `-${f}`)].join(', ')})`);
    }
  }
  if (expected.verdict !== 'accepted') {
    const weightedHidden = wantFailing.some((n) => pkg.plan.some((p) => p.name === n && p.visibility === 'hidden' && p.weight > 0));
    if (!weightedHidden) problems.add('no weighted hidden test fails');
  } else if (!isReference(name)) {
    problems.add('a known-bad solution must not be expected to pass');
  }
  const good = results.filter((r) => r.verdict === expected.verdict).length;
  const durations = results.map((r) => r.durationMs).sort((a, b) => a - b);
  const last = results[results.length - 1]!;
  return {
    solution: name,
    expected: expected.verdict,
    verdict: last.verdict,
    score: last.score,
    maxScore: last.maxScore,
    runsAsExpected: good,
    runs: results.length,
    medianMs: durations[Math.floor(durations.length / 2)] ?? 0,
    ok: problems.size === 0,
    problem: [...problems].join('; '),
  };
}

/** A gate row as authors read it (API, pages, CLI): score and runs as "n/m", "-" where a solution never ran. */
export interface GateRowView {
  solution: string;
  expected: string;
  verdict: string;
  score: string;
  runs: string;
  medianMs: number;
  ok: boolean;
  problem: string;
}

/**
 * Formats a stored gate row for display, in the table's column order. Rows stored before the numbers were kept
 * (`score: "5/5"`, `runs: "3/3"`) pass through as they are.
 */
export function gateRowView(row: GateRow): GateRowView {
  const legacy = row as unknown as Partial<GateRowView>;
  const score = typeof legacy.score === 'string' ? legacy.score : row.score === null ? '-' : `${row.score}/${row.maxScore}`;
  const runs = typeof legacy.runs === 'string' ? legacy.runs : `${row.runsAsExpected}/${row.runs}`;
  return { solution: row.solution, expected: row.expected, verdict: row.verdict ?? '-', score, runs, medianMs: row.medianMs, ok: row.ok, problem: row.problem };
}
