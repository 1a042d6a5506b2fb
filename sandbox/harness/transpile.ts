import type ts from 'typescript';

export const CODE_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;

// Loaded on first use: the judging path compiles with esbuild (esbuild-transpile.ts) and needs TypeScript only for
// files esbuild refused, so most runs never pay the ~130 ms of CPU it costs to load.
let typescript: typeof ts | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy, synchronous load (see above)
const loadTypeScript = () => (typescript ??= require('typescript') as typeof ts);

export interface Transpiled {
  js: string;
  errors: string[];
}

/**
 * Transpiles one TypeScript or JavaScript file to CommonJS. Only syntax errors are reported (as
 * `path(line,col): error TSnnnn: message`); type errors do not stop a run, the quality report shows them.
 */
export function transpile(fileName: string, source: string): Transpiled {
  const ts = loadTypeScript();
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    allowJs: true,
    inlineSourceMap: true,
  };
  let out: ts.TranspileOutput;
  try {
    out = ts.transpileModule(source, { compilerOptions: options, fileName, reportDiagnostics: true });
  } catch (error) {
    // e.g. nesting deep enough to overflow the parser's stack: the candidate's file, not the judge, is at fault
    return { js: '', errors: [`${fileName}: error: the compiler could not process this file (${(error as Error).message})`] };
  }
  const errors = (out.diagnostics ?? [])
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => formatDiagnostic(fileName, d));
  return { js: out.outputText, errors };
}

function formatDiagnostic(fileName: string, d: ts.Diagnostic): string {
  const text = loadTypeScript().flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file || d.start === undefined) return `${fileName}: error TS${d.code}: ${text}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${fileName}(${line + 1},${character + 1}): error TS${d.code}: ${text}`;
}

/** The compiled path of a source file: `src/a.ts` → `src/a.js`. */
export function outputPath(file: string): string {
  return file.replace(/\.(ts|mts|cts|mjs|cjs)$/, '.js');
}
