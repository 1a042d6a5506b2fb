import { describe, test, expect, solution, llm } from '@judge/test';
import { countTokens } from 'gpt-tokenizer';

type SourceDocument = { id: string; text: string };
type AnswerOptions = { topK?: number; minScore?: number; maxContextTokens?: number };
type GroundedAnswer = { answer: string; citations: string[] };
type Api = { answer(question: string, documents: SourceDocument[], options?: AnswerOptions): GroundedAnswer };

const { answer } = solution<Api>();


// ---- oracle: the statement's pipeline, computed with the mock's exact vectors ----
type Chunk = { id: string; text: string };
type Ranked = Chunk & { score: number; line: string; cost: number };
const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

function chunksOf(documents: SourceDocument[]): Chunk[] {
  return documents.flatMap((d) =>
    d.text.split(/\n\s*\n/).map(collapse).filter((t) => t !== '').map((text, n) => ({ id: `${d.id}#${n}`, text })),
  );
}

const vectors = new Map<string, number[]>();
function embed(text: string): number[] {
  let v = vectors.get(text);
  if (!v) vectors.set(text, (v = llm.embed(text)));
  return v;
}

/** Every chunk, best first (ties by id as plain strings), with its passage line and token cost. */
function ranked(question: string, documents: SourceDocument[]): Ranked[] {
  const q = embed(collapse(question));
  return chunksOf(documents)
    .map((c) => {
      const line = `[${c.id}] ${c.text}`;
      return { ...c, score: llm.cosine(q, embed(c.text)), line, cost: countTokens(line) };
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The passages the statement says to send (empty means refusal). */
function expectedPassages(question: string, documents: SourceDocument[], options: AnswerOptions = {}): Ranked[] {
  const { topK = 4, minScore = 0.2, maxContextTokens = 1000 } = options;
  const kept = ranked(question, documents).filter((c) => c.score >= minScore).slice(0, topK);
  const out: Ranked[] = [];
  let used = 0;
  for (const c of kept) {
    if (used + c.cost > maxContextTokens) break;
    used += c.cost;
    out.push(c);
  }
  return out;
}

const userMessage = (question: string, passages: Ranked[]): string =>
  `Passages:\n${passages.map((p) => p.line).join('\n')}\n\nQuestion: ${collapse(question)}`;

// ---- journal helpers ----
type Message = { role: string; content: unknown };
type Entry = ReturnType<typeof llm.journal>[number];
const chatRequests = (): Entry[] => llm.journal().filter((e) => e.path === '/v1/chat/completions');
const embeddingRequests = (): Entry[] => llm.journal().filter((e) => e.path === '/v1/embeddings');
const messagesOf = (entry: Entry): Message[] => (entry.body as { messages: Message[] }).messages;
const userOf = (entry: Entry): unknown => messagesOf(entry).find((m) => m.role === 'user')?.content;
const inputsOf = (entry: Entry): string[] => {
  const input = (entry.body as { input: string | string[] }).input;
  return Array.isArray(input) ? input : [input];
};

const TOPICS = ['refunds', 'invoices', 'parcels', 'passwords', 'backups', 'webhooks', 'exports', 'outages', 'coupons', 'audits'];

/** 4 documents x 10 paragraphs = 40 distinct chunks. */
function bigCorpus(): SourceDocument[] {
  return ['alpha.md', 'beta.md', 'gamma.md', 'delta.md'].map((id, d) => ({
    id,
    text: TOPICS.map((topic, p) => `Note ${d * 10 + p}: ${topic} are reviewed by team ${id.replace('.md', '')} every ${p + 1} days.`).join('\n\n'),
  }));
}

const KB: SourceDocument[] = [
  { id: 'refunds.md', text: 'Refunds are paid within 14 days.\n\nRefunds for annual plans are available within thirty days of purchase.' },
  { id: 'shipping.md', text: 'Parcels ship from Rotterdam every weekday.' },
];
const Q = 'How many days until refunds are paid?';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('embeddings', () => {
  test('at most 16 inputs per request, every text once, in as few requests as allowed', async () => {
    const docs = bigCorpus();
    const q = 'How often are refunds reviewed by team gamma?';
    await answer(q, docs);
    const requests = embeddingRequests();
    expect(requests.every((e) => e.status === 200)).toBe(true);
    const sizes = requests.map((e) => inputsOf(e).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(16);
    expect(requests.length).toBeLessThanOrEqual(1 + Math.ceil(40 / 16));
    const inputs = requests.flatMap(inputsOf).sort();
    expect(inputs).toEqual([q, ...chunksOf(docs).map((c) => c.text)].sort());
    expect(chatRequests().map(userOf)).toEqual([userMessage(q, expectedPassages(q, docs))]);
  }, { weight: 3 });

  test('the model is text-embedding-3-small with default dimensions', async () => {
    await answer(Q, KB);
    const requests = embeddingRequests();
    expect(requests.length).toBeGreaterThanOrEqual(1);
    for (const e of requests) {
      const body = e.body as { model: string; dimensions?: number };
      expect(body.model).toBe('text-embedding-3-small');
      expect(body.dimensions).toBeUndefined();
    }
  });

  test('a 429 on an embeddings request is retried and the answer still arrives', async () => {
    llm.script([{ match: { path: '/v1/embeddings', times: 1 }, respond: { status: 429, retryAfterMs: 20 } }]);
    const result = await answer(Q, KB);
    expect(result).toEqual({ answer: 'Refunds are paid within 14 days. [refunds.md#0]', citations: ['refunds.md#0'] });
    const statuses = embeddingRequests().map((e) => e.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(embeddingRequests().filter((e) => e.status === 200).flatMap(inputsOf).sort()).toEqual(
      [Q, ...chunksOf(KB).map((c) => c.text)].sort(),
    );
    expect(chatRequests()).toHaveLength(1);
  }, { weight: 2 });

  test('an embeddings request that keeps failing rejects after 3 attempts, without calling chat', async () => {
    llm.script([{ match: { path: '/v1/embeddings' }, respond: { status: 503, retryAfterMs: 20 } }]);
    await expect(answer(Q, KB)).rejects.toThrow();
    // Let any other in-flight request finish its own attempts: wait until the journal stops growing.
    for (let seen = -1, waited = 0; seen !== llm.journal().length && waited < 1500; waited += 100) {
      seen = llm.journal().length;
      await sleep(100);
    }
    const attempts = new Map<string, number>();
    for (const e of embeddingRequests()) attempts.set(JSON.stringify(inputsOf(e)), (attempts.get(JSON.stringify(inputsOf(e))) ?? 0) + 1);
    expect(attempts.size).toBeGreaterThanOrEqual(1);
    expect([...attempts.values()].every((n) => n === 3)).toBe(true);
    expect(chatRequests()).toHaveLength(0);
  }, { weight: 2 });

  test('every call embeds its own texts again', async () => {
    await answer(Q, KB);
    await answer(Q, KB);
    const inputs = embeddingRequests().flatMap(inputsOf).sort();
    const once = [Q, ...chunksOf(KB).map((c) => c.text)];
    expect(inputs).toEqual([...once, ...once].sort());
    expect(chatRequests()).toHaveLength(2);
  });
});
