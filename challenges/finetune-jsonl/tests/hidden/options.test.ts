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

async function expectRangeError(rows: unknown, options: unknown): Promise<void> {
  await expect(toFineTuneJsonl(rows as unknown[], options as Options)).rejects.toMatchObject({ name: 'RangeError' });
}

describe('options', () => {
  test('invalid validationFraction throws a RangeError', async () => {
    for (const validationFraction of [NaN, -0.1, 1.0001, Infinity, '0.2', null, undefined]) {
      await expectRangeError([chat('a', 'b')], { validationFraction, seed: 's' });
    }
  }, { weight: 1 });

  test('invalid seed, maxTokens or rows throw a RangeError', async () => {
    for (const seed of [undefined, null, 42]) await expectRangeError([], { validationFraction: 0.1, seed });
    for (const maxTokens of [0, -5, 1.5, NaN, '100', null]) await expectRangeError([], { validationFraction: 0.1, seed: 's', maxTokens });
    for (const rows of [null, 'rows', { 0: chat('a', 'b') }]) await expectRangeError(rows, { validationFraction: 0.1, seed: 's' });
    // Options are checked before rows, so invalid options throw even with broken rows.
    await expectRangeError([null, 'x'], { validationFraction: 2, seed: 's' });
  }, { weight: 1 });

  test('boundary options are accepted', async () => {
    const rows = [chat('a', 'b')];
    const line = `${lineOf(rows[0]!.messages)}\n`;
    expect(await toFineTuneJsonl(rows, { validationFraction: 0, seed: '', maxTokens: undefined })).toEqual({ train: line, validation: '', errors: [] });
    expect(await toFineTuneJsonl(rows, { validationFraction: 1, seed: 's', maxTokens: 2 })).toEqual({ train: '', validation: line, errors: [] });
    expect(codes((await toFineTuneJsonl(rows, { validationFraction: 1, seed: 's', maxTokens: 1 })).errors)).toEqual([{ row: 0, code: 'too_many_tokens' }]);
  }, { weight: 1 });
});
