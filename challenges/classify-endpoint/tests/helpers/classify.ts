/** What every classify-endpoint hidden test file shares: the candidate's `start()`, a bounded POST client, a journal filter. */
import { llm, solution } from '@judge/test';

export type Api = { start(): number };
export const { start } = solution<Api>();

export const CHAT = '/v1/chat/completions';
export const API_KEY = 'sk-judge-sandbox-dummy-key';

export interface Reply {
  status: number;
  json: any;
  text: string;
  ms: number;
}

/** POSTs to /classify; the test's own wait is bounded so a solution that hangs fails instead of timing out. */
export async function post(port: number, body: unknown, options: { raw?: string; path?: string; method?: string; waitMs?: number } = {}): Promise<Reply> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${options.path ?? '/classify'}`, {
    method: options.method ?? 'POST',
    headers: { 'content-type': 'application/json' },
    body: options.method === 'GET' ? undefined : options.raw ?? JSON.stringify(body),
    signal: AbortSignal.timeout(options.waitMs ?? 2500),
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

/** The chat requests this test sent: each test puts a unique marker in its text. */
export function calls(marker: string) {
  return llm.journal().filter((e) => e.path === CHAT && JSON.stringify(e.body).includes(marker));
}
