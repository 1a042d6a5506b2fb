/**
 * @module quality/llm-risks
 * LLM calls without a time or retry bound, where that can be seen statically:
 * - `llm-client-no-timeout`: `new OpenAI(...)` without `timeout`, and no call in the file passes `timeout` or an
 *   AbortSignal per request (the SDK's default is 10 minutes per attempt).
 * - `llm-client-default-retries`: `new OpenAI(...)` without `maxRetries` (the SDK retries twice by default, which
 *   multiplies any retry loop of your own).
 * - `llm-fetch-no-abort`: `fetch` to the model's API without a `signal`.
 * - `llm-unbounded-retry`: a `while (true)` / `for (;;)` loop around an LLM call with no attempt counter compared in it.
 * The flaws of prompts, retry loops, batching and timeouts are in ./llm-patterns.
 */
import ts from 'typescript';
import type { QualityFinding } from './types';
import { findLlmPatterns } from './llm-patterns';
import { lineCol, walk, type SourceFile } from './source-files';

const LLM_METHOD = /\.(create|stream|parse)\s*\(|\bfetch\s*\(/;
const AI_URL = /OPENAI|openai|base_?url|baseURL|\/v1\/|completions|embeddings|responses/;
const COUNTER = /attempt|retr|tries|tried|count|max/i;

function finding(source: SourceFile, node: ts.Node, rule: string, severity: QualityFinding['severity'], message: string): QualityFinding {
  return { kind: 'llm-risk', rule, severity, file: source.file, ...lineCol(source.ast, node.getStart(source.ast)), message };
}

/** Property names of an object literal argument (empty when it is not a literal). */
function keysOf(node: ts.Expression | undefined): Set<string> | undefined {
  if (!node) return new Set();
  if (!ts.isObjectLiteralExpression(node)) return undefined; // a variable: cannot tell statically
  return new Set(node.properties.map((p) => (p.name ? p.name.getText() : p.kind === ts.SyntaxKind.SpreadAssignment ? '...' : '')));
}

function perRequestBound(source: SourceFile): boolean {
  let found = false;
  walk(source.ast, (node) => {
    if (found || !ts.isCallExpression(node) || !/\.(create|stream|parse)$/.test(node.expression.getText(source.ast))) return;
    const keys = keysOf(node.arguments[1]);
    if (!keys || keys.has('signal') || keys.has('timeout') || keys.has('...')) found = true;
  });
  return found;
}

function checkClient(source: SourceFile, node: ts.NewExpression, out: QualityFinding[]): void {
  const keys = keysOf(node.arguments?.[0]);
  if (!keys || keys.has('...')) return;
  if (!keys.has('timeout') && !perRequestBound(source)) {
    out.push(finding(source, node, 'llm-client-no-timeout', 'warning',
      'The OpenAI client has no timeout and no request passes one (or an AbortSignal): the SDK waits up to 10 minutes per attempt.'));
  }
  if (!keys.has('maxRetries')) {
    out.push(finding(source, node, 'llm-client-default-retries', 'info',
      'The OpenAI client keeps the SDK default of 2 retries; set maxRetries so the retry budget is explicit (and not multiplied by your own retries).'));
  }
}

function checkFetch(source: SourceFile, node: ts.CallExpression, out: QualityFinding[]): void {
  const url = node.arguments[0];
  if (!url || !AI_URL.test(url.getText(source.ast))) return;
  const keys = keysOf(node.arguments[1]);
  if (keys && !keys.has('signal') && !keys.has('...')) {
    out.push(finding(source, node, 'llm-fetch-no-abort', 'warning', 'fetch to the model API without an AbortSignal: a hung upstream holds this request forever.'));
  }
}

function isEndless(node: ts.Node): node is ts.WhileStatement | ts.ForStatement | ts.DoStatement {
  if (ts.isWhileStatement(node) || ts.isDoStatement(node)) return node.expression.kind === ts.SyntaxKind.TrueKeyword;
  return ts.isForStatement(node) && (!node.condition || node.condition.kind === ts.SyntaxKind.TrueKeyword);
}

function checkLoop(source: SourceFile, node: ts.WhileStatement | ts.ForStatement | ts.DoStatement, out: QualityFinding[]): void {
  const body = node.statement.getText(source.ast);
  if (!LLM_METHOD.test(body)) return;
  let bounded = false;
  walk(node.statement, (n) => {
    if (ts.isBinaryExpression(n) && [ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken,
      ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken].includes(n.operatorToken.kind)
      && COUNTER.test(n.getText(source.ast))) bounded = true;
  });
  if (!bounded) {
    out.push(finding(source, node, 'llm-unbounded-retry', 'warning', 'A loop around an LLM call with no attempt counter or deadline in its body: retries have no bound.'));
  }
}

/** LLM-call risk findings in one source. */
export function findLlmRisks(source: SourceFile): QualityFinding[] {
  const out: QualityFinding[] = [];
  walk(source.ast, (node) => {
    if (ts.isNewExpression(node) && /^(OpenAI|AzureOpenAI)$/.test(node.expression.getText(source.ast).replace(/^.*\./, ''))) checkClient(source, node, out);
    else if (ts.isCallExpression(node) && node.expression.getText(source.ast) === 'fetch') checkFetch(source, node, out);
    else if (isEndless(node)) checkLoop(source, node, out);
  });
  return [...out, ...findLlmPatterns(source)];
}
