import { describe, test, expect, llm } from '@judge/test';
import { type SourceDocument, answer, chunksOf, expectedPassages, userMessage, chatRequests, embeddingRequests, userOf, inputsOf } from '../helpers/rag';

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
