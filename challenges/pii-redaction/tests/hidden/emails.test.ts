import { describe, test } from '@judge/test';
import { expectRedaction, expectUnchanged } from '../helpers/pii';

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
