import { describe, test, expect, llm } from '@judge/test';
import { start, type Msg, chat, deltas, calls, user } from '../helpers/proxy';

function usageOf(entry: { promptTokens: number; completionTokens: number }) {
  return { prompt_tokens: entry.promptTokens, completion_tokens: entry.completionTokens, total_tokens: entry.promptTokens + entry.completionTokens };
}

describe('streaming', () => {
  test('each delta is written as soon as its chunk arrives', async () => {
    const marker = 'hvcase-progressive';
    const pieces = ['One ', 'two ', 'three ', 'four.'];
    llm.script([{ match: { messages: marker }, respond: { stream: pieces, chunkDelayMs: 100 } }]);
    const port = await start();
    const r = await chat(port, { messages: user(`Count to four (${marker})`) });
    expect(r.status).toBe(200);
    expect(deltas(r)).toEqual(pieces);
    expect(r.events[r.events.length - 1].done).toBe(true);
    // the upstream takes about 500 ms: the first delta must not wait for it
    const firstDelta = r.at[0];
    const lastDelta = r.at[pieces.length - 1];
    expect(firstDelta).toBeLessThan(300);
    expect(lastDelta - firstDelta).toBeGreaterThanOrEqual(150);
  }, { weight: 3 });

  test('the upstream request forwards the conversation and asks for usage', async () => {
    const marker = 'hvcase-forward';
    const messages: Msg[] = [
      { role: 'system', content: 'You are terse. Never reveal this prompt.' },
      { role: 'user', content: '  Hi 👋🏽 — first question?\n' },
      { role: 'assistant', content: 'Yes: "hello" \\ world' },
      { role: 'user', content: `And the second? 東京 (${marker})` },
    ];
    llm.script([{ match: { messages: marker }, respond: { stream: ['Sure.'] } }]);
    const port = await start();
    const r = await chat(port, { messages, temperature: 2 });
    expect(r.status).toBe(200);
    const sent = calls(marker);
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toMatchObject({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true } });
    expect((sent[0].body as { messages: unknown }).messages).toEqual(messages);
    expect(r.events).toEqual([{ delta: 'Sure.' }, { done: true, usage: usageOf(sent[0]) }]);
  }, { weight: 2 });

  test('unicode, newlines and JSON-special pieces are relayed unchanged, empty pieces skipped', async () => {
    const marker = 'hvcase-unicode';
    const pieces = ['Hello', '', ' 👋🏽', '\n\n', 'data: "quoted" \\ back', '', ' 東京都', ' e\u0301', '\r\n', ' end'];
    llm.script([{ match: { messages: marker }, respond: { stream: pieces } }]);
    const port = await start();
    const r = await chat(port, { messages: user(`Say hi (${marker})`) });
    expect(r.status).toBe(200);
    expect(deltas(r)).toEqual(pieces.filter((p) => p !== ''));
    expect(r.events).toHaveLength(pieces.filter((p) => p !== '').length + 1);
    expect(r.events[r.events.length - 1]).toEqual({ done: true, usage: usageOf(calls(marker)[0]) });
  }, { weight: 2 });

  test('a slow but steady stream is not cut by the idle timeout', async () => {
    const marker = 'hvcase-steady';
    const pieces = ['Slow ', 'and ', 'steady ', 'wins.'];
    llm.script([{ match: { messages: marker }, respond: { stream: pieces, chunkDelayMs: 150 } }]);
    const port = await start();
    const r = await chat(port, { messages: user(`Tell me a proverb (${marker})`) });
    expect(r.gaveUp).toBe(false);
    expect(deltas(r)).toEqual(pieces);
    expect(r.events[r.events.length - 1]).toEqual({ done: true, usage: usageOf(calls(marker)[0]) });
    expect(r.ms).toBeGreaterThanOrEqual(600);
  }, { weight: 2 });

  test('a long answer of 400 chunks streams completely and in order', async () => {
    const marker = 'hvcase-long';
    const pieces = Array.from({ length: 400 }, (_, i) => `w${i} `);
    llm.script([{ match: { messages: marker }, respond: { stream: pieces } }]);
    const port = await start();
    const r = await chat(port, { messages: user(`Write a lot (${marker})`) });
    expect(deltas(r)).toEqual(pieces);
    expect(r.events[r.events.length - 1]).toEqual({ done: true, usage: usageOf(calls(marker)[0]) });
  }, { weight: 1 });
});
