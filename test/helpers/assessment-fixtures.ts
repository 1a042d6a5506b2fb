import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CHALLENGES_DIR } from '../../core/challenges/load-bundled-challenges';
import { bearer, http, type TestContext } from './test-context';

/** The reference solution of rag-chunking (accepted) and a quick wrong one. */
export const REFERENCE = { 'src/solution.ts': readFileSync(path.join(CHALLENGES_DIR, 'rag-chunking', 'solutions', 'reference', 'src', 'solution.ts'), 'utf8') };
export const WRONG = { 'src/solution.ts': 'export function chunk() { return []; }' };

/** Issues a token through the API with the bootstrap admin token; returns its secret and id. */
export async function issueToken(ctx: TestContext, role: 'admin' | 'author' | 'grader', name = `${role} of the tests`, expiresAt?: string): Promise<{ token: string; id: string }> {
  const res = await http(ctx, 'POST', '/v1/tokens', { role, name, ...(expiresAt ? { expiresAt } : {}) });
  if (res.status !== 201) throw new Error(`could not issue a ${role} token: ${res.status} ${res.text}`);
  return { token: res.json.token, id: res.json.id };
}

/** Creates an assessment as `token` (default: bootstrap admin). */
export async function createAssessment(ctx: TestContext, body: Record<string, unknown>, token?: string): Promise<any> {
  const res = await http(ctx, 'POST', '/v1/assessments', { name: 'Assessment', challenges: ['rag-chunking'], ...body }, token ? bearer(token) : {});
  if (res.status !== 201) throw new Error(`could not create the assessment: ${res.status} ${res.text}`);
  return res.json;
}

let emails = 0;

/** Invites a candidate; returns the invite with its `token`. */
export async function invite(ctx: TestContext, assessmentId: string, token?: string): Promise<any> {
  emails += 1;
  const res = await http(ctx, 'POST', `/v1/assessments/${assessmentId}/invites`, { name: `Candidate ${emails}`, email: `candidate${emails}-${Date.now()}@example.com` }, token ? bearer(token) : {});
  if (res.status !== 201) throw new Error(`could not invite: ${res.status} ${res.text}`);
  return res.json;
}

/** Submits rag-chunking files as `token`; returns the response. */
export function submit(ctx: TestContext, token: string, files: Record<string, string> = WRONG, baseUrl?: string, challenge = 'rag-chunking') {
  return http(ctx, 'POST', '/v1/submissions', { challenge, language: 'typescript', files }, bearer(token), baseUrl);
}

/** The hidden test names of a challenge's latest version, from the `challenges.test_plan` column. */
export async function hiddenTestNames(ctx: TestContext, slug: string): Promise<string[]> {
  const { rows } = await ctx.db.query<{ name: string }>(
    `SELECT t->>'name' AS name FROM challenges c, jsonb_array_elements(c.test_plan) t
     WHERE c.slug = $1 AND c.version = (SELECT max(version) FROM challenges WHERE slug = $1) AND t->>'visibility' = 'hidden'`, [slug]);
  return rows.map((r) => r.name);
}

/**
 * A pattern matching text that contains any one of `texts` literally: `expect(page).toMatch(anyOf(names))` fails
 * showing both the names looked for and the text. An empty list matches nothing.
 */
export function anyOf(texts: string[]): RegExp {
  if (texts.length === 0) return /(?!)/; // nothing to find: matches no text
  return new RegExp(texts.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
}

export interface SseEvent {
  event: string;
  data: any;
}

/** Reads a server-sent-event stream to its end (or `timeoutMs`); returns the events and the comment lines. */
export async function readEvents(url: string, headers: Record<string, string>, timeoutMs = 120_000): Promise<{ status: number; contentType: string | null; events: SseEvent[]; comments: string[] }> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const text = await response.text();
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n').filter(Boolean);
    comments.push(...lines.filter((l) => l.startsWith(':')).map((l) => l.slice(1).trim()));
    const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
    const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
    if (event) events.push({ event, data: data ? JSON.parse(data) : undefined });
  }
  return { status: response.status, contentType: response.headers.get('content-type'), events, comments };
}
