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

describe('emails', () => {
  test('emails inside brackets, quotes and before punctuation', async () => {
    await expectRedaction(['<', ['email', 'bob@example.com'], '>']);
    await expectRedaction(['Contact: "', ['email', 'dana_m+support@help.example.org'], '", (', ['email', 'eve%test@sub.mail.example.io'], '); ', ['email', 'frank-99@example.net'], '.']);
    await expectRedaction(['mailto:', ['email', 'gina@example.com'], '?subject=hi, cc=', ['email', 'h.i.j@example.com'], ',', ['email', 'k@example.com'], ';']);
    await expectRedaction(['[', ['email', 'ann@example.com'], '](mailto:', ['email', 'ann@example.com'], ')']);
  }, { weight: 2 });

  test('the longest domain with at least two labels and a letters-only top-level domain', async () => {
    await expectRedaction(['write to ', ['email', 'bob@mail.example.co.uk'], ' or ', ['email', 'x@a-b.c-d.museum'], '.']);
    await expectRedaction(['End of sentence: ', ['email', 'bob@example.com'], '. Next one: ', ['email', 'BOB.SMITH@EXAMPLE.COM'], '!']);
    await expectRedaction([['email', '1234@123.example.com'], ' ok']);
  }, { weight: 1 });

  test('strings that are not emails', async () => {
    await expectUnchanged('bob@localhost is a local account');
    await expectUnchanged('ping @handle on chat, or team@ tomorrow');
    await expectUnchanged('bob@host.c0m and bob@example.c are invalid');
    await expectUnchanged('x .bob@example.com starts with a dot');
    await expectUnchanged('a@b@example.com is nonsense');
    await expectUnchanged('bob@example.com1 and bob@example.com_x and bob@example.com-x are glued');
  }, { weight: 2 });
});
