import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/** The candidates' npm catalogue (`sandbox/runtime/candidate-packages.json`), copied next to the compiled harness in the image. */
function catalogueFile(): string {
  const inImage = path.join(__dirname, '..', 'candidate-packages.json');
  return existsSync(inImage) ? inImage : path.join(__dirname, '..', 'runtime', 'candidate-packages.json');
}

/** The npm packages a Node candidate may import, besides Node's built-ins. */
export function candidatePackages(): string[] {
  return (JSON.parse(readFileSync(catalogueFile(), 'utf8')) as { packages: string[] }).packages;
}

/**
 * Links each catalogue package found in `nodeModules` into `dir` (`@scope/name` under `dir/@scope`): a NODE_PATH
 * that reaches exactly the catalogue, while each package still finds its own dependencies where it really lives.
 */
export function linkCandidateModules(dir: string, nodeModules: string): void {
  for (const name of candidatePackages()) {
    const target = path.join(nodeModules, name);
    const link = path.join(dir, name);
    if (!existsSync(target) || existsSync(link)) continue;
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.relative(path.dirname(link), target), link);
  }
}

/**
 * The candidate's NODE_PATH: `/sandbox/candidate-modules` in the image (made at build); on the host (tests, the
 * benchmark's floor) `.build/candidate-modules`, linked from the repository's node_modules on first use.
 */
export function candidateModulesDir(): string {
  return (modulesDir ??= resolveModulesDir());
}

let modulesDir: string | undefined;

function resolveModulesDir(): string {
  const inImage = path.join(__dirname, '..', '..', 'candidate-modules');
  if (existsSync(inImage)) return inImage;
  const root = path.join(__dirname, '..', '..');
  const dir = path.join(root, '.build', 'candidate-modules');
  mkdirSync(dir, { recursive: true });
  linkCandidateModules(dir, path.join(root, 'node_modules'));
  return dir;
}

/** What a candidate is told when an import names a package outside the catalogue: the package, then what is there. */
export function missingPackageMessage(name: string, modulesDir: string): string {
  const available = candidatePackages().map((p) => {
    try {
      const { version } = JSON.parse(readFileSync(path.join(modulesDir, p, 'package.json'), 'utf8')) as { version: string };
      return `${p} ${version}`;
    } catch {
      return undefined;
    }
  }).filter(Boolean);
  return `the package "${name}" is not available in the sandbox. Available: ${available.join(', ')}, and Node's built-in modules (node:fs, node:crypto, …).`;
}
