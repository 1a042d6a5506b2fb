import { describe, test, expect, solution } from '@judge/test';

type PiiType = 'email' | 'phone' | 'card' | 'api_key' | 'ipv4';
type Finding = { type: PiiType; start: number; end: number };
type Result = { text: string; found: Finding[] };
type Api = { redact(text: string): Result };

const { redact } = solution<Api>();

const PLACEHOLDER: Record<PiiType, string> = {
  email: '[EMAIL]', phone: '[PHONE]', card: '[CARD]', api_key: '[API_KEY]', ipv4: '[IPV4]',
};

/** Builds an input and its expected redaction from plain strings and [type, pii] pairs. */
function build(parts: Array<string | [PiiType, string]>): { input: string; expected: Result } {
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

async function expectRedaction(parts: Array<string | [PiiType, string]>): Promise<void> {
  const { input, expected } = build(parts);
  expect({ input, result: await redact(input) }).toEqual({ input, result: expected });
}

async function expectUnchanged(text: string): Promise<void> {
  expect({ input: text, result: await redact(text) }).toEqual({ input: text, result: { text, found: [] } });
}

describe('unicode', () => {
  test('offsets count UTF-16 code units around emoji, CJK and combining marks', async () => {
    await expectRedaction(['東京 \u{1F980} ', ['email', 'bob@example.com'], ' 電話', ['phone', '555-123-4567'], 'です']);
    await expectRedaction(['\u{1F469}\u200D\u{1F469}\u200D\u{1F467} family card ', ['card', '4111 1111 1111 1111'], ' \u{1F4B3}\u{1F4B3}']);
    await expectRedaction(['cafe\u0301 ', ['ipv4', '10.0.0.1'], ' nin\u0303o ', ['api_key', 'sk-abcdefghijklmnopqrstuvwxyz'], ' \u{1D4B3}']);
    await expectRedaction(['\u{1F600}', ['email', 'x@example.com'], '\u{1F600}']);
  }, { weight: 2 });

  test('non-ASCII letters and digits neither match nor block', async () => {
    await expectRedaction(['José:', ['email', 'jose@example.com'], ' 電話', ['phone', '+41 44 668 18 00'], 'ß über']);
    await expectRedaction(['é', ['card', '4111111111111111'], 'é and Привет ', ['ipv4', '10.0.0.1'], '\u00a0ok']);
    await expectUnchanged('full-width ４１１１ １１１１ １１１１ １１１１ and Arabic-Indic ٥٥٥-١٢٣-٤٥٦٧ digits are not digits');
    await expectUnchanged('bob＠example.com uses a full-width at sign');
  }, { weight: 1 });
});
