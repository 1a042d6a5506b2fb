import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CODE_FILE, outputPath, transpile } from './transpile';

export type CompileOutcome = { ok: true; entryPath: string } | { ok: false; message: string };

/** Writes the candidate's files as compiled CommonJS under `outDir`; syntax errors make a compile failure. */
export async function compileCandidate(files: Record<string, string>, entry: string, outDir: string): Promise<CompileOutcome> {
  const errors: string[] = [];
  const outputs: Array<[string, string]> = [];
  for (const [file, source] of Object.entries(files)) {
    assertSafeRelativePath(file);
    if (CODE_FILE.test(file) && !file.endsWith('.d.ts')) {
      const result = transpile(file, source);
      errors.push(...result.errors);
      outputs.push([outputPath(file), result.js]);
    } else {
      outputs.push([file, source]);
    }
  }
  if (!(entry in files)) return { ok: false, message: `The entry file ${entry} is missing from the submission.` };
  if (errors.length > 0) return { ok: false, message: errors.join('\n') };
  for (const [file, content] of outputs) {
    const target = path.join(outDir, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return { ok: true, entryPath: path.join(outDir, outputPath(entry)) };
}

/** Defence in depth: the API validated paths already, but the harness never trusts its input either. */
function assertSafeRelativePath(file: string): void {
  const normal = path.posix.normalize(file);
  if (path.posix.isAbsolute(file) || normal.startsWith('..') || file.includes('\0')) {
    throw new Error(`Unsafe path in submission: ${JSON.stringify(file)}`);
  }
}
