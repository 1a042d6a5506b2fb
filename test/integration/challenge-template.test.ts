/**
 * The per-run challenge template (test/helpers/challenge-template.ts) gives a test file exactly what loading the
 * packages would: the same challenge rows (ids included) and owners, and the next version gets the next id.
 */
import { randomBytes } from 'node:crypto';
import { loadBundledChallenges } from '../../core/challenges/load-bundled-challenges';
import { createDb, type Db } from '../../core/platform/db';
import { migrate } from '../../core/platform/migrate';
import { fingerprintChallenges, loadChallengesForTest, TEMPLATE_ENV } from '../helpers/challenge-template';
import { createTestContext, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
let loaded: Db;
let loadedSchema: string;
beforeAll(async () => {
  ctx = await createTestContext();
  loadedSchema = `test_${randomBytes(4).toString('hex')}`;
  await migrate(ctx.config.DATABASE_URL, loadedSchema);
  loaded = createDb(ctx.config.DATABASE_URL, loadedSchema);
  await loadBundledChallenges(loaded);
});
afterAll(async () => {
  await loaded.query(`DROP SCHEMA "${loadedSchema}" CASCADE`);
  await loaded.end();
  await ctx.close();
});

/** Every stored column but the load time. */
async function challengeRows(db: Db) {
  const { rows } = await db.query('SELECT * FROM challenges ORDER BY id');
  return rows.map(({ created_at: _createdAt, ...row }) => row);
}

test('jest\'s globalSetup announced a template of the current challenges/', async () => {
  expect(JSON.parse(process.env[TEMPLATE_ENV] ?? 'null')).toMatchObject({
    databaseUrl: ctx.config.DATABASE_URL, fingerprint: await fingerprintChallenges(),
  });
});

test('a copied schema holds the same challenges and owners as a loaded one', async () => {
  expect(await challengeRows(ctx.db)).toEqual(await challengeRows(loaded));
  const owners = async (db: Db) => (await db.query('SELECT slug, owner_token FROM challenge_owners ORDER BY slug')).rows;
  expect(await owners(ctx.db)).toEqual(await owners(loaded));
});

test('after a copy the id sequence continues past the copied rows', async () => {
  const { rows: [copied] } = await ctx.db.query<{ next: string; max: string }>(
    `SELECT nextval(pg_get_serial_sequence('challenges', 'id'))::text AS next, (SELECT max(id) FROM challenges)::text AS max`);
  expect(Number(copied!.next)).toBe(Number(copied!.max) + 1);
});

test('a fresh schema on the template\'s database is copied; one on another database loads the packages itself', async () => {
  const schemas = [`test_${randomBytes(4).toString('hex')}`, `test_${randomBytes(4).toString('hex')}`];
  const dbs = await Promise.all(schemas.map(async (schema) => {
    await migrate(ctx.config.DATABASE_URL, schema);
    return createDb(ctx.config.DATABASE_URL, schema);
  }));
  try {
    expect(await loadChallengesForTest(dbs[0]!, ctx.config.DATABASE_URL, schemas[0]!)).toBe('copied');
    expect(await loadChallengesForTest(dbs[1]!, `${ctx.config.DATABASE_URL}?another=server`, schemas[1]!)).toBe('loaded');
    for (const db of dbs) expect(await challengeRows(db)).toEqual(await challengeRows(loaded));
  } finally {
    for (const [i, db] of dbs.entries()) {
      await db.query(`DROP SCHEMA "${schemas[i]}" CASCADE`);
      await db.end();
    }
  }
});

test('a template loaded from other contents of challenges/ (a package changed since) is not used', async () => {
  const announced = process.env[TEMPLATE_ENV]!;
  const schema = `test_${randomBytes(4).toString('hex')}`;
  await migrate(ctx.config.DATABASE_URL, schema);
  const db = createDb(ctx.config.DATABASE_URL, schema);
  process.env[TEMPLATE_ENV] = JSON.stringify({ ...JSON.parse(announced), fingerprint: 'before-the-edit' });
  try {
    expect(await loadChallengesForTest(db, ctx.config.DATABASE_URL, schema)).toBe('loaded');
    expect(await challengeRows(db)).toEqual(await challengeRows(loaded));
  } finally {
    process.env[TEMPLATE_ENV] = announced;
    await db.query(`DROP SCHEMA "${schema}" CASCADE`);
    await db.end();
  }
});
