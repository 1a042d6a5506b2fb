/**
 * @module quality/secrets
 * Hard-coded secrets and secret exposure a reviewer would flag:
 * - `hard-coded-secret`: a string literal shaped like a known key (OpenAI `sk-...`, AWS `AKIA...`, GitHub `ghp_...`,
 *   Slack `xox?-...`, a PEM private key), or a high-entropy literal assigned to a key-like name (apiKey, secret, token,
 *   password, ...).
 * - `echoes-upstream-error`: inside a `catch` of a try block that calls the LLM, the caught error's text goes into a
 *   value other than a log line; the SDK's error messages can carry the API key and the upstream's internals.
 */
import ts from 'typescript';
import type { QualityFinding } from './types';
import { lineCol, walk, type SourceFile } from './source-files';

/** Shapes of known keys, and what each one is. */
export const KEY_PATTERNS: Array<[RegExp, string]> = [
  [/\bsk-(?:proj-|live-|test-)?[A-Za-z0-9_-]{16,}/, 'an OpenAI-style API key'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/, 'a GitHub token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/-----BEGIN (?:RSA |EC |OPENSSH )?PRIVATE KEY-----/, 'a private key'],
];
/** Names a secret is usually assigned to. */
export const KEY_NAME = /(api[_-]?key|secret|token|passw(or)?d|credential|auth|private[_-]?key)/i;

/** Shannon entropy in bits per character. */
export function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

/** Whether a literal assigned to a key-like name looks like a real secret rather than a label or placeholder. */
export function looksLikeSecret(value: string): boolean {
  return value.length >= 16 && !/\s/.test(value) && entropy(value) >= 3.5 && /\d/.test(value) && /[A-Za-z]/.test(value);
}

/**
 * The `hard-coded-secret` message for a string literal (and the name it is assigned to, if any), or undefined when
 * it is no secret. Shared by the TypeScript and the Python analysis.
 */
export function secretMessage(value: string, name: string | undefined): string | undefined {
  const known = KEY_PATTERNS.find(([pattern]) => pattern.test(value));
  if (known) return `Hard-coded secret: this string looks like ${known[1]}. Read it from the environment.`;
  if (name && KEY_NAME.test(name) && looksLikeSecret(value)) return `Hard-coded secret: a high-entropy string is assigned to "${name}". Read it from the environment.`;
  return undefined;
}

function assignedName(node: ts.Node): string | undefined {
  const p = node.parent;
  if ((ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.initializer === node) return p.name.getText();
  if (ts.isBinaryExpression(p) && p.right === node && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return p.left.getText();
  return undefined;
}

function finding(source: SourceFile, node: ts.Node, rule: string, severity: QualityFinding['severity'], message: string): QualityFinding {
  return { kind: 'secret', rule, severity, file: source.file, ...lineCol(source.ast, node.getStart(source.ast)), message };
}

/** A try block that talks to the model, directly or through a helper handed the client. */
const LLM_CALL = /\b(fetch|create|stream|embeddings|completions|responses)\s*\(|\b(client|openai|llm|upstream)\b/i;

/** Whether an expression reads a caught error's text: `e.message`, `(e as Error).message`, `String(e)`, `${e}`. */
function readsErrorText(node: ts.Node, caught: string): boolean {
  const bare = (n: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isNonNullExpression(n) ? bare(n.expression) : n);
  if (ts.isPropertyAccessExpression(node) && ['message', 'stack', 'error', 'response'].includes(node.name.text)) {
    const target = bare(node.expression);
    return ts.isIdentifier(target) && target.text === caught;
  }
  if (ts.isCallExpression(node) && node.expression.getText() === 'String' && node.arguments[0]) {
    const arg = bare(node.arguments[0]);
    return ts.isIdentifier(arg) && arg.text === caught;
  }
  if (ts.isTemplateSpan(node)) {
    const e = bare(node.expression);
    return ts.isIdentifier(e) && e.text === caught;
  }
  return false;
}

function insideLogCall(node: ts.Node, stop: ts.Node): boolean {
  for (let n: ts.Node = node; n !== stop; n = n.parent) {
    if (ts.isCallExpression(n) && /^(console|log|logger)\.|^log$/.test(n.expression.getText())) return true;
  }
  return false;
}

function echoesUpstreamError(source: SourceFile, out: QualityFinding[]): void {
  walk(source.ast, (node) => {
    if (!ts.isTryStatement(node) || !node.catchClause?.variableDeclaration) return;
    if (!LLM_CALL.test(node.tryBlock.getText(source.ast)) && !/OpenAI\./.test(node.catchClause.getText(source.ast))) return;
    const name = node.catchClause.variableDeclaration.name;
    if (!ts.isIdentifier(name)) return;
    const block = node.catchClause.block;
    walk(block, (inner) => {
      if (readsErrorText(inner, name.text) && !insideLogCall(inner, block)) {
        out.push(finding(source, inner, 'echoes-upstream-error', 'warning',
          `The caught error's text (${inner.getText(source.ast).slice(0, 60)}) leaves this catch block: upstream error messages can carry the API key and internals; answer with your own message.`));
      }
    });
  });
}

/** Secret findings in one source. */
export function findSecrets(source: SourceFile): QualityFinding[] {
  const out: QualityFinding[] = [];
  walk(source.ast, (node) => {
    if (!ts.isStringLiteral(node) && !ts.isNoSubstitutionTemplateLiteral(node)) return;
    const message = secretMessage(node.text, assignedName(node));
    if (message) out.push(finding(source, node, 'hard-coded-secret', 'error', message));
  });
  echoesUpstreamError(source, out);
  return out;
}
