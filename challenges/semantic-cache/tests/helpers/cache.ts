/** What every semantic-cache hidden test file shares: the candidate's `start()`, bounded HTTP calls, journal filters. */
import { llm, solution } from '@judge/test';

export type Api = { start(options?: { ttlMs?: number }): number };
const candidate = solution<Api>();

let warmedUp = false;
/**
 * The candidate's `start()`. The first call in a test file also sends a few untimed requests: a fresh process (the
 * run's first test, or the test after a timeout restarted it) serves its first upstream calls slowly, which could trip
 * the 1000 ms upstream timeout. Their results do not matter, and no test's marker is in them.
 */
export async function start(options: { ttlMs: number }): Promise<number> {
  const port = await candidate.start(options);
  if (!warmedUp) {
    warmedUp = true;
    for (let i = 0; i < 2; i++) await ask(port, { tenant: 'warm-up', question: `warm-up request number ${i}` }, 2000).catch(() => undefined);
  }
  return port;
}

export const CHAT = '/v1/chat/completions';
export const EMBEDDINGS = '/v1/embeddings';

export const PRICES: Record<string, { input: number; output: number }> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
};

export interface Reply {
  status: number;
  json: any;
  text: string;
  ms: number;
}

/** One request to the candidate's server; the wait is bounded so a hang fails the test instead of timing it out. */
export async function call(
  port: number,
  path: string,
  options: { method?: string; body?: unknown; raw?: string; waitMs?: number } = {},
): Promise<Reply> {
  const started = performance.now();
  const method = options.method ?? (options.body === undefined && options.raw === undefined ? 'GET' : 'POST');
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : options.raw ?? JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.waitMs ?? 3500),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, ms: performance.now() - started };
}

export const ask = (port: number, body: unknown, waitMs?: number) => call(port, '/ask', { body, waitMs });
export const stats = async (port: number, tenant: string) => (await call(port, `/stats?tenant=${encodeURIComponent(tenant)}`)).json;

/** A miss and a hit as the statement spells them. */
export const miss = (answer: string) => ({ answer, cached: false, matchedQuestion: null });
export const hit = (answer: string, matchedQuestion: string) => ({ answer, cached: true, matchedQuestion });

/** This test's requests to `path` whose body mentions `marker` (each test puts a unique marker in its questions). */
export function sent(path: string, marker: string) {
  return llm.journal().filter((e) => e.path === path && JSON.stringify(e.body).includes(marker));
}
export const chats = (marker: string) => sent(CHAT, marker);
export const embeddings = (marker: string) => sent(EMBEDDINGS, marker);
/** Everything this test sent upstream that mentions `marker`. */
export const anything = (marker: string) => llm.journal().filter((e) => JSON.stringify(e.body).includes(marker));

/** The text an embeddings request asked for: a string, or an array holding one string. */
export function embeddedText(body: any): unknown {
  const input = body?.input;
  return Array.isArray(input) && input.length === 1 ? input[0] : input;
}

/** The exact similarity the candidate computes with the mock's vectors. */
export const similarity = (a: string, b: string) => llm.cosine(llm.embed(a), llm.embed(b));

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** tokensSaved and costSavedUsd of hits on entries made by these chat calls (journal entries), `times` hits each. */
export function savings(hits: { entry: { promptTokens: number; completionTokens: number; body: unknown }; times: number }[]) {
  let tokens = 0;
  let cost = 0;
  for (const { entry, times } of hits) {
    const price = PRICES[(entry.body as { model: string }).model];
    tokens += times * (entry.promptTokens + entry.completionTokens);
    cost += (times * (entry.promptTokens * price.input + entry.completionTokens * price.output)) / 1e6;
  }
  return { tokens, cost };
}

/** Polls `check` until it holds or `ms` passed (for what the candidate finishes just after answering). */
export async function eventually(check: () => boolean, ms = 800): Promise<boolean> {
  const until = performance.now() + ms;
  while (!check()) {
    if (performance.now() > until) return false;
    await sleep(20);
  }
  return true;
}
