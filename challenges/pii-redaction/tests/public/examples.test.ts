import { describe, test, expect, solution } from '@judge/test';

type PiiType = 'email' | 'phone' | 'card' | 'api_key' | 'ipv4';
type Finding = { type: PiiType; start: number; end: number };
type Api = { redact(text: string): { text: string; found: Finding[] } };

const { redact } = solution<Api>();

describe('examples', () => {
  test('an email and a phone number in one sentence', async () => {
    expect(await redact('Mail bob@example.com or call 555-123-4567.')).toEqual({
      text: 'Mail [EMAIL] or call [PHONE].',
      found: [
        { type: 'email', start: 5, end: 20 },
        { type: 'phone', start: 29, end: 41 },
      ],
    });
  });

  test('a Luhn-valid card is redacted, a Luhn-invalid order id is kept', async () => {
    expect(await redact('Card 4111 1111 1111 1111, order 4111 1111 1111 1112, ip 10.0.0.1')).toEqual({
      text: 'Card [CARD], order 4111 1111 1111 1112, ip [IPV4]',
      found: [
        { type: 'card', start: 5, end: 24 },
        { type: 'ipv4', start: 56, end: 64 },
      ],
    });
  });

  test('a bearer token and an sk- key', async () => {
    expect(await redact('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig_abc-123')).toEqual({
      text: 'Authorization: Bearer [API_KEY]',
      found: [{ type: 'api_key', start: 22, end: 74 }],
    });
    expect(await redact('export OPENAI_API_KEY=sk-proj-AbCdEfGhIjKlMnOpQrStUv12')).toEqual({
      text: 'export OPENAI_API_KEY=[API_KEY]',
      found: [{ type: 'api_key', start: 22, end: 54 }],
    });
  });

  test('versions, timestamps and order ids are left alone', async () => {
    const text = 'Release 1.2.3 on 2024-01-15T10:30:00Z, order 5551234567';
    expect(await redact(text)).toEqual({ text, found: [] });
  });

  test('empty text and already redacted text are unchanged', async () => {
    expect(await redact('')).toEqual({ text: '', found: [] });
    expect(await redact('Mail [EMAIL] or call [PHONE].')).toEqual({ text: 'Mail [EMAIL] or call [PHONE].', found: [] });
  });
});
