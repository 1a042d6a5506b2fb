import { describe, test, expect, llm } from '@judge/test';
import { start, chat, deltas, calls, eventually, user } from '../helpers/proxy';

describe('client disconnect', () => {
  test('closing the client connection aborts the upstream request', async () => {
    const marker = 'hvcase-disconnect';
    const pieces = Array.from({ length: 10 }, (_, i) => `part${i} `);
    llm.script([{ match: { messages: marker }, respond: { stream: pieces, chunkDelayMs: 80 } }]);
    const port = await start();
    const r = await chat(port, { messages: user(`Long answer please (${marker})`) }, { stopWhen: (events) => events.length >= 1 });
    expect(r.events).toEqual([{ delta: 'part0 ' }]);
    // the upstream stream would run for about 900 ms more; it must be closed right away instead
    expect(await eventually(() => calls(marker)[0]?.clientClosed === true, 400)).toBe(true);
    expect(calls(marker)).toHaveLength(1);
  }, { weight: 3 });

  test('one client leaving does not cut the stream shared with another', async () => {
    const marker = 'hvcase-one-leaves';
    const pieces = ['Shared ', 'streams ', 'keep ', 'going.'];
    // the upstream waits 100 ms before its first chunk, so both clients are attached before anyone leaves
    llm.script([{ match: { messages: marker }, respond: { stream: pieces, delayMs: 100, chunkDelayMs: 60 } }]);
    const port = await start();
    const body = { messages: user(`Share this (${marker})`) };
    const [stayer, leaver] = await Promise.all([
      chat(port, body),
      chat(port, body, { stopWhen: (events) => events.length >= 2 }),
    ]);
    expect(leaver.events).toEqual([{ delta: 'Shared ' }, { delta: 'streams ' }]);
    expect(deltas(stayer)).toEqual(pieces);
    expect(stayer.events[stayer.events.length - 1].done).toBe(true);
    const sent = calls(marker);
    expect(sent).toHaveLength(1);
    expect(sent[0].clientClosed).toBe(false);
  }, { weight: 1 });
});
