import type { ChallengePackage } from '../../core/challenges/challenge-package';
import { gateRowView, type GateRow, type GateRowView } from '../../core/gate/gate-row';

/** The one-line headline for a gate run: PASS/FAIL, slug, family and test counts. */
export function gateHeadline(pkg: ChallengePackage, rows: GateRow[]): string {
  const ok = rows.every((r) => r.ok);
  const hidden = pkg.plan.filter((p) => p.visibility === 'hidden').length;
  return `${ok ? 'PASS' : 'FAIL'} ${pkg.manifest.slug} (${pkg.manifest.family}; ${pkg.plan.length - hidden} public + ${hidden} hidden tests)`;
}

/** Formatted gate rows (the API's, or `gateRowView` of local ones) as printable records, `ok` shown as a `gate` column. */
export function gateTableRows(rows: GateRowView[]): Record<string, string | number>[] {
  return rows.map(({ ok, ...r }) => ({ ...r, gate: ok ? 'ok' : 'FAIL' }));
}

/** Prints the headline and the table of a gate run to `log` (console by default). */
export function printGateTable(pkg: ChallengePackage, rows: GateRow[], log: Pick<Console, 'log' | 'table'> = console): void {
  log.log(gateHeadline(pkg, rows));
  log.table(gateTableRows(rows.map(gateRowView)));
}
