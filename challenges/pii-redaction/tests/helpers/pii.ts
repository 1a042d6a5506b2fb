/** What every pii-redaction hidden test file shares: the API's types, the candidate's `redact`, offsets per language, and exact-redaction assertions built from plain strings and [type, pii] pairs. */
import { expect, language, solution } from '@judge/test';

export type PiiType = 'email' | 'phone' | 'card' | 'api_key' | 'ipv4';
export type Finding = { type: PiiType; start: number; end: number };
export type Result = { text: string; found: Finding[] };
export type Api = { redact(text: string): Result };

export const { redact } = solution<Api>();

// Offsets count UTF-16 code units in TypeScript and JavaScript, code points in Python (the statement's Output section).
const inCodePoints = language === 'python';

/** The length of `text` in the judged language's offsets. */
export function lengthOf(text: string): number {
  return inCodePoints ? Array.from(text).length : text.length;
}

/** `original[start:end]` in the judged language's offsets. */
export function sliceAt(text: string, start: number, end: number): string {
  return inCodePoints ? Array.from(text).slice(start, end).join('') : text.slice(start, end);
}

export const PLACEHOLDER: Record<PiiType, string> = {
  email: '[EMAIL]', phone: '[PHONE]', card: '[CARD]', api_key: '[API_KEY]', ipv4: '[IPV4]',
};

/** Builds an input and its expected redaction from plain strings and [type, pii] pairs. */
export function build(parts: Array<string | [PiiType, string]>): { input: string; expected: Result } {
  let input = '';
  let text = '';
  let offset = 0;
  const found: Finding[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      input += part;
      text += part;
      offset += lengthOf(part);
    } else {
      const [type, pii] = part;
      found.push({ type, start: offset, end: offset + lengthOf(pii) });
      input += pii;
      text += PLACEHOLDER[type];
      offset += lengthOf(pii);
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
