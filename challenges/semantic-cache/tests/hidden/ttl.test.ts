import { describe, test, expect, llm } from '@judge/test';
import { start, ask, chats, miss, hit, sleep, CHAT } from '../helpers/cache';

describe('ttl', () => {
  test('an entry expires ttlMs after it was stored', async () => {
    const marker = 'hvcase-expiry';
    llm.script([
      { match: { path: CHAT, messages: marker, times: 1 }, respond: { reply: 'Old answer' } },
      { match: { path: CHAT, messages: marker }, respond: { reply: 'New answer' } },
    ]);
    const port = await start({ ttlMs: 1000 });
    const question = `What is the wifi password? ${marker}`;
    expect((await ask(port, { tenant: 'acme', question })).json).toEqual(miss('Old answer'));
    expect((await ask(port, { tenant: 'acme', question })).json).toEqual(hit('Old answer', question));
    await sleep(1300);
    expect((await ask(port, { tenant: 'acme', question })).json).toEqual(miss('New answer'));
    expect((await ask(port, { tenant: 'acme', question: `what is the wifi password ${marker}` })).json).toEqual(hit('New answer', question));
    expect(chats(marker)).toHaveLength(2);
  }, { weight: 2 });

  test('a hit does not extend the life of the entry', async () => {
    const marker = 'hvcase-no-sliding';
    llm.script([
      { match: { path: CHAT, messages: marker, times: 1 }, respond: { reply: 'First answer' } },
      { match: { path: CHAT, messages: marker }, respond: { reply: 'Second answer' } },
    ]);
    const port = await start({ ttlMs: 1200 });
    const question = `When is the next team offsite? ${marker}`;
    expect((await ask(port, { tenant: 'acme', question })).json).toEqual(miss('First answer'));
    const stored = performance.now();
    await sleep(600);
    expect((await ask(port, { tenant: 'acme', question })).json).toEqual(hit('First answer', question));
    await sleep(Math.max(0, stored + 1450 - performance.now()));
    expect((await ask(port, { tenant: 'acme', question })).json).toEqual(miss('Second answer'));
    expect(chats(marker)).toHaveLength(2);
  });

  test('each server has its own ttl', async () => {
    const marker = 'hvcase-ttl-per-server';
    llm.script([{ match: { path: CHAT, messages: marker }, respond: { reply: 'Answer' } }]);
    const short = await start({ ttlMs: 500 });
    const long = await start({ ttlMs: 60000 });
    const question = `How do I book a meeting room? ${marker}`;
    await ask(short, { tenant: 'acme', question });
    await ask(long, { tenant: 'acme', question });
    await sleep(900);
    expect((await ask(short, { tenant: 'acme', question })).json).toEqual(miss('Answer'));
    expect((await ask(long, { tenant: 'acme', question })).json).toEqual(hit('Answer', question));
    expect(chats(marker)).toHaveLength(3);
  });
});
