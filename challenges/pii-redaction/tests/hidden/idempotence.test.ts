import { describe, test, expect } from '@judge/test';
import { redact, expectRedaction, expectUnchanged } from '../helpers/pii';

const CORPUS = [
  'Mail bob@example.com or call 555-123-4567.',
  'Card 4111 1111 1111 1111, order 4111 1111 1111 1112, ip 10.0.0.1',
  'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig_abc-123',
  'authorization: bearer abcdefghijklmnopqrstuvwxyz012345\r\nhost: api.example.com',
  'export OPENAI_API_KEY=sk-proj-AbCdEfGhIjKlMnOpQrStUv12',
  '<bob@example.com>, (alice@mail.example.co.uk).',
  'tel:+1 (555) 123-4567; fax +44 20 7946 0958; 1-800-555-0199',
  '555-123-4567@example.com and 10.0.0.1@example.com',
  'x@example.com(555) 123-4567',
  'bob@example.com+1 555-123-4567',
  'sk-abcdefghijklmnopqrstuvwx 4111 1111 1111 1111',
  '555 123 4567 4111 1111 1111 1111',
  '4111 1111 1111 1111 555-123-4567',
  '+4915112345678(555)123-4567',
  '10.0.0.1.10.0.0.2 and 10.0.0.1 10.0.0.2',
  'Bearer abcdefghijklmnopqrstuvwx..bob@example.com',
  '東京 🦀 bob@example.com 電話555-123-4567です',
  'Release 1.2.3 on 2024-01-15T10:30:00Z, order 5551234567',
  '',
];

describe('idempotence', () => {
  test('redacting the redacted text again changes nothing', async () => {
    for (const text of CORPUS) {
      const once = await redact(text);
      const twice = await redact(once.text);
      expect({ text, twice }).toEqual({ text, twice: { text: once.text, found: [] } });
    }
  }, { weight: 3 });

  test('a match never touches other digits through a single space', async () => {
    await expectUnchanged('555 123 4567 4111 1111 1111 1111');
    await expectUnchanged('1 10.0.0.1 and 10.0.0.1 2');
    await expectUnchanged('sk-abcdefghijklmnopqrstu1 2');
    await expectRedaction(['a ', ['phone', '555 123 4567'], '  8 (two spaces), ', ['ipv4', '10.0.0.1'], ' x 2']);
  }, { weight: 1 });
});
