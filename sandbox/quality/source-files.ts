/**
 * @module quality/source-files
 * Which of the candidate's files the analysis reads, parsed once. The candidate's own tool configuration
 * (.eslintrc*, eslint.config.*, tsconfig*.json, package.json, ...) is never used: such files are listed as ignored.
 */
import ts from 'typescript';

export interface SourceFile {
  file: string;
  text: string;
  isTypeScript: boolean;
  ast: ts.SourceFile;
}

const CODE = /\.(ts|mts|cts|tsx|js|mjs|cjs|jsx)$/;
const CONFIG = /(^|\/)(\.eslintrc[^/]*|eslint\.config\.[^/]+|tsconfig[^/]*\.json|jsconfig[^/]*\.json|\.prettierrc[^/]*|package(-lock)?\.json)$/;

/** Splits the submission into analysed sources and ignored files (config, declarations, non-code). */
export function selectSources(files: Record<string, string>): { sources: SourceFile[]; ignored: string[] } {
  const sources: SourceFile[] = [];
  const ignored: string[] = [];
  for (const file of Object.keys(files).sort()) {
    if (CONFIG.test(file) || !CODE.test(file) || file.endsWith('.d.ts') || file.split('/').includes('node_modules')) {
      ignored.push(file);
      continue;
    }
    const text = files[file]!;
    const isTypeScript = /\.(ts|mts|cts|tsx)$/.test(file);
    const ast = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
    sources.push({ file, text, isTypeScript, ast });
  }
  return { sources, ignored };
}

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return /\.(ts|mts|cts)$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

/** 1-based line and column of a position. */
export function lineCol(ast: ts.SourceFile, pos: number): { line: number; column: number } {
  const { line, character } = ast.getLineAndCharacterOfPosition(pos);
  return { line: line + 1, column: character + 1 };
}

/** Visits every node depth-first. */
export function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}
