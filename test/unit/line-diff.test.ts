import { lineDiff, MAX_CELLS } from '../../core/reports/line-diff';

const marks = (a: string, b: string) => lineDiff(a, b).map((l) => `${l.kind === 'same' ? ' ' : l.kind === 'added' ? '+' : '-'}${l.text}`);

test('identical texts are all the same lines, numbered on both sides', () => {
  expect(lineDiff('a\nb\n', 'a\nb')).toEqual([{ kind: 'same', text: 'a', a: 1, b: 1 }, { kind: 'same', text: 'b', a: 2, b: 2 }]);
});

test('a change in the middle is the removed line then the added one, the rest kept', () => {
  expect(marks('a\nb\nc\nd', 'a\nB\nc\nd\ne')).toEqual([' a', '-b', '+B', ' c', ' d', '+e']);
  const numbered = lineDiff('a\nb\nc', 'x\na\nc');
  expect(numbered).toEqual([
    { kind: 'added', text: 'x', a: null, b: 1 }, { kind: 'same', text: 'a', a: 1, b: 2 },
    { kind: 'removed', text: 'b', a: 2, b: null }, { kind: 'same', text: 'c', a: 3, b: 3 }]);
});

test('the longest common subsequence is kept when lines move', () => {
  const out = marks('1\n2\n3\n4\n5', '1\n3\n4\n2\n5');
  expect(out.filter((l) => l.startsWith(' '))).toHaveLength(4);
  expect(out.filter((l) => l.startsWith('-'))).toEqual(['-2']);
  expect(out.filter((l) => l.startsWith('+'))).toEqual(['+2']);
});

test('empty sides, CRLF, and texts too large for the table still give a correct diff', () => {
  expect(marks('', 'a\nb')).toEqual(['+a', '+b']);
  expect(marks('a', '')).toEqual(['-a']);
  expect(marks('a\r\nb\r\n', 'a\nb\n')).toEqual([' a', ' b']);
  const big = Math.ceil(Math.sqrt(MAX_CELLS)) + 1;
  const a = Array.from({ length: big }, (_, i) => `a${i}`).join('\n');
  const b = Array.from({ length: big }, (_, i) => `b${i}`).join('\n');
  const out = lineDiff(`head\n${a}\ntail`, `head\n${b}\ntail`);
  expect(out[0]).toEqual({ kind: 'same', text: 'head', a: 1, b: 1 });
  expect(out.at(-1)).toEqual({ kind: 'same', text: 'tail', a: big + 2, b: big + 2 });
  expect(out.filter((l) => l.kind === 'removed')).toHaveLength(big);
  expect(out.filter((l) => l.kind === 'added')).toHaveLength(big);
});
