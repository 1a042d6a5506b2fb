import { describe, test, expect, llm } from '@judge/test';
import {
  fitContext, count, tokens, T, plan, expectedResult, chatRequests, bodyOf, sys, user, assistant, call, calls, tool, words,
  SUMMARY_PREFIX, SUMMARY_INSTRUCTIONS, type ChatMessage,
} from '../helpers/memory';
import { SUPPORT, SUPPORT_SUMMARY } from '../helpers/histories';

const BUDGET = 250; // SUPPORT: the last 5 units (7 messages) are kept, the first 6 messages after the system prompt are summarised

describe('summary request', () => {
  test('one gpt-4o-mini request, max_tokens 60, the instructions and the exact transcript', async () => {
    llm.script([{ respond: { reply: SUPPORT_SUMMARY } }]);
    await fitContext(SUPPORT, { budget: BUDGET });
    const chats = chatRequests();
    expect(chats).toHaveLength(1);
    const body = bodyOf(chats[0]!);
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.stream ?? false).toBe(false);
    expect(body.max_tokens ?? body.max_completion_tokens).toBe(60);
    expect(body.messages).toEqual([
      { role: 'system', content: SUMMARY_INSTRUCTIONS },
      {
        role: 'user',
        content: [
          "user: Hi, I'm Dana from Fjord Analytics (account 88-4412). Our nightly export job failed three times this week.",
          'assistant: Sorry to hear that, Dana. Let me look at the job history.',
          'assistant called get_job_runs({"account":"88-4412","job":"nightly-export","limit":3})',
          'tool: [{"run":311,"status":"failed","error":"quota exceeded"},{"run":309,"status":"failed","error":"quota exceeded"},{"run":305,"status":"failed","error":"timeout"}]',
          'assistant: Two runs hit the storage quota (runs 311 and 309) and one timed out (305). Your quota is 500 GB.',
          'user: Can you raise it to 750 GB? Our contract allows up to 1 TB.',
        ].join('\n'),
      },
    ]);
  }, { weight: 3 });

  test('transcript lines: multi-line content as it is, an assistant text before its calls, every call in order', async () => {
    const history: ChatMessage[] = [
      sys('You are a coding assistant.'),
      user('Why does this fail? I expected it to print infinity, like JavaScript does.\n\n```py\nprint(1/0)\n```'),
      calls('Let me run it. 🐍', ['c1', 'run_python', { code: 'print(1/0)' }], ['c2', 'lint', '{"path": "main.py"}']),
      tool('c1', 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\n    print(1/0)\n          ~^~\nZeroDivisionError: division by zero'),
      tool('c2', ''),
      assistant(''),
      user(`Now the real question: ${words(60, 'q')}`),
    ];
    llm.script([{ respond: { reply: 'Division by zero explained.' } }]);
    const budget = count([history[0]!, history[6]!]) + 80;
    expect(plan(history, budget).kind).toBe('summarise');
    const result = await fitContext(history, { budget });
    expect(bodyOf(chatRequests()[0]!).messages[1]).toEqual({
      role: 'user',
      content: [
        'user: Why does this fail? I expected it to print infinity, like JavaScript does.\n\n```py\nprint(1/0)\n```',
        'assistant: Let me run it. 🐍',
        'assistant called run_python({"code":"print(1/0)"})',
        'assistant called lint({"path": "main.py"})',
        'tool: Traceback (most recent call last):\n  File "main.py", line 1, in <module>\n    print(1/0)\n          ~^~\nZeroDivisionError: division by zero',
      ].join('\n'),
    });
    expect(result).toEqual([history[0], { role: 'user', content: `${SUMMARY_PREFIX}Division by zero explained.` }, history[6]]);
  }, { weight: 2 });

  test('nothing to put in a transcript: no request, no summary', async () => {
    const empties: ChatMessage[] = Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? user('') : i % 3 === 1 ? assistant('') : assistant(null)));
    const last = user(`Summarise this: ${words(40)}`);
    const history: ChatMessage[] = [sys('You are terse.'), ...empties, last];
    const budget = count([history[0]!, last]) + 80;
    expect(plan(history, budget)).toMatchObject({ kind: 'summarise', transcript: '' });
    expect(await fitContext(history, { budget })).toEqual([history[0], last]);
    expect(llm.journal()).toHaveLength(0);
  }, { weight: 1 });

  test('each call summarises again: nothing is cached between calls', async () => {
    llm.script([
      { match: { call: 1 }, respond: { reply: 'First summary.' } },
      { respond: { reply: 'Second summary.' } },
    ]);
    const first = await fitContext(SUPPORT, { budget: BUDGET });
    const second = await fitContext(SUPPORT, { budget: BUDGET });
    expect(chatRequests()).toHaveLength(2);
    expect(first[1]).toEqual({ role: 'user', content: `${SUMMARY_PREFIX}First summary.` });
    expect(second[1]).toEqual({ role: 'user', content: `${SUMMARY_PREFIX}Second summary.` });
    expect(second.slice(2)).toEqual(SUPPORT.slice(-7));
  }, { weight: 1 });
});

describe('summary message', () => {
  test('the reply is trimmed, its inner line breaks kept, and the result is exact', async () => {
    const reply = '\n\t Dana (account 88-4412): export failures.\nQuota now 750 GB. \n\n';
    llm.script([{ respond: { reply } }]);
    const result = await fitContext(SUPPORT, { budget: BUDGET });
    expect(result).toEqual([
      SUPPORT[0],
      { role: 'user', content: `${SUMMARY_PREFIX}Dana (account 88-4412): export failures.\nQuota now 750 GB.` },
      ...SUPPORT.slice(-7),
    ]);
    expect(result).toEqual(expectedResult(SUPPORT, BUDGET, reply));
  }, { weight: 2 });

  test('a summary message of exactly 80 tokens is used; 81 is not (the model ignored max_tokens)', async () => {
    // Streamed pieces are not cut by max_tokens in the mock: this is a model that ignores the limit.
    let text = 'Summary:';
    while (tokens({ role: 'user', content: SUMMARY_PREFIX + text + ' ok' }) <= 80) text += ' ok';
    const exact = text;
    expect(tokens({ role: 'user', content: SUMMARY_PREFIX + exact })).toBe(80);
    const over = `${exact} ok`;
    expect(tokens({ role: 'user', content: SUMMARY_PREFIX + over })).toBe(81);
    llm.script([
      { match: { call: 1 }, respond: { stream: [exact] } },
      { respond: { stream: [over] } },
    ]);
    const a = await fitContext(SUPPORT, { budget: BUDGET });
    const b = await fitContext(SUPPORT, { budget: BUDGET });
    expect(a).toEqual([SUPPORT[0], { role: 'user', content: SUMMARY_PREFIX + exact }, ...SUPPORT.slice(-7)]);
    expect(b).toEqual([SUPPORT[0], ...SUPPORT.slice(-7)]);
    expect(count(a)).toBeLessThanOrEqual(BUDGET);
  }, { weight: 2 });

  test('a reply with no text: no summary', async () => {
    llm.script([
      { match: { call: 1 }, respond: { reply: ' \n\t ' } },
      { respond: { toolCalls: [{ name: 'summarise', arguments: { text: 'nope' } }] } },
    ]);
    const blank = await fitContext(SUPPORT, { budget: BUDGET });
    const toolOnly = await fitContext(SUPPORT, { budget: BUDGET });
    expect(blank).toEqual([SUPPORT[0], ...SUPPORT.slice(-7)]);
    expect(toolOnly).toEqual([SUPPORT[0], ...SUPPORT.slice(-7)]);
  }, { weight: 1 });

  test('unicode in the old turns and in the summary is counted exactly', async () => {
    const history: ChatMessage[] = [
      sys('Tu es un assistant de voyage. Réponds en français. 🇫🇷'),
      user('Je pars à Kyōto 京都 avec ma famille 👨‍👩‍👧‍👦 en avril 🌸. Budget : 3 200 € ≈ 520 000 ¥. Nous aimons les jardins, les temples zen, la cuisine kaiseki et les onsen ♨️ ; pas de longues marches pour grand-mère 👵🏻.'),
      call('c_kyoto', 'météo', { ville: '京都', mois: 'avril' }),
      tool('c_kyoto', '{"température":"17 °C","pluie":"☔ 9 jours"}'),
      assistant('En avril il fait environ 17 °C à Kyōto, avec ~9 jours de pluie. Les cerisiers 🌸 fleurissent début avril.'),
      user('Et pour les temples ? 🏯 Lesquels visiter en premier ?'),
    ];
    const reply = 'Famille 👨‍👩‍👧‍👦 à Kyōto (京都) en avril 🌸, budget 3 200 €. Météo : 17 °C, ~9 jours de pluie ☔.';
    llm.script([{ respond: { reply } }]);
    const budget = count([history[0]!, history[4]!, history[5]!]) + 80;
    expect(plan(history, budget).kind).toBe('summarise');
    const result = await fitContext(history, { budget });
    expect(result).toEqual([history[0], { role: 'user', content: SUMMARY_PREFIX + reply }, history[4], history[5]]);
    expect(count(result)).toBe(count([history[0]!, history[4]!, history[5]!]) + 3 + 1 + T(SUMMARY_PREFIX + reply));
  }, { weight: 2 });
});
