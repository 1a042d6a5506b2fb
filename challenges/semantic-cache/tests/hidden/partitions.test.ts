import { describe, test, expect, llm } from '@judge/test';
import { start, ask, stats, chats, miss, hit, CHAT } from '../helpers/cache';

describe('partitions', () => {
  test("another tenant never gets this tenant's answer, and each keeps its own", async () => {
    const marker = 'hvcase-tenant-isolation';
    llm.script([
      { match: { path: CHAT, messages: marker, times: 1 }, respond: { reply: 'Acme: ask Alice.' } },
      { match: { path: CHAT, messages: marker }, respond: { reply: 'Globex: ask Bob.' } },
    ]);
    const port = await start({ ttlMs: 60000 });
    const question = `Who approves my holidays? ${marker}`;
    expect((await ask(port, { tenant: 'acme', question })).json).toEqual(miss('Acme: ask Alice.'));
    expect((await ask(port, { tenant: 'globex', question })).json).toEqual(miss('Globex: ask Bob.'));
    expect((await ask(port, { tenant: 'acme', question: `who approves my holidays ${marker}` })).json).toEqual(hit('Acme: ask Alice.', question));
    expect((await ask(port, { tenant: 'globex', question: `Who approves my holidays?! ${marker}` })).json).toEqual(hit('Globex: ask Bob.', question));
    expect((await ask(port, { tenant: 'Acme', question })).json).toEqual(miss('Globex: ask Bob.')); // tenants are case-sensitive
    expect(chats(marker)).toHaveLength(3);
  }, { weight: 2 });

  test('a different system prompt is another partition', async () => {
    const marker = 'hvcase-system-partition';
    llm.script([
      { match: { path: CHAT, messages: 'Be brief' }, respond: { reply: 'Brief answer' } },
      { match: { path: CHAT, messages: marker }, respond: { reply: 'Long answer' } },
    ]);
    const port = await start({ ttlMs: 60000 });
    const question = `How do I close my account? ${marker}`;
    expect((await ask(port, { tenant: 'acme', question, system: 'Be brief.' })).json).toEqual(miss('Brief answer'));
    expect((await ask(port, { tenant: 'acme', question, system: 'Be thorough.' })).json).toEqual(miss('Long answer'));
    expect((await ask(port, { tenant: 'acme', question, system: 'Be brief. ' })).json).toEqual(miss('Brief answer')); // exact strings
    expect((await ask(port, { tenant: 'acme', question, system: 'Be brief.' })).json).toEqual(hit('Brief answer', question));
    expect(chats(marker)).toHaveLength(3);
  });

  test('a different model is another partition, and the chat call uses that model', async () => {
    const marker = 'hvcase-model-partition';
    llm.script([
      { match: { path: CHAT, model: 'gpt-4o', messages: marker }, respond: { reply: 'Big model answer' } },
      { match: { path: CHAT, messages: marker }, respond: { reply: 'Small model answer' } },
    ]);
    const port = await start({ ttlMs: 60000 });
    const question = `What is our travel policy? ${marker}`;
    expect((await ask(port, { tenant: 'acme', question, model: 'gpt-4o' })).json).toEqual(miss('Big model answer'));
    expect((await ask(port, { tenant: 'acme', question, model: 'gpt-4.1-nano' })).json).toEqual(miss('Small model answer'));
    expect((await ask(port, { tenant: 'acme', question, model: 'gpt-4o' })).json).toEqual(hit('Big model answer', question));
    expect(chats(marker).map((e) => (e.body as { model: string }).model)).toEqual(['gpt-4o', 'gpt-4.1-nano']);
  });

  test('absent and null system mean "" (no system message), absent and null model mean gpt-4o-mini', async () => {
    const marker = 'hvcase-defaults';
    llm.script([{ match: { path: CHAT, messages: marker }, respond: { reply: 'Default answer' } }]);
    const port = await start({ ttlMs: 60000 });
    const question = `Can I work from home? ${marker}`;
    expect((await ask(port, { tenant: 'acme', question, system: null, model: null })).json).toEqual(miss('Default answer'));
    expect((await ask(port, { tenant: 'acme', question })).json).toEqual(hit('Default answer', question));
    expect((await ask(port, { tenant: 'acme', question, system: '' })).json).toEqual(hit('Default answer', question));
    expect((await ask(port, { tenant: 'acme', question, model: 'gpt-4o-mini' })).json).toEqual(hit('Default answer', question));
    const sent = chats(marker);
    expect(sent.map((e) => e.body)).toMatchObject([{ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] }]);
    expect((sent[0].body as { messages: unknown[] }).messages).toHaveLength(1);
  });

  test('the system prompt is a system message before the question, both exactly as received', async () => {
    const marker = 'hvcase-system-message';
    const system = `  You are the help desk of Acme.\nAnswer in one sentence. ${marker}  `;
    const question = `How do I order a new laptop?  ${marker}`;
    const port = await start({ ttlMs: 60000 });
    expect((await ask(port, { tenant: 'acme', question, system })).status).toBe(200);
    const sent = chats(marker);
    expect(sent).toHaveLength(1);
    expect((sent[0].body as { messages: unknown }).messages).toEqual([
      { role: 'system', content: system },
      { role: 'user', content: question },
    ]);
  });

  test('two servers share neither a cache nor statistics', async () => {
    const marker = 'hvcase-two-servers';
    llm.script([{ match: { path: CHAT, messages: marker }, respond: { reply: 'Per server' } }]);
    const one = await start({ ttlMs: 60000 });
    const two = await start({ ttlMs: 60000 });
    expect(one).not.toBe(two);
    const question = `Is there parking at the office? ${marker}`;
    expect((await ask(one, { tenant: 'acme', question })).json).toEqual(miss('Per server'));
    expect((await ask(two, { tenant: 'acme', question })).json).toEqual(miss('Per server'));
    expect((await ask(one, { tenant: 'acme', question })).json).toEqual(hit('Per server', question));
    expect(chats(marker)).toHaveLength(2);
    const [s1, s2] = [await stats(one, 'acme'), await stats(two, 'acme')];
    expect([s1.hits, s1.misses, s2.hits, s2.misses]).toEqual([1, 1, 0, 1]);
  }, { weight: 2 });
});
