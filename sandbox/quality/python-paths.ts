/**
 * @module quality/python-paths
 * Where the Python interpreter, the candidate packages and the quality tools are: in the image under
 * /sandbox/python, on a development host under <repo>/.build/python (the same rule as the harness's Python runtime).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface PythonPaths {
  executable: string;
  sitePackages: string;
  tools: string;
}

const IMAGE_ROOT = '/sandbox/python';

/** The interpreter is Debian's /usr/bin/python3 in both places (JUDGE_PYTHON overrides it on a host). */
export function pythonPaths(): PythonPaths {
  if (existsSync(path.join(IMAGE_ROOT, 'tools'))) {
    return { executable: '/usr/bin/python3', sitePackages: path.join(IMAGE_ROOT, 'site-packages'), tools: path.join(IMAGE_ROOT, 'tools') };
  }
  const build = path.resolve(__dirname, '..', '..', '.build', 'python');
  return { executable: process.env.JUDGE_PYTHON || '/usr/bin/python3', sitePackages: path.join(build, 'site-packages'), tools: path.join(build, 'tools') };
}
