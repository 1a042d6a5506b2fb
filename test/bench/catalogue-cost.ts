/**
 * What the candidate package catalogue costs, in the real sandbox (fresh containers, no pool, no other load):
 * - pii-redaction's TypeScript reference judged with the whole catalogue (every challenge's default) and with only the
 *   four packages candidates had before it (openai, express, zod, gpt-tokenizer), alternating, `RUNS` times each:
 *   latency and the containers' CPU per judgement. Goal: the catalogue no more than 5% worse.
 * - A LangChain "hello" (TypeScript: `@langchain/openai`'s ChatOpenAI; Python: langchain_openai's) against a plain
 *   solution of the same probe task: the extra latency and container CPU of loading LangChain.
 * Usage: tsx test/bench/catalogue-cost.ts (BENCH_RUNS=N, default 10). Appends `catalogue` to bench-results.json.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readChallengePackage, type ChallengePackage, type Manifest } from '../../core/challenges/challenge-package';
import { judgeFiles } from '../../core/judging/judge-files';
import { getConfig } from '../../core/platform/config';
import { readTree } from '../../core/platform/read-tree';
import { createDocker } from '../../sandbox/docker-client';
import type { Language } from '../../sandbox/harness/protocol';
import { machineCpuSeconds, stats } from './bench-util';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const ROOT = path.resolve(__dirname, '..', '..');
const BEFORE_CATALOGUE = ['openai', 'express', 'zod', 'gpt-tokenizer'];

const config = getConfig();
const docker = createDocker(config.docker);

interface Sample { wallMs: number; containerCpuMs: number }

/** One judgement in a fresh container: its wall time and the CPU all containers used meanwhile (only this one ran). */
async function judgeOnce(pkg: ChallengePackage, manifest: Manifest, language: Language, files: Record<string, string>): Promise<Sample> {
  const before = machineCpuSeconds().containers;
  const started = performance.now();
  const result = await judgeFiles({ docker, config }, { manifest, tests: pkg.tests, plan: pkg.plan }, language, files, { 'ai-judge.bench': 'catalogue' });
  const wallMs = performance.now() - started;
  if (result.verdict !== 'accepted') throw new Error(`${manifest.slug} (${language}) got ${result.verdict}: ${result.message}`);
  return { wallMs, containerCpuMs: (machineCpuSeconds().containers - before) * 1000 };
}

/** Runs each variant `RUNS` times, interleaved so that drift in the machine falls on both alike. */
async function compare(variants: Record<string, () => Promise<Sample>>): Promise<Record<string, { wallMs: number; containerCpuMs: number }>> {
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (const run of Object.values(variants)) await run(); // warm the page cache and the image's layers
  for (let i = 0; i < RUNS; i++) for (const [name, run] of Object.entries(variants)) samples[name]!.push(await run());
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, {
    wallMs: Math.round(stats(s.map((x) => x.wallMs)).median), containerCpuMs: Math.round(stats(s.map((x) => x.containerCpuMs)).median),
  }]));
}

const PLAIN_TS = 'export function shout(x: string): string { return x.toUpperCase(); }';
const LANGCHAIN_TS = `import { ChatOpenAI } from '@langchain/openai';
const model = new ChatOpenAI({ model: 'gpt-4o-mini' });
export function shout(x: string): string { return model ? x.toUpperCase() : ''; }`;
const PLAIN_PY = 'def shout(x):\n    return x.upper()\n';
const LANGCHAIN_PY = 'from langchain_openai import ChatOpenAI\n\nmodel = ChatOpenAI(model="gpt-4o-mini")\n\n\ndef shout(x):\n    return x.upper() if model else ""\n';

async function main(): Promise<void> {
  const pii = await readChallengePackage(path.join(ROOT, 'challenges', 'pii-redaction'));
  const reference = await readTree(path.join(ROOT, 'challenges', 'pii-redaction', 'solutions', 'reference'));
  const { 'expected.json': _expected, ...files } = reference;
  const narrowed = { ...pii.manifest, packages: { ...pii.manifest.packages, node: BEFORE_CATALOGUE } };
  const piiRows = await compare({
    before: () => judgeOnce(pii, narrowed, 'typescript', files),
    catalogue: () => judgeOnce(pii, pii.manifest, 'typescript', files),
  });
  const probe = await readChallengePackage(path.join(ROOT, 'test', 'fixtures', 'secrecy-probe'));
  const hello = await compare({
    plainTs: () => judgeOnce(probe, probe.manifest, 'typescript', { 'src/solution.ts': PLAIN_TS }),
    langchainTs: () => judgeOnce(probe, probe.manifest, 'typescript', { 'src/solution.ts': LANGCHAIN_TS }),
    plainPy: () => judgeOnce(probe, probe.manifest, 'python', { 'src/solution.py': PLAIN_PY }),
    langchainPy: () => judgeOnce(probe, probe.manifest, 'python', { 'src/solution.py': LANGCHAIN_PY }),
  });
  const catalogue = {
    runs: RUNS,
    piiRedaction: { before: piiRows.before!, catalogue: piiRows.catalogue! },
    langchainHello: {
      typescript: { extraWallMs: hello.langchainTs!.wallMs - hello.plainTs!.wallMs, extraContainerCpuMs: hello.langchainTs!.containerCpuMs - hello.plainTs!.containerCpuMs, plain: hello.plainTs!, langchain: hello.langchainTs! },
      python: { extraWallMs: hello.langchainPy!.wallMs - hello.plainPy!.wallMs, extraContainerCpuMs: hello.langchainPy!.containerCpuMs - hello.plainPy!.containerCpuMs, plain: hello.plainPy!, langchain: hello.langchainPy! },
    },
  };
  console.log('\nThe package catalogue (fresh containers, medians): pii-redaction\'s TypeScript reference with the 4 packages of before vs the whole catalogue');
  console.table([{ variant: `before (${BEFORE_CATALOGUE.join(', ')})`, ...piiRows.before }, { variant: 'whole catalogue', ...piiRows.catalogue }]);
  console.log('LangChain "hello" (ChatOpenAI constructed at load) vs a plain solution of the same probe task');
  console.table(Object.entries(hello).map(([variant, r]) => ({ variant, ...r })));
  const previous = JSON.parse(await readFile('bench-results.json', 'utf8').catch(() => '{}')) as object;
  await writeFile('bench-results.json', JSON.stringify({ ...previous, catalogue }, null, 2));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
