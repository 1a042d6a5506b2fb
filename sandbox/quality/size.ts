/**
 * @module quality/size
 * Lines of code, comment lines and blank lines per file, from the scanner (a line with code and a trailing comment
 * counts as code).
 */
import ts from 'typescript';
import type { FileSize, SizeMetrics } from './types';
import type { SourceFile } from './source-files';

export function measureFile(file: string, text: string): FileSize {
  const lines = text.split(/\r?\n/);
  const code = new Set<number>();
  const comment = new Set<number>();
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, /x$/.test(file) ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard, text);
  const starts = lineStarts(text);
  const lineOf = (pos: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.WhitespaceTrivia || kind === ts.SyntaxKind.NewLineTrivia) continue;
    const target = kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia ? comment : code;
    const first = lineOf(scanner.getTokenPos());
    const last = lineOf(Math.max(scanner.getTokenPos(), scanner.getTextPos() - 1));
    for (let l = first; l <= last; l++) target.add(l);
  }
  for (const l of code) comment.delete(l);
  const blankLines = lines.filter((l) => l.trim() === '').length;
  return { file, lines: lines.length, linesOfCode: code.size, commentLines: comment.size, blankLines };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** Totals over all sources; commentRatio = comment lines / (code + comment lines). */
export function measureSize(sources: readonly SourceFile[]): SizeMetrics {
  const perFile = sources.map((s) => measureFile(s.file, s.text));
  const sum = (key: keyof Omit<FileSize, 'file'>) => perFile.reduce((n, f) => n + f[key], 0);
  const linesOfCode = sum('linesOfCode');
  const commentLines = sum('commentLines');
  const ratio = linesOfCode + commentLines === 0 ? 0 : commentLines / (linesOfCode + commentLines);
  return {
    files: perFile.length, lines: sum('lines'), linesOfCode, commentLines, blankLines: sum('blankLines'),
    commentRatio: Math.round(ratio * 1000) / 1000, perFile,
  };
}
