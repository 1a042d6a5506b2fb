/** What every pii-redaction hidden test file shares: the API's types, the candidate's `redact`, and exact-redaction assertions built from plain strings and [type, pii] pairs. */
import { expect, solution } from '@judge/test';

export type PiiType = 'email' | 'phone' | 'card' | 'api_key' | 'ipv4';
export type Finding = { type: PiiType; start: number; end: number };
export type Result = { text: string; found: Finding[] };
export type Api = { redact(text: string): Result };

export const { redact } = solution<Api>();

export const PLACEHOLDER: Record<PiiType, string> = {
  email: '[EMAIL]', phone: '[PHONE]', card: '[CARD]', api_key: '[API_KEY]', ipv4: '[IPV4]',
};

/** Builds an input and its expected redaction from plain strings and [type, pii] pairs. */
export function build(parts: Array<string | [PiiType, string]>): { input: string; expected: Result } {
  let input = '';
  let text = '';
  const found: Finding[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      input += part;
      text += part;
    } else {
      const [type, pii] = part;
      found.push({ type, start: input.length, end: input.length + pii.length });
      input += pii;
      text += PLACEHOLDER[type];
    }
  }
  return { input, expected: { text, found } };
}

export async function expectRedaction(parts: Array<string | [PiiType, string]>): Promise<void> {
  const { input, expected } = build(parts);
  expect({ input, result: await redact(input) }).toEqual({ input, result: expected });
}

export async function expectUnchanged(text: string): Promise<void> {
  expect({ input: text, result: await redact(text) }).toEqual({ input: text, result: { text, found: [] } });
}
