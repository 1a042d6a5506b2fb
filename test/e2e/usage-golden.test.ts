/**
 * Golden LLM-usage figures of the bundled solutions that call the model: each reference is judged once for its
 * figures, then every solution (reference and known-bad, every language) once, and the report's usage section is
 * pinned in test/fixtures/usage-golden/<slug>.json: the failure kinds returned and those retried, repeats after a
 * 4xx, whether the injected upstream failures were handled and which tests were not, the cache note. A changed figure
 * is a changed report: look at the diff, then `UPDATE_GOLDEN=1 npx jest test/e2e/usage-golden.test.ts --config
 * jest.timing.config.js` to accept it. A timing suite (test/timing-suites.js): classify-endpoint's tests measure time.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readChallengePackage, type ChallengePackage } from '../../core/challenges/challenge-package';
import { CHALLENGES_DIR } from '../../core/challenges/load-bundled-challenges';
import { parseSolutions } from '../../core/challenges/challenge-solutions';
import { referenceFiguresOf } from '../../core/gate/reference-figures';
import { judgeFiles } from '../../core/judging/judge-files';
import { getConfig } from '../../core/platform/config';
import { readTree } from '../../core/platform/read-tree';
import { usageSection } from '../../core/reports/usage-section';
import type { ResultV1 } from '../../core/results/verdicts';
import { createDocker } from '../../sandbox/docker-client';
import type { Language } from '../../sandbox/harness/protocol';

jest.setTimeout(900_000);

// Every bundled challenge whose solutions call the model (rag-chunking, pii-redaction and finetune-jsonl do not)
const SLUGS = ['classify-endpoint', 'stream-proxy', 'rag-grounded-answer', 'conversation-memory', 'invoice-extraction', 'hallucination-guard',
  'tool-agent', 'semantic-cache', 'embedding-batch'];
const GOLDEN_DIR = path.join(__dirname, '..', 'fixtures', 'usage-golden');
const config = getConfig();
const docker = createDocker(config.docker);
const runLabel = `usage-golden-${randomBytes(4).toString('hex')}`;

/** Which kinds occurred, not how often: how many timeouts or retries fit in a test's time varies with the machine's load. */
const kindsOf = (counts: Record<string, number>): string[] => Object.keys(counts).filter((k) => counts[k]! > 0).sort();

/**
 * The figures a grader reads that do not follow timing: which failures the mock returned and which of them were
 * retried, repeats after a 4xx, whether the injected failures were handled and which tests were not, and the cache
 * note with its numbers masked (call counts, latency and cost follow the load).
 */
function pinned(result: ResultV1, pkg: ChallengePackage, reference: ResultV1): Record<string, unknown> {
  const u = usageSection(result, pkg.plan, referenceFiguresOf([reference]));
  if (!u) return { verdict: result.verdict, usage: null };
  return {
    verdict: result.verdict, failureKinds: kindsOf(u.errors.kinds), retriedAfter: kindsOf(u.retries.triggers),
    repeatsAfterClientError: u.retries.repeatsAfterClientError, handled: u.errors.handled,
    unhandledTests: [...u.errors.unhandledTests].sort(), cache: u.cache?.note.replace(/\d+/g, 'N') ?? null,
  };
}

async function judged(pkg: ChallengePackage, language: Language, files: Record<string, string>): Promise<ResultV1> {
  return judgeFiles({ docker, config }, { manifest: pkg.manifest, tests: pkg.tests, plan: pkg.plan }, language, files, { 'ai-judge.usage-golden': runLabel });
}

afterAll(async () => {
  const left = await docker.listContainers({ all: true, filters: { label: [`ai-judge.usage-golden=${runLabel}`] } });
  expect(left).toEqual([]);
});

test.each(SLUGS)('%s: the usage figures of every bundled solution match the golden file', async (slug) => {
  const dir = path.join(CHALLENGES_DIR, slug);
  const pkg = await readChallengePackage(dir);
  const { solutions } = parseSolutions(await readTree(dir), pkg.manifest, { requireReference: true });
  const reference = await judged(pkg, solutions.reference!.expected.language, solutions.reference!.files);
  expect(reference.verdict).toBe('accepted');
  const actual: Record<string, unknown> = {};
  for (const name of Object.keys(solutions).sort()) {
    const { expected, files } = solutions[name]!;
    actual[name] = pinned(name === 'reference' ? reference : await judged(pkg, expected.language, files), pkg, reference);
  }
  const file = path.join(GOLDEN_DIR, `${slug}.json`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
});
