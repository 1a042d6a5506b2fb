/**
 * @module scripts
 * Ordered script rules: validation and matching. The first matching, non-exhausted rule whose
 * response fits the route wins (content responses only fit chat, `embedding` only fits embeddings).
 */
import type { FinishReason, ScriptRule, ScriptToolCall } from './types';

/** Every field any ScriptResponse variant may carry. */
export interface FlatResponse {
  reply?: string;
  json?: unknown;
  toolCalls?: ScriptToolCall[];
  stream?: string[];
  embedding?: number[];
  moderation?: { categories: string[] };
  finishReason?: FinishReason;
  status?: number;
  retryAfterMs?: number;
  message?: string;
  type?: string;
  code?: string | null;
  param?: string | null;
  shouldRetry?: boolean;
  delayMs?: number;
  chunkDelayMs?: number;
  hang?: boolean;
  stallAfterChunks?: number;
  truncateAfterChunks?: number;
  abrupt?: boolean;
  errorFrameAfterChunks?: number;
  malformedJson?: boolean;
}

export const CHAT_PATH = '/v1/chat/completions';
export const EMBEDDINGS_PATH = '/v1/embeddings';
export const RESPONSES_PATH = '/v1/responses';
export const MODERATIONS_PATH = '/v1/moderations';

/** What a request looks like to the matcher. */
export interface MatchInput {
  path: string;
  model: string | null;
  /** Message contents (chat), instructions and input texts (responses) or inputs (embeddings, moderations), joined by "\n". */
  text: string;
  call: number;
}

interface LoadedRule {
  rule: ScriptRule;
  re: RegExp | null;
  uses: number;
}

const KNOWN_KEYS = new Set<keyof FlatResponse>([
  'reply', 'json', 'toolCalls', 'stream', 'embedding', 'moderation', 'finishReason', 'status', 'retryAfterMs', 'message', 'type',
  'code', 'param', 'shouldRetry', 'delayMs', 'chunkDelayMs', 'hang', 'stallAfterChunks', 'truncateAfterChunks',
  'abrupt', 'errorFrameAfterChunks', 'malformedJson',
]);

function fail(i: number, why: string): never {
  throw new TypeError(`script rule ${i}: ${why}`);
}

function checkCount(i: number, name: string, v: unknown, min: number): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min)) fail(i, `${name} must be an integer >= ${min}`);
}

/** Throw a TypeError describing the first problem in a rule; return the compiled messages regex. */
export function validateRule(rule: unknown, i: number): RegExp | null {
  if (!rule || typeof rule !== 'object') fail(i, 'must be an object');
  const { match = {}, respond } = rule as ScriptRule;
  if (!match || typeof match !== 'object') fail(i, 'match must be an object');
  if (!respond || typeof respond !== 'object') fail(i, 'respond must be an object');
  const r = respond as FlatResponse;
  const keys = Object.keys(r);
  if (keys.length === 0) fail(i, 'respond is empty');
  for (const k of keys) if (!KNOWN_KEYS.has(k as keyof FlatResponse)) fail(i, `unknown respond field "${k}"`);
  if (match.path !== undefined && typeof match.path !== 'string') fail(i, 'match.path must be a string');
  if (match.model !== undefined && typeof match.model !== 'string') fail(i, 'match.model must be a string');
  checkCount(i, 'match.call', match.call, 1);
  checkCount(i, 'match.times', match.times, 1);
  if (r.reply !== undefined && typeof r.reply !== 'string') fail(i, 'reply must be a string');
  if (r.stream !== undefined && (!Array.isArray(r.stream) || r.stream.some((c) => typeof c !== 'string'))) fail(i, 'stream must be an array of strings');
  if (r.toolCalls !== undefined && (!Array.isArray(r.toolCalls) || r.toolCalls.some((c) => !c || typeof c.name !== 'string'))) fail(i, 'toolCalls must be an array of { name, arguments }');
  if (r.embedding !== undefined && (!Array.isArray(r.embedding) || r.embedding.some((v) => typeof v !== 'number'))) fail(i, 'embedding must be an array of numbers');
  if (r.moderation !== undefined && (!r.moderation || !Array.isArray(r.moderation.categories) || r.moderation.categories.some((c) => typeof c !== 'string'))) {
    fail(i, 'moderation must be { categories: string[] }');
  }
  if (r.status !== undefined && (!Number.isInteger(r.status) || r.status < 400 || r.status > 599)) fail(i, 'status must be an integer 400-599');
  for (const k of ['retryAfterMs', 'delayMs', 'chunkDelayMs', 'stallAfterChunks', 'truncateAfterChunks', 'errorFrameAfterChunks'] as const) checkCount(i, k, r[k], 0);
  if (match.messages === undefined) return null;
  if (match.messages instanceof RegExp) return match.messages;
  if (typeof match.messages !== 'string') fail(i, 'match.messages must be a regex string or RegExp');
  try {
    return new RegExp(match.messages);
  } catch (e) {
    return fail(i, `bad match.messages regex: ${(e as Error).message}`);
  }
}

function fitsRoute(r: FlatResponse, path: string): boolean {
  const content = r.reply !== undefined || r.json !== undefined || r.toolCalls !== undefined || r.stream !== undefined;
  const faultOrTiming = r.status !== undefined || r.hang || r.malformedJson || r.stallAfterChunks !== undefined || r.truncateAfterChunks !== undefined || r.errorFrameAfterChunks !== undefined;
  if (faultOrTiming) return true;
  if (r.embedding !== undefined) return path === EMBEDDINGS_PATH;
  if (r.moderation !== undefined) return path === MODERATIONS_PATH;
  if (content) return path === CHAT_PATH || path === RESPONSES_PATH;
  return true;
}

function pathMatches(rulePath: string, path: string): boolean {
  return rulePath === path || `/v1${rulePath}` === path;
}

/** Holds the current rules and how often each has been used. */
export class ScriptBook {
  private rules: LoadedRule[] = [];

  /** Replace all rules (validated; throws TypeError on the first bad rule). */
  set(rules: readonly ScriptRule[]): void {
    if (!Array.isArray(rules)) throw new TypeError('scripts must be an array of rules');
    const loaded = rules.map((rule, i) => ({ rule: { ...rule, match: { ...rule.match } }, re: validateRule(rule, i), uses: 0 }));
    this.rules = loaded;
  }

  clear(): void {
    this.rules = [];
  }

  /** The first applicable rule for a request (counting one use), or null. */
  match(input: MatchInput): { index: number; respond: FlatResponse } | null {
    for (let index = 0; index < this.rules.length; index++) {
      const lr = this.rules[index];
      const m = lr.rule.match ?? {};
      const respond = lr.rule.respond as FlatResponse;
      if (m.times !== undefined && lr.uses >= m.times) continue;
      if (m.path !== undefined && !pathMatches(m.path, input.path)) continue;
      if (m.model !== undefined && m.model !== input.model) continue;
      if (m.call !== undefined && m.call !== input.call) continue;
      if (lr.re) {
        lr.re.lastIndex = 0;
        if (!lr.re.test(input.text)) continue;
      }
      if (!fitsRoute(respond, input.path)) continue;
      lr.uses++;
      return { index, respond };
    }
    return null;
  }
}
