/**
 * Idempotent set-up shared by `npm start`, `npm test` and CI: services reachable (started when local and stopped),
 * migrations applied, the host's Python packages installed from the locks, sandbox image built (cached by content
 * hash), bundled challenges loaded and the publish gate queued for every published version that has none (so their
 * gate tables and reference figures exist).
 */
import { spawnSync } from 'node:child_process';
import type Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { getConfig, type Config } from '../core/platform/config';
import { createDb, type Db } from '../core/platform/db';
import { queueMissingGates } from '../core/gate/gate-runs';
import { createLogger } from '../core/platform/logger';
import { createRedis, createSubmissionQueue } from '../core/submissions/submission-queue';
import { loadBundledChallenges } from '../core/challenges/load-bundled-challenges';
import { migrate } from '../core/platform/migrate';
import { ensureSandboxImage } from '../sandbox/build-image';
import { ensureEditorBundle } from '../api/pages/editor/editor-bundle';
import { createDocker } from '../sandbox/docker-client';
import { describeDockerTarget } from '../sandbox/docker-target';
import { ensureDocker, ensureRemoteDocker } from './services/docker-engine';
import { ensurePython } from './services/host-python';
import { ensurePostgres } from './services/local-postgres';
import { ensureRedis } from './services/local-redis';

const say = (line: string) => console.log(`[setup] ${line}`);

/**
 * Queues the publish gate of every published version that has none (the bundled challenges: CI gated them, so they
 * stay published); the workers judge them behind candidates. Returns how many it queued.
 */
async function queueBundledGates(db: Db, config: Config): Promise<number> {
  const redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  const queue = createSubmissionQueue(config, redis);
  try {
    return (await queueMissingGates({ db, queue, log: createLogger('warn') }, config.GATE_RUNS)).length;
  } finally {
    await queue.close().catch(() => undefined);
    redis.disconnect();
  }
}

async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    const result = await fn();
    say(`ok   ${name} (${Date.now() - started} ms)`);
    return result;
  } catch (error) {
    say(`FAIL ${name}`);
    throw error;
  }
}

/** A local Engine is started when it can be (root on Debian); a remote one (DOCKER_HOST=tcp://…) only pinged. */
function reachDocker(docker: Docker, config: Config): Promise<void> {
  return config.docker.kind === 'tls' ? ensureRemoteDocker(docker, describeDockerTarget(config.docker)) : ensureDocker(docker, say);
}

/**
 * The set-up of a worker host in a many-host deployment (`--image-only`, deploy/compose.worker.yml): its Docker Engine
 * (local, or DOCKER_HOST) reachable and the sandbox image ready there, cached by content hash. PostgreSQL, migrations
 * and the challenges are the API host's set-up.
 */
export async function setupImageOnly(): Promise<void> {
  const config = getConfig();
  const docker = createDocker(config.docker);
  await step('Docker Engine reachable', () => reachDocker(docker, config));
  const image = await step('sandbox image ready', () => ensureSandboxImage(docker, config.SANDBOX_IMAGE, say));
  say(`sandbox image ${image} (also tagged ${config.SANDBOX_IMAGE})`);
}

/** Runs every set-up step; `loadChallenges: false` skips loading into the configured schema (tests use their own). */
export async function setup(options: { loadChallenges: boolean }): Promise<void> {
  const config = getConfig();
  const docker = createDocker(config.docker);
  await step('PostgreSQL reachable', () => ensurePostgres(config.DATABASE_URL, say));
  await step('Redis reachable', () => ensureRedis(config.REDIS_URL, say));
  await step('Docker Engine reachable', () => reachDocker(docker, config));
  await step('migrations applied', () => migrate(config.DATABASE_URL, config.DB_SCHEMA));
  const editor = await step('editor bundle ready', () => ensureEditorBundle());
  say(`editor bundle ${editor.file} (${Math.round(editor.bytes / 1024)} KiB${editor.built ? ', built now' : ', cached'})`);
  // The offline image copies them, and host-side runs (tests, the bench's floor) use them; a registry deployment needs neither.
  if (!options.loadChallenges || process.env.SANDBOX_BUILD !== 'registry') {
    const python = await step('host Python packages ready', () => ensurePython(say));
    say(`host Python packages in ${python.dir}${python.built ? ', installed now' : ', cached'}`);
  }
  const image = await step('sandbox image ready', () => ensureSandboxImage(docker, config.SANDBOX_IMAGE, say));
  say(`sandbox image ${image} (also tagged ${config.SANDBOX_IMAGE})`);
  if (options.loadChallenges) {
    const db = createDb(config.DATABASE_URL, config.DB_SCHEMA);
    try {
      const loaded = await step('bundled challenges loaded', () => loadBundledChallenges(db));
      for (const c of loaded) say(`challenge ${c.slug} v${c.version}${c.created ? ' (new version)' : ''}`);
      const gates = await step('publish gates queued', () => queueBundledGates(db, config));
      if (gates) say(`queued the publish gate of ${gates} published version${gates === 1 ? '' : 's'} that had none`);
    } finally {
      await db.end();
    }
  }
}

/** Chromium for the browser tests (`test/e2e/browser/`): Debian's `chromium` package, installed with apt-get as root. */
export async function ensureChromium(): Promise<string> {
  const binary = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(binary)) return binary;
  const hint = 'the browser tests need Debian\'s "chromium" package: run `apt-get install -y chromium` as root (or set CHROMIUM_PATH)';
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) throw new Error(`Chromium is not installed at ${binary}; ${hint}.`);
  say('installing Debian\'s chromium for the browser tests (apt-get)');
  const apt = (args: string[]) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status;
  if (apt(['install', '-y', '-q', 'chromium']) !== 0) apt(['update', '-q']);
  if (!existsSync(binary) && apt(['install', '-y', '-q', 'chromium']) !== 0) throw new Error(`apt-get could not install chromium; ${hint}.`);
  if (!existsSync(binary)) throw new Error(`chromium was installed but ${binary} is missing; ${hint}.`);
  return binary;
}

if (require.main === module) {
  const forTests = process.argv.includes('--for-tests');
  (process.argv.includes('--image-only') ? setupImageOnly() : setup({ loadChallenges: !forTests }))
    .then(() => (forTests ? step('Chromium for the browser tests', ensureChromium).then((path) => say(`chromium ${path}`)) : undefined))
    .then(
      () => process.exit(0),
      (error) => {
        console.error(`\n[setup] ${(error as Error).message}`);
        process.exit(1);
      },
    );
}
