import { describe, test, expect } from '@judge/test';
import { countTokens } from 'gpt-tokenizer';
import { type SourceDocument, answer, REFUSAL, type Ranked, expectedPassages, userMessage, chatRequests, userOf } from '../helpers/rag';

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
