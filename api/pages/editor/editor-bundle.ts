/**
 * @module editor-bundle
 * The candidate editor's browser bundle (CodeMirror 6 from node_modules, bundled by the project's own esbuild; no
 * CDN): built by the set-up into `.build/editor/editor.js`, cached by a content hash of its inputs (the browser
 * sources, the bundled packages' versions, esbuild's version), and served same-origin at `/ui/assets/editor.js`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SOURCES = path.join(__dirname, 'browser');
/** Where the bundle is written; `.build/` is git-ignored. */
export const EDITOR_BUNDLE_DIR = path.join(ROOT, '.build', 'editor');
export const EDITOR_BUNDLE = path.join(EDITOR_BUNDLE_DIR, 'editor.js');
const HASH_FILE = path.join(EDITOR_BUNDLE_DIR, 'inputs.sha256');
const PACKAGES = ['codemirror', '@codemirror/view', '@codemirror/state', '@codemirror/language', '@codemirror/lang-javascript', '@codemirror/lang-python', 'esbuild'];

/** The content hash of everything the bundle is made from. */
export function editorInputsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(SOURCES).filter((f) => f.endsWith('.ts')).sort()) {
    hash.update(file).update('\0').update(readFileSync(path.join(SOURCES, file))).update('\0');
  }
  for (const name of PACKAGES) {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    hash.update(`${name}@${manifest.version}\0`);
  }
  return hash.digest('hex');
}

/**
 * Builds the bundle unless one built from the same inputs exists; returns its path, size in bytes and whether it
 * was built now. The file is written beside its final name and renamed, so a server never serves half a bundle.
 */
export async function ensureEditorBundle(): Promise<{ file: string; bytes: number; built: boolean }> {
  const hash = editorInputsHash();
  if (existsSync(EDITOR_BUNDLE) && existsSync(HASH_FILE) && readFileSync(HASH_FILE, 'utf8').trim() === hash) {
    return { file: EDITOR_BUNDLE, bytes: statSync(EDITOR_BUNDLE).size, built: false };
  }
  const { build } = await import('esbuild');
  mkdirSync(EDITOR_BUNDLE_DIR, { recursive: true });
  const partial = `${EDITOR_BUNDLE}.${process.pid}.tmp`;
  await build({
    entryPoints: [path.join(SOURCES, 'editor-entry.ts')], outfile: partial, bundle: true, minify: true, format: 'iife',
    target: ['es2020'], platform: 'browser', legalComments: 'none', logLevel: 'silent', absWorkingDir: ROOT,
  });
  renameSync(partial, EDITOR_BUNDLE);
  writeFileSync(HASH_FILE, `${hash}\n`);
  return { file: EDITOR_BUNDLE, bytes: statSync(EDITOR_BUNDLE).size, built: true };
}

/** The built bundle, or undefined when the set-up has not built it (the page then works as a plain form). */
export function readEditorBundle(): Buffer | undefined {
  return existsSync(EDITOR_BUNDLE) ? readFileSync(EDITOR_BUNDLE) : undefined;
}
