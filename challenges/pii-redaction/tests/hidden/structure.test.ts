import { describe, test, expect } from '@judge/test';
import { type PiiType, redact, build, expectRedaction, sliceAt } from '../helpers/pii';

describe('offsets and overlaps', () => {
  test('offsets point into the original text, not into the redacted one', async () => {
    const parts: Array<string | [PiiType, string]> = [
      'Ticket #4411: customer ', ['email', 'jane.doe+billing@example.com'], ' (phone ', ['phone', '+1 (555) 123-4567'],
      ') paid with ', ['card', '4111-1111-1111-1111'], ' from ', ['ipv4', '203.0.113.42'], '; agent used key ',
      ['api_key', 'sk-live-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'], ' and wrote to ', ['email', 'a@ex.io'], ' + ', ['phone', '555.123.4567'], '.',
    ];
    const { input, expected } = build(parts);
    const got = await redact(input);
    expect(got).toEqual(expected);
    expect(got.found.map((f) => sliceAt(input, f.start, f.end))).toEqual(parts.filter((p) => typeof p !== 'string').map((p) => p[1]));
  }, { weight: 3 });

  test('overlapping candidates: the leftmost wins, then the longest', async () => {
    // The local part looks like a phone number, an IP address or a key: the email starts at the same place and is longer.
    await expectRedaction([['email', '555-123-4567@example.com'], ' ', ['email', '10.0.0.1@example.com'], ' ', ['email', 'sk-abcdefghijklmnopqrstuvwx@example.com']]);
    // Format 3 starts before the format-2 number it contains.
    await expectRedaction(['call ', ['phone', '+1 (555) 123-4567'], ' now']);
    // A bearer token that contains an sk- key followed by ".x": only the token is a candidate.
    await expectRedaction(['Bearer ', ['api_key', 'sk-abcdefghijklmnopqrstuvwx.x'], ' ok']);
    // One card with unusual grouping; its phone-like prefix touches more digits through a space (N3), so it is no phone.
    await expectRedaction(['num ', ['card', '422 222 2222 222'], ' end']);
  }, { weight: 2 });
});
