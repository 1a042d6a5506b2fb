import { z } from 'zod';
import type { Principal } from '../access/authenticate';
import type { Db } from '../platform/db';
import { decodeCursor, pageOf, pageQueryShape, pickFields } from '../platform/page-query';
import { listDeliveries } from '../webhooks/webhook-repository';
import { listAssessments, type AssessmentRecord } from './assessment-repository';
import { assessmentView, deliveryView, inviteView, LIST_FIELDS } from './assessment-view';
import { listInvites } from './invite-repository';

/** The query of lists that only page: `GET /v1/assessments`, `…/webhook-deliveries`. */
export const pageQuerySchema = z.object(pageQueryShape).strict();
/** The query of `GET /v1/assessments/:id/invites`: the page, narrowed by email or external id. */
export const inviteListQuerySchema = z.object({
  email: z.string().min(1).max(320).optional().meta({ description: 'Exactly this email (case-insensitive).' }),
  externalId: z.string().min(1).max(200).optional().meta({ description: 'The ATS\'s id of the candidate.' }),
  ...pageQueryShape,
}).strict();

type PageQuery = z.infer<typeof pageQuerySchema>;
type Items = Array<Record<string, unknown>>;

/** One page of the assessments the caller may read (an author: their own), newest first. */
export async function assessmentList(db: Db, principal: Principal, query: PageQuery) {
  const own = principal.role === 'author' ? principal.tokenId : undefined;
  const page = pageOf(await listAssessments(db, own, { limit: query.limit, cursor: decodeCursor(query.cursor) }), query.limit);
  return { assessments: pickFields(page.items.map(assessmentView) as Items, query.fields, LIST_FIELDS.assessments), nextCursor: page.nextCursor };
}

/** One page of an assessment's invites, oldest first. */
export async function inviteList(db: Db, assessment: AssessmentRecord, query: z.infer<typeof inviteListQuerySchema>) {
  const rows = await listInvites(db, assessment.id, { limit: query.limit, cursor: decodeCursor(query.cursor), email: query.email, externalId: query.externalId });
  const page = pageOf(rows, query.limit);
  return { invites: pickFields(page.items.map((i) => inviteView(i, assessment)) as Items, query.fields, LIST_FIELDS.invites), nextCursor: page.nextCursor };
}

/** One page of an assessment's webhook delivery attempts, newest first. */
export async function deliveryList(db: Db, assessment: AssessmentRecord, query: PageQuery) {
  const page = pageOf(await listDeliveries(db, assessment.id, { limit: query.limit, cursor: decodeCursor(query.cursor) }), query.limit);
  return { deliveries: pickFields(page.items.map(deliveryView) as Items, query.fields, LIST_FIELDS.deliveries), nextCursor: page.nextCursor };
}
