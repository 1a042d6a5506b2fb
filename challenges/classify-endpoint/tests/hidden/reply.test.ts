import { describe, test, expect, llm } from '@judge/test';
import { start, post, calls } from '../helpers/classify';

describe('model reply', () => {
  test('the label is matched case-insensitively after trimming and returned as spelled in the request', async () => {
    const marker = 'hvcase-label-case';
    llm.script([
      { match: { messages: `${marker}-one` }, respond: { json: { label: ' tech support ' } } },
      { match: { messages: `${marker}-two` }, respond: { json: { label: 'BILLING' } } },
    ]);
    const port = await start();
    const labels = ['Billing', 'Tech Support', 'shipping '];
    const one = await post(port, { text: `The app crashes (${marker}-one)`, labels });
    expect(one.status).toBe(200);
    expect(one.json.label).toBe('Tech Support');
    const two = await post(port, { text: `Invoice is wrong (${marker}-two)`, labels });
    expect(two.status).toBe(200);
    expect(two.json.label).toBe('Billing');
    expect(calls(marker)).toHaveLength(2);
  }, { weight: 2 });

  test('a reply that is not JSON is a 502 and is not retried', async () => {
    const marker = 'hvcase-not-json';
    llm.script([
      { match: { messages: `${marker}-plain` }, respond: { reply: 'billing' } },
      { match: { messages: `${marker}-fenced` }, respond: { reply: '```json\n{"label": "billing"}\n```' } },
    ]);
    const port = await start();
    for (const which of ['plain', 'fenced']) {
      const r = await post(port, { text: `Charged twice (${marker}-${which})`, labels: ['billing', 'shipping'] });
      expect(r.status).toBe(502);
      expect(r.json?.error?.code).toBe('bad_upstream_output');
      expect(calls(`${marker}-${which}`)).toHaveLength(1);
    }
  }, { weight: 2 });

  test('a JSON reply without a string label is a 502', async () => {
    const marker = 'hvcase-no-label';
    const replies: unknown[] = [{ category: 'billing' }, { label: 3 }, { label: null }, ['billing'], 'billing', null, { label: ['billing'] }];
    llm.script(replies.map((json, i) => ({ match: { messages: `${marker}-${i}x` }, respond: { json } })));
    const port = await start();
    for (let i = 0; i < replies.length; i++) {
      const r = await post(port, { text: `Charged twice (${marker}-${i}x)`, labels: ['billing', 'shipping'] });
      expect({ reply: replies[i], status: r.status, code: r.json?.error?.code }).toEqual({ reply: replies[i], status: 502, code: 'bad_upstream_output' });
    }
    expect(calls(marker)).toHaveLength(replies.length);
  }, { weight: 1 });

  test('a label that is only close to an allowed one is a 502', async () => {
    const marker = 'hvcase-near-label';
    const replies = ['bill', 'billing shipping', 'billing.', 'shipp ing', ''];
    llm.script(replies.map((label, i) => ({ match: { messages: `${marker}-${i}x` }, respond: { json: { label } } })));
    const port = await start();
    for (let i = 0; i < replies.length; i++) {
      const r = await post(port, { text: `Charged twice (${marker}-${i}x)`, labels: ['billing', 'shipping'] });
      expect({ label: replies[i], status: r.status, code: r.json?.error?.code }).toEqual({ label: replies[i], status: 502, code: 'bad_upstream_output' });
    }
  }, { weight: 2 });
});
