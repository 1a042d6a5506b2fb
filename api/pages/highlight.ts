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

const PYTHON_KEYWORDS = new Set(('False None True and as assert async await break class continue def del elif else except '
  + 'finally for from global if import in is lambda nonlocal not or pass raise return try while with yield').split(' '));

/** Python's: `#` comments, triple-quoted strings (docstrings), prefixed strings (`f"…"`, `rb'…'`). */
const PYTHON_RULES: Array<[string | null, RegExp]> = [
  ['comment', /#[^\n]*/y],
  ['string', /[rRbBuUfF]{0,2}(?:'''[\s\S]*?(?:'''|$)|"""[\s\S]*?(?:"""|$))/y],
  ['string', /[rRbBuUfF]{0,2}(?:'(?:[^'\\\n]|\\.)*'?|"(?:[^"\\\n]|\\.)*"?)/y],
  ['number', /\b(?:0[xXoObB][\da-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?j?)\b/y],
  ['word', /[A-Za-z_]\w*/y],
  [null, /\s+|[^\sA-Za-z_\d'"#]+/y],
  [null, /[\s\S]/y],
];

/** Splits source into classed tokens (keywords, strings, comments, numbers, the rest) by its language's rules. */
function tokenize(source: string, python: boolean): Array<{ cls: string | null; text: string }> {
  const [rules, keywords] = python ? [PYTHON_RULES, PYTHON_KEYWORDS] : [RULES, KEYWORDS];
  const tokens: Array<{ cls: string | null; text: string }> = [];
  let at = 0;
  while (at < source.length) {
    for (const [cls, re] of rules) {
      re.lastIndex = at;
      const m = re.exec(source);
      if (!m || m[0].length === 0) continue;
      const text = m[0];
      tokens.push({ cls: cls === 'word' ? (keywords.has(text) ? 'kw' : null) : cls, text });
      at += text.length;
      break;
    }
  }
  return tokens;
}

/**
 * Highlighted source (Python for a `.py` path, else TypeScript/JavaScript), one entry per line (so findings can sit beside their line). Spans never cross a line: a
 * multi-line comment or template string is closed at each line end and reopened on the next.
 */
export function highlightLines(source: string, path = ''): SafeHtml[] {
  const lines: string[] = [''];
  for (const { cls, text } of tokenize(source.replace(/\r\n?/g, '\n'), /\.pyi?$/.test(path))) {
    text.split('\n').forEach((piece, i) => {
      if (i > 0) lines.push('');
      if (piece === '') return;
      const escaped = escapeHtml(piece);
      lines[lines.length - 1] += cls ? `<span class="tok-${cls}">${escaped}</span>` : escaped;
    });
  }
  return lines.map(raw);
}
