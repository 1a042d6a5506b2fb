import { realpathSync } from 'node:fs';
import Module from 'node:module';
import { packagesIn } from './candidate-modules';

type Resolve = (request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]) => string;

/** The npm package a resolved file belongs to (`@scope/name` or `name` after its last `node_modules/`), if any. */
export function packageOfFile(file: string): string | undefined {
  const at = file.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const parts = file.slice(at + '/node_modules/'.length).split('/');
  return parts[0]!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Runs in the candidate's process, before its module loads: a `require` from the candidate's own files that resolves
 * into a package outside `modulesDir` (the challenge's list) fails as a missing module, whatever path named it
 * (`/sandbox/node_modules/eslint`, a link the candidate made in its home). Packages still load their own
 * dependencies. This keeps honest solutions to the challenge's list with a clear message; it is not a security
 * boundary (the code runs in the same process), and nothing outside the list holds anything secret.
 */
export function refuseOutsidePackages(modulesDir: string): void {
  const allowed = new Set(packagesIn(modulesDir));
  const internals = Module as unknown as { _resolveFilename: Resolve };
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function resolveWithinList(this: unknown, request, parent, ...rest) {
    const resolved = resolve.call(this, request, parent, ...rest);
    const from = parent?.filename;
    if (!from || from.includes('/node_modules/') || !resolved.startsWith('/')) return resolved;
    let real = resolved;
    try {
      real = realpathSync(resolved);
    } catch {
      return resolved;
    }
    const name = packageOfFile(real);
    if (name === undefined || allowed.has(name)) return resolved;
    const error = new Error(`Cannot find module '${name}'`) as NodeJS.ErrnoException;
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  };
}
