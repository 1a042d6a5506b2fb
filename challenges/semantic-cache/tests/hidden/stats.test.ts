import { describe, test, expect, llm } from '@judge/test';
import { start, ask, call, stats, chats, savings, CHAT } from '../helpers/cache';

describe('stats', () => {
  test("tokensSaved and costSavedUsd use each matched entry's usage and model prices", async () => {
    const marker = 'hvcase-savings';
    llm.script([
      { match: { path: CHAT, model: 'gpt-4o', messages: marker }, respond: { reply: 'A fairly long answer from the big model about parking rules.' } },
      { match: { path: CHAT, model: 'gpt-4.1-nano', messages: marker }, respond: { reply: 'Tiny answer.' } },
      { match: { path: CHAT, messages: marker }, respond: { reply: 'Mini model answer, of middling length.' } },
    ]);
    const port = await start({ ttlMs: 60000 });
    const q1 = `Where can I park my car? ${marker}`;
    const q2 = `Which holidays do we get this year? ${marker}`;
    const q3 = `Do we have a pension plan? ${marker}`;
    await ask(port, { tenant: 'acme', question: q1, model: 'gpt-4o' });
    await ask(port, { tenant: 'acme', question: q2, model: 'gpt-4.1-nano', system: 'Answer briefly.' });
    await ask(port, { tenant: 'acme', question: q3 });
    for (let i = 0; i < 3; i++) await ask(port, { tenant: 'acme', question: `where can I park my car ${marker}`, model: 'gpt-4o' });
    for (let i = 0; i < 2; i++) await ask(port, { tenant: 'acme', question: q2, model: 'gpt-4.1-nano', system: 'Answer briefly.' });
    await ask(port, { tenant: 'acme', question: q3, model: null });
    const sent = chats(marker);
    expect(sent.map((e) => (e.body as { model: string }).model)).toEqual(['gpt-4o', 'gpt-4.1-nano', 'gpt-4o-mini']);
    const want = savings([
      { entry: sent[0], times: 3 },
      { entry: sent[1], times: 2 },
      { entry: sent[2], times: 1 },
    ]);
    const { costSavedUsd, ...counts } = await stats(port, 'acme');
    expect(counts).toEqual({ tenant: 'acme', hits: 6, misses: 3, errors: 0, tokensSaved: want.tokens });
    expect(Math.abs(costSavedUsd - want.cost)).toBeLessThan(1e-9);
  }, { weight: 3 });

  test('errors are counted; invalid requests are counted nowhere', async () => {
    const marker = 'hvcase-count-errors';
    llm.script([{ match: { path: CHAT, messages: marker, times: 1 }, respond: { status: 503 } }]);
    const port = await start({ ttlMs: 60000 });
    const question = `Can I expense a taxi? ${marker}`;
    await ask(port, { tenant: 'acme', question });
    await ask(port, { tenant: 'acme', question });
    await ask(port, { tenant: 'acme', question });
    await ask(port, { tenant: 'acme', question: '   ' });
    await ask(port, { tenant: 'acme', question, model: 'gpt-5' });
    expect(await stats(port, 'acme')).toMatchObject({ tenant: 'acme', hits: 1, misses: 1, errors: 1 });
  });

  test('statistics are per tenant, a tenant never seen has zeros, a missing or invalid tenant is a 400', async () => {
    const marker = 'hvcase-stats-per-tenant';
    const port = await start({ ttlMs: 60000 });
    const question = `Where are the printers? ${marker}`;
    await ask(port, { tenant: 'acme', question });
    await ask(port, { tenant: 'acme', question });
    await ask(port, { tenant: 'globex', question });
    expect(await stats(port, 'acme')).toMatchObject({ tenant: 'acme', hits: 1, misses: 1, errors: 0 });
    expect(await stats(port, 'globex')).toMatchObject({ tenant: 'globex', hits: 0, misses: 1, errors: 0, tokensSaved: 0, costSavedUsd: 0 });
    expect(await stats(port, 'initech')).toEqual({ tenant: 'initech', hits: 0, misses: 0, errors: 0, tokensSaved: 0, costSavedUsd: 0 });
    for (const path of ['/stats', '/stats?tenant=', '/stats?tenant=a%20b', `/stats?tenant=${'x'.repeat(65)}`]) {
      const r = await call(port, path);
      expect({ path, status: r.status, error: r.json?.error }).toMatchObject({ path, status: 400, error: { code: 'invalid_request', field: 'tenant' } });
    }
  });
});
