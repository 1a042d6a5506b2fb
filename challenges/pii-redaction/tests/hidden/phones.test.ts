import { describe, test } from '@judge/test';
import { expectRedaction, expectUnchanged } from '../helpers/pii';

describe('phones', () => {
  test('all North American formats', async () => {
    await expectRedaction([
      ['phone', '555-123-4567'], '; ', ['phone', '555.123.4567'], '; ', ['phone', '555 123 4567'], '; ',
      ['phone', '(555) 123-4567'], '; ', ['phone', '(555)123-4567'], '; ', ['phone', '+1 555-123-4567'], '; ',
      ['phone', '1-800-555-0199'], '; ', ['phone', '+1 (555) 123-4567'], '; ', ['phone', '1 555.123.4567'], '; ',
      ['phone', '+1-555 123 4567'], '.',
    ]);
    await expectRedaction(['tel:', ['phone', '+1 (555) 123-4567'], ', fax ', ['phone', '(212)555-0100'], ' (office)']);
  }, { weight: 2 });

  test('international numbers with a plus sign and 8 to 15 digits', async () => {
    await expectRedaction(['UK ', ['phone', '+44 20 7946 0958'], ', DE ', ['phone', '+49-30-1234567'], ', mobile ', ['phone', '+4915112345678'], ', FR ', ['phone', '+33 1 23 45 67 89'], '.']);
    await expectRedaction(['min ', ['phone', '+12345678'], ' max ', ['phone', '+123456789012345']]);
    await expectUnchanged('too short +1234567, starts with zero +0 123 4567 8901, too long +1234 5678 9012 3456');
  }, { weight: 1 });

  test('digit strings that are not phone numbers', async () => {
    await expectUnchanged('order 5551234567 shipped');
    await expectUnchanged('on 2024-01-15 at 2024-01-15T10:30:00.123Z (epoch 1705314600)');
    await expectUnchanged('555-123-456 and 555-123.4567 and 555--123-4567 are not phones');
    await expectUnchanged('ORD-555-123-4567 and 555-123-4567-89 and 555-123-45678');
    await expectUnchanged('call 555 123 4567 8 times');
    await expectUnchanged('build 100.200.30 released');
  }, { weight: 2 });
});
