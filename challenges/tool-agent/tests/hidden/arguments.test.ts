import { describe, test, expect } from '@judge/test';
import { toolResults, expectResult, CORPUS } from '../helpers/agent';

const INVALID = { error: 'invalid arguments' };

describe('tool call arguments', () => {
  test('arguments that are not a JSON object are invalid arguments', async () => {
    const raws = ['{"expression": "1+', 'not json', '[1, 2]', '42', '"2+2"', 'null', ''];
    const results = await toolResults(
      'hvcase-args-not-object',
      raws.map((raw, i) => ({ id: `n-${i}`, name: 'calculator', arguments: raw })),
    );
    expect(results.map((r) => r.id)).toEqual(raws.map((_, i) => `n-${i}`));
    expect(results.map((r) => r.content)).toEqual(raws.map(() => INVALID));
  }, { weight: 2 });

  test('a missing, wrongly typed, empty or extra property is invalid arguments', async () => {
    const results = await toolResults('hvcase-args-schema', [
      { id: 'm-0', name: 'calculator', arguments: {} },
      { id: 'm-1', name: 'calculator', arguments: { expression: 12 } },
      { id: 'm-2', name: 'calculator', arguments: { expression: ['1+1'] } },
      { id: 'm-3', name: 'search', arguments: { query: '' } },
      { id: 'm-4', name: 'search', arguments: { query: 'Oslo', limit: 5 } },
      { id: 'm-5', name: 'search', arguments: { expression: 'Oslo' } },
      { id: 'm-6', name: 'calculator', arguments: { query: '1+1' } },
      { id: 'm-7', name: 'search', arguments: { query: null } },
    ]);
    expect(results.map((r) => r.content)).toEqual(results.map(() => INVALID));
  }, { weight: 2 });

  test('a tool the agent does not have is an unknown tool; valid calls beside bad ones still run', async () => {
    const results = await toolResults('hvcase-args-unknown-tool', [
      { id: 'k-0', name: 'shell', arguments: { command: 'rm -rf /' } },
      { id: 'k-1', name: 'Search', arguments: { query: 'Oslo' } },
      { id: 'k-2', name: 'toString', arguments: 'not json' },
      { id: 'k-3', name: '__proto__', arguments: {} },
      { id: 'k-4', name: 'calculator', arguments: '{"expression":' },
      { id: 'k-5', name: 'calculator', arguments: { expression: '2+2' } },
      { id: 'k-6', name: 'search', arguments: { query: 'Oslo', extra: true } },
      { id: 'k-7', name: 'search', arguments: { query: 'Oslo' } },
    ]);
    expect(results.map((r) => r.id)).toEqual(['k-0', 'k-1', 'k-2', 'k-3', 'k-4', 'k-5', 'k-6', 'k-7']);
    expect(results.slice(0, 4).map((r) => r.content)).toEqual(results.slice(0, 4).map(() => ({ error: 'unknown tool' })));
    expect(results[4].content).toEqual(INVALID);
    expectResult(results[5].content, 4);
    expect(results[6].content).toEqual(INVALID);
    expect(results[7].content).toEqual({ results: [CORPUS[1]] });
  }, { weight: 2 });
});
