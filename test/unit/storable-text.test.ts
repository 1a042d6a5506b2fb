import fc from 'fast-check';
import { fileFolderClashes } from '../../core/submissions/submission-schema';
import { needsReplacement, storableText, storableValue } from '../../core/results/storable-text';

/** What PostgreSQL's jsonb refuses: a NUL escape, or a surrogate escape that is not part of a pair. */
function jsonbRefuses(text: string): boolean {
  return text.includes('\u0000') || !(text as string & { isWellFormed(): boolean }).isWellFormed();
}

test('NUL and lone surrogates become U+FFFD; pairs and everything else stay', () => {
  expect(storableText('a\u0000b')).toBe('a\uFFFDb');
  expect(storableText('x\ud800')).toBe('x\uFFFD');
  expect(storableText('\udc00y')).toBe('\uFFFDy');
  expect(storableText('\ud83d\ude00 ok')).toBe('\ud83d\ude00 ok');
  expect(storableText('\udc00\ud800')).toBe('\uFFFD\uFFFD');
});

test('any string becomes storable, and a storable one is left as it is', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
    const stored = storableText(text);
    expect(jsonbRefuses(stored)).toBe(false);
    expect(needsReplacement(text)).toBe(jsonbRefuses(text));
    if (!jsonbRefuses(text)) expect(stored).toBe(text);
  }));
});

test('deep values: strings and keys replaced at any depth, and the change reported', () => {
  const { value, replaced } = storableValue({ a: ['ok', { 'k\u0000': 'v\ud800' }], n: 3, nil: null });
  expect(replaced).toBe(true);
  expect(value).toEqual({ a: ['ok', { 'k\uFFFD': 'v\uFFFD' }], n: 3, nil: null });
  expect(storableValue({ a: 'fine' })).toEqual({ value: { a: 'fine' }, replaced: false });
});

test('a file map where one path is a folder of another is named, each clash once', () => {
  expect(fileFolderClashes(['src/lib', 'src/lib/a.ts', 'src/lib/b/c.ts', 'src/x.ts'])).toEqual([['src/lib/a.ts', 'src/lib'], ['src/lib/b/c.ts', 'src/lib']]);
  expect(fileFolderClashes(['src/a.ts', 'src/ab/c.ts'])).toEqual([]);
});
