/**
 * The bundled challenges, read and validated once per jest run instead of once per test file. The run's
 * globalSetup (`challenge-template-setup.ts`) migrates a template schema and loads `challenges/` into it; each test
 * file's context then copies the template's rows into its fresh schema (a few milliseconds instead of seconds).
 * The template is made anew by every run, and a file whose `challenges/` no longer matches the template's
 * fingerprint (a package edited during the run), or whose database is another server, loads the packages itself.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDb, type Db } from '../../core/platform/db';
import { migrate } from '../../core/platform/migrate';
import { readTree } from '../../core/platform/read-tree';
import { CHALLENGES_DIR, loadBundledChallenges } from '../../core/challenges/load-bundled-challenges';

/** The environment variable through which globalSetup tells the test workers where the template is. */
export const TEMPLATE_ENV = 'JUDGE_TEST_CHALLENGE_TEMPLATE';

/**
 * Where this run's template is: the database, the schema, the fingerprint of `challenges/` it was loaded from, and
 * the jest process that made it (a value inherited from elsewhere is neither reused nor dropped by this run).
 */
interface ChallengeTemplate {
  databaseUrl: string;
  schema: string;
  fingerprint: string;
  ownerPid: number;
}

/** The tables `loadBundledChallenges` writes, in an order that respects their references. */
const TEMPLATE_TABLES = ['challenges', 'challenge_owners'];
const TEMPLATE_PREFIX = 'test_tpl_';
/** Templates older than this are from runs that died before their teardown. */
const ABANDONED_AFTER_S = 6 * 3600;

/** sha256 over every file of `challenges/` (paths and contents): any edit to a package changes it. */
export async function fingerprintChallenges(dir = CHALLENGES_DIR): Promise<string> {
  const hash = createHash('sha256');
  for (const [file, content] of Object.entries(await readTree(dir))) hash.update(`${file}\0${content.length}\0${content}\0`);
  return hash.digest('hex');
}

function currentTemplate(): ChallengeTemplate | undefined {
  const raw = process.env[TEMPLATE_ENV];
  return raw ? (JSON.parse(raw) as ChallengeTemplate) : undefined;
}

/** The template this jest process made (globalSetup and globalTeardown run in it). */
function ownTemplate(): ChallengeTemplate | undefined {
  const template = currentTemplate();
  return template?.ownerPid === process.pid ? template : undefined;
}

/**
 * For jest's globalSetup: a migrated schema holding the bundled challenges, announced to the test workers through
 * `TEMPLATE_ENV`. Idempotent within one process (projects sharing the setup), and drops templates that crashed runs
 * left behind.
 */
export async function createChallengeTemplate(databaseUrl: string): Promise<void> {
  if (ownTemplate()) return;
  await dropAbandonedTemplates(databaseUrl);
  const schema = `${TEMPLATE_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString('hex')}`;
  const fingerprint = await fingerprintChallenges();
  await migrate(databaseUrl, schema);
  const db = createDb(databaseUrl, schema);
  try {
    await loadBundledChallenges(db);
  } finally {
    await db.end();
  }
  if (fingerprint !== (await fingerprintChallenges())) throw new Error('challenges/ changed while the test template was being loaded; run again');
  process.env[TEMPLATE_ENV] = JSON.stringify({ databaseUrl, schema, fingerprint, ownerPid: process.pid } satisfies ChallengeTemplate);
}

/** For jest's globalTeardown: drops this run's template. */
export async function dropChallengeTemplate(): Promise<void> {
  const template = ownTemplate();
  if (!template) return;
  delete process.env[TEMPLATE_ENV];
  await withClient(template.databaseUrl, (client) => client.query(`DROP SCHEMA IF EXISTS "${template.schema}" CASCADE`));
}

async function dropAbandonedTemplates(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ name: string }>(`SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE $1`, [`${TEMPLATE_PREFIX}%`]);
    const cutoff = Date.now() / 1000 - ABANDONED_AFTER_S;
    for (const { name } of rows) {
      const createdAt = Number(name.slice(TEMPLATE_PREFIX.length).split('_')[0]);
      if (createdAt < cutoff) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    }
  });
}

async function withClient<T>(databaseUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Puts the bundled challenges into a test file's fresh schema: a copy of this run's template when there is one on
 * the same database and `challenges/` still matches it, else `loadBundledChallenges` (reads every package).
 * Returns how it got them.
 */
export async function loadChallengesForTest(db: Db, databaseUrl: string, schema: string): Promise<'copied' | 'loaded'> {
  const template = currentTemplate();
  if (!template || template.databaseUrl !== databaseUrl || template.fingerprint !== (await fingerprintChallenges())) {
    await loadBundledChallenges(db);
    return 'loaded';
  }
  await copyTemplateRows(db, template.schema, schema);
  return 'copied';
}

/** Copies every row of the template's tables (ids included) and moves the id sequence past them. */
async function copyTemplateRows(db: Db, from: string, to: string): Promise<void> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    for (const table of TEMPLATE_TABLES) {
      const { rows } = await client.query<{ name: string }>(
        `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, [to, table]);
      const columns = rows.map((r) => `"${r.name}"`).join(', ');
      await client.query(`INSERT INTO "${to}"."${table}" (${columns}) SELECT ${columns} FROM "${from}"."${table}"`);
    }
    await client.query(`SELECT setval(pg_get_serial_sequence('"${to}".challenges', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM "${to}".challenges), false)`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
