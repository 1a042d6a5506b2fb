import { describe, test, expect, solution, llm } from '@judge/test';

type Api = { start(options?: { ttlMs?: number }): number };
const { start } = solution<Api>();

const CHAT = '/v1/chat/completions';
const EMBEDDINGS = '/v1/embeddings';

interface Reply {
  status: number;
  json: any;
}

/** Sends a request to the candidate's server; the wait is bounded so a hang fails the test instead of timing it out. */
async function call(port: number, path: string, body?: unknown, waitMs = 3000): Promise<Reply> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(waitMs),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

const ask = (port: number, body: unknown) => call(port, '/ask', body);

/**
 * A fresh process serves its first upstream calls slowly (module loading, JIT), which could trip the 1000 ms timeout.
 * The run's first test sends a few untimed requests first; their results do not matter.
 */
async function warmUp(port: number): Promise<void> {
  for (let i = 0; i < 2; i++) await call(port, '/ask', { tenant: 'warm-up', question: `warm-up request number ${i}` }, 2500).catch(() => undefined);
}

/** This test's upstream requests: each test puts a unique marker in its questions. */
function sent(path: string, marker: string) {
  return llm.journal().filter((e) => e.path === path && JSON.stringify(e.body).includes(marker));
}

describe('examples', () => {
  test('a near-duplicate question is answered from the cache', async () => {
    const marker = 'pubcase-hit';
    llm.script([{ match: { path: CHAT, messages: marker }, respond: { reply: 'Open Settings, then Security.' } }]);
    const port = await start({ ttlMs: 60000 });
    await warmUp(port);
    const first = await ask(port, { tenant: 'acme', question: `How do I reset my password? (${marker})` });
    expect(first).toEqual({ status: 200, json: { answer: 'Open Settings, then Security.', cached: false, matchedQuestion: null } });
    // Same words, other case and punctuation: the mock's embeddings are identical (similarity 1).
    const second = await ask(port, { tenant: 'acme', question: `how do i reset my password ${marker}` });
    expect(second).toEqual({
      status: 200,
      json: { answer: 'Open Settings, then Security.', cached: true, matchedQuestion: `How do I reset my password? (${marker})` },
    });
    expect(sent(EMBEDDINGS, marker)).toHaveLength(2);
    const chats = sent(CHAT, marker);
    expect(chats).toHaveLength(1);
    expect(chats[0].body).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: `How do I reset my password? (${marker})` }],
    });
  }, { timeoutMs: 10000 });

  test('another tenant never gets an answer from this tenant', async () => {
    const marker = 'pubcase-tenants';
    llm.script([
      { match: { path: CHAT, messages: marker, times: 1 }, respond: { reply: 'Acme answer' } },
      { match: { path: CHAT, messages: marker }, respond: { reply: 'Globex answer' } },
    ]);
    const port = await start({ ttlMs: 60000 });
    const question = `Where is the office? ${marker}`;
    expect((await ask(port, { tenant: 'acme', question })).json).toEqual({ answer: 'Acme answer', cached: false, matchedQuestion: null });
    expect((await ask(port, { tenant: 'globex', question })).json).toEqual({ answer: 'Globex answer', cached: false, matchedQuestion: null });
    expect(sent(CHAT, marker)).toHaveLength(2);
  });

  test('stats count hits, misses and what the hits saved', async () => {
    const marker = 'pubcase-stats';
    llm.script([{ match: { path: CHAT, messages: marker }, respond: { reply: 'Open Settings, then Security.' } }]);
    const port = await start({ ttlMs: 60000 });
    await ask(port, { tenant: 'acme', question: `How do I reset my password? ${marker}` });
    await ask(port, { tenant: 'acme', question: `How do I reset my password?? ${marker}` });
    const [chat] = sent(CHAT, marker);
    const stats = await call(port, '/stats?tenant=acme');
    expect(stats.status).toBe(200);
    const { costSavedUsd, ...rest } = stats.json;
    expect(rest).toEqual({ tenant: 'acme', hits: 1, misses: 1, errors: 0, tokensSaved: chat.promptTokens + chat.completionTokens });
    expect(Math.abs(costSavedUsd - (chat.promptTokens * 0.15 + chat.completionTokens * 0.6) / 1e6)).toBeLessThan(1e-9);
  });

  test('a missing question is a 400 and nothing is sent upstream', async () => {
    const port = await start({ ttlMs: 60000 });
    const r = await ask(port, { tenant: 'pubcase-missing-question' });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'invalid_request', field: 'question' });
    expect(llm.journal().filter((e) => JSON.stringify(e.body).includes('pubcase-missing-question'))).toHaveLength(0);
  });

  test('a 429 from the model is a 502 upstream_error and is not cached', async () => {
    const marker = 'pubcase-429';
    llm.script([
      { match: { path: CHAT, messages: marker, times: 1 }, respond: { status: 429, retryAfterMs: 20 } },
      { match: { path: CHAT, messages: marker }, respond: { reply: 'Second time lucky' } },
    ]);
    const port = await start({ ttlMs: 60000 });
    const question = `What are the opening hours? ${marker}`;
    const failed = await ask(port, { tenant: 'acme', question });
    expect(failed.status).toBe(502);
    expect(failed.json.error.code).toBe('upstream_error');
    expect(sent(CHAT, marker)).toHaveLength(1); // exactly one attempt: no retries
    const again = await ask(port, { tenant: 'acme', question });
    expect(again.json).toEqual({ answer: 'Second time lucky', cached: false, matchedQuestion: null });
    expect(sent(CHAT, marker).map((e) => e.status)).toEqual([429, 200]);
  });
});
