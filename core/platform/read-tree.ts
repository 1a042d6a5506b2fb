import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** What running code leaves in a folder (Python's byte code, installed packages): never part of a package. */
const LEFT_BY_TOOLS = /(^|\/)(__pycache__|node_modules|\.pytest_cache|\.mypy_cache|\.ruff_cache)(\/|$)|\.py[co]$/;

/**
 * Reads every regular file under `dir` into a map of POSIX relative path → UTF-8 content ({} when absent), without
 * what tools leave behind (`__pycache__`, `node_modules`, `*.pyc`, …): an author who ran a solution locally still has
 * a readable package.
 */
export async function readTree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return files;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, full).split(path.sep).join('/');
    if (LEFT_BY_TOOLS.test(relative)) continue;
    files[relative] = await readFile(full, 'utf8');
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
}
