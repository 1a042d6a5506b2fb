import { describe, test, expect } from '@judge/test';
import { answer, replyWith, kept, claim, noCitation, KB, Q } from '../helpers/guard';

describe('sentences', () => {
  test('citations before or after the full stop, several markers, no space before a marker', async () => {
    replyWith('Refunds are paid within 14 days. [p1] Parcels ship from Rotterdam [p2]. Annual plans: 30 days.[p1] [p2] Express costs €12.50 [p1][p2].');
    expect(await answer(Q, KB)).toEqual(
      kept(
        ['Refunds are paid within 14 days. [p1]', 'Parcels ship from Rotterdam [p2].', 'Annual plans: 30 days.[p1] [p2]', 'Express costs €12.50 [p1][p2].'],
        ['p1', 'p2'],
      ),
    );
  }, { weight: 2 });

  test('decimals and versions do not end a sentence; a run of ?! does; text after the last one is a sentence', async () => {
    const passages = [
      { id: 'a', text: 'Version 2.0 costs 12.50 EUR and ships in 3 days. Is it worth it? Yes!' },
      { id: 'b', text: 'Support is open on weekdays.' },
    ];
    replyWith('Version 2.0 costs 12.50 EUR [a]. Really?! [a] Support is open on weekdays [b]');
    expect(await answer('What does version 2.0 cost?', passages)).toEqual(
      kept(['Version 2.0 costs 12.50 EUR [a].', 'Really?! [a]', 'Support is open on weekdays [b]'], ['a', 'b']),
    );
  }, { weight: 2 });

  test('line breaks and runs of spaces in the reply are collapsed; kept sentences are joined with one space', async () => {
    replyWith('\n\n  Refunds are paid within\n14 days [p1].\n\n\tParcels   ship from Rotterdam [p2].  \n\nThanks for asking! \n');
    expect(await answer(Q, KB)).toEqual(
      kept(['Refunds are paid within 14 days [p1].', 'Parcels ship from Rotterdam [p2].'], ['p1', 'p2'], [noCitation('Thanks for asking!')]),
    );
  }, { weight: 2 });

  test('no exceptions: an abbreviation followed by a space ends a sentence; each sentence is checked on its own', async () => {
    replyWith('Annual plans, e.g. yearly ones, can be refunded within 30 days [p1].');
    expect(await answer(Q, KB)).toEqual(
      kept(['yearly ones, can be refunded within 30 days [p1].'], ['p1'], [noCitation('Annual plans, e.g.')]),
    );
    replyWith('Parcels ship from Rotterdam [p2]. Parcels also ship from Antwerp and Rotterdam [p2].');
    expect(await answer(Q, KB)).toEqual(
      kept(['Parcels ship from Rotterdam [p2].'], ['p2'], [claim('Parcels also ship from Antwerp and Rotterdam [p2].', ['Antwerp'])]),
    );
  }, { weight: 2 });
});
