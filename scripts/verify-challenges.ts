/**
 * `npm run challenges:verify [slug ...] [--runs N]`: the publish gate for the bundled challenges, through the real
 * sandbox. Prints a table per challenge and exits 1 if any challenge fails.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { getConfig } from '../core/platform/config';
import { CHALLENGES_DIR } from '../core/challenges/load-bundled-challenges';
import { createDocker } from '../sandbox/docker-client';
import { verifyChallenge } from '../core/gate/verify-challenge';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 10;
  const slugs = args.filter((a, i) => !a.startsWith('--') && i !== runsAt + 1);
  const all = readdirSync(CHALLENGES_DIR).filter((d) => existsSync(path.join(CHALLENGES_DIR, d, 'challenge.json'))).sort();
  const unknown = slugs.filter((s) => !all.includes(s));
  if (unknown.length) throw new Error(`no such challenge: ${unknown.join(', ')}`);
  let failed = 0;
  for (const slug of slugs.length ? slugs : all) {
    const { pkg, rows } = await verifyChallenge({ docker: createDocker(getConfig().DOCKER_SOCKET), config: getConfig() }, path.join(CHALLENGES_DIR, slug), runs);
    const ok = rows.every((r) => r.ok);
    if (!ok) failed++;
    const hidden = pkg.plan.filter((p) => p.visibility === 'hidden').length;
    console.log(`\n${ok ? 'PASS' : 'FAIL'} ${slug} (${pkg.manifest.family}; ${pkg.plan.length - hidden} public + ${hidden} hidden tests)`);
    console.table(rows.map(({ ok: good, ...r }) => ({ ...r, gate: good ? 'ok' : 'FAIL' })));
  }
  console.log(failed ? `\n${failed} challenge(s) failed the gate` : '\nAll challenges passed the gate');
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exit(1);
});
