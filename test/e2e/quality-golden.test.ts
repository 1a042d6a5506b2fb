/**
 * Golden code-quality findings of every bundled solution (issue #20 item 1): each solution of each challenge is
 * analysed host-side as the sandbox's `quality` mode does (runQuality), the challenge's own rule settings applied as
 * the judge does before storing (applyChallengeRules with the manifest's `quality`), and the sorted rule ids of its
 * findings (no line numbers; complexity, length, nesting and duplication left out: they follow the code's shape, not
 * its flaws) are pinned in test/fixtures/quality-golden/<slug>.json. What the fixtures promise (docs/quality-findings.md):
 * every known-bad whose flaw is a code pattern has a finding naming it, and no reference has a finding its statement
 * contradicts. A changed list is a changed report: read the diff, then `UPDATE_GOLDEN=1 npx jest
 * test/e2e/quality-golden.test.ts --config jest.timing.config.js` to accept it. A timing suite
 * (test/timing-suites.js): ESLint, tsc, ruff and mypy over about 130 solutions take minutes on 2 cores.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readChallengePackage } from '../../core/challenges/challenge-package';
import { parseSolutions } from '../../core/challenges/challenge-solutions';
import { CHALLENGES_DIR } from '../../core/challenges/load-bundled-challenges';
import { readTree } from '../../core/platform/read-tree';
import { applyChallengeRules } from '../../core/quality/challenge-rules';
import { runQuality } from '../../sandbox/quality/run-quality';

jest.setTimeout(600_000);

const GOLDEN_DIR = path.join(__dirname, '..', 'fixtures', 'quality-golden');
const SHAPE_KINDS = new Set(['complexity', 'length', 'nesting', 'duplication']);
const SLUGS = readdirSync(CHALLENGES_DIR).filter((d) => existsSync(path.join(CHALLENGES_DIR, d, 'challenge.json'))).sort();

/** A known-bad that names a flaw and the rule the fixture must hold for it (docs/quality-findings.md). */
const MUST_NAME: Record<string, Record<string, string>> = {
  'classify-endpoint': {
    'ignores-retry-after': 'retry-after-ignored', 'retries-400': 'retries-client-errors', 'sdk-timeout-only': 'llm-timeout-headers-only',
    'stacked-retries': 'llm-stacked-retries', 'text-in-system-prompt': 'user-input-in-system-prompt', 'leaks-api-key': 'echoes-upstream-error',
    'echoes-upstream-error-py': 'echoes-upstream-error', 'tenacity-backoff-py': 'retry-after-ignored', 'sdk-retries-flask-py': 'llm-timeout-headers-only',
  },
  'conversation-memory': {
    'summary-in-system': 'user-input-in-system-prompt', 'tenacity-retry-py': 'llm-stacked-retries', 'no-timeout-js': 'llm-client-no-timeout',
  },
  'embedding-batch': { 'retries-client-errors': 'retries-client-errors', 'no-timeout': 'llm-fetch-no-abort', 'sdk-default-retries': 'llm-client-default-retries' },
  'finetune-jsonl': { 'mutable-default-py': 'B006', 'throws-on-special-tokens': 'tokenizer-special-tokens', 'special-tokens-raise-py': 'tokenizer-special-tokens' },
  'hallucination-guard': {
    'passages-in-system-prompt': 'user-input-in-system-prompt', 'retry-loop-py': 'llm-stacked-retries', 'no-timeout-js': 'llm-client-no-timeout',
  },
  'invoice-extraction': { 'tenacity-retry-py': 'llm-stacked-retries' },
  'pii-redaction': { 'email-backtracking-py': 'regex-quadratic-scan' },
  'rag-grounded-answer': {
    'injection-in-system-prompt': 'user-input-in-system-prompt', 'one-request-per-chunk': 'llm-call-per-item',
    'app-level-retries': 'llm-stacked-retries', 'tenacity-forever-py': 'llm-unbounded-retry',
  },
  'semantic-cache': { 'regex-dollar-newline-py': 'regex-dollar-newline', 'sdk-default-retries': 'llm-client-default-retries' },
  'tool-agent': { 'own-retry-no-wait': 'retry-after-ignored', 'eval-calculator-py': 'S307' },
  'stream-proxy': { 'sdk-default-retries': 'llm-client-default-retries', 'tenacity-retries-stream-py': 'retries-client-errors' },
};

/** Rules that would contradict a statement on a reference (the challenge turns them off, or no reference may have them). */
const NEVER_ON_REFERENCES = ['user-input-in-system-prompt', 'llm-stacked-retries', 'retry-after-ignored', 'retries-client-errors',
  'llm-call-per-item', 'llm-timeout-headers-only', 'regex-quadratic-scan', 'regex-dollar-newline', 'tokenizer-special-tokens', 'llm-client-default-retries'];

async function findingsOf(slug: string): Promise<Record<string, string[]>> {
  const dir = path.join(CHALLENGES_DIR, slug);
  const pkg = await readChallengePackage(dir);
  const { solutions } = parseSolutions(await readTree(dir), pkg.manifest, { requireReference: true });
  const out: Record<string, string[]> = {};
  for (const name of Object.keys(solutions).sort()) {
    const { expected, files } = solutions[name]!;
    const report = runQuality({ mode: 'quality', nonce: 'golden', language: expected.language, files });
    if (!report.analysis) throw new Error(`${slug}/${name}: the analysis failed: ${report.error}`);
    const analysis = applyChallengeRules(report.analysis, pkg.manifest.quality);
    out[name] = analysis.findings.filter((f) => !SHAPE_KINDS.has(f.kind)).map((f) => f.rule).sort();
  }
  return out;
}

test.each(SLUGS)('%s: the findings of every bundled solution match the golden file', async (slug) => {
  const actual = await findingsOf(slug);
  const file = path.join(GOLDEN_DIR, `${slug}.json`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  for (const [name, rule] of Object.entries(MUST_NAME[slug] ?? {})) expect({ name, rules: actual[name] }).toEqual({ name, rules: expect.arrayContaining([rule]) });
  for (const name of Object.keys(actual).filter((n) => n === 'reference' || n.startsWith('reference-'))) {
    expect({ name, rules: actual[name]!.filter((r) => NEVER_ON_REFERENCES.includes(r)) }).toEqual({ name, rules: [] });
  }
});
