import { parsePackageFiles, type ChallengePackage } from './challenge-package';
import { parseSolutions, type Solutions } from './challenge-solutions';
import { PackageError } from './package-issues';
import { readTree } from '../platform/read-tree';

/**
 * A package and its solutions from an in-memory file map, every problem of both reported at once (`PackageError`).
 * Uploads require the reference; a folder the local gate reads does not (the gate reports it as a failed row).
 * Uploads pass `evaluateTests: false` and collect the test plan in a sandbox; trusted folders evaluate them here.
 */
export function packageWithSolutions(files: Record<string, string>, options: { requireReference: boolean; evaluateTests: boolean }):
  { pkg: ChallengePackage; solutions: Solutions } {
  const { requireReference, evaluateTests } = options;
  const { pkg, manifest, issues } = parsePackageFiles(files, { evaluateTests });
  const solved = parseSolutions(files, manifest, { requireReference });
  issues.push(...solved.issues);
  if (!pkg || issues.length) throw new PackageError(issues);
  return { pkg, solutions: solved.solutions };
}

/** A challenge folder with its solutions (the local gate, bundled challenges). */
export async function readChallengeFolder(dir: string): Promise<{ pkg: ChallengePackage; solutions: Solutions }> {
  return packageWithSolutions(await readTree(dir), { requireReference: false, evaluateTests: true });
}
