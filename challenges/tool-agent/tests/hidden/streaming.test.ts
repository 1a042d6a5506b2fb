import { describe, test, expect, llm } from '@judge/test';
import { start, agentStream, chats, sentMessages, turn, lastToolResults, expectResult, CORPUS, CHAT, STEP_LIMIT } from '../helpers/agent';

const ERROR_EVENT = { type: 'error', code: 'upstream_error' };

describe('streaming', () => {
  test('deltas are forwarded as the model sends them, not all at the end', async () => {
    const marker = 'hvcase-stream-live';
    llm.script([turn(marker, { stream: ['Alpha ', 'beta ', 'gamma ', 'delta.'], chunkDelayMs: 250 })]);
    const port = await start({ corpus: CORPUS });
    const r = await agentStream(port, { question: `Say the letters. ${marker}`, stream: true });
    expect(r.events).toEqual([
      { type: 'delta', text: 'Alpha ' },
      { type: 'delta', text: 'beta ' },
      { type: 'delta', text: 'gamma ' },
      { type: 'delta', text: 'delta.' },
      { type: 'done', answer: 'Alpha beta gamma delta.', steps: 1 },
    ]);
    // The model took about a second to send its pieces; the first one must reach the client long before the end.
    expect(r.at[4] - r.at[0]).toBeGreaterThanOrEqual(500);
  }, { weight: 3 });

  test('tool calls are assembled from streamed fragments, parallel ones included', async () => {
    const marker = 'hvcase-stream-tools';
    const longQuery = 'Acme headquarters employees Oslo Zürich';
    llm.script([
      turn(marker, {
        toolCalls: [
          { id: 'st-1', name: 'search', arguments: { query: longQuery } },
          { id: 'st-2', name: 'calculator', arguments: { expression: '(120 + 80) * 1.5 / 3' } },
        ],
      }),
      turn(marker, { stream: ['Two ', 'hundred.'] }),
    ]);
    const port = await start({ corpus: CORPUS });
    const r = await agentStream(port, { question: `How many? ${marker}`, stream: true });
    expect(r.events).toEqual([
      { type: 'delta', text: 'Two ' },
      { type: 'delta', text: 'hundred.' },
      { type: 'done', answer: 'Two hundred.', steps: 2 },
    ]);
    expect(chats(marker).map((e) => e.stream)).toEqual([true, true]);
    const m2 = sentMessages(marker)[1];
    expect(m2[2].tool_calls).toEqual([
      { id: 'st-1', type: 'function', function: { name: 'search', arguments: JSON.stringify({ query: longQuery }) } },
      { id: 'st-2', type: 'function', function: { name: 'calculator', arguments: JSON.stringify({ expression: '(120 + 80) * 1.5 / 3' }) } },
    ]);
    const results = lastToolResults(m2);
    expect(results.map((x) => x.id)).toEqual(['st-1', 'st-2']);
    expect(results[0].content).toEqual({ results: [CORPUS[0], CORPUS[1]] }); // both score 3: corpus order
    expectResult(results[1].content, 100);
  }, { weight: 3 });

  test('an error frame in the middle of the answer: the deltas so far, then an error event', async () => {
    const marker = 'hvcase-stream-error-frame';
    llm.script([turn(marker, { stream: ['One ', 'two ', 'three ', 'four.'], errorFrameAfterChunks: 2 })]);
    const port = await start({ corpus: CORPUS });
    const r = await agentStream(port, { question: `Count to four. ${marker}`, stream: true });
    expect(r.status).toBe(200);
    expect(r.events).toEqual([{ type: 'delta', text: 'One ' }, { type: 'delta', text: 'two ' }, ERROR_EVENT]);
    expect(chats(marker)).toHaveLength(1);
  }, { weight: 2 });

  test('a model stream that ends without a finish_reason, or is cut, is a failure, not an answer', async () => {
    const marker = 'hvcase-stream-truncated';
    llm.script([turn(marker, { stream: ['Half ', 'an ', 'answer ', 'here.'], truncateAfterChunks: 3 })]);
    const port = await start({ corpus: CORPUS });
    const r = await agentStream(port, { question: `Answer in full. ${marker}`, stream: true });
    expect(r.events).toEqual([{ type: 'delta', text: 'Half ' }, { type: 'delta', text: 'an ' }, { type: 'delta', text: 'answer ' }, ERROR_EVENT]);
    expect(chats(marker)).toHaveLength(1);
    // A connection cut in the middle of the stream is a failure too.
    const cut = 'hvcase-stream-abrupt';
    llm.script([turn(cut, { stream: ['Cut ', 'off ', 'right ', 'here.'], truncateAfterChunks: 2, abrupt: true })]);
    const r2 = await agentStream(port, { question: `Keep talking. ${cut}`, stream: true });
    expect(r2.events.at(-1)).toEqual(ERROR_EVENT);
    expect(r2.events.some((e) => e.type === 'done')).toBe(false);
  }, { weight: 2 });

  test('a 429 before the stream is retried, then the answer streams; a persistent 503 is an error event', async () => {
    const marker = 'hvcase-stream-429';
    llm.script([
      { match: { path: CHAT, messages: marker, times: 1 }, respond: { status: 429, retryAfterMs: 100 } },
      turn(marker, { stream: ['Worth ', 'the ', 'wait.'] }),
    ]);
    const port = await start({ corpus: CORPUS });
    const r = await agentStream(port, { question: `Wait for it. ${marker}`, stream: true });
    expect(r.events).toEqual([
      { type: 'delta', text: 'Worth ' },
      { type: 'delta', text: 'the ' },
      { type: 'delta', text: 'wait.' },
      { type: 'done', answer: 'Worth the wait.', steps: 1 },
    ]);
    expect(chats(marker).map((e) => e.status)).toEqual([429, 200]);
    // A persistent 503: an error event after 3 attempts, still a 200 event stream.
    const down = 'hvcase-stream-503';
    llm.script([{ match: { path: CHAT, messages: down }, respond: { status: 503, retryAfterMs: 30 } }]);
    const r2 = await agentStream(port, { question: `Anyone? ${down}`, stream: true });
    expect(r2.status).toBe(200);
    expect(r2.type).toContain('text/event-stream');
    expect(r2.events).toEqual([ERROR_EVENT]);
    expect(chats(down)).toHaveLength(3);
  }, { weight: 2 });

  test('the step limit while streaming: one delta with the step-limit text, then done', async () => {
    const marker = 'hvcase-stream-step-limit';
    llm.script([1, 2, 3, 4, 5, 6].map((n) => turn(marker, { toolCalls: [{ id: `sl-${n}`, name: 'search', arguments: { query: 'Oslo' } }] })));
    const port = await start({ corpus: CORPUS });
    const r = await agentStream(port, { question: `Search forever. ${marker}`, stream: true });
    expect(r.events).toEqual([
      { type: 'delta', text: STEP_LIMIT },
      { type: 'done', answer: STEP_LIMIT, steps: 5 },
    ]);
    expect(chats(marker)).toHaveLength(5);
  }, { weight: 2 });

  test('every event is exactly one data line followed by a blank line', async () => {
    const marker = 'hvcase-stream-framing';
    llm.script([turn(marker, { stream: ['Line\none ', 'and "two"'] })]);
    const port = await start({ corpus: CORPUS });
    const r = await agentStream(port, { question: `Two lines. ${marker}`, stream: true });
    expect(r.raw.endsWith('\n\n')).toBe(true);
    const blocks = r.raw.slice(0, -2).split('\n\n');
    expect(blocks.every((b) => b.startsWith('data: ') && !b.includes('\n'))).toBe(true);
    expect(blocks.map((b) => JSON.parse(b.slice(6)))).toEqual([
      { type: 'delta', text: 'Line\none ' },
      { type: 'delta', text: 'and "two"' },
      { type: 'done', answer: 'Line\none and "two"', steps: 1 },
    ]);
  });
});
