import { describe, test, expect, llm } from '@judge/test';
import { start, type Reply, post, calls } from '../helpers/classify';

function fields(r: Reply): string[] {
  expect(r.status).toBe(400);
  expect(r.json?.error?.code).toBe('invalid_request');
  expect(Array.isArray(r.json.error.details)).toBe(true);
  for (const d of r.json.error.details) expect(typeof d.message).toBe('string');
  return r.json.error.details.map((d: { field: string }) => d.field).sort();
}

const LABELS = ['billing', 'shipping', 'technical'];

describe('validation', () => {
  test('a body that is not valid JSON is a 400 naming the body', async () => {
    const port = await start();
    expect(fields(await post(port, null, { raw: '{"text": "hvcase-badjson", "labels": [' }))).toEqual(['body']);
    expect(fields(await post(port, null, { raw: '' }))).toEqual(['body']);
    expect(fields(await post(port, null, { raw: "{'text': 'hvcase-badjson'}" }))).toEqual(['body']);
    expect(calls('hvcase-badjson')).toHaveLength(0);
  }, { weight: 1 });

  test('a JSON body that is not an object is a 400 naming the body', async () => {
    const port = await start();
    for (const raw of ['[]', 'null', '"hvcase-notobject"', '42', '["hvcase-notobject", "a", "b"]']) {
      expect(fields(await post(port, null, { raw }))).toEqual(['body']);
    }
    expect(calls('hvcase-notobject')).toHaveLength(0);
  }, { weight: 1 });

  test('empty, blank and non-string text are rejected', async () => {
    const port = await start();
    const labels = ['hvcase-blank-a', 'hvcase-blank-b'];
    for (const text of ['', '   ', ' \n\t\u00a0 ', 42, null, ['hello'], { text: 'hello' }]) {
      expect(fields(await post(port, { text, labels }))).toEqual(['text']);
    }
    expect(calls('hvcase-blank')).toHaveLength(0);
  }, { weight: 1 });

  test('text of exactly 2000 characters is accepted and 2001 is rejected', async () => {
    const marker = 'hvcase-length-limit';
    llm.script([{ match: { messages: marker }, respond: { json: { label: 'technical' } } }]);
    const port = await start();
    const ok = `${marker} ${'a'.repeat(2000 - marker.length - 1)}`;
    expect([...ok]).toHaveLength(2000);
    const accepted = await post(port, { text: ok, labels: LABELS });
    expect(accepted.status).toBe(200);
    expect(accepted.json.label).toBe('technical');
    expect(fields(await post(port, { text: `${ok}b`, labels: LABELS }))).toEqual(['text']);
    expect(calls(marker)).toHaveLength(1);
  }, { weight: 1 });

  test('text length counts code points: 2000 emoji are accepted, 2001 are not', async () => {
    const marker = 'hvcase-emoji-limit';
    llm.script([{ match: { messages: marker }, respond: { json: { label: 'billing' } } }]);
    const port = await start();
    const ok = `${marker}${'🦀'.repeat(2000 - marker.length)}`;
    expect(ok.length).toBeGreaterThan(3900);
    const accepted = await post(port, { text: ok, labels: LABELS });
    expect(accepted.status).toBe(200);
    expect(accepted.json.label).toBe('billing');
    expect(fields(await post(port, { text: `${ok}🦀`, labels: LABELS }))).toEqual(['text']);
    const sent = calls(marker);
    expect(sent).toHaveLength(1);
  }, { weight: 2 });

  test('labels must be an array of 2 to 10 strings', async () => {
    const marker = 'hvcase-label-count';
    llm.script([{ match: { messages: marker }, respond: { json: { label: 'l2' } } }]);
    const port = await start();
    const text = `Please help (${marker})`;
    const eleven = Array.from({ length: 11 }, (_, i) => `l${i}`);
    for (const labels of [undefined, null, 'billing,shipping', [], ['billing'], eleven, ['billing', 3], ['billing', null], ['billing', ['shipping']]]) {
      expect(fields(await post(port, { text, labels }))).toEqual(['labels']);
    }
    expect(calls(marker)).toHaveLength(0);
    const two = await post(port, { text, labels: ['l1', 'l2'] });
    expect(two.status).toBe(200);
    expect(two.json.label).toBe('l2');
    const ten = await post(port, { text, labels: eleven.slice(0, 10) });
    expect(ten.status).toBe(200);
    expect(ten.json.label).toBe('l2');
    expect(calls(marker)).toHaveLength(2);
  }, { weight: 2 });

  test('blank labels and labels equal after trim and lowercase are rejected', async () => {
    const port = await start();
    const text = 'Need a refund (hvcase-dup-labels)';
    for (const labels of [['billing', ''], ['billing', '   '], ['Sales', ' sales '], ['x', 'y', 'X'], ['billing', 'billing']]) {
      expect(fields(await post(port, { text, labels }))).toEqual(['labels']);
    }
    expect(calls('hvcase-dup-labels')).toHaveLength(0);
  }, { weight: 2 });

  test('every invalid field is listed in details', async () => {
    const port = await start();
    expect(fields(await post(port, { text: '', labels: ['hvcase-all-fields'] }))).toEqual(['labels', 'text']);
    expect(fields(await post(port, { text: 7 }))).toEqual(['labels', 'text']);
    expect(fields(await post(port, {}))).toEqual(['labels', 'text']);
    expect(calls('hvcase-all-fields')).toHaveLength(0);
  }, { weight: 1 });

  test('other paths and methods are a 404 not_found', async () => {
    const port = await start();
    const body = { text: 'hvcase-not-found', labels: LABELS };
    for (const [method, path] of [['GET', '/classify'], ['POST', '/classify/now'], ['POST', '/'], ['PUT', '/classify']]) {
      const r = await post(port, body, { method, path });
      expect(r.status).toBe(404);
      expect(r.json?.error?.code).toBe('not_found');
    }
    expect(calls('hvcase-not-found')).toHaveLength(0);
  }, { weight: 1 });
});
