/** What every stream-proxy test file shares: the candidate's `start()`, an SSE client for /chat/stream, journal filters. */
import { solution, llm } from '@judge/test';

export type Api = { start(): number };
export const { start } = solution<Api>();

export const CHAT = '/v1/chat/completions';

export type Msg = { role: string; content: string };

export interface StreamResult {
  status: number;
  contentType: string;
  /** Parsed `data:` payloads, in order (SSE events only; empty for a JSON answer). */
  events: any[];
  /** Milliseconds from sending the request to receiving each event. */
  at: number[];
  /** The JSON body of a non-SSE answer. */
  json: any;
  /** The response ended by itself. */
  ended: boolean;
  /** The test gave up waiting (waitMs) before the response ended. */
  gaveUp: boolean;
  ms: number;
}

/**
 * POSTs to /chat/stream and reads the SSE response as it arrives. The test's own wait is bounded by `waitMs`, so a
 * solution that never ends its stream fails instead of hanging; `stopWhen` lets a test disconnect early.
 */
export async function chat(port: number, body: unknown, options: { raw?: string; path?: string; method?: string; waitMs?: number; stopWhen?: (events: any[]) => boolean } = {}): Promise<StreamResult> {
  const controller = new AbortController();
  let gaveUp = false;
  const timer = setTimeout(() => {
    gaveUp = true;
    controller.abort();
  }, options.waitMs ?? 2000);
  const started = performance.now();
  const result: StreamResult = { status: 0, contentType: '', events: [], at: [], json: undefined, ended: false, gaveUp: false, ms: 0 };
  try {
    const res = await fetch(`http://127.0.0.1:${port}${options.path ?? '/chat/stream'}`, {
      method: options.method ?? 'POST',
      headers: { 'content-type': 'application/json' },
      body: options.method === 'GET' ? undefined : options.raw ?? JSON.stringify(body),
      signal: controller.signal,
    });
    result.status = res.status;
    result.contentType = res.headers.get('content-type') ?? '';
    if (!result.contentType.startsWith('text/event-stream')) {
      const text = await res.text();
      try {
        result.json = JSON.parse(text);
      } catch {
        result.json = text;
      }
      result.ended = true;
    } else {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          result.ended = true;
          break;
        }
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, ''));
          if (data.length === 0) continue;
          result.events.push(JSON.parse(data.join('\n')));
          result.at.push(performance.now() - started);
        }
        if (options.stopWhen?.(result.events)) {
          controller.abort();
          break;
        }
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
  result.gaveUp = gaveUp;
  result.ms = performance.now() - started;
  return result;
}

export function deltas(r: StreamResult): string[] {
  return r.events.filter((e) => typeof e?.delta === 'string').map((e) => e.delta);
}

/** The chat requests this test sent: each test puts a unique marker in its messages. */
export function calls(marker: string) {
  return llm.journal().filter((e) => e.path === CHAT && JSON.stringify(e.body).includes(marker));
}

/** Polls until `check` holds or `ms` pass; the upstream close may be seen a moment after the client's. */
export async function eventually(check: () => boolean, ms = 400): Promise<boolean> {
  const until = performance.now() + ms;
  while (!check()) {
    if (performance.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

export function user(content: string): Msg[] {
  return [{ role: 'user', content }];
}
