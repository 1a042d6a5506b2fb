import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadTests } from '../sandbox/harness/load-tests';
import type { TestFileSource } from '../sandbox/harness/protocol';
import { transpile } from '../sandbox/harness/transpile';
import { readTree } from './read-tree';
import type { PlannedTest } from './verdicts';

export const LANGUAGES = ['typescript', 'javascript'] as const;
export type Language = (typeof LANGUAGES)[number];

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
  languages: z.array(z.enum(LANGUAGES)).min(1),
  entry: z.partialRecord(z.enum(LANGUAGES), z.string().min(1)),
  limits: limitsSchema.default({ wallTimeMs: 20_000, testTimeoutMs: 2_000, memoryMb: 256 }),
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
  const manifestPath = path.join(dir, 'challenge.json');
  const parsed = manifestSchema.safeParse(JSON.parse(await readFile(manifestPath, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${manifestPath} is invalid:\n${problems.join('\n')}`);
  }
  const manifest = parsed.data;
  for (const language of manifest.languages) {
    if (!manifest.entry[language]) throw new Error(`${manifestPath}: entry.${language} is required because languages lists it`);
  }
  const statement = await readFile(path.join(dir, 'statement.md'), 'utf8');
  const starter: ChallengePackage['starter'] = {};
  for (const language of manifest.languages) starter[language] = await readTree(path.join(dir, 'starter', language));
  const publicTests = await readTree(path.join(dir, 'tests', 'public'));
  const hiddenTests = await readTree(path.join(dir, 'tests', 'hidden'));
  const tests = [
    ...compileTests(publicTests, 'tests/public', 'public'),
    ...compileTests(hiddenTests, 'tests/hidden', 'hidden'),
  ];
  if (tests.length === 0) throw new Error(`${dir}: no test files under tests/public or tests/hidden`);
  const plan = loadTests(tests).map((t) => ({ name: t.name, visibility: t.visibility, weight: t.weight, file: t.file }));
  if (plan.length === 0) throw new Error(`${dir}: the test files declare no tests`);
  const contentHash = createHash('sha256')
    .update(JSON.stringify({ manifest, statement, starter, publicTests, hiddenTests }))
    .digest('hex');
  return { manifest, statement, starter, publicTests, tests, plan, contentHash };
}

function compileTests(sources: Record<string, string>, prefix: string, visibility: 'public' | 'hidden'): TestFileSource[] {
  return Object.entries(sources)
    .filter(([file]) => file.endsWith('.test.ts') || file.endsWith('.test.js'))
    .map(([file, source]) => {
      const fullPath = `${prefix}/${file}`;
      const { js, errors } = transpile(fullPath, source);
      if (errors.length > 0) throw new Error(`Test file ${fullPath} does not compile:\n${errors.join('\n')}`);
      return { file: fullPath, visibility, code: js };
    });
}
