import type { ChallengeRecord } from '../challenges/challenge-repository';
import type { GateRunRecord, GateRunSubmission } from '../gate/gate-run-repository';
import { gateRowView } from '../gate/gate-row';

/** A gate run as authors read it: state, progress and (once finished) the gate table, one row per solution. */
export function gateView(gate: GateRunRecord, rows?: GateRunSubmission[]) {
  return {
    id: gate.id,
    status: gate.status,
    runs: gate.runs,
    ...(rows ? { progress: { finished: rows.filter((r) => r.status === 'finished').length, total: rows.length } } : {}),
    // Stored as jsonb (numbers, keys reordered): formatted, in the table's column order.
    report: gate.report?.map(gateRowView) ?? null,
    createdAt: gate.createdAt,
    finishedAt: gate.finishedAt,
  };
}

/** The answer to an upload: which version it is, whether it is new, and its gate. */
export function uploadView(record: ChallengeRecord, created: boolean, gate: GateRunRecord | undefined) {
  return {
    slug: record.slug,
    version: record.version,
    status: record.status,
    contentHash: record.contentHash,
    created,
    gate: gate ? gateView(gate) : null,
    links: {
      gate: `/v1/challenges/${record.slug}/versions/${record.version}/gate`,
      publish: `/v1/challenges/${record.slug}/versions/${record.version}/publish`,
    },
  };
}
