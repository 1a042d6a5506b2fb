import { describe, test, expect, llm } from '@judge/test';
import { answer, kept, chatRequests, KB, Q } from '../helpers/guard';

const chat = { path: '/v1/chat/completions' };
const REPLY = 'Refunds are paid within 14 days [p1].';
const RESULT = kept([REPLY], ['p1']);

describe('model failures', () => {
  test('a 429 is retried after retry-after-ms and the answer is checked as usual', async () => {
    llm.script([
      { match: { ...chat, times: 1 }, respond: { status: 429, retryAfterMs: 50 } },
      { match: chat, respond: { reply: REPLY } },
    ]);
    expect(await answer(Q, KB)).toEqual(RESULT);
    expect(chatRequests().map((e) => e.status)).toEqual([429, 200]);
  }, { weight: 2 });

  test('a persistent 503: 3 attempts, then answer rejects', async () => {
    llm.script([{ match: chat, respond: { status: 503, retryAfterMs: 20 } }]);
    await expect(answer(Q, KB)).rejects.toBeDefined();
    expect(chatRequests().map((e) => e.status)).toEqual([503, 503, 503]);
  }, { weight: 2, timeoutMs: 6000 });

  test('a 400 is not retried: one attempt, then answer rejects', async () => {
    llm.script([{ match: chat, respond: { status: 400, message: 'Invalid request' } }]);
    await expect(answer(Q, KB)).rejects.toBeDefined();
    expect(chatRequests().map((e) => e.status)).toEqual([400]);
  }, { weight: 2 });

  test('a slow reply within the timeout is waited for', async () => {
    llm.script([{ match: chat, respond: { reply: REPLY, delayMs: 400 } }]);
    expect(await answer(Q, KB)).toEqual(RESULT);
    expect(chatRequests()).toHaveLength(1);
  });

  test('a hung attempt times out after 1.5 s and is retried', async () => {
    llm.script([
      { match: { ...chat, times: 1 }, respond: { hang: true } },
      { match: chat, respond: { reply: REPLY } },
    ]);
    const started = Date.now();
    expect(await answer(Q, KB)).toEqual(RESULT);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const chats = chatRequests();
    expect(chats).toHaveLength(2);
    expect(chats[1]!.status).toBe(200);
  }, { weight: 2, timeoutMs: 9000 });
});
