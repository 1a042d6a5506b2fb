import { describe, test, expect } from '@judge/test';
import { answer, replyWith, kept, claim, chatRequests, messagesOf } from '../helpers/guard';

describe('unicode', () => {
  test('NFC on both sides: a decomposed name matches its composed form, an unaccented one does not', async () => {
    const passages = [{ id: 'hq', text: 'Le siège est à Zu\u0308rich depuis 2019.' }]; // NFD ü
    replyWith('Le siège est à Zürich depuis 2019 [hq]. Le siège est à Zurich depuis 2019 [hq]. Oui, à Zu\u0308rich [hq].');
    expect(await answer('Où est le siège ?', passages)).toEqual(
      kept(['Le siège est à Zürich depuis 2019 [hq].', 'Oui, à Zürich [hq].'], ['hq'], [claim('Le siège est à Zurich depuis 2019 [hq].', ['Zurich'])]),
    );
  }, { weight: 3 });

  test('Cyrillic, Greek and German names are checked like any others; emoji and uncased scripts add no names', async () => {
    const passages = [
      { id: 'ru', text: 'Офис компании находится в Москве, на улице Тверской.' },
      { id: 'el', text: 'Το γραφείο της Αθήνας ανοίγει στις 9.' },
    ];
    replyWith('Офис находится в Москве [ru]. Офис находится в Казани [ru]. Το γραφείο της Αθήνας ανοίγει στις 9 [el]. Το γραφείο της Θεσσαλονίκης ανοίγει στις 10 [el].');
    expect(await answer('Где офис?', passages)).toEqual(
      kept(['Офис находится в Москве [ru].', 'Το γραφείο της Αθήνας ανοίγει στις 9 [el].'], ['ru', 'el'], [
        claim('Офис находится в Казани [ru].', ['Казани']),
        claim('Το γραφείο της Θεσσαλονίκης ανοίγει στις 10 [el].', ['10', 'Θεσσαλονίκης']),
      ]),
    );
    const de = [{ id: 'p1', text: 'Die Lieferung dauert 3 Tage 🚚.' }];
    replyWith('🚚 Die Lieferung dauert 3 Tage [p1]. שלום עולם [p1]. Die Lieferung dauert 5 Tage in Österreich 🎉 [p1].');
    expect(await answer('Wie lange?', de)).toEqual(
      kept(['🚚 Die Lieferung dauert 3 Tage [p1].', 'שלום עולם [p1].'], ['p1'], [
        claim('Die Lieferung dauert 5 Tage in Österreich 🎉 [p1].', ['5', 'Österreich']),
      ]),
    );
  }, { weight: 3 });

  test('CJK text: full-width terminal punctuation followed by a space ends a sentence; numbers are still checked', async () => {
    const passages = [{ id: 'jp', text: '東京の人口は約1,400万人です。大阪は約880万人です。' }];
    replyWith('東京の人口は約1400万人です。[jp] 大阪は約900万人です。[jp] 本当ですか？[jp]');
    expect(await answer('東京の人口は？', passages)).toEqual(
      kept(['東京の人口は約1400万人です。[jp]', '本当ですか？[jp]'], ['jp'], [claim('大阪は約900万人です。[jp]', ['900'])]),
    );
  }, { weight: 2 });

  test('whitespace is exactly JavaScript\'s \\s: no-break, ideographic and BOM spaces collapse, U+0085 does not', async () => {
    const passages = [{ id: 'p1', text: 'Refunds\u00a0are paid within\u300014 days.' }];
    replyWith('Refunds\u00a0are\ufeffpaid within\u3000\u300014 days [p1].\u2028Refunds take 14\u0085days [p1].');
    expect(await answer('How\u00a0long?\ufeff', passages)).toEqual(
      kept(['Refunds are paid within 14 days [p1].', 'Refunds take 14\u0085days [p1].'], ['p1']),
    );
    const user = String(messagesOf(chatRequests()[0]!)[1]!.content);
    expect(user).toBe('<passages>\n[p1] Refunds are paid within 14 days.\n</passages>\n\nQuestion: How long?');
  }, { weight: 2 });

});
