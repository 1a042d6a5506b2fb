import { describe, test, expect, llm } from '@judge/test';
import { start, ask, chats, embeddings, embeddedText, similarity, miss, hit, eventually, CHAT, EMBEDDINGS } from '../helpers/cache';

describe('similarity', () => {
  test('a near-duplicate just above 0.9 is a hit', async () => {
    const stored = 'hvthreshold what is the refund policy for red for me';
    const asked = 'hvthreshold what is the refund policy for red for us';
    const s = similarity(stored, asked);
    expect(s).toBeGreaterThanOrEqual(0.9);
    expect(s).toBeLessThan(0.905);
    llm.script([{ match: { path: CHAT, messages: 'hvthreshold' }, respond: { reply: 'Refunds within 30 days.' } }]);
    const port = await start({ ttlMs: 60000 });
    expect((await ask(port, { tenant: 'acme', question: stored })).json).toEqual(miss('Refunds within 30 days.'));
    expect((await ask(port, { tenant: 'acme', question: asked })).json).toEqual(hit('Refunds within 30 days.', stored));
    expect(chats('hvthreshold')).toHaveLength(1);
  }, { weight: 2 });

  test('a question just below 0.9 is a miss', async () => {
    const stored = 'hvbelow what is the refund policy for red running today';
    const asked = 'hvbelow what is the refund policy for red running tomorrow';
    const s = similarity(stored, asked);
    expect(s).toBeLessThan(0.9);
    expect(s).toBeGreaterThan(0.895);
    llm.script([
      { match: { path: CHAT, messages: 'hvbelow', times: 1 }, respond: { reply: 'Answer for today' } },
      { match: { path: CHAT, messages: 'hvbelow' }, respond: { reply: 'Answer for tomorrow' } },
    ]);
    const port = await start({ ttlMs: 60000 });
    expect((await ask(port, { tenant: 'acme', question: stored })).json).toEqual(miss('Answer for today'));
    expect((await ask(port, { tenant: 'acme', question: asked })).json).toEqual(miss('Answer for tomorrow'));
    expect(chats('hvbelow')).toHaveLength(2);
  }, { weight: 2 });

  test('the most similar entry wins, not the first one above the threshold', async () => {
    const w = 'hvmost how can I change the password of my old shop account';
    const older = `${w} website login`;
    const newer = `${w} mobile app`;
    const asked = `${w} website mobile app`;
    expect(similarity(older, newer)).toBeLessThan(0.9); // both are stored: the second is a miss
    expect(similarity(asked, older)).toBeGreaterThanOrEqual(0.9);
    expect(similarity(asked, newer)).toBeGreaterThan(similarity(asked, older));
    llm.script([
      { match: { path: CHAT, messages: 'website login' }, respond: { reply: 'Use the website.' } },
      { match: { path: CHAT, messages: 'mobile app' }, respond: { reply: 'Use the app.' } },
    ]);
    const port = await start({ ttlMs: 60000 });
    expect((await ask(port, { tenant: 'acme', question: older })).json).toEqual(miss('Use the website.'));
    expect((await ask(port, { tenant: 'acme', question: newer })).json).toEqual(miss('Use the app.'));
    expect((await ask(port, { tenant: 'acme', question: asked })).json).toEqual(hit('Use the app.', newer));
    expect(chats('hvmost')).toHaveLength(2);
  }, { weight: 2 });

  test('the most similar entry wins when it is the older one', async () => {
    const w = 'hvolder how can I change the password of my old shop account';
    const older = `${w} website login`;
    const newer = `${w} mobile app`;
    const asked = `${w} website login mobile app`;
    expect(similarity(older, newer)).toBeLessThan(0.9);
    expect(similarity(asked, newer)).toBeGreaterThanOrEqual(0.9);
    expect(similarity(asked, older)).toBeGreaterThan(similarity(asked, newer));
    llm.script([
      { match: { path: CHAT, messages: 'website login' }, respond: { reply: 'Use the website.' } },
      { match: { path: CHAT, messages: 'mobile app' }, respond: { reply: 'Use the app.' } },
    ]);
    const port = await start({ ttlMs: 60000 });
    await ask(port, { tenant: 'acme', question: older });
    await ask(port, { tenant: 'acme', question: newer });
    expect((await ask(port, { tenant: 'acme', question: asked })).json).toEqual(hit('Use the website.', older));
    expect(chats('hvolder')).toHaveLength(2);
  });

  test('on equal similarity the entry stored first wins', async () => {
    // Same words, other case and punctuation: identical vectors. The second is asked while the first one's (slow) chat
    // call is in flight, so both miss; each chat call takes 500 ms, so the first one's answer is stored first.
    const first = 'What is the capital of France? hvtie';
    const second = 'what is the CAPITAL of france, hvtie';
    const asked = 'WHAT IS THE CAPITAL OF FRANCE hvtie';
    expect(similarity(first, asked)).toBe(similarity(second, asked));
    llm.script([
      { match: { path: CHAT, messages: 'France\\? hvtie' }, respond: { reply: 'Paris (first)', delayMs: 500 } },
      { match: { path: CHAT, messages: 'france, hvtie' }, respond: { reply: 'Paris (second)', delayMs: 500 } },
    ]);
    const port = await start({ ttlMs: 60000 });
    const a = ask(port, { tenant: 'acme', question: first });
    expect(await eventually(() => chats('France? hvtie').length === 1, 2000)).toBe(true); // the first one missed, its call is in flight
    const b = ask(port, { tenant: 'acme', question: second });
    expect([(await a).json, (await b).json]).toEqual([miss('Paris (first)'), miss('Paris (second)')]);
    expect((await ask(port, { tenant: 'acme', question: asked })).json).toEqual(hit('Paris (first)', first));
    expect(chats('hvtie')).toHaveLength(2);
  }, { timeoutMs: 6000 });

  test('a question with no letters or digits never matches, not even itself', async () => {
    const marker = 'hvcase-zero-vector';
    llm.script([{ match: { path: CHAT, messages: marker }, respond: { reply: 'Could you say more?' } }]);
    const port = await start({ ttlMs: 60000 });
    const body = { tenant: 'acme', question: '???', system: `Help desk ${marker}` };
    expect((await ask(port, body)).json).toEqual(miss('Could you say more?'));
    expect((await ask(port, body)).json).toEqual(miss('Could you say more?'));
    expect(chats(marker)).toHaveLength(2);
    expect(llm.journal().filter((e) => e.path === EMBEDDINGS && embeddedText(e.body) === '???')).toHaveLength(2);
  });

  test('each valid request is embedded exactly once, hits included: text-embedding-3-small, the question as received, no dimensions', async () => {
    const marker = 'hvcase-embed-request';
    const question = `  How do I export my invoices?  ${marker}\n`;
    const port = await start({ ttlMs: 60000 });
    for (let i = 0; i < 3; i++) expect((await ask(port, { tenant: 'acme', question })).status).toBe(200);
    const sentEmbeddings = embeddings(marker);
    expect(sentEmbeddings.map((e) => {
      const body = e.body as Record<string, unknown>;
      return { model: body.model, input: embeddedText(body), dimensions: body.dimensions };
    })).toEqual(Array.from({ length: 3 }, () => ({ model: 'text-embedding-3-small', input: question, dimensions: undefined })));
    expect(chats(marker)).toHaveLength(1);
  });
});
