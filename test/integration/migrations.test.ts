import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { getConfig } from '../../core/platform/config';
import { migrate } from '../../core/platform/migrate';

const { DATABASE_URL } = getConfig();
const ALL = readdirSync(path.join(__dirname, '..', '..', 'migrations')).filter((f) => /^\d{4}-[\w-]+\.sql$/.test(f)).sort();

test('migrations apply once, in order, and a second run applies nothing', async () => {
  const schema = `test_mig_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    expect(ALL.slice(0, 2)).toEqual(['0001-initial.sql', '0002-auth-assessments.sql']);
    expect(await migrate(DATABASE_URL, schema)).toEqual(ALL);
    expect(await migrate(DATABASE_URL, schema)).toEqual([]);
    const { rows } = await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [schema]);
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['api_tokens', 'assessment_challenges', 'assessments', 'challenges',
      'invites', 'schema_migrations', 'submissions', 'webhook_deliveries']));
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
});

test('concurrent migrators do not collide (advisory lock)', async () => {
  const schema = `test_mig_${randomBytes(4).toString('hex')}`;
  try {
    const results = await Promise.all([migrate(DATABASE_URL, schema), migrate(DATABASE_URL, schema), migrate(DATABASE_URL, schema)]);
    expect(results.flat()).toEqual(ALL);
  } finally {
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
});
