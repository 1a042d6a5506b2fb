import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { canInstallPackages, findProgram, installPackages, isLoopbackHost, waitFor } from './apt-packages';

const run = promisify(execFile);

/** Connects once and disconnects; rejects with the driver's error. */
export async function probePostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A SQL string literal (the role's password and names come from the operator's URL, not from a candidate). */
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
const identifier = (value: string) => `"${value.replace(/"/g, '""')}"`;

/** Runs SQL as the cluster's superuser over the Unix socket (Debian's `peer` authentication), as root. */
async function psqlAsSuperuser(port: string, sql: string, database = 'postgres'): Promise<string> {
  const { stdout } = await run('runuser', ['-u', 'postgres', '--', 'psql', '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-p', port, '-d', database, '-c', sql]);
  return stdout.trim();
}

/** The role and database the URL names, with the URL's password, created or updated idempotently. */
async function grantAccess(url: URL, log: (line: string) => void): Promise<void> {
  const port = url.port || '5432';
  const role = decodeURIComponent(url.username || 'postgres');
  const password = decodeURIComponent(url.password);
  const database = decodeURIComponent(url.pathname.slice(1) || role);
  const passwordSql = password ? ` PASSWORD ${literal(password)}` : '';
  log(`PostgreSQL: role ${role} and database ${database}`);
  await psqlAsSuperuser(port, `DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(role)}) THEN CREATE ROLE ${identifier(role)} LOGIN${passwordSql};
    ELSE ALTER ROLE ${identifier(role)} LOGIN${passwordSql}; END IF; END $$;`);
  const exists = await psqlAsSuperuser(port, `SELECT 1 FROM pg_database WHERE datname = ${literal(database)}`);
  if (exists !== '1') await psqlAsSuperuser(port, `CREATE DATABASE ${identifier(database)} OWNER ${identifier(role)}`);
  await psqlAsSuperuser(port, `ALTER DATABASE ${identifier(database)} OWNER TO ${identifier(role)}`);
}

/** Starts every Debian cluster on the URL's port (creating `15/main` when none exists). */
async function startClusters(port: string, log: (line: string) => void): Promise<void> {
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  const clusters = versions.flatMap((v) => readdirSync(`/etc/postgresql/${v}`).map((name) => ({ version: v, name })));
  if (clusters.length === 0) {
    const version = readdirSync('/usr/lib/postgresql').sort().at(-1);
    if (!version) throw new Error('PostgreSQL is installed but /usr/lib/postgresql holds no server version.');
    log(`PostgreSQL: creating cluster ${version}/main on port ${port}`);
    await run('pg_createcluster', ['--port', port, version, 'main']);
    clusters.push({ version, name: 'main' });
  }
  for (const { version, name } of clusters) {
    log(`PostgreSQL: starting cluster ${version}/${name}`);
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'start']).catch((error: Error & { stderr?: string }) => {
      if (!/already running/.test(String(error.stderr))) log(`PostgreSQL: ${String(error.stderr ?? error).trim()}`);
    });
  }
}

/**
 * Reaches PostgreSQL at `url`. When nothing answers there and the URL is on loopback, installs Debian's
 * `postgresql` when missing, starts its cluster in the background, and creates the role and database the URL names.
 * A URL that already works is used as it is; a remote one is never touched.
 */
export async function ensurePostgres(urlString: string, log: (line: string) => void): Promise<void> {
  const firstError = await probePostgres(urlString).then(() => undefined, (error: Error) => error);
  if (!firstError) return;
  const url = new URL(urlString);
  if (!isLoopbackHost(url.hostname)) throw new Error(`PostgreSQL is not reachable at ${url.host}: ${firstError.message}. Start it or set DATABASE_URL.`);
  if (!canInstallPackages()) {
    throw new Error(`PostgreSQL is not reachable at ${url.host} (${firstError.message}) and this process is not root on Debian, so it cannot set it up. Start PostgreSQL with a role and database matching DATABASE_URL, or set DATABASE_URL.`);
  }
  if (!findProgram('pg_ctlcluster')) await installPackages(['postgresql'], log);
  await startClusters(url.port || '5432', log);
  await waitFor('PostgreSQL (local socket)', () => psqlAsSuperuser(url.port || '5432', 'SELECT 1'), 30_000);
  await grantAccess(url, log);
  await waitFor(`PostgreSQL at ${url.host}`, () => probePostgres(urlString), 15_000);
}
