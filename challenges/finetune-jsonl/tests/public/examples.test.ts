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

describe('examples', () => {
  const rows = [
    { id: 'a', messages: [
      { role: 'system', content: 'You are a support agent.' },
      { role: 'user', content: 'Where is "my" order?' },
      { role: 'assistant', content: 'It ships today.\nTracking follows.' },
    ] },
    { messages: [{ role: 'user', content: 'hello' }] },
    null,
    { messages: [{ role: 'tool', content: '{}' }, { role: 'assistant', content: 'ok' }] },
  ];
  const LINE = '{"messages":[{"role":"system","content":"You are a support agent."},{"role":"user","content":"Where is \\"my\\" order?"},{"role":"assistant","content":"It ships today.\\nTracking follows."}]}';

  test('the statement example with validationFraction 0', async () => {
    const got = await toFineTuneJsonl(rows, { validationFraction: 0, seed: 'v1' });
    expect(got.train).toBe(`${LINE}\n`);
    expect(got.validation).toBe('');
    expect(codes(got.errors)).toEqual([
      { row: 1, code: 'example_missing_assistant_message' },
      { row: 2, code: 'data_type' },
      { row: 3, code: 'unrecognized_role' },
    ]);
  });

  test('the statement example with validationFraction 0.5 and 0.7', async () => {
    expect(splitX('v1', LINE)).toBeCloseTo(0.659, 3);
    const half = await toFineTuneJsonl(rows, { validationFraction: 0.5, seed: 'v1' });
    expect([half.train, half.validation]).toEqual([`${LINE}\n`, '']);
    const more = await toFineTuneJsonl(rows, { validationFraction: 0.7, seed: 'v1' });
    expect([more.train, more.validation]).toEqual(['', `${LINE}\n`]);
  });

  test('valid rows keep their order and every line parses back', async () => {
    const input = [chat('one', 'uno'), chat('two', 'dos', 'Translate.'), chat('three', 'tres')];
    const got = await toFineTuneJsonl(input, { validationFraction: 0, seed: 's' });
    expect(got).toEqual({ train: input.map((r) => `${lineOf(r.messages)}\n`).join(''), validation: '', errors: [] });
    expect(got.train.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual(input);
  });

  test('an empty list gives empty files', async () => {
    expect(await toFineTuneJsonl([], { validationFraction: 0.1, seed: 's' })).toEqual({ train: '', validation: '', errors: [] });
  });

  test('an invalid validationFraction throws a RangeError', async () => {
    await expect(toFineTuneJsonl([], { validationFraction: 1.5, seed: 's' })).rejects.toMatchObject({ name: 'RangeError' });
  });
});
