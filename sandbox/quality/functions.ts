/**
 * @module quality/functions
 * Per-function cyclomatic complexity (McCabe: 1 + decision points), length in lines and deepest nesting of
 * branching/looping blocks. A nested function is measured on its own and does not add to its parent.
 */
import ts from 'typescript';
import type { FunctionMetrics } from './types';
import { lineCol, type SourceFile } from './source-files';

type FunctionNode = ts.FunctionLikeDeclaration;

function isFunction(node: ts.Node): node is FunctionNode {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)
    || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node)
    || ts.isSetAccessorDeclaration(node);
}

function isDecision(node: ts.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.IfStatement:
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.WhileStatement:
    case ts.SyntaxKind.DoStatement:
    case ts.SyntaxKind.CaseClause:
    case ts.SyntaxKind.CatchClause:
    case ts.SyntaxKind.ConditionalExpression:
      return true;
    case ts.SyntaxKind.BinaryExpression: {
      const op = (node as ts.BinaryExpression).operatorToken.kind;
      return op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken
        || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.AmpersandAmpersandEqualsToken
        || op === ts.SyntaxKind.BarBarEqualsToken || op === ts.SyntaxKind.QuestionQuestionEqualsToken;
    }
    default:
      return false;
  }
}

/** Blocks that add a nesting level. An `else if` continues its `if` rather than nesting deeper. */
function nests(node: ts.Node): boolean {
  if (ts.isIfStatement(node)) return !(ts.isIfStatement(node.parent) && node.parent.elseStatement === node);
  return ts.isIterationStatement(node, false) || ts.isSwitchStatement(node) || ts.isTryStatement(node) || ts.isCatchClause(node);
}

function nameOf(node: FunctionNode): string {
  if (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name))) return node.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isCallExpression(parent)) return `<callback of ${parent.expression.getText().slice(0, 40)}>`;
  return '<anonymous>';
}

function measure(source: SourceFile, fn: FunctionNode): FunctionMetrics {
  let complexity = 1;
  let maxNesting = 0;
  const visit = (node: ts.Node, depth: number) => {
    if (isFunction(node)) return;
    if (isDecision(node)) complexity++;
    const d = nests(node) ? depth + 1 : depth;
    maxNesting = Math.max(maxNesting, d);
    ts.forEachChild(node, (child) => visit(child, d));
  };
  if (fn.body) ts.forEachChild(fn.body, (child) => visit(child, 0));
  const start = lineCol(source.ast, fn.getStart(source.ast)).line;
  const endLine = lineCol(source.ast, fn.getEnd()).line;
  return { file: source.file, name: nameOf(fn), line: start, endLine, lines: endLine - start + 1, complexity, maxNesting };
}

/** Every function of every source, in source order. */
export function measureFunctions(sources: readonly SourceFile[]): FunctionMetrics[] {
  const out: FunctionMetrics[] = [];
  for (const source of sources) {
    const visit = (node: ts.Node) => {
      if (isFunction(node) && node.body) out.push(measure(source, node));
      ts.forEachChild(node, visit);
    };
    visit(source.ast);
  }
  return out;
}
