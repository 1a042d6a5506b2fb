import { describe, test, expect, llm } from '@judge/test';
import { fitContext, chatRequests, SUMMARY_PREFIX } from '../helpers/memory';
import { SUPPORT, SUPPORT_SUMMARY } from '../helpers/histories';

const BUDGET = 250; // SUPPORT: the last 7 messages are kept, the 6 before them summarised
const WITH_SUMMARY = [SUPPORT[0], { role: 'user', content: SUMMARY_PREFIX + SUPPORT_SUMMARY }, ...SUPPORT.slice(-7)];
const WITHOUT_SUMMARY = [SUPPORT[0], ...SUPPORT.slice(-7)];
const chat = { path: '/v1/chat/completions' };

describe('model failures', () => {
  test('a 429 is retried after retry-after-ms and the summary is used', async () => {
    llm.script([
      { match: { ...chat, times: 1 }, respond: { status: 429, retryAfterMs: 50 } },
      { respond: { reply: SUPPORT_SUMMARY } },
    ]);
    expect(await fitContext(SUPPORT, { budget: BUDGET })).toEqual(WITH_SUMMARY);
    expect(chatRequests().map((e) => e.status)).toEqual([429, 200]);
  }, { weight: 2 });

  test('a persistent 429: 3 attempts, then the kept turns without a summary', async () => {
    llm.script([{ match: chat, respond: { status: 429, retryAfterMs: 30 } }]);
    expect(await fitContext(SUPPORT, { budget: BUDGET })).toEqual(WITHOUT_SUMMARY);
    expect(chatRequests().map((e) => e.status)).toEqual([429, 429, 429]);
  }, { weight: 2, timeoutMs: 6000 });

  test('a persistent 500: 3 attempts, then no summary', async () => {
    llm.script([{ match: chat, respond: { status: 500, retryAfterMs: 20 } }]);
    expect(await fitContext(SUPPORT, { budget: BUDGET })).toEqual(WITHOUT_SUMMARY);
    expect(chatRequests().map((e) => e.status)).toEqual([500, 500, 500]);
  }, { weight: 2, timeoutMs: 6000 });

  test('a 400 is not retried: one attempt, then no summary', async () => {
    llm.script([{ match: chat, respond: { status: 400, message: 'Invalid request: context_length_exceeded' } }]);
    expect(await fitContext(SUPPORT, { budget: BUDGET })).toEqual(WITHOUT_SUMMARY);
    expect(chatRequests().map((e) => e.status)).toEqual([400]);
  }, { weight: 2 });

  test('a slow reply within the timeout is waited for', async () => {
    llm.script([{ respond: { reply: SUPPORT_SUMMARY, delayMs: 400 } }]);
    expect(await fitContext(SUPPORT, { budget: BUDGET })).toEqual(WITH_SUMMARY);
    expect(chatRequests()).toHaveLength(1);
  }, { weight: 1 });

  test('a hung attempt times out after 1.5 s and is retried', async () => {
    llm.script([
      { match: { ...chat, times: 1 }, respond: { hang: true } },
      { respond: { reply: SUPPORT_SUMMARY } },
    ]);
    const started = Date.now();
    expect(await fitContext(SUPPORT, { budget: BUDGET })).toEqual(WITH_SUMMARY);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const chats = chatRequests();
    expect(chats).toHaveLength(2);
    expect(chats[1]!.status).toBe(200);
  }, { weight: 2, timeoutMs: 9000 });

  test('a model that always hangs: 3 timed-out attempts, then no summary', async () => {
    llm.script([{ match: chat, respond: { hang: true } }]);
    expect(await fitContext(SUPPORT, { budget: BUDGET })).toEqual(WITHOUT_SUMMARY);
    expect(chatRequests()).toHaveLength(3);
  }, { weight: 2, timeoutMs: 10000 });
});
