import { createHash } from 'node:crypto';
import { z } from 'zod';
import { loadTests } from '../../sandbox/harness/load-tests';
import { LANGUAGES, type Language, type TestFileSource, type Visibility } from '../../sandbox/harness/protocol';
import { transpile } from '../../sandbox/harness/transpile';
import { candidateCatalogue, unknownPackages } from './candidate-catalogue';
import { qualityRulesSchema } from '../quality/challenge-rules';
import { PackageError, parseJsonFile, zodIssues, type PackageIssue } from './package-issues';
import { readTree } from '../platform/read-tree';
import { compileHelpers, linkTestFile, resolveImports, type Helpers } from './test-helpers';
import type { PlannedTest } from '../results/verdicts';

/** Versions are PostgreSQL integers: a larger number names no version (404), never a database error. */
export const MAX_VERSION = 2_147_483_647;

/** A version path parameter as a number; 0 (no such version) when it is not an integer from 1 to MAX_VERSION. */
export function versionParam(raw: unknown): number {
  const version = Number(raw);
  return Number.isInteger(version) && version >= 1 && version <= MAX_VERSION ? version : 0;
}

export const limitsSchema = z.object({
  wallTimeMs: z.number().int().min(1000).default(20_000),
  testTimeoutMs: z.number().int().min(100).default(2_000),
  memoryMb: z.number().int().min(64).default(256),
}).strict();

export const manifestSchema = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes'),
  title: z.string().min(1).max(200),
  family: z.enum(['rag', 'data', 'endpoint']),
  summary: z.string().min(1).max(500),
  /** Listed in the public catalogue: anyone may read its statement, starter and public tests (default: staff and invited candidates only). */
  public: z.boolean().optional(),
  languages: z.array(z.enum(LANGUAGES)).min(1),
  entry: z.partialRecord(z.enum(LANGUAGES), z.string().min(1)),
  /**
   * Per language, the solution's name of a function tests call, where it is not the default (the same name in
   * TypeScript/JavaScript; camelCase → snake_case in Python): `{ "python": { "chunkText": "chunk_text" } }`.
   */
  exports: z.partialRecord(z.enum(LANGUAGES), z.record(
    z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'a function name tests call'),
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an identifier'),
  )).optional(),
  limits: limitsSchema.default({ wallTimeMs: 20_000, testTimeoutMs: 2_000, memoryMb: 256 }),
  /**
   * The catalogue packages candidates may import, per runtime (`node` serves TypeScript and JavaScript); a runtime
   * not named here gets the whole catalogue. Names are the npm or PyPI names: `{ "node": ["openai", "zod"] }`.
   */
  /** The challenge's settings for the code-quality analysis: rules off or re-levelled, each with the reason graders read. */
  quality: qualityRulesSchema.optional(),
  packages: z.object({
    node: z.array(z.string().min(1).max(214)).max(100).optional(),
    python: z.array(z.string().min(1).max(100)).max(100).optional(),
  }).strict().optional(),
}).strict();

export type Manifest = z.infer<typeof manifestSchema>;
export type Limits = z.infer<typeof limitsSchema>;

/** Everything the judge keeps of a challenge package: what candidates see and what only the sandbox gets. */
export interface ChallengePackage {
  manifest: Manifest;
  statement: string;
  starter: Partial<Record<Language, Record<string, string>>>;
  publicTests: Record<string, string>;
  tests: TestFileSource[];
  plan: PlannedTest[];
  contentHash: string;
}

/** Reads and validates a challenge folder; its tests are compiled and collected so the test plan is known up front. */
export async function readChallengePackage(dir: string): Promise<ChallengePackage> {
  return packageFromFiles(await readTree(dir));
}

/** The package of an in-memory file map (path → text); throws `PackageError` listing every problem. */
export function packageFromFiles(files: Record<string, string>): ChallengePackage {
  const { pkg, issues } = parsePackageFiles(files);
  if (!pkg || issues.length) throw new PackageError(issues);
  return pkg;
}

/**
 * Validates a package held in memory and collects every problem at once: manifest fields, statement, starter and
 * entry files, test files and `tests/helpers/` modules that do not compile, relative imports that name no helper,
 * test files that declare no tests. `pkg` is set only when nothing is wrong; `manifest`
 * whenever it parsed (the solutions are checked against it). `evaluateTests: false` leaves `plan` empty instead of
 * running the test files' top level here: uploads collect it in a sandbox (`core/challenges/sandboxed-test-plan.ts`).
 */
export function parsePackageFiles(files: Record<string, string>, options: { evaluateTests?: boolean } = {}): { pkg?: ChallengePackage; manifest?: Manifest; issues: PackageIssue[] } {
  const issues: PackageIssue[] = [];
  const manifest = parseManifest(files, issues);
  const statement = files['statement.md'];
  if (statement === undefined) issues.push({ path: 'statement.md', problem: 'missing', expected: 'the task statement candidates read (Markdown)' });
  const starter: ChallengePackage['starter'] = {};
  for (const language of manifest?.languages ?? []) {
    starter[language] = subtree(files, `starter/${language}`);
    const entry = manifest!.entry[language];
    if (entry && !(entry in starter[language]!)) issues.push({ path: `starter/${language}/${entry}`, problem: 'missing', expected: `the ${language} entry file candidates start from` });
  }
  const publicTests = subtree(files, 'tests/public');
  const hiddenTests = subtree(files, 'tests/hidden');
  const helperSources = subtree(files, 'tests/helpers');
  const helpers = compileHelpers(files, issues);
  const tests = [...compileTests(publicTests, 'tests/public', 'public', helpers, issues), ...compileTests(hiddenTests, 'tests/hidden', 'hidden', helpers, issues)];
  const testFiles = { path: 'tests', expected: 'test files (*.test.ts or *.test.js) under tests/public and tests/hidden declaring tests with @judge/test' };
  if (tests.length === 0) issues.push({ ...testFiles, problem: 'no test files under tests/public or tests/hidden' });
  let plan: PlannedTest[] = [];
  if (options.evaluateTests !== false && tests.length > 0 && !issues.some((i) => i.path.startsWith('tests/'))) {
    try {
      plan = loadTests(tests).map((t) => ({ name: t.name, visibility: t.visibility, weight: t.weight, file: t.file }));
      if (plan.length === 0) issues.push({ ...testFiles, problem: 'the test files declare no tests' });
    } catch (error) {
      issues.push({ ...testFiles, problem: `loading the tests failed: ${(error as Error).message}` });
    }
  }
  if (!manifest || statement === undefined || issues.length) return { manifest, issues };
  const contentHash = createHash('sha256')
    // helpers join the hash only when present, so a package without them keeps its hash (and version)
    .update(JSON.stringify({ manifest, statement, starter, publicTests, hiddenTests, ...(Object.keys(helperSources).length ? { helperSources } : {}) }))
    .digest('hex');
  return { pkg: { manifest, statement, starter, publicTests, tests, plan, contentHash }, manifest, issues };
}

function parseManifest(files: Record<string, string>, issues: PackageIssue[]): Manifest | undefined {
  const text = files['challenge.json'];
  if (text === undefined) {
    issues.push({ path: 'challenge.json', problem: 'missing', expected: 'the manifest: slug, title, family, summary, languages, entry, limits' });
    return undefined;
  }
  const json = parseJsonFile('challenge.json', text, issues);
  if (json === undefined) return undefined;
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    issues.push(...zodIssues('challenge.json', parsed.error));
    return undefined;
  }
  for (const { runtime, name } of unknownPackages(parsed.data.packages ?? {})) {
    issues.push({ path: `challenge.json: packages.${runtime}`, problem: `names ${JSON.stringify(name)}, which the sandbox does not carry`, expected: `names from the catalogue: ${candidateCatalogue()[runtime].map((p) => p.name).join(', ')}` });
  }
  for (const language of parsed.data.languages) {
    const entry = parsed.data.entry[language];
    if (!entry) issues.push({ path: `challenge.json: entry.${language}`, problem: 'missing', expected: `the ${language} entry file, because languages lists ${language}` });
    else if ((language === 'python') !== entry.endsWith('.py')) {
      issues.push({ path: `challenge.json: entry.${language}`, problem: `is ${entry}`, expected: language === 'python' ? 'a .py file, e.g. src/solution.py' : `a ${language} file, not a .py file` });
    }
  }
  return parsed.data;
}

/** The files under `prefix/`, relative to it, in the order `readTree` gives (the content hash depends on it). */
function subtree(files: Record<string, string>, prefix: string): Record<string, string> {
  const entries = Object.entries(files)
    .filter(([file]) => file.startsWith(`${prefix}/`))
    .map(([file, text]) => [file.slice(prefix.length + 1), text] as const);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

/** Compiles the test files under `prefix/`, each linked with the helpers it imports into one self-contained module. */
function compileTests(sources: Record<string, string>, prefix: string, visibility: Visibility, helpers: Helpers, issues: PackageIssue[]): TestFileSource[] {
  const helperPaths = new Set(Object.keys(helpers));
  return Object.entries(sources)
    .filter(([file]) => file.endsWith('.test.ts') || file.endsWith('.test.js'))
    .flatMap(([file, source]) => {
      const fullPath = `${prefix}/${file}`;
      const { js, errors } = transpile(fullPath, source);
      if (errors.length > 0) {
        issues.push({ path: fullPath, problem: `does not compile: ${errors.join('; ')}`, expected: 'a test file that compiles' });
        return [];
      }
      const imports = resolveImports(fullPath, source, helperPaths, issues);
      return [{ file: fullPath, visibility, code: linkTestFile(fullPath, { code: js, imports }, helpers) }];
    });
}
