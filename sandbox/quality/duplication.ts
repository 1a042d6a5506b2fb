/**
 * @module quality/duplication
 * Duplicated blocks by token-window hashing: every window of `windowTokens` consecutive tokens (comments and
 * whitespace left out) is keyed by its token text; a key seen at two or more places is duplicated code, and runs of
 * consecutive matching windows are merged into one block.
 */
import ts from 'typescript';
import type { DuplicateBlock } from './types';

/** One token of a file (its text, normalised by the tokenizer that made it) and its 1-based line. */
export interface Token {
  text: string;
  line: number;
}

export interface DuplicationResult {
  blocks: DuplicateBlock[];
  /** Lines (per file, 1-based) inside a duplicated block. */
  duplicatedLines: number;
}

const MAX_BLOCKS = 50;

function tokenize(file: string, text: string): Token[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, /x$/.test(file) ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard, text);
  const tokens: Token[] = [];
  let line = 1;
  let last = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const pos = scanner.getTokenPos();
    for (let i = last; i < pos; i++) if (text.charCodeAt(i) === 10) line++;
    last = pos;
    tokens.push({ text: scanner.getTokenText(), line });
  }
  return tokens;
}

/** Finds duplicated blocks of at least `windowTokens` tokens within and across TypeScript/JavaScript files. */
export function findDuplicates(files: ReadonlyArray<{ file: string; text: string }>, windowTokens = 50): DuplicationResult {
  return findDuplicateTokens(files.map((f) => ({ file: f.file, tokens: tokenize(f.file, f.text) })), windowTokens);
}

/** The same over token streams made by any tokenizer (the Python analysis sends its own). */
export function findDuplicateTokens(files: ReadonlyArray<{ file: string; tokens: Token[] }>, windowTokens = 50): DuplicationResult {
  const tokens = files.map((f) => f.tokens);
  const keys = tokens.map((list) => list.map((_, i) => (i + windowTokens <= list.length
    ? list.slice(i, i + windowTokens).map((t) => t.text).join('\u0001') : '')));
  const seen = new Map<string, Array<[number, number]>>();
  keys.forEach((list, f) => list.forEach((key, i) => {
    if (key) (seen.get(key) ?? seen.set(key, []).get(key)!).push([f, i]);
  }));
  const covered = tokens.map((list) => new Array<boolean>(list.length).fill(false));
  const blocks = new Map<string, DuplicateBlock>();
  const keyAt = (f: number, i: number) => keys[f]![i] ?? '';
  for (const places of seen.values()) {
    if (places.length < 2) continue;
    for (const [f, i] of places) for (let k = i; k < i + windowTokens; k++) covered[f]![k] = true;
    for (let a = 0; a < places.length; a++) {
      for (let b = a + 1; b < places.length; b++) {
        const [fa, ia] = places[a]!;
        const [fb, ib] = places[b]!;
        if (ia > 0 && ib > 0 && keyAt(fa, ia - 1) && keyAt(fa, ia - 1) === keyAt(fb, ib - 1)) continue; // not a run's start
        let n = 1;
        while (keyAt(fa, ia + n) && keyAt(fa, ia + n) === keyAt(fb, ib + n) && !(fa === fb && ia + n >= ib)) n++;
        const span = (f: number, i: number) => ({ file: files[f]!.file, line: tokens[f]![i]!.line, endLine: tokens[f]![i + n + windowTokens - 2]!.line });
        const first = span(fa, ia);
        const id = `${first.file}:${first.line}:${first.endLine}`;
        const block = blocks.get(id) ?? { tokens: n + windowTokens - 1, lines: first.endLine - first.line + 1, occurrences: [first] };
        const second = span(fb, ib);
        if (!block.occurrences.some((o) => o.file === second.file && o.line === second.line)) block.occurrences.push(second);
        blocks.set(id, block);
      }
    }
  }
  let duplicatedLines = 0;
  covered.forEach((mask, f) => {
    const lines = new Set<number>();
    mask.forEach((on, i) => on && lines.add(tokens[f]![i]!.line));
    duplicatedLines += lines.size;
  });
  const sorted = [...blocks.values()].sort((x, y) => y.tokens - x.tokens).slice(0, MAX_BLOCKS);
  return { blocks: sorted, duplicatedLines };
}
