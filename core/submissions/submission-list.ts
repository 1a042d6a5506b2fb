import { z } from 'zod';
import { LANGUAGES } from '../../sandbox/harness/protocol';
import type { Principal } from '../access/authenticate';
import type { Db } from '../platform/db';
import { decodeCursor, pageOf, pageQueryShape, pickFields } from '../platform/page-query';
import { SUBMISSION_STATUSES, VERDICTS } from '../results/verdicts';
import { listSubmissions, type SubmissionListItem } from './submission-list-repository';

/** The query of `GET /v1/submissions`: filters, then the page. */
export const submissionListQuerySchema = z.object({
  assessmentId: z.uuid().optional(),
  inviteId: z.uuid().optional(),
  externalId: z.string().min(1).max(200).optional().meta({ description: 'The ATS\'s id of the candidate (the invite\'s externalId).' }),
  challenge: z.string().min(1).max(63).optional().meta({ description: 'A challenge slug.' }),
  language: z.enum(LANGUAGES).optional(),
  status: z.enum(SUBMISSION_STATUSES).optional(),
  verdict: z.enum(VERDICTS).optional(),
  createdAfter: z.coerce.date().optional().meta({ description: 'ISO 8601; only submissions created after it.' }),
  createdBefore: z.coerce.date().optional().meta({ description: 'ISO 8601; only submissions created before it.' }),
  ...pageQueryShape,
}).strict();

export type SubmissionListQuery = z.infer<typeof submissionListQuerySchema>;

/** The fields a list item has (what `fields=` may name). */
export const SUBMISSION_LIST_FIELDS = ['id', 'assessmentId', 'inviteId', 'externalId', 'challenge', 'language', 'status', 'verdict', 'score', 'maxScore', 'createdAt', 'finishedAt'] as const;

/**
 * One page of the submissions the caller may read: a candidate their own, an author those of their assessments,
 * admins and graders every candidate submission. Filters narrow it; they never widen it.
 */
export async function submissionList(db: Db, principal: Principal, query: SubmissionListQuery): Promise<{ submissions: Array<Partial<SubmissionListItem>>; nextCursor: string | null }> {
  const { limit, cursor, fields, ...filter } = query;
  const scope = principal.candidate ? { inviteId: principal.candidate.invite.id }
    : principal.role === 'author' ? { createdBy: principal.tokenId } : {};
  if (principal.candidate && filter.inviteId && filter.inviteId !== principal.candidate.invite.id) return { submissions: [], nextCursor: null };
  const rows = await listSubmissions(db, { ...filter, ...scope }, { limit, cursor: decodeCursor(cursor) });
  const page = pageOf(rows, limit);
  return { submissions: pickFields(page.items as unknown as Array<Record<string, unknown>>, fields, SUBMISSION_LIST_FIELDS) as Array<Partial<SubmissionListItem>>, nextCursor: page.nextCursor };
}
