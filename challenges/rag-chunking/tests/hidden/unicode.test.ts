import { describe, test, expect } from '@judge/test';
import { chunk, inLanguage, sliceAt } from '../helpers/chunking';

const CRAB = '\u{1F980}'; // surrogate pair
const FAMILY = '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}'; // ZWJ sequence, 8 UTF-16 units
const FLAG_JP = '\u{1F1EF}\u{1F1F5}'; // regional indicators, 4 UTF-16 units
const SCRIPT_X = '\u{1D4B3}'; // mathematical script capital X, surrogate pair

describe('unicode', () => {
  test('emoji and other surrogate pairs are never split and offsets count UTF-16 units', async () => {
    const text = `${CRAB} rust ${FAMILY} family ${FLAG_JP} flag ${SCRIPT_X} math`;
    const got = await chunk(text, { maxWords: 2, overlap: 1 });
    expect(got).toEqual(inLanguage(text, [
      { text: `${CRAB} rust`, start: 0, end: 7 },
      { text: `rust ${FAMILY}`, start: 3, end: 16 },
      { text: `${FAMILY} family`, start: 8, end: 23 },
      { text: `family ${FLAG_JP}`, start: 17, end: 28 },
      { text: `${FLAG_JP} flag`, start: 24, end: 33 },
      { text: `flag ${SCRIPT_X}`, start: 29, end: 36 },
      { text: `${SCRIPT_X} math`, start: 34, end: 41 },
    ]));
    for (const c of got) expect(sliceAt(text, c.start, c.end)).toBe(c.text);
  }, { weight: 2 });

  test('astral characters at the very start and end of the text', async () => {
    const astral = '\u{1D400} b \u{1F600}';
    expect(await chunk(astral, { maxWords: 2, overlap: 1 })).toEqual(inLanguage(astral, [
      { text: '\u{1D400} b', start: 0, end: 4 },
      { text: 'b \u{1F600}', start: 3, end: 7 },
    ]));
    const crabs = `I \u2764\uFE0F ${CRAB} crabs`;
    expect(await chunk(crabs, { maxWords: 2, overlap: 1 })).toEqual(inLanguage(crabs, [
      { text: 'I \u2764\uFE0F', start: 0, end: 4 },
      { text: `\u2764\uFE0F ${CRAB}`, start: 2, end: 7 },
      { text: `${CRAB} crabs`, start: 5, end: 13 },
    ]));
  }, { weight: 1 });

  test('CJK: the ideographic space separates words, ideographs and CJK punctuation do not', async () => {
    const text = '東京都 大阪府\u3000京都府、北海道。 福岡';
    expect(await chunk(text, { maxWords: 2, overlap: 1 })).toEqual([
      { text: '東京都 大阪府', start: 0, end: 7 },
      { text: '大阪府\u3000京都府、北海道。', start: 4, end: 16 },
      { text: '京都府、北海道。 福岡', start: 8, end: 19 },
    ]);
  }, { weight: 1 });

  test('combining marks stay with their base letter', async () => {
    const text = 'cafe\u0301 nin\u0303o pho\u031B\u0309 Zu\u0308rich';
    expect(await chunk(text, { maxWords: 3, overlap: 2 })).toEqual([
      { text: 'cafe\u0301 nin\u0303o pho\u031B\u0309', start: 0, end: 17 },
      { text: 'nin\u0303o pho\u031B\u0309 Zu\u0308rich', start: 6, end: 25 },
    ]);
  }, { weight: 1 });
});
