import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where the Python interpreter and the folders it uses live: in the image, or on the host for host-side runs. */
export interface PythonRuntime {
  /** The interpreter (Debian's `/usr/bin/python3`, the same path in the image and on the host). */
  executable: string;
  /** The candidate packages, installed from `sandbox/python/requirements.lock`. */
  sitePackages: string;
  /** The quality tools (ruff, mypy), installed from `sandbox/python/tools.lock`. */
  tools: string;
  /** tiktoken's encodings, so `tiktoken.get_encoding()` works with the network off (`TIKTOKEN_CACHE_DIR`). */
  tiktokenCache: string;
}

const IMAGE_ROOT = '/sandbox/python';

/**
 * The image's paths when the image's site-packages exist; otherwise the host's: `JUDGE_PYTHON` or `/usr/bin/python3`
 * and the repository's `.build/python/` folders (made by the same locked install).
 */
export function pythonRuntime(): PythonRuntime {
  if (existsSync(path.join(IMAGE_ROOT, 'site-packages'))) {
    return { executable: '/usr/bin/python3', ...folders(IMAGE_ROOT) };
  }
  // sandbox/harness (tsx) or dist/harness (compiled): the repository is two levels up either way.
  const repo = path.resolve(__dirname, '..', '..');
  return { executable: process.env.JUDGE_PYTHON || '/usr/bin/python3', ...folders(path.join(repo, '.build', 'python')) };
}

function folders(root: string): Omit<PythonRuntime, 'executable'> {
  return { sitePackages: path.join(root, 'site-packages'), tools: path.join(root, 'tools'), tiktokenCache: path.join(root, 'tiktoken-cache') };
}
