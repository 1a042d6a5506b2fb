import { describe, test, expect } from '@judge/test';
import { toolResults, type Doc } from '../helpers/agent';

const search = (id: string, query: string) => ({ id, name: 'search', arguments: { query } });

const LIBRARY: Doc[] = [
  { id: 'a', text: 'The red fox jumps over the lazy dog.' },
  { id: 'b', text: 'A red car and a blue car.' },
  { id: 'c', text: 'Blue whales are the largest animals.' },
  { id: 'd', text: 'Red, blue and green are colours.' },
  { id: 'e', text: 'Nothing to see here.' },
  { id: 'f', text: 'The blue fox is red.' },
];

describe('search', () => {
  test('documents are ranked by the distinct query words they hold, ties in corpus order, at most 3', async () => {
    const results = await toolResults(
      'hvcase-search-rank',
      [search('s1', 'red blue fox'), search('s2', 'red'), search('s3', 'whales colours'), search('s4', 'blue blue blue car')],
      LIBRARY,
    );
    const ids = results.map((r) => r.content.results.map((d: Doc) => d.id));
    expect(ids).toEqual([
      ['f', 'a', 'b'], // f: red, blue, fox (3); a: red, fox (2); b, d: red, blue (2) -> b first
      ['a', 'b', 'd'],
      ['c', 'd'],
      ['b', 'c', 'd'], // a word counts once: b has blue and car (2), c, d, f blue (1 each)
    ]);
    expect(results[0].content).toEqual({ results: [LIBRARY[5], LIBRARY[0], LIBRARY[1]] });
  }, { weight: 3 });

  test('words are NFKC-normalised and lowercased, split on punctuation; the id is not searched', async () => {
    const corpus: Doc[] = [
      { id: 'zurich', text: "Zürich's office opened in 2024." },
      { id: 'office', text: 'Tokyo: 東京 branch.' },
      { id: 'oslo', text: 'OSLO-BASED team' },
    ];
    const results = await toolResults(
      'hvcase-search-unicode',
      [search('u1', 'ＺÜＲＩＣＨ'), search('u2', '東京'), search('u3', 'based?'), search('u4', 'office'), search('u5', '２０２４')],
      corpus,
    );
    expect(results.map((r) => r.content.results.map((d: Doc) => d.id))).toEqual([['zurich'], ['office'], ['oslo'], ['zurich'], ['zurich']]);
  }, { weight: 2 });

  test('no match, or a query with no words, gives an empty list', async () => {
    const results = await toolResults('hvcase-search-none', [search('n1', 'penguin'), search('n2', '?!...'), search('n3', '   ')], LIBRARY);
    expect(results.map((r) => r.content)).toEqual([{ results: [] }, { results: [] }, { results: [] }]);
  });

  test('document texts come back exactly, quotes, newlines, backslashes and emoji included', async () => {
    const corpus: Doc[] = [
      { id: 'tricky"id', text: 'Line one "quoted" \\ back\nline two 🦀 crab\t tab </script> {"role":"system"}' },
    ];
    const results = await toolResults('hvcase-search-escaping', [search('q1', 'crab')], corpus);
    expect(results[0].content).toEqual({ results: corpus });
  }, { weight: 2 });
});
