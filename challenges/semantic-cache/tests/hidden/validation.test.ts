import { describe, test, expect } from '@judge/test';
import { start, call, ask, anything } from '../helpers/cache';

/** Each case must be a 400 naming `field`; none may reach the model. */
async function expectInvalid(port: number, cases: { body?: unknown; raw?: string; field: string }[], marker: string): Promise<void> {
  for (const c of cases) {
    const r = c.raw !== undefined ? await call(port, '/ask', { raw: c.raw }) : await ask(port, c.body);
    expect({ sent: c.raw ?? c.body, status: r.status, error: r.json?.error }).toMatchObject({
      sent: c.raw ?? c.body,
      status: 400,
      error: { code: 'invalid_request', field: c.field },
    });
  }
  expect(anything(marker)).toHaveLength(0);
}

describe('validation', () => {
  test('a body that is not JSON, or not a JSON object, names body', async () => {
    const port = await start({ ttlMs: 60000 });
    const m = 'hvcase-bad-body';
    await expectInvalid(port, [
      { raw: `{"tenant": "acme", "question": "${m}"`, field: 'body' },
      { raw: `["acme", "${m}"]`, field: 'body' },
      { raw: 'null', field: 'body' },
      { raw: `"${m}"`, field: 'body' },
      { raw: '', field: 'body' },
    ], m);
  });

  test('tenant must match ^[A-Za-z0-9_-]{1,64}$', async () => {
    const port = await start({ ttlMs: 60000 });
    const question = 'Where is the fire exit? hvcase-tenant-rule';
    await expectInvalid(port, [
      { body: { question }, field: 'tenant' },
      { body: { tenant: '', question }, field: 'tenant' },
      { body: { tenant: 'acme corp', question }, field: 'tenant' },
      { body: { tenant: 'acmé', question }, field: 'tenant' },
      { body: { tenant: 'acme\n', question }, field: 'tenant' },
      { body: { tenant: 'a'.repeat(65), question }, field: 'tenant' },
      { body: { tenant: 42, question }, field: 'tenant' },
    ], 'hvcase-tenant-rule');
    for (const tenant of ['a'.repeat(64), 'Team_7-b']) {
      expect((await ask(port, { tenant, question })).status).toBe(200);
    }
  });

  test('a missing, blank or non-string question names question', async () => {
    const port = await start({ ttlMs: 60000 });
    await expectInvalid(port, [
      { body: { tenant: 'hvcase-blank-question' }, field: 'question' },
      { body: { tenant: 'hvcase-blank-question', question: '' }, field: 'question' },
      { body: { tenant: 'hvcase-blank-question', question: ' \n\t ' }, field: 'question' },
      { body: { tenant: 'hvcase-blank-question', question: null }, field: 'question' },
      { body: { tenant: 'hvcase-blank-question', question: ['a question'] }, field: 'question' },
    ], 'hvcase-blank-question');
  });

  test('question length counts code points: 2000 emoji are accepted, 2001 are not', async () => {
    const port = await start({ ttlMs: 60000 });
    await expectInvalid(port, [{ body: { tenant: 'hvcase-emoji-length', question: '🦀'.repeat(2001) }, field: 'question' }], 'hvcase-emoji-length');
    expect((await ask(port, { tenant: 'hvcase-emoji-length', question: 'x'.repeat(2001) })).status).toBe(400);
    // Spaced out: the mock's tokenizer is slow on one 2000-character word, which could trip the 1000 ms timeout.
    const ok = await ask(port, { tenant: 'acme', question: '🦀 '.repeat(992) + ' hvcase-emoji-ok' });
    expect(ok.status).toBe(200);
    expect((await ask(port, { tenant: 'acme', question: 'y '.repeat(1000) })).status).toBe(200);
  });

  test('system must be a string of at most 4000 code points, model one of gpt-4o-mini, gpt-4.1-nano, gpt-4o', async () => {
    const port = await start({ ttlMs: 60000 });
    const question = 'How do I get a parking permit? hvcase-system-model-rule';
    await expectInvalid(port, [
      { body: { tenant: 'acme', question, system: 7 }, field: 'system' },
      { body: { tenant: 'acme', question, system: ['Be brief.'] }, field: 'system' },
      { body: { tenant: 'acme', question, system: '🦀'.repeat(4001) }, field: 'system' },
      { body: { tenant: 'acme', question, model: 'gpt-5' }, field: 'model' },
      { body: { tenant: 'acme', question, model: 'GPT-4o' }, field: 'model' },
      { body: { tenant: 'acme', question, model: '' }, field: 'model' },
      { body: { tenant: 'acme', question, model: 4 }, field: 'model' },
    ], 'hvcase-system-model-rule');
    expect((await ask(port, { tenant: 'acme', question, system: '🦀 '.repeat(2000), model: 'gpt-4.1-nano' })).status).toBe(200);
  });

  test('the first invalid field in the order body, tenant, question, system, model is named', async () => {
    const port = await start({ ttlMs: 60000 });
    await expectInvalid(port, [
      { body: { tenant: 'not valid', question: '', system: 1, model: 'x' }, field: 'tenant' },
      { body: { tenant: 'acme', question: '  ', system: 1, model: 'x' }, field: 'question' },
      { body: { tenant: 'acme', question: 'hvcase-field-order', system: 1, model: 'x' }, field: 'system' },
      { body: { tenant: 'acme', question: 'hvcase-field-order', system: 'ok', model: 'x' }, field: 'model' },
    ], 'hvcase-field-order');
  });

  test('other paths and methods are a 404 not_found', async () => {
    const port = await start({ ttlMs: 60000 });
    for (const [method, path] of [['GET', '/ask'], ['POST', '/stats?tenant=acme'], ['POST', '/asks'], ['GET', '/'], ['DELETE', '/ask']]) {
      const r = await call(port, path, { method, raw: method === 'GET' ? undefined : '{"tenant":"acme","question":"hvcase-404"}' });
      expect({ method, path, status: r.status, code: r.json?.error?.code }).toEqual({ method, path, status: 404, code: 'not_found' });
    }
    expect(anything('hvcase-404')).toHaveLength(0);
  });
});
