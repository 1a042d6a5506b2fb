import { describe, test, expect, llm } from '@judge/test';
import { start, agent, chats, sentMessages, turn, lastToolResults, CORPUS, SYSTEM, TOOLS } from '../helpers/agent';

describe('conversation', () => {
  test('every call of a three-turn request sends the model, the exact tools and no stream', async () => {
    const marker = 'hvcase-every-call-tools';
    llm.script([
      turn(marker, { toolCalls: [{ id: 'c1', name: 'search', arguments: { query: 'Oslo' } }] }),
      turn(marker, { toolCalls: [{ id: 'c2', name: 'calculator', arguments: { expression: '120+80' } }] }),
      turn(marker, { reply: '200 people.' }),
    ]);
    const port = await start({ corpus: CORPUS });
    expect((await agent(port, { question: `How many staff in total? ${marker}` })).json).toEqual({ answer: '200 people.', steps: 3 });
    const calls = chats(marker);
    expect(calls).toHaveLength(3);
    for (const c of calls) {
      const body = c.body as any;
      expect(body.model).toBe('gpt-4o-mini');
      expect(body.tools).toEqual(TOOLS);
      expect(c.stream).toBe(false);
      const extra = Object.keys(body).filter(
        (k) => !['model', 'messages', 'tools', 'tool_choice', 'parallel_tool_calls', 'temperature', 'stream'].includes(k),
      );
      expect(extra).toEqual([]);
      if (body.tool_choice !== undefined) expect(body.tool_choice).toBe('auto');
    }
  }, { weight: 2 });

  test('each call repeats the previous messages, then the assistant message, then its tool messages', async () => {
    const marker = 'hvcase-history';
    const question = `Share of Oslo staff? ${marker}`;
    llm.script([
      turn(marker, { toolCalls: [{ id: 'h1', name: 'search', arguments: { query: 'Oslo' } }] }),
      turn(marker, {
        toolCalls: [
          { id: 'h2', name: 'calculator', arguments: { expression: '80/200' } },
          { id: 'h3', name: 'search', arguments: { query: 'headquarters' } },
        ],
      }),
      turn(marker, { reply: '40%.' }),
    ]);
    const port = await start({ corpus: CORPUS });
    expect((await agent(port, { question })).json).toEqual({ answer: '40%.', steps: 3 });
    const [m1, m2, m3] = sentMessages(marker);
    expect(m1).toEqual([
      { role: 'system', content: SYSTEM },
      { role: 'user', content: question },
    ]);
    expect(m2.slice(0, 2)).toEqual(m1);
    expect(m2).toHaveLength(4);
    expect(m2[2].role).toBe('assistant');
    expect(m2[2].content ?? null).toBeNull();
    expect(m2[2].tool_calls).toEqual([{ id: 'h1', type: 'function', function: { name: 'search', arguments: '{"query":"Oslo"}' } }]);
    expect(m3.slice(0, 4)).toEqual(m2);
    expect(m3).toHaveLength(7);
    expect(m3[4].tool_calls).toEqual([
      { id: 'h2', type: 'function', function: { name: 'calculator', arguments: '{"expression":"80/200"}' } },
      { id: 'h3', type: 'function', function: { name: 'search', arguments: '{"query":"headquarters"}' } },
    ]);
    expect(m3.slice(5).map((m: any) => ({ role: m.role, tool_call_id: m.tool_call_id }))).toEqual([
      { role: 'tool', tool_call_id: 'h2' },
      { role: 'tool', tool_call_id: 'h3' },
    ]);
    const results = lastToolResults(m3);
    expect(results[0].content.result).toBeCloseTo(0.4, 9);
    expect(results[1].content).toEqual({ results: [CORPUS[0]] });
  }, { weight: 3 });

  test('text sent with tool calls is not the answer: it goes back in the assistant message, arguments verbatim', async () => {
    const marker = 'hvcase-text-with-tools';
    const raw = '{ "query" :  "Oslo" }';
    llm.script([
      turn(marker, { reply: 'Let me look that up.', toolCalls: [{ id: 't1', name: 'search', arguments: raw }] }),
      turn(marker, { reply: '80 people work in Oslo.' }),
    ]);
    const port = await start({ corpus: CORPUS });
    expect((await agent(port, { question: `Who is in Oslo? ${marker}` })).json).toEqual({ answer: '80 people work in Oslo.', steps: 2 });
    const m2 = sentMessages(marker)[1];
    expect(m2[2]).toMatchObject({ role: 'assistant', content: 'Let me look that up.' });
    // The arguments go back exactly as the model sent them, spacing included.
    expect(m2[2].tool_calls).toEqual([{ id: 't1', type: 'function', function: { name: 'search', arguments: raw } }]);
    expect(lastToolResults(m2)[0].content).toEqual({ results: [CORPUS[1]] });
  });
});
