import { describe, test, expect, solution, llm } from '@judge/test';
import { countTokens } from 'gpt-tokenizer';

type SourceDocument = { id: string; text: string };
type AnswerOptions = { topK?: number; minScore?: number; maxContextTokens?: number };
type GroundedAnswer = { answer: string; citations: string[] };
type Api = { answer(question: string, documents: SourceDocument[], options?: AnswerOptions): GroundedAnswer };

const { answer } = solution<Api>();

const REFUSAL = "I don't know based on the provided documents.";

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
const messagesOf = (entry: Entry): Message[] => (entry.body as { messages: Message[] }).messages;
const userOf = (entry: Entry): unknown => messagesOf(entry).find((m) => m.role === 'user')?.content;

const POLICY: SourceDocument[] = [
  {
    id: 'policy.md',
    text: [
      'Refunds are paid by bank transfer.',
      'Refunds are never paid in cash.',
      'Refunds are paid as refunds: how refunds are paid for the unused months of an annual plan are refunded to the card that paid for the plan, after the finance team has checked the invoice, the renewal date and any coupon applied at checkout.',
      'Gift cards are paid out as credit.',
    ].join('\n\n'),
  },
  { id: 'shipping.md', text: 'Parcels ship from Rotterdam every weekday.' },
];
const Q = 'How are refunds paid?';
const OPTIONS = { topK: 4, minScore: 0.1 };

/** The four kept chunks in rank order; the third is long, the fourth short (checked, so the test stays meaningful). */
function policyRanking(): Ranked[] {
  const kept = expectedPassages(Q, POLICY, { ...OPTIONS, maxContextTokens: 1_000_000 });
  expect(kept.map((p) => p.id)).toEqual(['policy.md#1', 'policy.md#0', 'policy.md#2', 'policy.md#3']);
  expect(kept[2]!.cost).toBeGreaterThan(kept[3]!.cost + 1);
  return kept;
}

describe('budget', () => {
  test('passages are added in rank order and the first one that does not fit stops the context', async () => {
    const kept = policyRanking();
    const budget = kept[0]!.cost + kept[1]!.cost + kept[2]!.cost - 1; // the 3rd does not fit, the 4th would
    await answer(Q, POLICY, { ...OPTIONS, maxContextTokens: budget });
    expect(chatRequests().map(userOf)).toEqual([userMessage(Q, kept.slice(0, 2))]);
  }, { weight: 3 });

  test('a budget exactly equal to the lines\' total keeps every line', async () => {
    const kept = policyRanking();
    const total = kept.reduce((sum, p) => sum + p.cost, 0);
    await answer(Q, POLICY, { ...OPTIONS, maxContextTokens: total });
    await answer(Q, POLICY, { ...OPTIONS, maxContextTokens: total - 1 });
    expect(chatRequests().map(userOf)).toEqual([userMessage(Q, kept), userMessage(Q, kept.slice(0, 3))]);
  });

  test('the [id] prefix of a passage line counts toward the budget', async () => {
    const kept = policyRanking();
    const budget = kept[0]!.cost + countTokens(kept[1]!.text); // enough for line 1 plus the bare text of chunk 2 only
    expect(kept[0]!.cost + kept[1]!.cost).toBeGreaterThan(budget);
    await answer(Q, POLICY, { ...OPTIONS, maxContextTokens: budget });
    expect(chatRequests().map(userOf)).toEqual([userMessage(Q, kept.slice(0, 1))]);
  });

  test('when not even the best passage fits, the refusal is returned without calling chat', async () => {
    const kept = policyRanking();
    const result = await answer(Q, POLICY, { ...OPTIONS, maxContextTokens: kept[0]!.cost - 1 });
    expect(result).toEqual({ answer: REFUSAL, citations: [] });
    expect(chatRequests()).toHaveLength(0);
  }, { weight: 2 });
});
