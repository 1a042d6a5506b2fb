import { z } from 'zod';
import type { Config } from '../core/platform/config';
import { assessmentBodySchema, assessmentPatchSchema, bulkInviteBodySchema, extendBodySchema, inviteBodySchema } from '../core/assessments/assessment-schema';
import { authoringSchemas } from './openapi-authoring-schemas';
import { similaritySchema } from './openapi-similarity-schemas';
import { rejudgeBodySchema } from '../core/rejudges/rejudge-schema';
import * as s from './openapi-schemas';
import { OPERATIONS, type Operation, type OperationId } from './operations';
import { submissionBodySchema } from '../core/submissions/submission-schema';
import { SubmissionReportV1 } from '../core/reports/submission-report';
import { tokenBodySchema } from '../core/access/token-schema';
import { draftBodySchema } from '../core/drafts/draft-schema';
import { MAX_VERSION } from '../core/challenges/challenge-package';
import { erasureBodySchema } from '../core/assessments/erase-candidate';
import { inviteListQuerySchema, pageQuerySchema } from '../core/assessments/assessment-lists';
import { submissionListQuerySchema } from '../core/submissions/submission-list';

/** The query parameters of the lists, from the zod schemas that validate them. */
const QUERIES: Partial<Record<OperationId, z.ZodObject>> = {
  listSubmissions: submissionListQuerySchema,
  listAssessmentSubmissions: submissionListQuerySchema.omit({ assessmentId: true }),
  listAssessments: pageQuerySchema,
  listInvites: inviteListQuerySchema,
  listWebhookDeliveries: pageQuerySchema,
};

function queryParameters(id: OperationId): unknown[] {
  const schema = QUERIES[id];
  if (!schema) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const { $schema: _s, description, ...json } = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    return { name, in: 'query', required: false, ...(description ? { description } : {}), schema: json };
  });
}

/** What each operation takes and answers: component names (below), or a non-JSON media type. */
const SPECS: Record<OperationId, { body?: string; ok: [number, string]; errors?: number[] }> = {
  index: { ok: [200, 'Index'] },
  health: { ok: [200, 'Health'] },
  ready: { ok: [200, 'Readiness'], errors: [503] },
  listChallenges: { ok: [200, 'ChallengeList'] },
  getChallenge: { ok: [200, 'ChallengeDetail'], errors: [404] },
  getChallengeVersion: { ok: [200, 'ChallengeDetail'], errors: [404] },
  uploadChallenge: { body: 'archive', ok: [201, 'ChallengeUpload'], errors: [400, 413, 415] },
  listChallengeVersions: { ok: [200, 'ChallengeVersionList'], errors: [404] },
  startGate: { ok: [202, 'GateRun'], errors: [404, 409] },
  getGate: { ok: [200, 'GateRun'], errors: [404] },
  publishChallengeVersion: { ok: [200, 'PublishedVersion'], errors: [404, 409] },
  createRejudge: { body: 'CreateRejudge', ok: [201, 'Rejudge'], errors: [400, 404, 415, 422] },
  getRejudge: { ok: [200, 'Rejudge'], errors: [404] },
  applyRejudge: { ok: [200, 'Rejudge'], errors: [404, 409] },
  cancelRejudge: { ok: [200, 'Rejudge'], errors: [404, 409] },
  openapi: { ok: [200, 'application/json'] },
  docs: { ok: [200, 'text/html'] },
  metrics: { ok: [200, 'text/plain'] },
  me: { ok: [200, 'Me'] },
  finishAssessment: { ok: [200, 'Finished'], errors: [409] },
  createToken: { body: 'CreateToken', ok: [201, 'IssuedToken'], errors: [400, 415] },
  listTokens: { ok: [200, 'TokenList'] },
  revokeToken: { ok: [204, ''], errors: [404] },
  listSubmissions: { ok: [200, 'AssessmentSubmissionList'], errors: [400] },
  createSubmission: { body: 'CreateSubmission', ok: [202, 'Submission'], errors: [400, 404, 413, 415, 422, 429, 503] },
  getSubmission: { ok: [200, 'Submission'], errors: [404] },
  submissionEvents: { ok: [200, 'text/event-stream'], errors: [404] },
  getSubmissionReport: { ok: [200, 'SubmissionReport'], errors: [404] },
  getDraft: { ok: [200, 'Draft'], errors: [400, 404] },
  saveDraft: { body: 'SaveDraft', ok: [200, 'Draft'], errors: [400, 404, 413, 415, 422] },
  getLatestSubmission: { ok: [200, 'LatestSubmission'], errors: [404] },
  createPracticeRun: { body: 'CreateSubmission', ok: [202, 'Submission'], errors: [400, 404, 413, 415, 422, 429] },
  createAssessment: { body: 'CreateAssessment', ok: [201, 'Assessment'], errors: [400, 404, 415, 422] },
  listAssessments: { ok: [200, 'AssessmentList'], errors: [400] },
  getAssessment: { ok: [200, 'Assessment'], errors: [404] },
  createInvite: { body: 'CreateInvite', ok: [201, 'Invite'], errors: [400, 404, 409, 415] },
  listInvites: { ok: [200, 'InviteList'], errors: [400, 404] },
  listAssessmentSubmissions: { ok: [200, 'AssessmentSubmissionList'], errors: [400, 404] },
  getAssessmentSimilarity: { ok: [200, 'AssessmentSimilarity'], errors: [404] },
  listWebhookDeliveries: { ok: [200, 'WebhookDeliveryList'], errors: [400, 404] },
  getComparison: { ok: [200, 'CandidateComparison'], errors: [404] },
  getComparisonCsv: { ok: [200, 'text/csv'], errors: [404] },
  updateAssessment: { body: 'UpdateAssessment', ok: [200, 'Assessment'], errors: [400, 404, 409, 415, 422] },
  closeAssessment: { ok: [200, 'Assessment'], errors: [404] },
  createInvites: { body: 'CreateInvites', ok: [201, 'CreatedInvites'], errors: [400, 404, 409, 415] },
  deleteInvite: { ok: [204, ''], errors: [404, 409] },
  eraseInvite: { body: 'Erase?', ok: [200, 'Erasure'], errors: [400, 404, 409] },
  listErasures: { ok: [200, 'ErasureList'], errors: [404] },
  revokeInvite: { ok: [200, 'Invite'], errors: [404] },
  extendInvite: { body: 'ExtendInvite', ok: [200, 'Invite'], errors: [400, 404, 409, 415] },
  createInviteLink: { ok: [201, 'InviteLink'], errors: [404, 409] },
};

const ERRORS: Record<number, string> = {
  400: 'invalid_json or validation_failed (every issue in details); uploads: not_an_archive, archive_corrupt, archive_unsafe_entry, invalid_package (details.issues: path, problem, expected)',
  401: 'unauthenticated: missing, unknown, expired or revoked token',
  403: 'forbidden (the token\'s role may not do this); for candidates also assessment_not_open, assessment_closed, assessment_finished, challenge_not_in_assessment',
  404: 'not found, or not visible to this caller',
  409: 'invite_exists, assessment_started, invite_revoked, no_duration, extension_too_long, invite_in_use, runs_in_progress; gate_not_passed, no_solutions, challenge_retired; rejudge_not_ready, rejudge_decided',
  413: 'payload_too_large; uploads: archive_unpacked_too_large, archive_file_too_large, archive_too_many_files',
  415: 'unsupported_media_type',
  422: 'unsupported_language or missing_entry_file (submissions, practice runs, drafts); assessments: callback_url_refused (details.rule); rejudges: slug_mismatch, challenge_not_in_assessment',
  405: 'method_not_allowed: the path exists with other methods (Allow lists them)',
  429: 'rate_limited or too_many_in_flight (both with Retry-After)',
  503: 'a dependency is down',
};

const SSE_DESCRIPTION = 'Events `queued` ({ id, status, position? }), `running` ({ id, status, startedAt }), `finished` '
  + '(the GET body, visibility applied); states reached before connecting are replayed; `:` comment lines are heartbeats.';

/** JSON Schema 2020-12 (the dialect of OpenAPI 3.1) of every named schema, refs pointing at components. */
function componentSchemas(config: Config): Record<string, unknown> {
  const convert = (entries: Record<string, z.ZodType>, io: 'input' | 'output') => {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of Object.entries(entries)) registry.add(schema, { id });
    const { schemas } = z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
    return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...rest }]) => [id, rest]));
  };
  return {
    ...convert({
      CreateToken: tokenBodySchema, CreateSubmission: submissionBodySchema(config),
      CreateAssessment: assessmentBodySchema, CreateInvite: inviteBodySchema, CreateRejudge: rejudgeBodySchema,
      UpdateAssessment: assessmentPatchSchema, CreateInvites: bulkInviteBodySchema, ExtendInvite: extendBodySchema,
      SaveDraft: draftBodySchema(config), Erase: erasureBodySchema,
    }, 'input'),
    ...convert({
      Error: s.errorSchema, Index: s.indexSchema, Health: s.healthSchema, Readiness: s.readinessSchema,
      ChallengeSummary: s.challengeSummarySchema, ChallengeList: z.object({ challenges: z.array(s.challengeSummarySchema) }),
      ChallengeDetail: s.challengeDetailSchema, Submission: s.submissionSchema,
      SubmissionReport: SubmissionReportV1,
      Token: s.tokenSchema, TokenList: z.object({ tokens: z.array(s.tokenSchema) }), IssuedToken: s.issuedTokenSchema, Me: s.meSchema,
      Assessment: s.assessmentSchema, AssessmentList: s.pageSchema('assessments', s.assessmentSchema),
      Invite: s.inviteSchema, InviteList: s.pageSchema('invites', s.inviteSchema), CreatedInvites: z.object({ invites: z.array(s.inviteSchema) }),
      InviteLink: s.inviteLinkSchema,
      AssessmentSubmissionList: s.pageSchema('submissions', s.assessmentSubmissionSchema),
      WebhookDeliveryList: s.pageSchema('deliveries', s.deliverySchema),
      CandidateComparison: s.comparisonSchema,
      Erasure: s.erasureSchema, ErasureList: z.object({ erasures: z.array(s.erasureSchema) }), Finished: s.finishedSchema,
      Draft: s.draftSchema, LatestSubmission: s.latestSubmissionSchema,
      ...authoringSchemas,
      AssessmentSimilarity: similaritySchema,
    }, 'output'),
  };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function content(kind: string) {
  if (kind === '') return undefined;
  if (kind === 'text/event-stream' || kind === 'text/html' || kind === 'text/plain' || kind === 'text/csv') return { [kind]: { schema: { type: 'string' } } };
  if (kind === 'application/json') return { [kind]: { schema: { type: 'object' } } };
  if (kind === 'archive') return Object.fromEntries(['application/gzip', 'application/zip'].map((type) => [type, { schema: { type: 'string', contentMediaType: type } }]));
  return { 'application/json': { schema: ref(kind) } };
}

const header = (description: string, schema: Record<string, unknown> = { type: 'string' }) => ({ description, schema });
const REQUEST_ID = header('The request id: a plain one the client sent (X-Request-Id), else a new UUID; logged with every line of the request.');

/** Response headers beyond X-Request-Id, by operation and status. */
const RESPONSE_HEADERS: Partial<Record<OperationId, Record<number, Record<string, unknown>>>> = {
  createSubmission: { 202: { Location: header('The submission'), 'Idempotent-Replayed': header('"true" when an Idempotency-Key repeated an earlier request: this is that submission') } },
  createAssessment: { 201: { Location: header('The new assessment') } },
  createRejudge: { 201: { Location: header('The new rejudge') } },
  uploadChallenge: { 201: { Location: header('The new version\'s gate') }, 200: { Location: header('The same content\'s existing version\'s gate') } },
  startGate: { 202: { Location: header('The gate run') } },
  getComparisonCsv: { 200: { 'Content-Disposition': header('attachment; filename="comparison-<assessment id>.csv"') } },
};

/** Example request bodies, by operation: a submission in each kind of language. */
const REQUEST_EXAMPLES: Partial<Record<OperationId, Record<string, { summary: string; value: unknown }>>> = {
  createSubmission: {
    typescript: { summary: 'TypeScript', value: { challenge: 'rag-chunking', language: 'typescript', files: { 'src/solution.ts': 'export function chunk(text: string, options: ChunkOptions): Chunk[] { … }' } } },
    python: {
      summary: 'Python (3.11; the tests call chunk → your chunk, chunkText → chunk_text: camelCase becomes snake_case unless the challenge\'s names say otherwise)',
      value: { challenge: 'rag-chunking', language: 'python', files: { 'src/solution.py': 'def chunk(text: str, options: dict) -> list[dict]:\n    …\n' } },
    },
  },
};

/** `content` with named examples on its JSON media type. */
function withExamples(media: Record<string, Record<string, unknown>> | undefined, examples: Record<string, unknown> | undefined) {
  if (!media || !examples || !media['application/json']) return media;
  return { ...media, 'application/json': { ...media['application/json'], examples } };
}

/** Path parameters: versions are integers, ids UUIDs, slugs lowercase words. */
function pathParameter(name: string) {
  const schema = name === 'version' ? { type: 'integer', minimum: 1, maximum: MAX_VERSION }
    : name === 'slug' ? { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } : { type: 'string' };
  return { name, in: 'path', required: true, schema };
}

/** Responses of one operation: the success (a re-upload of the same content answers 200), then each error. */
function responsesOf(id: OperationId, op: Operation) {
  const spec = SPECS[id];
  const headersFor = (status: number, extra: Record<string, unknown> = {}) => ({ 'X-Request-Id': REQUEST_ID, ...RESPONSE_HEADERS[id]?.[status], ...extra });
  const ok = { description: spec.ok[1] === 'text/event-stream' ? SSE_DESCRIPTION : 'Success', headers: headersFor(spec.ok[0]), content: content(spec.ok[1]) };
  const responses: Record<string, unknown> = { [spec.ok[0]]: ok };
  if (id === 'uploadChallenge') responses[200] = { ...ok, description: 'The same content as the latest version: that version, unchanged', headers: headersFor(200) };
  if (id === 'createSubmission') responses[200] = { ...ok, description: 'With ?wait=: the verdict came in time (the GET body)', headers: headersFor(200, { Location: header('The submission') }) };
  const errors = [...(op.roles === 'public' ? [] : [401, 403]), ...(spec.errors ?? [])].sort((a, b) => a - b);
  for (const status of errors) {
    const extra = status === 401 ? { 'WWW-Authenticate': header('Bearer realm="ai-judge"') }
      : status === 429 ? { 'Retry-After': header('Seconds to wait before trying again', { type: 'integer' }) } : {};
    // /readyz's 503 is its own body (what is down), not an error object
    const body = id === 'ready' && status === 503 ? 'Readiness' : 'Error';
    responses[status] = { description: ERRORS[status], headers: headersFor(status, extra), content: content(body) };
  }
  return responses;
}

/** Who may call an operation, in words (for the document and the docs page). */
export function whoMayCall(op: Operation): string {
  const roles = op.roles === 'public' ? 'Public (no token).' : `Roles: ${op.roles.join(', ')}.`;
  return op.rule ? `${roles} ${op.rule}` : roles;
}

/** The OpenAPI 3.1 document of the API, generated from the operation list and the zod schemas. */
export function buildOpenApiDocument(config: Config): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [id, op] of Object.entries(OPERATIONS) as Array<[OperationId, Operation]>) {
    const spec = SPECS[id];
    const params: unknown[] = [...op.path.matchAll(/:(\w+)/g)].map((m) => pathParameter(m[1]!));
    params.push(...queryParameters(id));
    if (id === 'createSubmission') {
      params.push({ name: 'wait', in: 'query', required: false, description: 'Wait for the verdict: true (up to SUBMIT_WAIT_MAX_SECONDS) or seconds; 200 with the result when it came in time, else 202', schema: { anyOf: [{ type: 'string', enum: ['true', 'false'] }, { type: 'integer', minimum: 0 }] } });
      params.push({ name: 'Idempotency-Key', in: 'header', required: false, description: 'A retried request with the same key (per caller) answers the first submission instead of making another', schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\x21-\x7e]+$' } });
    }
    const responses = responsesOf(id, op);
    (paths[op.path.replace(/:(\w+)/g, '{$1}')] ??= {})[op.method] = {
      operationId: id,
      summary: op.summary,
      description: whoMayCall(op),
      'x-roles': op.roles,
      security: op.roles === 'public' ? [] : [{ bearer: [] }],
      ...(params.length ? { parameters: params } : {}),
      ...(spec.body ? { requestBody: { required: !spec.body.endsWith('?'), content: withExamples(content(spec.body.replace(/\?$/, '')), REQUEST_EXAMPLES[id]) } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    servers: [{ url: '/', description: 'This judge (the document is served by the API it describes)' }],
    info: {
      title: 'ai-judge', version: '1', description: 'A coding-assessment judge. Send tokens as `Authorization: Bearer <token>`.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    paths,
    components: { schemas: componentSchemas(config), securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
}
