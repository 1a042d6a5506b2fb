import ts from 'typescript';

/**
 * One normalised token: `kind` is what fingerprints hash (identifiers are `I`, strings and regular expressions `S`,
 * numbers `N`; keywords and operators are their own text), `line` the 1-based line it starts on.
 */
export interface Token {
  kind: string;
  line: number;
}

/** Which tokenizer reads a file, by its extension: null for files that are not code (JSON, markdown, ...). */
export function tokenizerOf(path: string): 'js' | 'py' | null {
  if (/\.(?:[cm]?[jt]s|[jt]sx)$/.test(path)) return 'js';
  if (/\.pyi?$/.test(path)) return 'py';
  return null;
}

/** The file's normalised tokens (comments and whitespace dropped), or null when it is not code. */
export function tokenizeFile(path: string, text: string): Token[] | null {
  const family = tokenizerOf(path);
  if (family === 'js') return tokenizeTypeScript(text);
  if (family === 'py') return tokenizePython(text);
  return null;
}

const K = ts.SyntaxKind;

/** Tokens after which `/` divides; after anything else it starts a regular expression. */
const ENDS_EXPRESSION = new Set<ts.SyntaxKind>([
  K.Identifier, K.PrivateIdentifier, K.NumericLiteral, K.BigIntLiteral, K.StringLiteral, K.NoSubstitutionTemplateLiteral,
  K.TemplateTail, K.RegularExpressionLiteral, K.CloseParenToken, K.CloseBracketToken, K.CloseBraceToken,
  K.ThisKeyword, K.SuperKeyword, K.TrueKeyword, K.FalseKeyword, K.NullKeyword, K.PlusPlusToken, K.MinusMinusToken,
]);

function normaliseTs(kind: ts.SyntaxKind, text: string): string {
  switch (kind) {
    case K.Identifier: case K.PrivateIdentifier: return 'I';
    case K.StringLiteral: case K.NoSubstitutionTemplateLiteral: case K.RegularExpressionLiteral:
    case K.TemplateHead: case K.TemplateMiddle: case K.TemplateTail: return 'S';
    case K.NumericLiteral: case K.BigIntLiteral: return 'N';
    default: return text;
  }
}

/**
 * TypeScript and JavaScript through the `typescript` package's scanner: template literals are followed through
 * their `${…}` parts (the scanner is told when a `}` closes one), and `/` is re-read as a regular expression where
 * an expression cannot have ended.
 */
export function tokenizeTypeScript(text: string): Token[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const tokens: Token[] = [];
  let line = 1;
  let counted = 0; // tokens come in order: count the line ends up to each token's start
  const braces: Array<'brace' | 'template'> = [];
  let previous: ts.SyntaxKind | undefined;
  for (let kind = scanner.scan(); kind !== K.EndOfFileToken; kind = scanner.scan()) {
    if (kind === K.TemplateHead) braces.push('template');
    else if (kind === K.OpenBraceToken) braces.push('brace');
    else if (kind === K.CloseBraceToken) {
      if (braces.at(-1) === 'template') {
        kind = scanner.reScanTemplateToken(false);
        if (kind === K.TemplateTail) braces.pop();
      } else braces.pop();
    } else if ((kind === K.SlashToken || kind === K.SlashEqualsToken) && (previous === undefined || !ENDS_EXPRESSION.has(previous))) {
      kind = scanner.reScanSlashToken();
    }
    const start = scanner.getTokenStart();
    for (; counted < start; counted += 1) if (text.charCodeAt(counted) === 10) line += 1;
    tokens.push({ kind: normaliseTs(kind, scanner.getTokenText()), line });
    previous = kind;
  }
  return tokens;
}

const PYTHON_KEYWORDS = new Set(('False None True and as assert async await break class continue def del elif else except '
  + 'finally for from global if import in is lambda nonlocal not or pass raise return try while with yield').split(' '));

/** Python's operators and delimiters, longest first. */
const PYTHON_OPERATORS = ['**=', '//=', '>>=', '<<=', '...', '->', ':=', '**', '//', '<<', '>>', '<=', '>=', '==', '!=',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@='];

const NUMBER = /(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/y;
const NAME = /[A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff]*/y;
const STRING_START = /[rRbBuUfF]{0,2}(?:'''|"""|'|")/y;

/** Past the end of a string whose opening `quote` ends before `at`; the line it ends on. */
function skipString(text: string, from: number, quote: string, startLine: number): { at: number; line: number } {
  let at = from;
  let line = startLine;
  while (at < text.length) {
    const ch = text[at]!;
    if (ch === '\\') {
      if (text[at + 1] === '\n') line += 1;
      at += 2;
    } else if (text.startsWith(quote, at)) {
      return { at: at + quote.length, line };
    } else if (ch === '\n' && quote.length === 1) {
      return { at, line }; // an unterminated one-line string ends at the line's end
    } else {
      if (ch === '\n') line += 1;
      at += 1;
    }
  }
  return { at, line };
}

/**
 * A small Python tokenizer: comments dropped; strings (prefixed, triple-quoted, f-strings as one string) are `S`,
 * numbers `N`, names `I` unless they are keywords; a logical line's end (outside brackets) is the token `NL`, so
 * statements keep their boundaries the way semicolons do in TypeScript.
 */
export function tokenizePython(source: string): Token[] {
  const text = source.replace(/\r\n?/g, '\n');
  const tokens: Token[] = [];
  let line = 1;
  let depth = 0;
  let at = 0;
  const push = (kind: string, tokenLine = line) => tokens.push({ kind, line: tokenLine });
  while (at < text.length) {
    const c = text[at]!;
    if (c === '\n') {
      if (depth === 0 && tokens.length > 0 && tokens.at(-1)!.kind !== 'NL') push('NL');
      line += 1;
      at += 1;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f' || c === '\v') { at += 1; continue; }
    if (c === '\\' && text[at + 1] === '\n') { at += 2; line += 1; continue; }
    if (c === '#') {
      while (at < text.length && text[at] !== '\n') at += 1;
      continue;
    }
    STRING_START.lastIndex = at;
    const start = STRING_START.exec(text);
    if (start) {
      push('S');
      ({ at, line } = skipString(text, at + start[0].length, start[0].replace(/^[rRbBuUfF]+/, ''), line));
      continue;
    }
    NUMBER.lastIndex = at;
    const number = /[\d.]/.test(c) ? NUMBER.exec(text) : null;
    if (number && number[0] !== '.' && number[0].length > 0) {
      push('N');
      at += number[0].length;
      continue;
    }
    NAME.lastIndex = at;
    const name = NAME.exec(text);
    if (name) {
      push(PYTHON_KEYWORDS.has(name[0]) ? name[0] : 'I');
      at += name[0].length;
      continue;
    }
    const operator = PYTHON_OPERATORS.find((op) => text.startsWith(op, at)) ?? c;
    if ('([{'.includes(operator)) depth += 1;
    else if (')]}'.includes(operator)) depth = Math.max(0, depth - 1);
    push(operator);
    at += operator.length;
  }
  if (tokens.length > 0 && tokens.at(-1)!.kind !== 'NL') push('NL');
  return tokens;
}
