import { describe, test, expect, llm } from '@judge/test';
import { start, ask, stats, chats, embeddings, miss, eventually, CHAT, EMBEDDINGS } from '../helpers/cache';

describe('upstream failures', () => {
  test('a chat 500 is a 502 after exactly one call, and is not cached', async () => {
    const marker = 'hvcase-chat-500';
    llm.script([
      { match: { path: CHAT, messages: marker, times: 1 }, respond: { status: 500 } },
      { match: { path: CHAT, messages: marker }, respond: { reply: 'Recovered' } },
    ]);
    const port = await start({ ttlMs: 60000 });
    const question = `How do I claim expenses? ${marker}`;
    const failed = await ask(port, { tenant: 'acme', question });
    expect({ status: failed.status, code: failed.json?.error?.code }).toEqual({ status: 502, code: 'upstream_error' });
    expect(chats(marker)).toHaveLength(1);
    expect((await ask(port, { tenant: 'acme', question })).json).toEqual(miss('Recovered'));
    expect(chats(marker).map((e) => e.status)).toEqual([500, 200]);
  }, { weight: 2 });

  test('a persistent 429 is a 502 after exactly one chat call per request', async () => {
    const marker = 'hvcase-chat-429';
    llm.script([{ match: { path: CHAT, messages: marker }, respond: { status: 429, retryAfterMs: 10 } }]);
    const port = await start({ ttlMs: 60000 });
    const question = `Can I bring my dog to work? ${marker}`;
    for (let i = 0; i < 2; i++) {
      const r = await ask(port, { tenant: 'acme', question });
      expect({ status: r.status, code: r.json?.error?.code }).toEqual({ status: 502, code: 'upstream_error' });
    }
    expect(chats(marker).map((e) => e.status)).toEqual([429, 429]);
    expect(await stats(port, 'acme')).toMatchObject({ hits: 0, misses: 0, errors: 2 });
  });

  test('an embeddings 503 is a 502 and no chat call is made', async () => {
    const marker = 'hvcase-embed-503';
    llm.script([{ match: { path: EMBEDDINGS, messages: marker, times: 1 }, respond: { status: 503 } }]);
    const port = await start({ ttlMs: 60000 });
    const question = `What is the dress code? ${marker}`;
    const failed = await ask(port, { tenant: 'acme', question });
    expect({ status: failed.status, code: failed.json?.error?.code }).toEqual({ status: 502, code: 'upstream_error' });
    expect(embeddings(marker)).toHaveLength(1);
    expect(chats(marker)).toHaveLength(0);
    expect((await ask(port, { tenant: 'acme', question })).json).toEqual(miss(`Mock reply: ${question}`));
  });

  test('a hanging chat call is a 504 upstream_timeout after about 1 s, and the connection is closed', async () => {
    const marker = 'hvcase-chat-hang';
    llm.script([{ match: { path: CHAT, messages: marker, times: 1 }, respond: { hang: true } }]);
    const port = await start({ ttlMs: 60000 });
    const question = `Who is my manager? ${marker}`;
    const r = await ask(port, { tenant: 'acme', question });
    expect({ status: r.status, code: r.json?.error?.code }).toEqual({ status: 504, code: 'upstream_timeout' });
    expect(r.ms).toBeGreaterThanOrEqual(950);
    expect(r.ms).toBeLessThan(2800);
    expect(chats(marker)).toHaveLength(1);
    expect(await eventually(() => chats(marker)[0]?.clientClosed === true)).toBe(true); // the attempt was aborted
    expect((await ask(port, { tenant: 'acme', question })).json).toEqual(miss(`Mock reply: ${question}`));
  }, { weight: 2, timeoutMs: 6000 });

  test('a hanging embeddings call is a 504 and no chat call is made', async () => {
    const marker = 'hvcase-embed-hang';
    llm.script([{ match: { path: EMBEDDINGS, messages: marker }, respond: { hang: true } }]);
    const port = await start({ ttlMs: 60000 });
    const r = await ask(port, { tenant: 'acme', question: `Where is the canteen? ${marker}` });
    expect({ status: r.status, code: r.json?.error?.code }).toEqual({ status: 504, code: 'upstream_timeout' });
    expect(r.ms).toBeLessThan(2800);
    expect(embeddings(marker)).toHaveLength(1);
    expect(chats(marker)).toHaveLength(0);
  }, { timeoutMs: 6000 });

  test('a slow but complete chat answer (400 ms) is not a timeout', async () => {
    const marker = 'hvcase-chat-slow';
    llm.script([{ match: { path: CHAT, messages: marker }, respond: { reply: 'Slow but fine', delayMs: 400 } }]);
    const port = await start({ ttlMs: 60000 });
    expect((await ask(port, { tenant: 'acme', question: `Is the gym open on Sundays? ${marker}` })).json).toEqual(miss('Slow but fine'));
    expect(chats(marker)).toHaveLength(1);
  });

  test('a non-retryable upstream error is a 502 after one call, without the upstream message', async () => {
    const marker = 'hvcase-chat-400';
    const secret = 'upstream-internal-detail-7731';
    llm.script([{ match: { path: CHAT, messages: marker }, respond: { status: 400, message: `Bad thing: ${secret}`, code: 'context_length_exceeded' } }]);
    const port = await start({ ttlMs: 60000 });
    const r = await ask(port, { tenant: 'acme', question: `Summarise the whole handbook. ${marker}` });
    expect({ status: r.status, code: r.json?.error?.code }).toEqual({ status: 502, code: 'upstream_error' });
    expect(r.text).not.toContain(secret);
    expect(chats(marker)).toHaveLength(1);
  });
});
