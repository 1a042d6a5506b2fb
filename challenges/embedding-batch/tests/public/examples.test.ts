import { describe, test, expect, solution, llm } from '@judge/test';

type Vector = number[];
type DocResult = { id: string; vector?: Vector; error?: Record<string, unknown> };
type EmbedResult = {
  results: DocResult[];
  checkpoint: { entries: { text: string; vector: Vector }[] };
  stats: { embedded: number; reused: number; failed: number; requests: number };
};
type Api = { embedAll(docs: { id: string; text: string }[], options?: Record<string, unknown>): EmbedResult };
const { embedAll } = solution<Api>();

const EMBEDDINGS = '/v1/embeddings';

const DOCS = [
  { id: 'a', text: 'Refunds are paid within 14 days.' },
  { id: 'b', text: 'Parcels ship from Rotterdam.' },
  { id: 'c', text: 'Refunds are paid within 14 days.' },
  { id: 'd', text: '' },
  { id: 'e', text: 'Our support team answers every email within one working day, weekends and holidays included.' },
  { id: 'f', text: 'Gift cards never expire.' },
  { id: 'g', text: 'Returns are free for members.' },
];
const text = (id: string) => DOCS.find((d) => d.id === id)!.text;
const OPTIONS = { maxBatchSize: 2, maxBatchTokens: 15, concurrency: 2 };

/** The embeddings requests of this test whose inputs hold one of these texts. */
function requests(texts: string[]) {
  return llm
    .journal()
    .filter((e) => e.path === EMBEDDINGS)
    .filter((e) => ((e.body as { input?: unknown })?.input as string[] | undefined)?.some?.((t) => texts.includes(t)));
}
const inputsOf = (e: { body: unknown }) => (e.body as { input: string[] }).input;
/** Concurrent requests may arrive in any order: sort the batches by the position of their first text. */
const order = (batches: string[][]) => {
  const position = (t: string) => DOCS.findIndex((d) => d.text === t);
  return [...batches].sort((x, y) => position(x[0]) - position(y[0]));
};

/** Vectors are compared with the mock's own (float32) values, to 1e-6. */
function expectVector(got: unknown, want: Vector) {
  expect(Array.isArray(got)).toBe(true);
  const v = got as Vector;
  expect(v).toHaveLength(want.length);
  const worst = Math.max(...v.map((x, i) => Math.abs(x - want[i])));
  expect(worst).toBeLessThan(1e-6);
}

describe('examples', () => {
  test('the statement example: batches, duplicates, empty and oversized documents', async () => {
    const out = await embedAll(DOCS, OPTIONS);
    const sent = requests(DOCS.map((d) => d.text));
    expect(order(sent.map(inputsOf))).toEqual([[text('a')], [text('b'), text('f')], [text('g')]]);
    for (const e of sent) {
      expect(e.body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 64 });
    }
    expect(out.results.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    for (const id of ['a', 'b', 'c', 'f', 'g']) {
      const r = out.results.find((x) => x.id === id)!;
      expect(Object.keys(r).sort()).toEqual(['id', 'vector']);
      expectVector(r.vector, llm.embed(text(id), 64));
    }
    expect(out.results[3]).toEqual({ id: 'd', error: { code: 'empty_text' } });
    expect(out.results[4]).toEqual({ id: 'e', error: { code: 'too_many_tokens', tokens: 16 } });
    expect(out.stats).toEqual({ embedded: 4, reused: 1, failed: 2, requests: 3 });
    expect(out.checkpoint.entries.map((e) => e.text).sort()).toEqual([text('a'), text('b'), text('f'), text('g')].sort());
  }, { timeoutMs: 10000 });

  test('the statement example: a batch that keeps failing, then a resume from the checkpoint', async () => {
    llm.script([{ match: { path: EMBEDDINGS, messages: 'Parcels ship' }, respond: { status: 503, retryAfterMs: 20 } }]);
    const first = await embedAll(DOCS, OPTIONS);
    const failed = { code: 'request_failed', status: 503, attempts: 3 };
    expect(first.results.find((r) => r.id === 'b')).toEqual({ id: 'b', error: failed });
    expect(first.results.find((r) => r.id === 'f')).toEqual({ id: 'f', error: failed });
    expect(first.stats).toEqual({ embedded: 2, reused: 1, failed: 4, requests: 5 });
    expect(first.checkpoint.entries.map((e) => e.text).sort()).toEqual([text('a'), text('g')].sort());
    expect(requests([text('b')]).map((e) => e.status)).toEqual([503, 503, 503]);

    llm.script([]);
    const before = requests(DOCS.map((d) => d.text)).length;
    const second = await embedAll(DOCS, { ...OPTIONS, checkpoint: first.checkpoint });
    const sent = requests(DOCS.map((d) => d.text)).slice(before);
    expect(sent.map(inputsOf)).toEqual([[text('b'), text('f')]]);
    expect(second.stats).toEqual({ embedded: 2, reused: 3, failed: 2, requests: 1 });
    for (const id of ['a', 'b', 'c', 'f', 'g']) {
      expectVector(second.results.find((x) => x.id === id)!.vector, llm.embed(text(id), 64));
    }
    expect(second.checkpoint.entries.map((e) => e.text).sort()).toEqual(
      [text('a'), text('b'), text('f'), text('g')].sort(),
    );
  }, { timeoutMs: 5000 });
});
