import { describe, test, expect, llm } from '@judge/test';
import { type SourceDocument, answer, REFUSAL, collapse, chunksOf, ranked, expectedPassages, userMessage, chatRequests, embeddingRequests, userOf, inputsOf } from '../helpers/rag';

const KB: SourceDocument[] = [
  {
    id: 'refunds.md',
    text: 'Refunds are paid within 14 days of the request.\n\nRefunds for annual plans are available within thirty days of purchase.\n\nRefunds are sent to the original payment method.',
  },
  {
    id: 'billing.md',
    text: 'Invoices are emailed on the first day of each month.\n\nYou can change the billing email in the account settings.\n\nLate invoices are charged a fee after thirty days.',
  },
  {
    id: 'shipping.md',
    text: 'Parcels ship from Rotterdam every weekday.\n\nInternational shipping takes five to ten business days.\n\nReturns must be shipped back within thirty days.',
  },
  {
    id: 'security.md',
    text: 'Rotate a leaked signing key from the security settings page immediately.\n\nTwo-factor authentication is required for all admin accounts.',
  },
  {
    id: 'support.md',
    text: 'Support is reachable by chat on weekdays during business hours.\n\nUrgent incidents are handled around the clock by the on-call team.',
  },
];

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCAB = (
  'invoice refund parcel courier warehouse ticket account password login token quota region backup restore ' +
  'latency outage deploy rollback cache queue worker schedule report export import webhook signature audit ' +
  'policy contract renewal discount coupon tax receipt address customs pallet label tracking carrier night'
).split(' ');

describe('retrieval', () => {
  test('passages are the top-K chunks of a brute-force cosine oracle, in rank order', async () => {
    const questions = [
      'How many days until refunds are paid?',
      'How long does international shipping take?',
      'Where do I change the billing email?',
      'Who handles urgent incidents at night?',
    ];
    for (const q of questions) await answer(q, KB, { topK: 3, minScore: -1 });
    const users = chatRequests().map(userOf);
    expect(users).toEqual(questions.map((q) => userMessage(q, expectedPassages(q, KB, { topK: 3, minScore: -1 }))));
  }, { weight: 3 });

  test('minScore keeps only chunks scoring at least the threshold', async () => {
    const q = 'How many days until refunds are paid?';
    const all = ranked(q, KB);
    const threshold = (all[1]!.score + all[2]!.score) / 2;
    expect(all[1]!.score - all[2]!.score).toBeGreaterThan(0.01); // the test's own precondition
    await answer(q, KB, { topK: 10, minScore: threshold });
    const expected = expectedPassages(q, KB, { topK: 10, minScore: threshold });
    expect(expected).toHaveLength(2);
    expect(chatRequests().map(userOf)).toEqual([userMessage(q, expected)]);
  }, { weight: 2 });

  test('topK larger than the number of qualifying chunks sends all of them', async () => {
    const q = 'Refunds within thirty days';
    await answer(q, KB, { topK: 50, minScore: 0.1 });
    const expected = expectedPassages(q, KB, { topK: 50, minScore: 0.1 });
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(expected.length).toBeLessThan(chunksOf(KB).length);
    expect(chatRequests().map(userOf)).toEqual([userMessage(q, expected)]);
  });

  test('equal scores are ordered by chunk id', async () => {
    // Same words, different case and punctuation: the mock gives these three texts the very same vector.
    const docs: SourceDocument[] = [
      { id: 'c.md', text: 'Refunds are paid within 14 days.' },
      { id: 'a.md', text: 'REFUNDS are paid within 14 days!' },
      { id: 'shipping.md', text: 'Parcels ship from Rotterdam every weekday.' },
      { id: 'b.md', text: 'Refunds are paid, within 14 days.' },
    ];
    const q = 'How many days until refunds are paid?';
    const result = await answer(q, docs, { topK: 2 });
    expect(chatRequests().map(userOf)).toEqual([
      userMessage(q, expectedPassages(q, docs, { topK: 2 })),
    ]);
    expect(expectedPassages(q, docs, { topK: 2 }).map((p) => p.id)).toEqual(['a.md#0', 'b.md#0']);
    expect(result.citations.every((id) => id === 'a.md#0' || id === 'b.md#0')).toBe(true);
  }, { weight: 2 });

  test('ties compare ids as plain strings, not numerically or by locale', async () => {
    const fillers = [
      'Parcels ship from Rotterdam every weekday.',
      'Invoices are emailed on the first day of each month.',
      'Support is reachable by chat on weekdays.',
      'Two-factor authentication is required for admins.',
      'Dashboards keep history for ninety days.',
      'The status page lists every incident.',
      'Passwords must have twelve characters.',
      'Exports are generated as CSV files.',
      'Webhooks are signed with a shared secret.',
    ];
    const fact = 'Refunds are paid within 14 days.';
    const paragraphs = [fillers[0], fillers[1], fact, ...fillers.slice(2), fact]; // a.md#2 and a.md#10
    const docs: SourceDocument[] = [
      { id: 'a.md', text: paragraphs.join('\n\n') },
      { id: 'B.md', text: fact },
    ];
    const q = 'How many days until refunds are paid?';
    await answer(q, docs, { topK: 3 });
    const expected = expectedPassages(q, docs, { topK: 3 });
    expect(expected.map((p) => p.id)).toEqual(['B.md#0', 'a.md#10', 'a.md#2']);
    expect(chatRequests().map(userOf)).toEqual([userMessage(q, expected)]);
  });

  test('documents are split into paragraphs at blank lines, whitespace collapsed', async () => {
    const docs: SourceDocument[] = [
      {
        id: 'guide.md',
        text:
          '\n\n  Refunds are paid\r\nwithin 14 days,\tby bank transfer.  \r\n\r\n\r\n' +
          'Refund   requests need an order number.\n \t \n' +
          '* * *\n\n' +
          'Paid\u00a0refunds\u2003appear on the next invoice.\n\n\n\n',
      },
      { id: 'empty.md', text: '\n\n \n' },
      { id: 'faq.md', text: 'How are refunds paid?\nBy bank transfer, within 14 days.' },
    ];
    const q = 'How are refunds paid?';
    await answer(q, docs, { topK: 20, minScore: -1 });
    expect(chunksOf(docs)).toEqual([
      { id: 'guide.md#0', text: 'Refunds are paid within 14 days, by bank transfer.' },
      { id: 'guide.md#1', text: 'Refund requests need an order number.' },
      { id: 'guide.md#2', text: '* * *' },
      { id: 'guide.md#3', text: 'Paid refunds appear on the next invoice.' },
      { id: 'faq.md#0', text: 'How are refunds paid? By bank transfer, within 14 days.' },
    ]);
    expect(chatRequests().map(userOf)).toEqual([userMessage(q, expectedPassages(q, docs, { topK: 20, minScore: -1 }))]);
    const inputs = embeddingRequests().filter((e) => e.status === 200).flatMap(inputsOf).sort();
    expect(inputs).toEqual([collapse(q), ...chunksOf(docs).map((c) => c.text)].sort());
  }, { weight: 2 });

  test('no documents, or only blank ones, give the refusal without any request', async () => {
    expect(await answer('How are refunds paid?', [])).toEqual({ answer: REFUSAL, citations: [] });
    expect(
      await answer('How are refunds paid?', [
        { id: 'a.md', text: '' },
        { id: 'b.md', text: ' \n\n\t\r\n ' },
      ]),
    ).toEqual({ answer: REFUSAL, citations: [] });
    expect(llm.journal()).toHaveLength(0);
  });

  test('unicode text and ids are kept exactly', async () => {
    const docs: SourceDocument[] = [
      { id: 'café.md', text: 'Le remboursement est effectué sous quatorze jours.\n\nLe cafe\u0301 est servi à volonté.' },
      { id: '東京.md', text: '東京の倉庫から毎日発送します。\n\n返金は十四日以内に行われます。' },
      { id: 'emoji.md', text: '🦀 Rust crabs love quick remboursement 🎉' },
    ];
    const q = 'Quand le remboursement est-il\u00a0effectué\u00a0?';
    llm.script([
      { respond: { reply: 'Sous quatorze jours [café.md#0] (voir [東京.md#1], [emoji.md#0], [cafe\u0301.md#0], [東京.md#9]).' } },
    ]);
    const result = await answer(q, docs, { topK: 10, minScore: -1 });
    expect(chatRequests().map(userOf)).toEqual([userMessage(q, expectedPassages(q, docs, { topK: 10, minScore: -1 }))]);
    expect(result).toEqual({
      answer: 'Sous quatorze jours [café.md#0] (voir [東京.md#1], [emoji.md#0], [cafe\u0301.md#0], [東京.md#9]).',
      citations: ['café.md#0', '東京.md#1', 'emoji.md#0'],
    });
  }, { weight: 2 });

  test('120 chunks from 30 generated documents match the oracle', async () => {
    const random = rng(20240611);
    const word = () => VOCAB[Math.floor(random() * VOCAB.length)]!;
    const sentence = (n: number) => Array.from({ length: n }, word).join(' ') + '.';
    const docs: SourceDocument[] = Array.from({ length: 30 }, (_, d) => ({
      id: `kb-${d}.md`,
      text: Array.from({ length: 4 }, () => `${sentence(6 + Math.floor(random() * 8))} ${sentence(5)}`).join('\n\n'),
    }));
    const questions = ['refund invoice tax receipt', 'courier tracking label for the pallet', 'rollback deploy after an outage'];
    for (const q of questions) await answer(q, docs, { topK: 5, minScore: 0.05 });
    const expected = questions.map((q) => expectedPassages(q, docs, { topK: 5, minScore: 0.05 }));
    expect(expected.every((e) => e.length === 5)).toBe(true);
    expect(chatRequests().map(userOf)).toEqual(questions.map((q, i) => userMessage(q, expected[i]!)));
  }, { weight: 2 });
});
