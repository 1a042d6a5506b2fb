import type { Language } from '../../sandbox/harness/protocol';
import { snakeCase } from '../../sandbox/harness/python-candidate-process';
import type { Manifest } from './challenge-package';

/**
 * The name a Python module defines for a name the tests call, when the manifest's `exports.python` does not say:
 * camelCase becomes snake_case, the harness's own rule (`chunkText` → `chunk_text`, `start` → `start`).
 */
export { snakeCase };

/** The manifest's explicit per-language map (tests' name → the language's name), when it has one. */
function declaredExports(manifest: Manifest, language: Language): Record<string, string> {
  return manifest.exports?.[language] ?? {};
}

/**
 * The functions the tests call: those the TypeScript and JavaScript starters export (`export [async] function x`,
 * `module.exports = { x, y }`), plus every name the manifest's `exports` maps, in first-seen order.
 */
export function calledNames(manifest: Manifest, starter: Partial<Record<Language, Record<string, string>>>): string[] {
  const names = new Set<string>();
  for (const text of [...Object.values(starter.typescript ?? {}), ...Object.values(starter.javascript ?? {})]) {
    for (const m of text.matchAll(/^export\s+(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/gm)) names.add(m[1]!);
    for (const m of text.matchAll(/module\.exports\s*=\s*\{([^}]*)\}/g)) {
      for (const part of m[1]!.split(',')) {
        const key = /^\s*([A-Za-z_$][\w$]*)/.exec(part)?.[1];
        if (key) names.add(key);
      }
    }
  }
  for (const exports of Object.values(manifest.exports ?? {})) {
    for (const name of Object.keys(exports)) names.add(name);
  }
  return [...names];
}

/**
 * For one language, each name the tests call → the name the solution defines: the same in TypeScript and
 * JavaScript; in Python the manifest's `exports.python`, else snake_case.
 */
export function namesFor(manifest: Manifest, language: Language, called: string[]): Record<string, string> {
  const declared = declaredExports(manifest, language);
  const own = (name: string) => declared[name] ?? (language === 'python' ? snakeCase(name) : name);
  return Object.fromEntries(called.map((name) => [name, own(name)]));
}
