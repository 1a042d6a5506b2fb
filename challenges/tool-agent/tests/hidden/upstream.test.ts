import { describe, test, expect, llm } from '@judge/test';
import { start, agent, chats, turn, CORPUS, CHAT } from '../helpers/agent';

const UPSTREAM = { status: 502, json: { error: { code: 'upstream_error' } } };
const ms = (iso: string) => Date.parse(iso);

describe('model failures', () => {
  test('two 429s are retried after the retry-after-ms wait, then the loop goes on', async () => {
    const marker = 'hvcase-429-twice';
    llm.script([
      { match: { path: CHAT, messages: marker, times: 2 }, respond: { status: 429, retryAfterMs: 400 } },
      turn(marker, { reply: 'Got there.' }),
    ]);
    const port = await start({ corpus: CORPUS });
    expect((await agent(port, { question: `Be patient. ${marker}` })).json).toEqual({ answer: 'Got there.', steps: 1 });
    const calls = chats(marker);
    expect(calls.map((e) => e.status)).toEqual([429, 429, 200]);
    expect(ms(calls[1].time) - ms(calls[0].time)).toBeGreaterThanOrEqual(370);
    expect(ms(calls[2].time) - ms(calls[1].time)).toBeGreaterThanOrEqual(370);
  }, { weight: 3 });

  test('a persistent 503 is a 502 after exactly 3 attempts', async () => {
    const marker = 'hvcase-503-persistent';
    llm.script([{ match: { path: CHAT, messages: marker }, respond: { status: 503, retryAfterMs: 50 } }]);
    const port = await start({ corpus: CORPUS });
    const r = await agent(port, { question: `Is anyone there? ${marker}` });
    expect({ status: r.status, json: r.json }).toEqual(UPSTREAM);
    expect(chats(marker).map((e) => e.status)).toEqual([503, 503, 503]);
  }, { weight: 3 });

  test('a 500 on the second turn fails the request after 3 attempts of that turn', async () => {
    const marker = 'hvcase-500-second-turn';
    llm.script([
      turn(marker, { toolCalls: [{ id: 'ok-1', name: 'search', arguments: { query: 'Oslo' } }] }),
      { match: { path: CHAT, messages: marker }, respond: { status: 500, retryAfterMs: 30 } },
    ]);
    const port = await start({ corpus: CORPUS });
    const r = await agent(port, { question: `Oslo? ${marker}` });
    expect({ status: r.status, json: r.json }).toEqual(UPSTREAM);
    expect(chats(marker).map((e) => e.status)).toEqual([200, 500, 500, 500]);
  }, { weight: 2 });

  test('a 400 is not retried, and the 502 does not copy the upstream message', async () => {
    const marker = 'hvcase-400-no-retry';
    const secret = 'upstream-internal-detail-5521';
    llm.script([{ match: { path: CHAT, messages: marker }, respond: { status: 400, message: secret } }]);
    const port = await start({ corpus: CORPUS });
    const r = await agent(port, { question: `Bad request please. ${marker}` });
    expect({ status: r.status, json: r.json }).toEqual(UPSTREAM);
    expect(r.text).not.toContain(secret);
    expect(chats(marker).map((e) => e.status)).toEqual([400]);
  }, { weight: 2 });

  test('one 503 then success costs one retry, not a new conversation', async () => {
    const marker = 'hvcase-503-once';
    llm.script([
      turn(marker, { toolCalls: [{ id: 'r-1', name: 'calculator', arguments: { expression: '6*7' } }] }),
      { match: { path: CHAT, messages: marker, times: 1 }, respond: { status: 503, retryAfterMs: 30 } },
      turn(marker, { reply: '42.' }),
    ]);
    const port = await start({ corpus: CORPUS });
    expect((await agent(port, { question: `Six sevens? ${marker}` })).json).toEqual({ answer: '42.', steps: 2 });
    const calls = chats(marker);
    expect(calls.map((e) => e.status)).toEqual([200, 503, 200]);
    expect(calls[2].body).toEqual(calls[1].body);
  });
});
