import { describe, test, expect } from '@judge/test';
import { type ErrorCode, toFineTuneJsonl, lineOf, splitX, chat, codes } from '../helpers/jsonl';
import { encode } from 'gpt-tokenizer';

const TOPICS = ['refund', 'shipping', 'password', 'invoice', 'cancellation', 'warranty', 'upgrade', 'login'];

describe('performance', () => {
  test('20,000 rows with a token limit are exported quickly and exactly', async () => {
    const rows: unknown[] = [];
    let train = '';
    let validation = '';
    const errors: Array<{ row: number; code: ErrorCode }> = [];
    for (let i = 0; i < 20_000; i++) {
      const topic = TOPICS[i % TOPICS.length]!;
      if (i % 97 === 5) {
        rows.push({ messages: [{ role: 'user', content: `Question about ${topic} ${i}` }] });
        errors.push({ row: i, code: 'example_missing_assistant_message' });
        continue;
      }
      const row = chat(
        `Customer ${i} asks about the ${topic} policy for order ${100000 + i}. "Is it possible?"\n${i % 50 === 0 ? 'details '.repeat(80) : ''}`,
        `Yes — our ${topic} policy allows it within ${i % 30} days. 🙂`,
        i % 2 === 0 ? 'You are a concise support agent.' : undefined,
      );
      rows.push(row);
      const count = row.messages.reduce((sum, m) => sum + encode(m.content, { disallowedSpecial: new Set() }).length, 0);
      if (count > 60) {
        errors.push({ row: i, code: 'too_many_tokens' });
        continue;
      }
      const line = lineOf(row.messages);
      if (splitX('perf', line) < 0.1) validation += `${line}\n`;
      else train += `${line}\n`;
    }
    expect(errors.filter((e) => e.code === 'too_many_tokens').length).toBeGreaterThan(300);
    const started = Date.now();
    const got = await toFineTuneJsonl(rows, { validationFraction: 0.1, seed: 'perf', maxTokens: 60 });
    const elapsed = Date.now() - started;
    expect(got.train.length).toBe(train.length);
    expect(got.train === train).toBe(true);
    expect(got.validation === validation).toBe(true);
    expect(codes(got.errors)).toEqual(errors);
    expect(elapsed).toBeLessThan(3000);
  }, { weight: 2, timeoutMs: 8000 });
});
