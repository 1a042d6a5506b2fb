import { ensureHostPython, MissingPythonError } from '../../sandbox/python-packages';
import { canInstallPackages, installPackages } from './apt-packages';

/**
 * The host's `.build/python` (candidate packages, quality tools, tiktoken's encodings) made from the locks; Debian's
 * python3 and python3-pip are installed first with apt-get when they are missing and this process may install them.
 */
export async function ensurePython(log: (line: string) => void): Promise<{ dir: string; built: boolean }> {
  try {
    return await ensureHostPython(log);
  } catch (error) {
    if (!(error instanceof MissingPythonError) || !canInstallPackages()) throw error;
    log(`${error.message}; installing ${error.packages.join(', ')}`);
    await installPackages(error.packages, log);
    return ensureHostPython(log);
  }
}
