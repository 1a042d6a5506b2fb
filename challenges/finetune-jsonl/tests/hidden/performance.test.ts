import { describe, test, expect, solution } from '@judge/test';
import { createHash } from 'node:crypto';

type ErrorCode =
  | 'data_type' | 'missing_messages_list' | 'message_missing_key' | 'message_unrecognized_key' | 'unrecognized_role'
  | 'missing_content' | 'invalid_weight' | 'example_missing_assistant_message' | 'too_many_tokens';
type RowError = { row: number; code: ErrorCode; message: string };
type Options = { validationFraction: number; seed: string; maxTokens?: number };
type Result = { train: string; validation: string; errors: RowError[] };
type Api = { toFineTuneJsonl(rows: unknown[], options: Options): Result };
type Msg = { role: string; content: string; name?: string; weight?: number };

const { toFineTuneJsonl } = solution<Api>();

/** The exact output line of a valid row (the statement's three steps). */
function lineOf(messages: Msg[]): string {
  const canonical = messages.map((m) => {
    const out: Record<string, unknown> = { role: m.role, content: m.content };
    if ('name' in m) out.name = m.name;
    if ('weight' in m) out.weight = m.weight;
    return out;
  });
  return JSON.stringify({ messages: canonical }).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029').replace(/\u0085/g, '\\u0085');
}

/** The split coordinate x of a line. */
function splitX(seed: string, line: string): number {
  return parseInt(createHash('sha256').update(`${seed}\n${line}`, 'utf8').digest('hex').slice(0, 8), 16) / 2 ** 32;
}

const chat = (user: string, assistant: string, system?: string): { messages: Msg[] } => ({
  messages: [
    ...(system === undefined ? [] : [{ role: 'system', content: system }]),
    { role: 'user', content: user },
    { role: 'assistant', content: assistant },
  ],
});

/** Errors without their free-text messages, after checking that every message is a non-empty string. */
function codes(errors: RowError[]): Array<{ row: number; code: ErrorCode }> {
  for (const e of errors) {
    expect(typeof e.message).toBe('string');
    expect(e.message.length).toBeGreaterThan(0);
  }
  return errors.map(({ row, code }) => ({ row, code }));
}
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
