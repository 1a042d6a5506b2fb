/**
 * @module quality/typecheck
 * TypeScript type errors with the judge's own strict options and an in-memory compiler host: the candidate's files
 * come from the payload, everything else (lib files, the runtime's declarations for node, openai, express, zod)
 * from the installed packages. A tsconfig the candidate sends is never read.
 */
import path from 'node:path';
import ts from 'typescript';
import type { QualityFinding } from './types';
import type { SourceFile } from './source-files';

/** The folder that holds the runtime's node_modules; candidate files are placed virtually beside it. */
function packagesRoot(): string {
  return path.dirname(path.dirname(path.dirname(require.resolve('typescript/package.json'))));
}

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  // Bundler resolution honours packages' `exports` maps (subpaths such as `gpt-tokenizer/encoding/cl100k_base`
  // resolve as at run time) and, like the runner, lets CommonJS code import ESM-only packages (the AI SDK).
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  esModuleInterop: true,
  skipLibCheck: true,
  allowJs: true,
  checkJs: false,
  lib: ['lib.es2023.d.ts'],
  types: ['node'],
  ignoreDeprecations: '6.0',
};

/** Type errors in the candidate's TypeScript files (JavaScript files are compiled along but not checked). */
export function typeCheck(sources: readonly SourceFile[]): QualityFinding[] {
  if (!sources.some((s) => s.isTypeScript)) return [];
  const root = path.join(packagesRoot(), '__candidate__');
  const virtual = new Map(sources.map((s) => [path.join(root, s.file), s]));
  const base = ts.createCompilerHost(OPTIONS, true);
  const host: ts.CompilerHost = {
    ...base,
    fileExists: (f) => virtual.has(f) || (!f.startsWith(root + path.sep) && base.fileExists(f)),
    readFile: (f) => virtual.get(f)?.text ?? (f.startsWith(root + path.sep) ? undefined : base.readFile(f)),
    getSourceFile: (f, languageVersion, onError) => {
      const own = virtual.get(f);
      if (own) return ts.createSourceFile(f, own.text, languageVersion, true);
      return f.startsWith(root + path.sep) ? undefined : base.getSourceFile(f, languageVersion, onError);
    },
    getCurrentDirectory: () => root,
    writeFile: () => undefined,
  };
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options: OPTIONS, host });
  const out: QualityFinding[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    if (d.category !== ts.DiagnosticCategory.Error) continue;
    const own = d.file ? virtual.get(d.file.fileName) : undefined;
    if (d.file && !own) continue; // errors inside declarations are not the candidate's
    if (own && !own.isTypeScript) continue;
    const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
    out.push({
      kind: 'type', rule: `TS${d.code}`, severity: 'error', file: own?.file ?? '(project)',
      line: pos.line + 1, column: pos.character + 1, message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    });
  }
  return out;
}
