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
 * Challenges whose tests inject no hang and whose solutions set no deadline of their own: a "timeout" there is a
 * request the client abandoned (the connection closed first), which happens or not with the machine's load (seen in
 * CI: tool-agent's reference once had one, once not), so it is not pinned.
 */
const TIMEOUT_FOLLOWS_LOAD = new Set(['tool-agent']);

/**
 * The figures a grader reads that do not follow timing: which failures the mock returned and which of them were
 * retried, repeats after a 4xx, whether the injected failures were handled and which tests were not, and the cache
 * note with its numbers masked (call counts, latency and cost follow the load).
 */
function pinned(result: ResultV1, pkg: ChallengePackage, reference: ResultV1): Record<string, unknown> {
  const u = usageSection(result, pkg.plan, referenceFiguresOf([reference]));
  if (!u) return { verdict: result.verdict, usage: null };
  const loadFree = (kinds: string[]) => (TIMEOUT_FOLLOWS_LOAD.has(pkg.manifest.slug) ? kinds.filter((k) => k !== 'timeout') : kinds);
  return {
    verdict: result.verdict, failureKinds: loadFree(kindsOf(u.errors.kinds)), retriedAfter: loadFree(kindsOf(u.retries.triggers)),
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
  const names = Object.keys(solutions).sort();
  // Two at a time (as the gate does), except where the tests measure time (classify-endpoint)
  const width = slug === 'classify-endpoint' ? 1 : 2;
  for (let i = 0; i < names.length; i += width) {
    await Promise.all(names.slice(i, i + width).map(async (name) => {
      const { expected, files } = solutions[name]!;
      actual[name] = pinned(name === 'reference' ? reference : await judged(pkg, expected.language, files), pkg, reference);
    }));
  }
  const file = path.join(GOLDEN_DIR, `${slug}.json`);
  const sorted = Object.fromEntries(names.map((n) => [n, actual[n]]));
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, `${JSON.stringify(sorted, null, 2)}\n`);
  expect(sorted).toEqual(JSON.parse(readFileSync(file, 'utf8')));
});
