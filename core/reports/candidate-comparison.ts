/**
 * @module reports/candidate-comparison
 * The candidates of one assessment side by side: one row per invite with its final submission to each pinned challenge
 * (the assessment's `finalSubmission` rule), totals, time used, quality issues and LLM cost; and the same as CSV.
 */
import { listFinalSubmissions, pinnedMaxScores, type AssessmentRecord, type AssessmentSubmissionRow } from '../assessments/assessment-repository';
import { inviteView, type InviteStatus } from '../assessments/assessment-view';
import { listInvites } from '../assessments/invite-repository';
import type { WindowState } from '../assessments/assessment-window';
import type { FinalSubmission } from '../assessments/assessment-schema';
import type { Db } from '../platform/db';
import { loadFigures } from './submission-figures';

/** A candidate's final submission to one challenge. */
export interface ComparisonCell {
  submissionId: string;
  score: number;
  maxScore: number;
  verdict: string | null;
  /** Lint errors + type errors + secrets + LLM-call risks; null until the analysis is stored. */
  qualityIssues: number | null;
  llmCostUsd: number | null;
}

export interface ComparisonRow {
  inviteId: string;
  name: string;
  email: string;
  externalId: string | null;
  /** Where the invite stands for the hiring team (as in the invite list). */
  status: InviteStatus;
  /** The candidate's window. */
  state: WindowState;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** From their start to their finish, deadline or revocation (or now, while their window runs); null before they started. */
  timeUsedMs: number | null;
  /** By challenge slug; null when the candidate has no finished submission to it (it counts 0 of its max). */
  perChallenge: Record<string, ComparisonCell | null>;
  total: number;
  maxTotal: number;
  /** Sums over the final submissions that have the figure; null when none has it. */
  qualityIssues: number | null;
  llmCostUsd: number | null;
}

export interface CandidateComparison {
  assessmentId: string;
  finalSubmission: FinalSubmission;
  challenges: Array<{ slug: string; version: number; title: string; maxScore: number }>;
  rows: ComparisonRow[];
}

const sumOrNull = (values: Array<number | null>) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
};

/** The final submission of each invite to each challenge, by invite id then slug. */
export async function finalSubmissions(db: Db, assessment: AssessmentRecord): Promise<Map<string, Map<string, AssessmentSubmissionRow>>> {
  const byInvite = new Map<string, Map<string, AssessmentSubmissionRow>>();
  for (const row of await listFinalSubmissions(db, assessment.id, assessment.finalSubmission)) {
    let mine = byInvite.get(row.inviteId);
    if (!mine) byInvite.set(row.inviteId, (mine = new Map()));
    mine.set(row.challenge.slug, row);
  }
  return byInvite;
}

/** `GET /v1/assessments/:id/comparison`: every invite, oldest first, with its final submissions. */
export async function candidateComparison(db: Db, assessment: AssessmentRecord, now = new Date()): Promise<CandidateComparison> {
  const maxScores = await pinnedMaxScores(db, assessment.id);
  const challenges = assessment.challenges.map((c) => ({ slug: c.slug, version: c.version, title: c.title, maxScore: maxScores.get(c.slug) ?? 0 }));
  const finals = await finalSubmissions(db, assessment);
  const all = [...finals.values()].flatMap((m) => [...m.values()]);
  const figures = await loadFigures(db, all, all.length);
  const invites = await listInvites(db, assessment.id);
  const rows = invites.map((invite): ComparisonRow => {
    const view = inviteView(invite, assessment);
    const mine = finals.get(invite.id);
    const perChallenge: Record<string, ComparisonCell | null> = {};
    for (const c of challenges) {
      const s = mine?.get(c.slug);
      const f = s ? figures.get(s.id) : undefined;
      perChallenge[c.slug] = s ? {
        submissionId: s.id, score: s.score ?? 0, maxScore: s.maxScore ?? c.maxScore, verdict: s.verdict,
        qualityIssues: f?.qualityIssues ?? null, llmCostUsd: f?.costUsd ?? null,
      } : null;
    }
    const cells = Object.values(perChallenge);
    const end = new Date(Math.min(now.getTime(), view.deadline?.getTime() ?? Infinity, invite.revokedAt?.getTime() ?? Infinity));
    return {
      inviteId: invite.id, name: invite.name, email: invite.email, externalId: invite.externalId, status: view.status, state: view.state,
      startedAt: invite.startedAt, finishedAt: invite.finishedAt,
      timeUsedMs: invite.startedAt ? Math.max(0, end.getTime() - invite.startedAt.getTime()) : null,
      perChallenge,
      total: cells.reduce((n, cell) => n + (cell?.score ?? 0), 0),
      maxTotal: challenges.reduce((n, c) => n + (perChallenge[c.slug]?.maxScore ?? c.maxScore), 0),
      qualityIssues: sumOrNull(cells.map((cell) => cell?.qualityIssues ?? null)),
      llmCostUsd: sumOrNull(cells.map((cell) => cell?.llmCostUsd ?? null)),
    };
  });
  return { assessmentId: assessment.id, finalSubmission: assessment.finalSubmission, challenges, rows };
}

/** A cell a spreadsheet would run as a formula (`= + - @`, tab, CR) is prefixed with `'`. */
function defused(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: string | number | null | undefined): string {
  const text = defused(value === null || value === undefined ? '' : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const round = (n: number | null, digits: number) => (n === null ? null : Number(n.toFixed(digits)));

/**
 * The comparison as CSV: a header row, then one row per candidate: who they are, their status, per challenge its score
 * and verdict, the total, the time used in minutes, quality issues and LLM cost. CRLF line ends, injection-safe cells.
 */
export function comparisonCsv(comparison: CandidateComparison): string {
  const header = ['name', 'email', 'external_id', 'invite_id', 'status',
    ...comparison.challenges.flatMap((c) => [`${c.slug} score`, `${c.slug} verdict`]),
    'total', 'max_total', 'time_used_minutes', 'quality_issues', 'llm_cost_usd'];
  const lines = comparison.rows.map((r) => [r.name, r.email, r.externalId, r.inviteId, r.status,
    ...comparison.challenges.flatMap((c) => {
      const cell = r.perChallenge[c.slug];
      return cell ? [round(cell.score, 2), cell.verdict] : [0, ''];
    }),
    round(r.total, 2), round(r.maxTotal, 2), r.timeUsedMs === null ? null : round(r.timeUsedMs / 60_000, 1), r.qualityIssues, round(r.llmCostUsd, 6)]);
  return [header, ...lines].map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}
