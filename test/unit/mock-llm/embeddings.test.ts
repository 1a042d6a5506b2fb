import fc from 'fast-check';
import OpenAI from 'openai';
import { cosine, embedText, startMockLlm, type MockLlm } from '../../../sandbox/mock-llm';

let mock: MockLlm;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockLlm({ host: '127.0.0.1', port: 0 });
  client = new OpenAI({ baseURL: mock.baseUrl, apiKey: 'test-key', maxRetries: 0 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const MODEL = 'text-embedding-3-small';

describe('embeddings endpoint', () => {
  it('gives the same vectors by default (base64 on the wire) as with encoding_format float', async () => {
    const input = ['The quick brown fox', 'jumps over the lazy dog', ''];
    const byDefault = await client.embeddings.create({ model: MODEL, input });
    const asFloat = await client.embeddings.create({ model: MODEL, input, encoding_format: 'float' });
    expect(mock.journal().map((e) => (e.body as { encoding_format: string }).encoding_format)).toEqual(['base64', 'float']);
    expect(byDefault.data).toHaveLength(3);
    byDefault.data.forEach((d, i) => {
      expect(d.index).toBe(i);
      expect(d.embedding).toHaveLength(1536);
      expect(Array.from(d.embedding)).toEqual(asFloat.data[i].embedding);
    });
    expect(asFloat.data[2].embedding.filter((v) => v !== 0)).toEqual([]);
    expect(byDefault.usage.prompt_tokens).toBeGreaterThan(0);
    expect(byDefault.usage.total_tokens).toBe(byDefault.usage.prompt_tokens);
  });

  it('honours dimensions and is L2-normalised', async () => {
    const res = await client.embeddings.create({ model: MODEL, input: 'hello world', dimensions: 64 });
    const v = Array.from(res.data[0].embedding);
    expect(v).toHaveLength(64);
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    const large = await client.embeddings.create({ model: 'text-embedding-3-large', input: 'hello' });
    expect(large.data[0].embedding).toHaveLength(3072);
  });

  it('embeds token-array input (cl100k_base ids, as langchain-openai sends) as its text', async () => {
    const hello = [15339, 1917]; // "hello world"
    const one = await client.embeddings.create({ model: MODEL, input: hello, dimensions: 32, encoding_format: 'float' });
    const many = await client.embeddings.create({ model: MODEL, input: [hello, [15339]], dimensions: 32, encoding_format: 'float' });
    expect(one.data[0].embedding).toEqual(Array.from(embedText('hello world', 32)));
    expect(many.data.map((d) => d.embedding)).toEqual([Array.from(embedText('hello world', 32)), Array.from(embedText('hello', 32))]);
    expect([one.usage.prompt_tokens, many.usage.prompt_tokens]).toEqual([2, 3]);
  });

  it('rejects unknown token ids, mixed input and bad dimensions with 400', async () => {
    await expect(client.embeddings.create({ model: MODEL, input: [[1, 2, 999_999]] })).rejects.toMatchObject({ status: 400, param: 'input' });
    await expect(client.embeddings.create({ model: MODEL, input: ['a', [1, 2]] as never })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(client.embeddings.create({ model: MODEL, input: 'x', dimensions: 0 })).rejects.toMatchObject({ status: 400, param: 'dimensions' });
  });

  it('returns a scripted embedding for every input', async () => {
    mock.setScripts([{ match: { path: '/v1/embeddings' }, respond: { embedding: [0.5, -0.25, 1] } }]);
    const res = await client.embeddings.create({ model: MODEL, input: ['a', 'b'], encoding_format: 'float' });
    expect(res.data.map((d) => d.embedding)).toEqual([[0.5, -0.25, 1], [0.5, -0.25, 1]]);
  });

  it('is deterministic over HTTP (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (text) => {
        const a = await client.embeddings.create({ model: MODEL, input: text, dimensions: 128 });
        const b = await client.embeddings.create({ model: MODEL, input: text, dimensions: 128, encoding_format: 'float' });
        expect(Array.from(a.data[0].embedding)).toEqual(b.data[0].embedding);
        expect(Array.from(a.data[0].embedding)).toEqual(Array.from(embedText(text, 128)));
      }),
      { numRuns: 30, seed: 20261128 },
    );
  });
});

describe('embedding properties', () => {
  const word = fc.stringMatching(/^[a-z]{3,8}$/);

  it('same text gives the same unit (or zero) vector (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const a = embedText(text);
        expect(Array.from(embedText(text))).toEqual(Array.from(a));
        const norm = Math.hypot(...a);
        expect(norm === 0 ? 0 : Math.abs(norm - 1)).toBeLessThan(1e-5); // a unit vector, or the zero vector
      }),
      { numRuns: 100, seed: 20261128 },
    );
  });

  it('texts sharing at least half of the words are closer than texts sharing none (property)', () => {
    const triple = fc
      .uniqueArray(word, { minLength: 12, maxLength: 12 })
      .chain((pool) =>
        fc.record({
          a: fc.integer({ min: 2, max: 5 }),
          shared: fc.integer({ min: 0, max: 5 }),
          extraB: fc.integer({ min: 0, max: 3 }),
          c: fc.integer({ min: 1, max: 4 }),
          order: fc.shuffledSubarray(pool, { minLength: 12, maxLength: 12 }),
        }),
      );
    fc.assert(
      fc.property(triple, ({ a, shared, extraB, c, order }) => {
        const A = order.slice(0, a);
        const keep = Math.min(a, Math.max(Math.ceil(a / 2), shared));
        const B = [...order.slice(a, a + extraB), ...A.slice(0, keep)].reverse();
        const C = order.slice(8, 8 + c);
        const [va, vb, vc] = [A, B, C].map((ws) => embedText(ws.join(' ')));
        expect(cosine(va, vb)).toBeGreaterThan(cosine(va, vc));
      }),
      { numRuns: 100, seed: 20261128 },
    );
  });

  it('ranks the passage sharing a rare code first', () => {
    const docs = ['Error ERR-4012 means the token expired.', 'The cat sat on the mat.', 'Billing runs monthly on the first day.'];
    const q = embedText('what does ERR-4012 mean');
    const scores = docs.map((d) => cosine(q, embedText(d)));
    expect(scores.indexOf(Math.max(...scores))).toBe(0);
  });
});
