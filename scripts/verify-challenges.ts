/**
 * `npm run challenges:verify [slug ...] [--runs N] [--parallel P]`: the publish gate for the bundled challenges,
 * through the real sandbox. P challenges are gated at once (default 2: a judgement waits on its container and the mock
 * LLM as much as it computes, so two share two cores well); each challenge's solutions are judged one after another,
 * as the gate does. Prints a table per challenge as it finishes and exits 1 if any challenge fails.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { getConfig } from '../core/platform/config';
import { CHALLENGES_DIR } from '../core/challenges/load-bundled-challenges';
import { createDocker } from '../sandbox/docker-client';
import { verifyChallenge } from '../core/gate/verify-challenge';

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a positive integer`);
  return value;
}

async function gateOne(slug: string, runs: number): Promise<boolean> {
  const started = Date.now();
  const { pkg, rows } = await verifyChallenge({ docker: createDocker(getConfig().docker), config: getConfig() }, path.join(CHALLENGES_DIR, slug), runs);
  const ok = rows.every((r) => r.ok);
  const hidden = pkg.plan.filter((p) => p.visibility === 'hidden').length;
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`\n${ok ? 'PASS' : 'FAIL'} ${slug} (${pkg.manifest.family}; ${pkg.plan.length - hidden} public + ${hidden} hidden tests; ${seconds} s)`);
  console.table(rows.map(({ ok: good, ...r }) => ({ ...r, gate: good ? 'ok' : 'FAIL' })));
  return ok;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = option(args, '--runs', 10);
  const parallel = option(args, '--parallel', 2);
  const valued = new Set(['--runs', '--parallel'].map((n) => args.indexOf(n) + 1).filter((i) => i > 0));
  const slugs = args.filter((a, i) => !a.startsWith('--') && !valued.has(i));
  const all = readdirSync(CHALLENGES_DIR).filter((d) => existsSync(path.join(CHALLENGES_DIR, d, 'challenge.json'))).sort();
  const unknown = slugs.filter((s) => !all.includes(s));
  if (unknown.length) throw new Error(`no such challenge: ${unknown.join(', ')}`);
  const queue = [...(slugs.length ? slugs : all)];
  let failed = 0;
  const lane = async (): Promise<void> => {
    for (let slug = queue.shift(); slug !== undefined; slug = queue.shift()) if (!(await gateOne(slug, runs))) failed++;
  };
  await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, lane));
  console.log(failed ? `\n${failed} challenge(s) failed the gate` : '\nAll challenges passed the gate');
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
