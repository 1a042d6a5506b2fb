/** What every finetune-jsonl hidden test file shares: the API's types, the candidate's `toFineTuneJsonl`, the exact line and split oracles. */
import { expect, solution } from '@judge/test';
import { createHash } from 'node:crypto';

export type ErrorCode =
  | 'data_type' | 'missing_messages_list' | 'message_missing_key' | 'message_unrecognized_key' | 'unrecognized_role'
  | 'missing_content' | 'invalid_weight' | 'example_missing_assistant_message' | 'too_many_tokens';
export type RowError = { row: number; code: ErrorCode; message: string };
export type Options = { validationFraction: number; seed: string; maxTokens?: number };
export type Result = { train: string; validation: string; errors: RowError[] };
export type Api = { toFineTuneJsonl(rows: unknown[], options: Options): Result };
export type Msg = { role: string; content: string; name?: string; weight?: number };

export const { toFineTuneJsonl } = solution<Api>();

/** The exact output line of a valid row (the statement's three steps). */
export function lineOf(messages: Msg[]): string {
  const canonical = messages.map((m) => {
    const out: Record<string, unknown> = { role: m.role, content: m.content };
    if ('name' in m) out.name = m.name;
    if ('weight' in m) out.weight = m.weight;
    return out;
  });
  return JSON.stringify({ messages: canonical }).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029').replace(/\u0085/g, '\\u0085');
}

/** The split coordinate x of a line. */
export function splitX(seed: string, line: string): number {
  return parseInt(createHash('sha256').update(`${seed}\n${line}`, 'utf8').digest('hex').slice(0, 8), 16) / 2 ** 32;
}

export const chat = (user: string, assistant: string, system?: string): { messages: Msg[] } => ({
  messages: [
    ...(system === undefined ? [] : [{ role: 'system', content: system }]),
    { role: 'user', content: user },
    { role: 'assistant', content: assistant },
  ],
});

/** Errors without their free-text messages, after checking that every message is a non-empty string. */
export function codes(errors: RowError[]): Array<{ row: number; code: ErrorCode }> {
  for (const e of errors) {
    expect(typeof e.message).toBe('string');
    expect(e.message.length).toBeGreaterThan(0);
  }
  return errors.map(({ row, code }) => ({ row, code }));
}
