/**
 * `npm run challenges:patches -- check|write|make [folder…]`: known-bad solutions kept as `reference.patch` beside the
 * files it generates (`core/challenges/solution-patch.ts`).
 *
 * - `check [challenge…]`: every patched solution equals the reference with its patch applied (default: every bundled
 *   challenge); exits 1 listing those that do not.
 * - `write [challenge…]`: after editing a reference, regenerates each patched solution's files from its patch.
 * - `make <challenge>/solutions/<name>…`: after editing a known-bad's files, (re)writes its patch from them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CHALLENGES_DIR } from '../core/challenges/load-bundled-challenges';
import { applyPatch, makePatch, PATCH_FILE, patchedSolutions, patchProblem, solutionFiles } from '../core/challenges/solution-patch';
import { readTree } from '../core/platform/read-tree';

/** Every bundled challenge folder. */
export function bundledFolders(): string[] {
  return readdirSync(CHALLENGES_DIR).filter((d) => existsSync(path.join(CHALLENGES_DIR, d, 'challenge.json'))).sort().map((d) => path.join(CHALLENGES_DIR, d));
}

/** The problems of every patched solution under `folders` (empty when all are in sync). */
export async function checkPatches(folders: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const folder of folders) {
    const files = await readTree(folder);
    for (const name of patchedSolutions(files)) {
      const problem = patchProblem(files, name);
      if (problem) problems.push(`${path.join(folder, 'solutions', name, PATCH_FILE)}: ${problem}`);
    }
  }
  return problems;
}

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
}

async function regenerate(folders: string[]): Promise<void> {
  for (const folder of folders) {
    const files = await readTree(folder);
    for (const name of patchedSolutions(files)) {
      const generated = applyPatch(solutionFiles(files, 'reference'), files[`solutions/${name}/${PATCH_FILE}`]!);
      await writeFiles(path.join(folder, 'solutions', name), generated);
      console.log(`wrote ${path.join(folder, 'solutions', name)} (${Object.keys(generated).join(', ')})`);
    }
  }
}

async function make(solutionDirs: string[]): Promise<void> {
  for (const dir of solutionDirs) {
    const name = path.basename(dir);
    if (name === 'reference') throw new Error('the reference is what patches start from; it has none');
    const files = await readTree(path.dirname(path.dirname(dir)));
    const patch = makePatch(solutionFiles(files, 'reference'), solutionFiles(files, name));
    await writeFile(path.join(dir, PATCH_FILE), patch);
    console.log(`wrote ${path.join(dir, PATCH_FILE)} (${patch.split('\n').filter((l) => /^[-+]/.test(l) && !/^(--- a|\+\+\+ b)\//.test(l)).length} changed lines)`);
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const folders = rest.length ? rest : bundledFolders();
  if (command === 'check') {
    const problems = await checkPatches(folders);
    for (const p of problems) console.error(p);
    console.log(problems.length ? `${problems.length} patched solution(s) out of sync` : 'Every patched solution is in sync with its reference.');
    process.exit(problems.length ? 1 : 0);
  } else if (command === 'write') await regenerate(folders);
  else if (command === 'make' && rest.length) await make(rest);
  else {
    console.error('usage: npm run challenges:patches -- check|write [challenge-folder…] | make <challenge>/solutions/<name>…');
    process.exit(2);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
