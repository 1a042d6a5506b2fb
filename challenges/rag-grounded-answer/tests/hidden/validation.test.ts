import { describe, test, expect, llm } from '@judge/test';
import { type SourceDocument, type AnswerOptions, answer } from '../helpers/rag';

const KB: SourceDocument[] = [
  { id: 'refunds.md', text: 'Refunds are paid within 14 days.\n\nRefunds for annual plans are available within thirty days of purchase.' },
  { id: 'shipping.md', text: 'Parcels ship from Rotterdam every weekday.' },
];
const Q = 'How many days until refunds are paid?';

describe('validation', () => {
  test('blank or non-string questions throw a TypeError before any request', async () => {
    await expect(answer('', KB)).rejects.toMatchObject({ name: 'TypeError' });
    await expect(answer(' \n\t\u00a0\u3000 ', KB)).rejects.toMatchObject({ name: 'TypeError' });
    await expect(answer(null as unknown as string, KB)).rejects.toMatchObject({ name: 'TypeError' });
    await expect(answer(42 as unknown as string, KB)).rejects.toMatchObject({ name: 'TypeError' });
    await expect(answer('', [])).rejects.toMatchObject({ name: 'TypeError' });
    expect(llm.journal()).toHaveLength(0);
  }, { weight: 2 });

  test('invalid options throw a RangeError before any request', async () => {
    const bad: AnswerOptions[] = [
      { topK: 0 },
      { topK: 2.5 },
      { topK: Number.NaN },
      { minScore: Number.NaN },
      { minScore: Number.POSITIVE_INFINITY },
      { maxContextTokens: 0 },
      { maxContextTokens: 10.5 },
    ];
    for (const options of bad) {
      await expect(answer(Q, KB, options)).rejects.toMatchObject({ name: 'RangeError' });
    }
    expect(llm.journal()).toHaveLength(0);
    expect(await answer(Q, KB, {})).toEqual({ answer: 'Refunds are paid within 14 days. [refunds.md#0]', citations: ['refunds.md#0'] });
  });
});
