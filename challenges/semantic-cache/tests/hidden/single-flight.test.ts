import { describe, test, expect, llm } from '@judge/test';
import { start, ask, stats, chats, embeddings, miss, hit, savings, CHAT } from '../helpers/cache';

describe('single flight', () => {
  test('five identical concurrent questions make one chat call: one miss, four hits', async () => {
    const marker = 'hvcase-collapse';
    llm.script([{ match: { path: CHAT, messages: marker }, respond: { reply: 'Shared answer', delayMs: 500 } }]);
    const port = await start({ ttlMs: 60000 });
    const question = `How do I request a new badge? ${marker}`;
    const replies = await Promise.all(Array.from({ length: 5 }, () => ask(port, { tenant: 'acme', question })));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const bodies = replies.map((r) => r.json);
    expect(bodies.filter((b) => b.cached === false)).toEqual([miss('Shared answer')]);
    expect(bodies.filter((b) => b.cached === true)).toEqual(Array.from({ length: 4 }, () => hit('Shared answer', question)));
    const sent = chats(marker);
    expect(sent).toHaveLength(1);
    expect(embeddings(marker)).toHaveLength(5);
    const { costSavedUsd, ...counts } = await stats(port, 'acme');
    const want = savings([{ entry: sent[0], times: 4 }]);
    expect(counts).toEqual({ tenant: 'acme', hits: 4, misses: 1, errors: 0, tokensSaved: want.tokens });
    expect(Math.abs(costSavedUsd - want.cost)).toBeLessThan(1e-9);
  }, { weight: 3 });

  test('requests that joined a failed call share its error, and the next request asks again', async () => {
    const marker = 'hvcase-collapse-failure';
    llm.script([
      { match: { path: CHAT, messages: marker, times: 1 }, respond: { status: 500, delayMs: 500 } },
      { match: { path: CHAT, messages: marker }, respond: { reply: 'After the outage' } },
    ]);
    const port = await start({ ttlMs: 60000 });
    const question = `Is the VPN down? ${marker}`;
    const replies = await Promise.all(Array.from({ length: 3 }, () => ask(port, { tenant: 'acme', question })));
    expect(replies.map((r) => [r.status, r.json?.error?.code])).toEqual([
      [502, 'upstream_error'],
      [502, 'upstream_error'],
      [502, 'upstream_error'],
    ]);
    expect(chats(marker)).toHaveLength(1);
    expect((await ask(port, { tenant: 'acme', question })).json).toEqual(miss('After the outage'));
    expect(chats(marker)).toHaveLength(2);
    expect(await stats(port, 'acme')).toMatchObject({ hits: 0, misses: 1, errors: 3, tokensSaved: 0 });
  }, { weight: 2 });

  test('concurrent near-duplicates that are not the same string each call the model', async () => {
    const marker = 'hvcase-no-fuzzy-join';
    llm.script([{ match: { path: CHAT, messages: marker }, respond: { reply: 'Separate answers', delayMs: 500 } }]);
    const port = await start({ ttlMs: 60000 });
    const replies = await Promise.all([
      ask(port, { tenant: 'acme', question: `How do I reset my password? ${marker}` }),
      ask(port, { tenant: 'acme', question: `how do I reset my password ${marker}` }),
    ]);
    expect(replies.map((r) => r.json)).toEqual([miss('Separate answers'), miss('Separate answers')]);
    expect(chats(marker)).toHaveLength(2);
  });

  test('identical concurrent questions in different partitions are not joined', async () => {
    const marker = 'hvcase-join-per-partition';
    llm.script([{ match: { path: CHAT, messages: marker }, respond: { reply: 'Per partition', delayMs: 500 } }]);
    const port = await start({ ttlMs: 60000 });
    const question = `What time does the office open? ${marker}`;
    const replies = await Promise.all([
      ask(port, { tenant: 'acme', question }),
      ask(port, { tenant: 'globex', question }),
      ask(port, { tenant: 'acme', question, system: 'Be brief.' }),
      ask(port, { tenant: 'acme', question, model: 'gpt-4o' }),
    ]);
    expect(replies.map((r) => r.json)).toEqual(Array.from({ length: 4 }, () => miss('Per partition')));
    expect(chats(marker)).toHaveLength(4);
  });
});
