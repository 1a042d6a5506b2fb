import { Pool, PoolClient, QueryResultRow } from 'pg';

export type Db = Pool;

/** Opens a pool on `url` whose connections use `schema` as their search_path. */
export function createDb(url: string, schema: string): Db {
  const pool = new Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  pool.on('error', () => undefined); // idle-client errors surface on the next query instead of crashing
  return pool;
}

/** Runs `fn` inside a transaction on one checked-out client. */
export async function inTransaction<T>(db: Db, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Typed single-row helper. */
export async function queryOne<R extends QueryResultRow>(db: Db | PoolClient, sql: string, params: unknown[] = []): Promise<R | undefined> {
  const result = await db.query<R>(sql, params);
  return result.rows[0];
}
