/** `npm start`: set-up, then one API and one worker in this process. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startApiProcess } from '../api/api-process';
import { closeOnSignals } from '../core/platform/close-on-signals';
import { getConfig } from '../core/platform/config';
import { createLogger } from '../core/platform/logger';
import { startWorkerProcess } from '../worker/worker-process';
import { setup } from './setup';
import { createMetrics } from '../core/platform/metrics';

const TOKEN_FILE = path.resolve(__dirname, '..', '.build', 'admin-token');

/**
 * The bootstrap admin token: JUDGE_ADMIN_TOKEN when set, else one generated on the first start and kept (mode 0600).
 * `new` is true only on the start that generated it.
 */
async function adminToken(configured: string | undefined): Promise<{ token: string; generated: boolean; new?: true }> {
  if (configured) return { token: configured, generated: false };
  const saved = await readFile(TOKEN_FILE, 'utf8').then((t) => t.trim(), () => '');
  if (saved) return { token: saved, generated: true };
  const token = randomBytes(24).toString('hex');
  await mkdir(path.dirname(TOKEN_FILE), { recursive: true });
  await writeFile(TOKEN_FILE, `${token}\n`, { mode: 0o600 });
  return { token, generated: true, new: true };
}

/** Shows a newly generated admin token once, on a terminal only: a log file or CI output never holds it. */
function announceAdminToken(admin: { generated: boolean; new?: true; token: string }): void {
  if (!admin.generated) return;
  if (admin.new && process.stdout.isTTY) console.log(`Bootstrap admin token (shown once; kept in .build/admin-token): export JUDGE_ADMIN_TOKEN=${admin.token}`);
  else console.log('The bootstrap admin token is in .build/admin-token (export JUDGE_ADMIN_TOKEN=$(cat .build/admin-token)).');
}

/** Composition root of `npm start`: set-up, then the API's and the worker's wiring in this one process. */
async function main(): Promise<void> {
  await setup({ loadChallenges: true });
  const admin = await adminToken(getConfig().JUDGE_ADMIN_TOKEN);
  const config = { ...getConfig(), JUDGE_ADMIN_TOKEN: admin.token };
  const log = createLogger(config.LOG_LEVEL);
  const metrics = createMetrics(); // one process: the API serves what the worker counts
  const worker = await startWorkerProcess(config, log, metrics);
  const api = await startApiProcess(config, log, metrics);
  console.log(`\nThe judge is running: API at ${api.url} (try ${api.url}/v1/challenges, API docs at ${api.url}/docs).`);
  announceAdminToken(admin);
  console.log('Ctrl-C stops it.\n');
  closeOnSignals(log, [() => api.close(), () => worker.close()]);
}

main().catch((error) => {
  console.error(`\nThe judge could not start: ${(error as Error).message}`);
  process.exit(1);
});
