import { PINNED_CHALLENGES_SQL, type AssessmentRecord } from './assessment-repository';
import type { Db } from './db';
import { createMicroBatcher } from './micro-batch';
import type { InviteRecord } from './invite-repository';
import type { TokenRecord } from './token-repository';

/** A token with, for a candidate's, its invite and assessment: everything `authenticate` needs. */
export interface Credential {
  token: TokenRecord;
  invite?: InviteRecord;
  assessment?: AssessmentRecord;
}

type Row = TokenRecord & { tokenHash: string; invite: Record<string, unknown> | null; assessment: Record<string, unknown> | null };

const date = (v: unknown) => (v == null ? null : new Date(v as string));

/**
 * The token whose secret hashes to `hash` (revoked or expired ones included: the caller decides), with its invite
 * and assessment, in one query. Every authenticated request pays for this, so concurrent lookups share a query.
 */
export function findCredential(db: Db, hash: string): Promise<Credential | undefined> {
  let lookup = lookups.get(db);
  if (!lookup) lookups.set(db, (lookup = createMicroBatcher((hashes: string[]) => findCredentials(db, hashes))));
  return lookup(hash);
}

const lookups = new WeakMap<Db, (hash: string) => Promise<Credential | undefined>>();

async function findCredentials(db: Db, hashes: string[]): Promise<Array<Credential | undefined>> {
  const { rows } = await db.query<Row>({
    name: 'find-credentials',
    text: `SELECT t.token_hash AS "tokenHash", t.id, t.role, t.name, t.invite_id AS "inviteId", t.created_by AS "createdBy", t.expires_at AS "expiresAt",
       t.revoked_at AS "revokedAt", t.created_at AS "createdAt",
       (SELECT json_build_object('id', i.id, 'assessmentId', i.assessment_id, 'name', i.name, 'email', i.email,
          'startedAt', i.started_at, 'createdAt', i.created_at) FROM invites i WHERE i.id = t.invite_id) AS invite,
       (SELECT json_build_object('id', a.id, 'name', a.name, 'createdBy', a.created_by, 'opensAt', a.opens_at,
          'closesAt', a.closes_at, 'durationMinutes', a.duration_minutes, 'callbackUrl', a.callback_url,
          'webhookSecret', a.webhook_secret, 'createdAt', a.created_at,
          'challenges', ${PINNED_CHALLENGES_SQL})
        FROM invites i JOIN assessments a ON a.id = i.assessment_id WHERE i.id = t.invite_id) AS assessment
     FROM api_tokens t WHERE t.token_hash = ANY($1::text[])`,
    values: [hashes],
  });
  const byHash = new Map(rows.map((row) => [row.tokenHash, toCredential(row)]));
  return hashes.map((h) => byHash.get(h));
}

function toCredential({ invite, assessment, tokenHash: _, ...token }: Row): Credential {
  return {
    token,
    invite: invite ? { ...invite, startedAt: date(invite.startedAt), createdAt: date(invite.createdAt) } as InviteRecord : undefined,
    assessment: assessment
      ? { ...assessment, opensAt: date(assessment.opensAt), closesAt: date(assessment.closesAt), createdAt: date(assessment.createdAt) } as AssessmentRecord
      : undefined,
  };
}
