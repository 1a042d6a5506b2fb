import { describe, test } from '@judge/test';
import { expectRedaction, expectUnchanged } from '../helpers/pii';

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
