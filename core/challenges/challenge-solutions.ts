import { z } from 'zod';
import { LANGUAGES } from '../../sandbox/harness/protocol';
import type { Manifest } from './challenge-package';
import { parseJsonFile, zodIssues, type PackageIssue } from './package-issues';
import { PATCH_FILE, patchedSolutions, patchProblem } from './solution-patch';
import { VERDICTS } from '../results/verdicts';

/** `solutions/<name>/expected.json`: the verdict (and failing tests) the gate expects for that solution. */
export const expectedSchema = z.object({
  language: z.enum(LANGUAGES),
  verdict: z.enum(VERDICTS),
  failing: z.array(z.string()).optional(),
}).strict();

export type Expected = z.infer<typeof expectedSchema>;

/** A package's solutions by name (`reference` first): stored with the version for the gate, never shown to candidates. */
export type Solutions = Record<string, { expected: Expected; files: Record<string, string> }>;

/** The Python reference's folder: required beside `reference` when a challenge declares Python and `reference` is not Python. */
export const PYTHON_REFERENCE = 'reference-python';

/** The JavaScript reference's folder: required beside `reference` when a challenge declares JavaScript and `reference` is not JavaScript. */
export const JAVASCRIPT_REFERENCE = 'reference-javascript';

/** The references (judged `runs` times by the gate, expected to be accepted): `reference`, `reference-python`, `reference-javascript`. */
export function isReference(name: string): boolean {
  return name === 'reference' || name === PYTHON_REFERENCE || name === JAVASCRIPT_REFERENCE;
}

/**
 * The reference folders a manifest requires that `present` lacks: `reference` always, `reference-python` when the
 * manifest lists Python and `reference` is not itself the Python one, `reference-javascript` likewise for JavaScript.
 */
export function missingReferences(manifest: Pick<Manifest, 'languages'> | undefined, present: Partial<Record<string, { expected: Pick<Expected, 'language'> }>>): string[] {
  const missing = present.reference ? [] : ['reference'];
  for (const [language, folder] of [['python', PYTHON_REFERENCE], ['javascript', JAVASCRIPT_REFERENCE]] as const) {
    const covered = present[folder] !== undefined || present.reference?.expected.language === language;
    if (manifest?.languages.includes(language) && !covered) missing.push(folder);
  }
  return missing;
}

/**
 * The solutions under `solutions/` of a package's file map, with every problem found. `requireReference` is off
 * for folders the local gate reads (it reports a missing reference as a failed gate row instead).
 */
export function parseSolutions(files: Record<string, string>, manifest: Manifest | undefined, options: { requireReference: boolean }): { solutions: Solutions; issues: PackageIssue[] } {
  const byName = new Map<string, Record<string, string>>();
  for (const [file, text] of Object.entries(files)) {
    const match = /^solutions\/([^/]+)\/(.+)$/.exec(file);
    if (!match) continue;
    if (!byName.has(match[1]!)) byName.set(match[1]!, {});
    byName.get(match[1]!)![match[2]!] = text;
  }
  const issues: PackageIssue[] = [];
  if (options.requireReference && !byName.has('reference')) {
    issues.push({ path: 'solutions/reference', problem: 'missing', expected: 'the reference solution, with expected.json {"language": …, "verdict": "accepted"}' });
  }
  const solutions: Solutions = {};
  const names = [...byName.keys()].sort((a, b) => (a === 'reference' ? -1 : b === 'reference' ? 1 : a.localeCompare(b)));
  for (const name of names) {
    // the patch is authoring material (`solution-patch.ts`), not a file the candidate would submit
    const { 'expected.json': expectedText, [PATCH_FILE]: _patch, ...solutionFiles } = byName.get(name)!;
    const path = `solutions/${name}/expected.json`;
    if (expectedText === undefined) {
      issues.push({ path, problem: 'missing', expected: 'the verdict the gate expects, e.g. {"language": "typescript", "verdict": "accepted"}' });
      continue;
    }
    const json = parseJsonFile(path, expectedText, issues);
    if (json === undefined) continue;
    const parsed = expectedSchema.safeParse(json);
    if (!parsed.success) {
      issues.push(...zodIssues(path, parsed.error));
      continue;
    }
    const expected = parsed.data;
    if (name === PYTHON_REFERENCE && expected.language !== 'python') issues.push({ path: `${path}: language`, problem: `is ${expected.language}`, expected: '"python" for the Python reference' });
    if (name === JAVASCRIPT_REFERENCE && expected.language !== 'javascript') issues.push({ path: `${path}: language`, problem: `is ${expected.language}`, expected: '"javascript" for the JavaScript reference' });
    if (isReference(name) && expected.verdict !== 'accepted') issues.push({ path: `${path}: verdict`, problem: `is ${expected.verdict}`, expected: '"accepted" for the reference' });
    if (manifest && !manifest.languages.includes(expected.language)) issues.push({ path: `${path}: language`, problem: `${expected.language} is not in challenge.json languages`, expected: `one of ${manifest.languages.join(', ')}` });
    const entry = manifest?.entry[expected.language];
    if (entry && !(entry in solutionFiles)) issues.push({ path: `solutions/${name}/${entry}`, problem: 'missing', expected: `the ${expected.language} entry file of challenge.json` });
    solutions[name] = { expected, files: solutionFiles };
  }
  for (const name of byName.has('reference') ? patchedSolutions(files) : []) {
    const problem = patchProblem(files, name);
    if (problem) issues.push({ path: `solutions/${name}/${PATCH_FILE}`, problem, expected: 'the diff from solutions/reference to this solution\'s files (npm run challenges:patches -- write)' });
  }
  const missing = options.requireReference && byName.has('reference') ? missingReferences(manifest, solutions) : [];
  if (missing.includes(PYTHON_REFERENCE)) {
    issues.push({ path: `solutions/${PYTHON_REFERENCE}`, problem: 'missing', expected: 'the Python reference solution, with expected.json {"language": "python", "verdict": "accepted"}, because languages lists python' });
  }
  if (missing.includes(JAVASCRIPT_REFERENCE)) {
    issues.push({ path: `solutions/${JAVASCRIPT_REFERENCE}`, problem: 'missing', expected: 'the JavaScript reference solution (CommonJS, module.exports), with expected.json {"language": "javascript", "verdict": "accepted"}, because languages lists javascript' });
  }
  return { solutions, issues };
}
