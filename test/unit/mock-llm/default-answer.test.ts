import { REFUSAL, defaultAnswer, findPassages } from '../../../sandbox/mock-llm';
import { sampleFromSchema } from '../../../sandbox/mock-llm/schema-sample';

const user = (content: string) => ({ role: 'user', content });

describe('passages', () => {
  it('start at [id] lines and end at a blank line or the next marker', () => {
    const text = 'Context:\n[a.md#0] First line\ncontinues here.\n[b#1] Second.\n\nQuestion: what?';
    expect(findPassages([user(text)])).toEqual([
      { id: 'a.md#0', text: 'First line continues here.' },
      { id: 'b#1', text: 'Second.' },
    ]);
  });

  it('ignore assistant messages and read text parts', () => {
    const messages = [
      { role: 'assistant', content: '[old] Not a passage.' },
      { role: 'tool', content: [{ type: 'text', text: '[t1] From a tool.' }] },
    ];
    expect(findPassages(messages).map((p) => p.id)).toEqual(['t1']);
  });
});

describe('defaultAnswer', () => {
  const ctx = '[p1] Alpha beta gamma. Delta epsilon.\n[p2] Gamma rays are dangerous.\n[p3] Nothing related.\n';

  it('cites every passage tied for the best overlap, quoting its best sentence', () => {
    expect(defaultAnswer([user(`${ctx}\nTell me about gamma`)])).toEqual({
      text: 'Alpha beta gamma. [p1] Gamma rays are dangerous. [p2]',
      citations: ['p1', 'p2'],
      kind: 'answer',
    });
    expect(defaultAnswer([user(`${ctx}\nWhat about delta and gamma?`)]).citations).toEqual(['p1']);
  });

  it('refuses when only stopwords overlap', () => {
    expect(defaultAnswer([{ role: 'system', content: ctx }, user('What is the answer?')])).toEqual({ text: REFUSAL, citations: [], kind: 'refusal' });
  });

  it('echoes when there are no passages', () => {
    expect(defaultAnswer([user('  hi \n there ')]).text).toBe('Mock reply: hi there');
    expect(defaultAnswer([{ role: 'system', content: 'x' }]).text).toBe('Mock reply.');
  });

  it('is case- and width-insensitive (NFKC, lowercase)', () => {
    expect(defaultAnswer([user('[d] The ＡＰＩ key rotates daily.\n\nhow often does the api key rotate?')]).citations).toEqual(['d']);
  });
});

describe('sampleFromSchema', () => {
  it('fills required properties with typed placeholders', () => {
    const schema = {
      type: 'object',
      $defs: { Item: { type: 'object', properties: { n: { type: 'integer', minimum: 3 } }, required: ['n'] } },
      properties: {
        s: { type: 'string', minLength: 2 },
        when: { type: 'string', format: 'date-time' },
        maybe: { type: ['null', 'boolean'] },
        items: { type: 'array', items: { $ref: '#/$defs/Item' }, minItems: 1 },
        pick: { anyOf: [{ const: 'x' }, { type: 'number' }] },
        skip: { type: 'string' },
      },
      required: ['s', 'when', 'maybe', 'items', 'pick'],
    };
    expect(sampleFromSchema(schema)).toEqual({ s: 'xx', when: '1970-01-01T00:00:00Z', maybe: false, items: [{ n: 3 }], pick: 'x' });
  });
});
