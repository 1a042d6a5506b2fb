/**
 * @module quality/regex-risks
 * `regex-quadratic-scan`: a global regular expression (searched through the text) that starts with an unbounded
 * repetition and needs more after it, such as `/[\w.+-]+@.../g`. On a long run of characters the repetition matches
 * but the rest never does, every start position inside the run rescans it: quadratic time, a denial of service on
 * large input. Anchored (`^`, sticky `y`, a look-behind) or bounded (`{1,64}`) starts are not findings.
 */
import ts from 'typescript';
import type { QualityFinding } from './types';
import { lineCol, walk, type SourceFile } from './source-files';

/** An unbounded leading atom: a class, `\w`-like escape or `.`, repeated with +, * or {n,}, then more pattern. */
const LEADING_UNBOUNDED = /^(?:\((?:\?:)?)?(\[(?:\\.|[^\]\\])*\]|\\[wWsSdD]|\.)(?:\+|\*|\{\d+,\})\??\)?(.+)$/s;

const WORDY = /^\\[wdS]$|^\.$|^\[\^|a-z|A-Z|0-9/;

/** Whether searching `pattern` can rescan a run at every start position. */
export function scansQuadratically(pattern: string): boolean {
  const m = LEADING_UNBOUNDED.exec(pattern);
  if (!m) return false;
  // runs of word characters are ordinary text (words, numbers, addresses), unlike runs of punctuation
  if (!WORDY.test(m[1]!)) return false;
  const rest = m[2]!;
  // what follows is optional or the end: the match can always stop where the run stops
  return !/^(?:[)*?|]|\$|\\b)*$/.test(rest);
}

export const REGEX_MESSAGE = 'This regex is searched through the text and starts with an unbounded repetition: on a long run that never completes a match, every start position rescans the run (quadratic time on large input).';

export function findRegexRisks(source: SourceFile): QualityFinding[] {
  const out: QualityFinding[] = [];
  walk(source.ast, (node) => {
    if (!ts.isRegularExpressionLiteral(node)) return;
    const text = node.text;
    const slash = text.lastIndexOf('/');
    const flags = text.slice(slash + 1);
    if (!flags.includes('g') || flags.includes('y') || !scansQuadratically(text.slice(1, slash))) return;
    out.push({ kind: 'lint', rule: 'regex-quadratic-scan', severity: 'warning', file: source.file, ...lineCol(source.ast, node.getStart(source.ast)), message: REGEX_MESSAGE });
  });
  return out;
}
