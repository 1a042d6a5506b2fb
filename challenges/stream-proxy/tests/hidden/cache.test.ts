import { describe, test, expect, llm } from '@judge/test';
import { start, chat, deltas, calls, eventually, user } from '../helpers/proxy';

describe('sharing identical requests', () => {
  test('a completed answer is replayed from memory without calling the upstream', async () => {
    const marker = 'hvcase-replay';
    llm.script([{ match: { messages: marker }, respond: { stream: ['Cached ', 'answer.'] } }]);
    const port = await start();
    const body = { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: `Cache me (${marker})` }] };
    const first = await chat(port, body);
    expect(deltas(first)).toEqual(['Cached ', 'answer.']);
    expect(first.events[first.events.length - 1].done).toBe(true);
    const second = await chat(port, body);
    const third = await chat(port, body);
    expect(second.status).toBe(200);
    expect(second.events).toEqual(first.events);
    expect(third.events).toEqual(first.events);
    expect(second.ended).toBe(true);
    expect(calls(marker)).toHaveLength(1);
  }, { weight: 2 });

  test('requests that differ in any message or role are not shared', async () => {
    const marker = 'hvcase-distinct';
    llm.script([
      { match: { messages: 'Variant A' }, respond: { stream: ['A'] } },
      { match: { messages: 'Variant B' }, respond: { stream: ['B'] } },
      { match: { messages: marker }, respond: { stream: ['plain'] } },
    ]);
    const port = await start();
    const question = { role: 'user', content: `Which variant? (${marker})` };
    const bodies = [
      { messages: [question] },
      { messages: [{ role: 'system', content: 'Variant A' }, question] },
      { messages: [{ role: 'system', content: 'Variant B' }, question] },
      { messages: [{ role: 'user', content: 'Variant A' }, question] },
    ];
    const results = [];
    for (const body of bodies) results.push(await chat(port, body));
    expect(results.map(deltas)).toEqual([['plain'], ['A'], ['B'], ['A']]);
    expect(calls(marker)).toHaveLength(4);
  }, { weight: 1 });

  test('concurrent identical requests share one upstream stream; late joiners get it from the start', async () => {
    const marker = 'hvcase-collapse';
    const pieces = ['One ', 'stream ', 'for ', 'all.'];
    llm.script([{ match: { messages: marker }, respond: { stream: pieces, delayMs: 50, chunkDelayMs: 70 } }]);
    const port = await start();
    const body = { messages: user(`Share it (${marker})`) };
    let joinedLate: Promise<Awaited<ReturnType<typeof chat>>> | undefined;
    const early = await Promise.all([
      chat(port, body, {
        stopWhen: (events) => {
          // once two deltas are out, one more identical request joins mid-stream
          if (events.length === 2 && !joinedLate) joinedLate = chat(port, body);
          return false;
        },
      }),
      chat(port, body),
      chat(port, body),
    ]);
    const late = await joinedLate!;
    const expected = [...pieces.map((delta) => ({ delta })), { done: true, usage: expect.any(Object) }];
    for (const r of [...early, late]) {
      expect(r.events).toEqual(expected);
      expect(r.ended).toBe(true);
    }
    expect(late.events).toEqual(early[0].events);
    expect(calls(marker)).toHaveLength(1);
    const after = await chat(port, body);
    expect(after.events).toEqual(early[0].events);
    expect(calls(marker)).toHaveLength(1);
  }, { weight: 3 });

  test('a stream that failed is not reused', async () => {
    const marker = 'hvcase-failed-not-cached';
    llm.script([
      { match: { messages: marker, times: 1 }, respond: { errorFrameAfterChunks: 1, stream: ['Half ', 'an ', 'answer.'] } },
      { match: { messages: marker }, respond: { stream: ['Whole ', 'answer.'] } },
    ]);
    const port = await start();
    const body = { messages: user(`Try again (${marker})`) };
    const first = await chat(port, body);
    expect(first.events).toEqual([{ delta: 'Half ' }, { error: { code: 'upstream_error' } }]);
    const second = await chat(port, body);
    expect(deltas(second)).toEqual(['Whole ', 'answer.']);
    expect(second.events[second.events.length - 1].done).toBe(true);
    expect(calls(marker)).toHaveLength(2);
  }, { weight: 2 });

  test('a stream that timed out is not reused', async () => {
    const marker = 'hvcase-timeout-not-cached';
    llm.script([
      { match: { messages: marker, times: 1 }, respond: { stallAfterChunks: 1, stream: ['Half ', 'an ', 'answer.'] } },
      { match: { messages: marker }, respond: { stream: ['Whole ', 'answer.'] } },
    ]);
    const port = await start();
    const body = { messages: user(`Try again (${marker})`) };
    const first = await chat(port, body);
    expect(first.events).toEqual([{ delta: 'Half ' }, { error: { code: 'upstream_timeout' } }]);
    const second = await chat(port, body);
    expect(deltas(second)).toEqual(['Whole ', 'answer.']);
    expect(calls(marker)).toHaveLength(2);
  }, { weight: 1 });

  test('a stream abandoned by its only client is not reused', async () => {
    const marker = 'hvcase-abandoned';
    llm.script([
      { match: { messages: marker, times: 1 }, respond: { stream: ['Never ', 'finished ', 'this ', 'one.'], chunkDelayMs: 80 } },
      { match: { messages: marker }, respond: { stream: ['Fresh ', 'answer.'] } },
    ]);
    const port = await start();
    const body = { messages: user(`Leave early (${marker})`) };
    const first = await chat(port, body, { stopWhen: (events) => events.length >= 1 });
    expect(first.events).toEqual([{ delta: 'Never ' }]);
    expect(await eventually(() => calls(marker)[0]?.clientClosed === true, 400)).toBe(true);
    const second = await chat(port, body);
    expect(deltas(second)).toEqual(['Fresh ', 'answer.']);
    expect(second.events[second.events.length - 1].done).toBe(true);
    expect(calls(marker)).toHaveLength(2);
  }, { weight: 1 });
});
