import { describe, test, expect, llm } from '@judge/test';
import { start, agent, call, chats, sentMessages, turn, lastToolResults, expectResult, CORPUS, type Doc } from '../helpers/agent';

const INVALID = { status: 400, json: { error: { code: 'invalid_request' } } };

describe('http', () => {
  test('other paths and methods are 404 not_found', async () => {
    const port = await start({ corpus: CORPUS });
    for (const [method, path] of [
      ['GET', '/agent'],
      ['POST', '/agents'],
      ['POST', '/'],
      ['PUT', '/agent'],
    ]) {
      const r = await call(port, path, { method, body: { question: 'hvcase-404' } });
      expect({ method, path, status: r.status, json: r.json }).toEqual({ method, path, status: 404, json: { error: { code: 'not_found' } } });
    }
    expect(llm.journal().filter((e) => JSON.stringify(e.body).includes('hvcase-404'))).toHaveLength(0);
  });

  test('invalid bodies are 400 invalid_request and nothing is sent to the model', async () => {
    const port = await start({ corpus: CORPUS });
    const marker = 'hvcase-invalid-bodies';
    const raws = [
      `{"question": "${marker}"`,
      `["${marker}"]`,
      'null',
      `"${marker}"`,
      JSON.stringify({ question: 42, marker }),
      JSON.stringify({ question: ' \n\t ', marker }),
      JSON.stringify({ question: '', marker }),
      JSON.stringify({ question: `ok ${marker}`, stream: 1 }),
      JSON.stringify({ question: [marker] }),
    ];
    for (const raw of raws) {
      const r = await call(port, '/agent', { raw });
      expect({ raw, status: r.status, json: r.json }).toEqual({ raw, ...INVALID });
    }
    expect(llm.journal().filter((e) => JSON.stringify(e.body).includes(marker))).toHaveLength(0);
  }, { weight: 2 });

  test('a unicode question of 4000 code points is accepted and sent as received, 4001 is refused', async () => {
    const marker = 'hvcase-long-question';
    llm.script([turn(marker, { reply: 'Crabs.' })]);
    const port = await start({ corpus: CORPUS });
    const prefix = `  Cafe\u0301 «Zürich» ＡＢＣ ${marker}\n`;
    const ok = prefix + '🦀'.repeat(4000 - [...prefix].length);
    const tooLong = `${ok}🦀`;
    expect({ status: (await agent(port, { question: tooLong })).status }).toEqual({ status: 400 });
    expect((await agent(port, { question: ok })).json).toEqual({ answer: 'Crabs.', steps: 1 });
    expect(chats(marker)).toHaveLength(1);
    // Sent exactly as received: not trimmed, not normalised.
    expect(sentMessages(marker)[0][1]).toEqual({ role: 'user', content: ok });
  });

  test('concurrent requests keep their own conversations and call ids', async () => {
    const a = 'hvcase-concurrent-a';
    const b = 'hvcase-concurrent-b';
    llm.script([
      turn(a, { toolCalls: [{ id: 'call_1', name: 'calculator', arguments: { expression: '2+2' } }], delayMs: 100 }),
      turn(b, { toolCalls: [{ id: 'call_1', name: 'calculator', arguments: { expression: '3*3' } }], delayMs: 100 }),
      turn(a, { reply: 'A done.', delayMs: 100 }),
      turn(b, { reply: 'B done.', delayMs: 100 }),
    ]);
    const port = await start({ corpus: CORPUS });
    const [ra, rb] = await Promise.all([agent(port, { question: `First ${a}` }), agent(port, { question: `Second ${b}` })]);
    expect([ra.json, rb.json]).toEqual([
      { answer: 'A done.', steps: 2 },
      { answer: 'B done.', steps: 2 },
    ]);
    expectResult(lastToolResults(sentMessages(a)[1])[0].content, 4);
    expectResult(lastToolResults(sentMessages(b)[1])[0].content, 9);
  }, { weight: 2 });

  test('each server searches its own corpus; stream false or null answers plain JSON', async () => {
    const marker = 'hvcase-two-servers';
    const one: Doc[] = [{ id: 'one', text: 'Penguins live in Antarctica.' }];
    const two: Doc[] = [{ id: 'two', text: 'Penguins also live in South Africa.' }];
    llm.script([
      turn(`${marker}-1`, { toolCalls: [{ id: 'p1', name: 'search', arguments: { query: 'penguins' } }] }),
      turn(`${marker}-1`, { reply: 'One.' }),
      turn(`${marker}-2`, { toolCalls: [{ id: 'p2', name: 'search', arguments: { query: 'penguins' } }] }),
      turn(`${marker}-2`, { reply: 'Two.' }),
    ]);
    const [p1, p2] = [await start({ corpus: one }), await start({ corpus: two })];
    expect(await agent(p1, { question: `Penguins? ${marker}-1`, stream: false })).toMatchObject({ status: 200, json: { answer: 'One.', steps: 2 } });
    expect(await agent(p2, { question: `Penguins? ${marker}-2`, stream: null })).toMatchObject({ status: 200, json: { answer: 'Two.', steps: 2 } });
    expect(chats(marker).map((e) => e.stream)).toEqual([false, false, false, false]);
    expect(lastToolResults(sentMessages(`${marker}-1`)[1])[0].content).toEqual({ results: one });
    expect(lastToolResults(sentMessages(`${marker}-2`)[1])[0].content).toEqual({ results: two });
  });
});
