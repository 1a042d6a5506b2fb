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

const tokens = (row: { messages: Msg[] }) =>
  row.messages.reduce((sum, m) => sum + encode(m.content, { disallowedSpecial: new Set() }).length, 0);

describe('tokens', () => {
  test('maxTokens is compared with the gpt-tokenizer count summed over all messages', async () => {
    const rows = [
      chat('Wie setze ich mein Passwort zurück? 🔑', 'Öffnen Sie die Einstellungen → Sicherheit.', 'Du bist ein hilfsbereiter Assistent.'),
      chat('東京から大阪までの新幹線は何分かかりますか？', '約2時間30分です。'),
      chat('hello world', 'hi'),
    ];
    for (const row of rows) {
      const t = tokens(row);
      const line = `${lineOf(row.messages)}\n`;
      expect(await toFineTuneJsonl([row], { validationFraction: 0, seed: 't', maxTokens: t })).toEqual({ train: line, validation: '', errors: [] });
      const over = await toFineTuneJsonl([row], { validationFraction: 0, seed: 't', maxTokens: t - 1 });
      expect({ maxTokens: t - 1, train: over.train, errors: codes(over.errors) }).toEqual({ maxTokens: t - 1, train: '', errors: [{ row: 0, code: 'too_many_tokens' }] });
    }
  }, { weight: 2 });

  test('special-token text such as <|endoftext|> counts as ordinary text', async () => {
    const row = chat('What does <|endoftext|> mean in a prompt?', 'It marks <|im_start|>the end<|im_end|> of a document.');
    const t = tokens(row);
    const got = await toFineTuneJsonl([row, chat('x', 'y')], { validationFraction: 0, seed: 't', maxTokens: t });
    expect(got).toEqual({ train: `${lineOf(row.messages)}\n${lineOf(chat('x', 'y').messages)}\n`, validation: '', errors: [] });
    const over = await toFineTuneJsonl([row], { validationFraction: 0, seed: 't', maxTokens: t - 1 });
    expect(codes(over.errors)).toEqual([{ row: 0, code: 'too_many_tokens' }]);
  }, { weight: 1 });

  test('too_many_tokens comes after the other checks, and no limit means no length check', async () => {
    const long = chat('word '.repeat(20_000), 'ok');
    expect(await toFineTuneJsonl([long], { validationFraction: 0, seed: 't' })).toEqual({ train: `${lineOf(long.messages)}\n`, validation: '', errors: [] });
    const got = await toFineTuneJsonl([long, { messages: [{ role: 'user', content: 'word '.repeat(100) }] }], { validationFraction: 0, seed: 't', maxTokens: 10 });
    expect(codes(got.errors)).toEqual([{ row: 0, code: 'too_many_tokens' }, { row: 1, code: 'example_missing_assistant_message' }]);
  }, { weight: 1 });
});
