import { describe, test, expect, llm } from '@judge/test';
import { start, type StreamResult, chat, deltas, calls } from '../helpers/proxy';

function fields(r: StreamResult): string[] {
  expect(r.status).toBe(400);
  expect(r.contentType).toMatch(/^application\/json/);
  expect(r.json?.error?.code).toBe('invalid_request');
  expect(Array.isArray(r.json.error.details)).toBe(true);
  for (const d of r.json.error.details) expect(typeof d.message).toBe('string');
  return [...new Set<string>(r.json.error.details.map((d: { field: string }) => d.field))];
}

describe('validation', () => {
  test('a body that is not JSON or not an object is a 400 naming the body', async () => {
    const port = await start();
    for (const raw of ['{"messages": [', '', '[{"role":"user","content":"hvcase-body"}]', 'null', '"hvcase-body"']) {
      expect(fields(await chat(port, null, { raw }))).toEqual(['body']);
    }
    expect(calls('hvcase-body')).toHaveLength(0);
  }, { weight: 1 });

  test('messages must be an array of 1 to 32 messages', async () => {
    const marker = 'hvcase-count';
    llm.script([{ match: { messages: marker }, respond: { stream: ['ok'] } }]);
    const port = await start();
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `m${i} ${marker}` }));
    for (const messages of [undefined, null, {}, 'hello', [], many(33)]) {
      expect(fields(await chat(port, { messages }))).toEqual(['messages']);
    }
    expect(calls(marker)).toHaveLength(0);
    const ok = await chat(port, { messages: many(31) });
    expect(ok.status).toBe(200);
    expect(deltas(ok)).toEqual(['ok']);
    expect(calls(marker)).toHaveLength(1);
    expect((calls(marker)[0].body as { messages: unknown[] }).messages).toHaveLength(31);
  }, { weight: 1 });

  test('each message needs a known role and non-blank string content', async () => {
    const port = await start();
    const q = { role: 'user', content: 'hvcase-message-shape question' };
    const bad = [
      [{ role: 'user', content: '' }],
      [{ role: 'user', content: ' \n\t ' }],
      [{ role: 'user' }],
      [{ role: 'user', content: 42 }],
      [{ role: 'user', content: [{ type: 'text', text: 'hvcase-message-shape' }] }],
      [{ role: 'tool', content: 'hvcase-message-shape' }, q],
      [{ role: 'developer', content: 'hvcase-message-shape' }, q],
      [{ content: 'hvcase-message-shape' }, q],
      [{ role: 'USER', content: 'hvcase-message-shape' }],
      ['hvcase-message-shape', q],
      [null, q],
      [q, { role: 'assistant', content: 'fine' }, { role: 'system', content: '' }, q],
    ];
    for (const messages of bad) {
      const r = await chat(port, { messages });
      expect({ messages, fields: fields(r) }).toEqual({ messages, fields: ['messages'] });
    }
    expect(calls('hvcase-message-shape')).toHaveLength(0);
  }, { weight: 2 });

  test('the last message must come from the user', async () => {
    const port = await start();
    const q = { role: 'user', content: 'hvcase-last-role question' };
    for (const messages of [[q, { role: 'assistant', content: 'hvcase-last-role reply' }], [{ role: 'system', content: 'hvcase-last-role only system' }]]) {
      expect(fields(await chat(port, { messages }))).toEqual(['messages']);
    }
    expect(calls('hvcase-last-role')).toHaveLength(0);
  }, { weight: 1 });

  test('other paths and methods are a 404 not_found', async () => {
    const port = await start();
    const body = { messages: [{ role: 'user', content: 'hvcase-not-found' }] };
    for (const [method, path] of [['GET', '/chat/stream'], ['POST', '/chat'], ['POST', '/chat/stream/x'], ['PUT', '/chat/stream']]) {
      const r = await chat(port, body, { method, path });
      expect({ method, path, status: r.status, code: r.json?.error?.code }).toEqual({ method, path, status: 404, code: 'not_found' });
    }
    expect(calls('hvcase-not-found')).toHaveLength(0);
  }, { weight: 1 });
});
