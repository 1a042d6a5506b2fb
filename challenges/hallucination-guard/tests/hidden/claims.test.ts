import { describe, test, expect } from '@judge/test';
import { answer, replyWith, kept, claim, refusal, KB, Q } from '../helpers/guard';

const PRICES = [
  { id: 'prices', text: 'The Pro plan costs 1500 EUR per year, or 12.5 EUR per seat. Setup takes 2 days. Storage: 1,024 GB.' },
];

describe('numbers', () => {
  test('thousands separators and trailing decimal zeros are normalised on both sides', async () => {
    replyWith('The Pro plan costs 1,500 EUR per year [prices]. A seat costs 12.50 EUR [prices]. Setup takes 2.0 days [prices]. Storage is 1024 GB [prices].');
    expect(await answer('How much is Pro?', PRICES)).toEqual(
      kept(
        ['The Pro plan costs 1,500 EUR per year [prices].', 'A seat costs 12.50 EUR [prices].', 'Setup takes 2.0 days [prices].', 'Storage is 1024 GB [prices].'],
        ['prices'],
      ),
    );
  }, { weight: 3 });

  test('numbers match whole: 4 is not in 14, 140 is not 14, 1.5 is not 15; digits in words count, marker digits do not', async () => {
    replyWith('Refunds take 4 days [p1]. Refunds take 140 days [p1]. Express costs 1.5 EUR [p2]. Refunds take 14 days [p1].');
    expect(await answer(Q, KB)).toEqual(
      kept(['Refunds take 14 days [p1].'], ['p1'], [
        claim('Refunds take 4 days [p1].', ['4']),
        claim('Refunds take 140 days [p1].', ['140']),
        claim('Express costs 1.5 EUR [p2].', ['1.5', 'EUR']),
      ]),
    );
    const passages = [{ id: 'r2', text: 'The COVID-19 policy was updated in 2021.' }];
    replyWith('The COVID-19 policy was updated in 2021 [r2]. The COVID-20 policy was updated in 2021 [r2].');
    expect(await answer('When was the policy updated?', passages)).toEqual(
      kept(['The COVID-19 policy was updated in 2021 [r2].'], ['r2'], [claim('The COVID-20 policy was updated in 2021 [r2].', ['20'])]),
    );
  }, { weight: 3 });

  test('missing numbers are listed in normal form, once each, in order', async () => {
    replyWith('The Pro plan costs 2,000 EUR, 1500 EUR or 2000.00 EUR per year, and 99.90 per seat [prices].');
    expect(await answer('How much is Pro?', PRICES)).toEqual(
      refusal([claim('The Pro plan costs 2,000 EUR, 1500 EUR or 2000.00 EUR per year, and 99.90 per seat [prices].', ['2000', '99.9'])]),
    );
  }, { weight: 2 });

  test('only ASCII digits are numbers', async () => {
    const passages = [{ id: 'ar', text: 'The office opens at 9 in the morning.' }];
    replyWith('The office opens at 9, or ٩ in arabic digits [ar].');
    expect(await answer('When does the office open?', passages)).toEqual(kept(['The office opens at 9, or ٩ in arabic digits [ar].'], ['ar']));
  });
});

describe('names', () => {
  test('the first word is not a name; one-letter words are not names; names are case-sensitive whole words', async () => {
    replyWith('Rotterdam ships parcels every weekday [p2]. Then I think A parcel ships [p2]. Parcels ship from ROTTERDAM [p2]. Parcels ship from Rotterdams [p2].');
    expect(await answer(Q, KB)).toEqual(
      kept(['Rotterdam ships parcels every weekday [p2].', 'Then I think A parcel ships [p2].'], ['p2'], [
        claim('Parcels ship from ROTTERDAM [p2].', ['ROTTERDAM']),
        claim('Parcels ship from Rotterdams [p2].', ['Rotterdams']),
      ]),
    );
  }, { weight: 3 });

  test('a name must be a word of a cited passage: hyphens and apostrophes split words', async () => {
    const passages = [{ id: 'team', text: "Jean-Luc O'Brien leads the Rotterdamse team." }];
    replyWith("The team is led by Jean-Luc O'Brien [team]. The team is based in Rotterdam [team].");
    expect(await answer('Who leads the team?', passages)).toEqual(
      kept(["The team is led by Jean-Luc O'Brien [team]."], ['team'], [claim('The team is based in Rotterdam [team].', ['Rotterdam'])]),
    );
  }, { weight: 2 });

  test('claims are checked against all the cited passages together', async () => {
    replyWith('Refunds within 14 days apply to Rotterdam parcels [p1][p2]. Refunds within 14 days apply to Rotterdam parcels [p1].');
    expect(await answer(Q, KB)).toEqual(
      kept(['Refunds within 14 days apply to Rotterdam parcels [p1][p2].'], ['p1', 'p2'], [
        claim('Refunds within 14 days apply to Rotterdam parcels [p1].', ['Rotterdam']),
      ]),
    );
  }, { weight: 2 });
});

describe('quotations', () => {
  const MOTTO = [
    { id: 'q1', text: 'Our motto is fast and friendly service' },
    { id: 'q2', text: 'support for every customer, every day.' },
  ];

  test('straight and curly quotations are found in one cited passage, case-sensitively, not across two', async () => {
    replyWith('The policy says "paid within 14 days" [p1]. It also says “ship from Rotterdam every weekday” [p2]. It says "Paid within 14 days" [p1]. It says "" nothing [p1].');
    expect(await answer(Q, KB)).toEqual(
      kept(['The policy says "paid within 14 days" [p1].', 'It also says “ship from Rotterdam every weekday” [p2].', 'It says "" nothing [p1].'], ['p1', 'p2'], [
        claim('It says "Paid within 14 days" [p1].', ['Paid within 14 days', 'Paid']),
      ]),
    );
    replyWith('The motto is "fast and friendly service" [q1]. The motto is "fast and friendly service support for every customer" [q1][q2].');
    expect(await answer('What is the motto?', MOTTO)).toEqual(
      kept(['The motto is "fast and friendly service" [q1].'], ['q1'], [
        claim('The motto is "fast and friendly service support for every customer" [q1][q2].', ['fast and friendly service support for every customer']),
      ]),
    );
  }, { weight: 3 });

  test('the numbers and names inside a quotation are checked too; markers inside it are removed first', async () => {
    replyWith('Refunds are "paid within 14 days" [p1]. Refunds are "4 days" away [p1].');
    expect(await answer(Q, KB)).toEqual(kept(['Refunds are "paid within 14 days" [p1].'], ['p1'], [claim('Refunds are "4 days" away [p1].', ['4'])]));
    replyWith('The motto: "fast and [q1] friendly service" [q1].');
    expect(await answer('What is the motto?', MOTTO)).toEqual(kept(['The motto: "fast and [q1] friendly service" [q1].'], ['q1']));
  }, { weight: 2 });

  test('details: quotations, then numbers, then names, each once', async () => {
    replyWith('Our "Oslo office" opens at 8 in Oslo, Bergen and Oslo at "8" [p1]. It opens at "8" [p1].');
    expect(await answer(Q, KB)).toEqual(
      refusal([
        claim('Our "Oslo office" opens at 8 in Oslo, Bergen and Oslo at "8" [p1].', ['Oslo office', '8', 'Oslo', 'Bergen']),
        claim('It opens at "8" [p1].', ['8']),
      ]),
    );
  }, { weight: 2 });

});
