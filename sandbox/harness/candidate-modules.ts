import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
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

/**
 * The folder the candidate's packages resolve from, made in `workDir` as `node_modules` (so ES modules, which ignore
 * NODE_PATH, find them too): links to exactly `allowed` (a challenge's narrowed list), or one link to the whole
 * catalogue. The candidate's NODE_PATH is this folder.
 */
export function linkRunModules(workDir: string, allowed: string[] | undefined): string {
  const dir = path.join(workDir, 'node_modules');
  rmSync(dir, { recursive: true, force: true });
  const catalogue = candidateModulesDir();
  if (!allowed) {
    symlinkSync(catalogue, dir);
    return dir;
  }
  mkdirSync(dir, { mode: 0o755 });
  for (const name of allowed.filter((n) => candidatePackages().includes(n))) {
    const source = path.join(catalogue, name);
    if (!existsSync(source)) continue;
    const link = path.join(dir, name);
    mkdirSync(path.dirname(link), { recursive: true, mode: 0o755 });
    symlinkSync(realpathSync(source), link);
  }
  return dir;
}

/** The package names a modules folder holds (`@scope/name` for scoped ones). */
export function packagesIn(modulesDir: string): string[] {
  const names: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(modulesDir);
  } catch {
    return names;
  }
  for (const entry of entries) {
    if (!entry.startsWith('@')) names.push(entry);
    else for (const inner of readdirSync(path.join(modulesDir, entry))) names.push(`${entry}/${inner}`);
  }
  return names;
}

/** What a candidate is told when an import names a package outside the challenge's list: the package, then what is there. */
export function missingPackageMessage(name: string, modulesDir: string): string {
  const available = candidatePackages().map((p) => {
    try {
      const { version } = JSON.parse(readFileSync(path.join(modulesDir, p, 'package.json'), 'utf8')) as { version: string };
      return `${p} ${version}`;
    } catch {
      return undefined;
    }
  }).filter(Boolean);
  return `the package "${name}" is not available in this challenge. Available: ${available.join(', ')}, and Node's built-in modules (node:fs, node:crypto, …).`;
}
