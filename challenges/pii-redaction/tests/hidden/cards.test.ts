import { describe, test } from '@judge/test';
import { expectRedaction, expectUnchanged } from '../helpers/pii';

describe('cards', () => {
  test('Luhn-valid cards with spaces, hyphens or no separators, 13 to 19 digits', async () => {
    await expectRedaction(['Visa ', ['card', '4111 1111 1111 1111'], ', MC ', ['card', '5555-5555-5555-4444'], ', Amex ', ['card', '3782 822463 10005'], '.']);
    await expectRedaction(['plain ', ['card', '378282246310005'], ' and ', ['card', '6011111111111117'], ' and mixed ', ['card', '4000 0566-5566 5556']]);
    await expectRedaction(['13 digits ', ['card', '4222222222222'], ', 19 digits ', ['card', '6212 3456 7890 1234 569'], '.']);
    await expectRedaction(['card:', ['card', '4111111111111111'], ' exp 12/29']);
  }, { weight: 2 });

  test('Luhn-invalid numbers and runs of the wrong length are kept', async () => {
    await expectUnchanged('order 4111 1111 1111 1112 and invoice 1234567812345678 are not cards');
    await expectUnchanged('epoch ms 1705314600123 and 1705314600124');
    await expectUnchanged('a Luhn-valid 12-digit number 123456789015 is too short');
    await expectUnchanged('tracking 4111 1111 1111 1111 0000 has 20 digits');
    await expectUnchanged('tracking 41111111111111110000 has 20 digits too');
  }, { weight: 3 });

  test('digits glued to letters, dots, plus or hyphens are not cards', async () => {
    await expectUnchanged('ORD-4111111111111111 and x4111111111111111 and 4111111111111111abc');
    await expectUnchanged('amount 4111111111111111.50 and id_4111111111111111 and +4111111111111111-');
  }, { weight: 1 });
});
