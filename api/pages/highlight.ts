import { escapeHtml, raw, type SafeHtml } from './html';

const KEYWORDS = new Set(('abstract as async await break case catch class const continue debugger declare default delete do else enum '
  + 'export extends false finally for from function get if implements import in instanceof interface keyof let new null of '
  + 'private protected public readonly return set static super switch this throw true try type typeof undefined var void '
  + 'while with yield').split(' '));

/** One lexical rule: the first that matches at the position wins. */
const RULES: Array<[string | null, RegExp]> = [
  ['comment', /\/\/[^\n]*/y],
  ['comment', /\/\*[\s\S]*?(\*\/|$)/y],
  ['string', /'(?:[^'\\\n]|\\.)*'?/y],
  ['string', /"(?:[^"\\\n]|\\.)*"?/y],
  ['string', /`(?:[^`\\]|\\[\s\S])*`?/y],
  ['number', /\b(?:0[xX][\da-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?n?)\b/y],
  ['word', /[A-Za-z_$][\w$]*/y],
  [null, /\s+|[^\sA-Za-z_$\d'"`/]+|\//y],
  [null, /[\s\S]/y],
];

/** Splits TypeScript/JavaScript source into classed tokens (keywords, strings, comments, numbers, the rest). */
function tokenize(source: string): Array<{ cls: string | null; text: string }> {
  const tokens: Array<{ cls: string | null; text: string }> = [];
  let at = 0;
  while (at < source.length) {
    for (const [cls, re] of RULES) {
      re.lastIndex = at;
      const m = re.exec(source);
      if (!m || m[0].length === 0) continue;
      const text = m[0];
      tokens.push({ cls: cls === 'word' ? (KEYWORDS.has(text) ? 'kw' : null) : cls, text });
      at += text.length;
      break;
    }
  }
  return tokens;
}

/**
 * Highlighted source, one entry per line (so findings can sit beside their line). Spans never cross a line: a
 * multi-line comment or template string is closed at each line end and reopened on the next.
 */
export function highlightLines(source: string): SafeHtml[] {
  const lines: string[] = [''];
  for (const { cls, text } of tokenize(source.replace(/\r\n?/g, '\n'))) {
    text.split('\n').forEach((piece, i) => {
      if (i > 0) lines.push('');
      if (piece === '') return;
      const escaped = escapeHtml(piece);
      lines[lines.length - 1] += cls ? `<span class="tok-${cls}">${escaped}</span>` : escaped;
    });
  }
  return lines.map(raw);
}
