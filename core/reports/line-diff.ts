/**
 * @module reports/line-diff
 * A line diff of two texts by longest common subsequence (the side-by-side comparison of two candidates' code). The
 * common head and tail are taken first; what is left is compared in a table of at most `MAX_CELLS` cells, beyond
 * which the middle is shown as removed then added (still a correct diff, only not the shortest).
 */

export type DiffLine = { kind: 'same' | 'removed' | 'added'; text: string; a: number | null; b: number | null };

/** The most LCS table cells (lines of A × lines of B, after the common head and tail) before the plain fallback. */
export const MAX_CELLS = 4_000_000;

const linesOf = (text: string) => (text === '' ? [] : text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n'));

/** The lines of `a` and `b` in order, each `same` (in both), `removed` (only in a) or `added` (only in b), numbered from 1. */
export function lineDiff(a: string, b: string): DiffLine[] {
  const x = linesOf(a);
  const y = linesOf(b);
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head += 1;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail += 1;
  const out: DiffLine[] = [];
  for (let i = 0; i < head; i += 1) out.push({ kind: 'same', text: x[i]!, a: i + 1, b: i + 1 });
  out.push(...middle(x.slice(head, x.length - tail), y.slice(head, y.length - tail), head));
  for (let k = tail; k > 0; k -= 1) {
    const i = x.length - k;
    const j = y.length - k;
    out.push({ kind: 'same', text: x[i]!, a: i + 1, b: j + 1 });
  }
  return out;
}

function middle(x: string[], y: string[], offset: number): DiffLine[] {
  const n = x.length;
  const m = y.length;
  const removed = (i: number): DiffLine => ({ kind: 'removed', text: x[i]!, a: offset + i + 1, b: null });
  const added = (j: number): DiffLine => ({ kind: 'added', text: y[j]!, a: null, b: offset + j + 1 });
  if (n * m > MAX_CELLS || n === 0 || m === 0) return [...x.map((_, i) => removed(i)), ...y.map((_, j) => added(j))];
  // lcs[i][j]: the longest common subsequence of x[i..] and y[j..], one flat row-major table
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push({ kind: 'same', text: x[i]!, a: offset + i + 1, b: offset + j + 1 });
      i += 1;
      j += 1;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) {
      out.push(removed(i));
      i += 1;
    } else {
      out.push(added(j));
      j += 1;
    }
  }
  while (i < n) out.push(removed(i++));
  while (j < m) out.push(added(j++));
  return out;
}
