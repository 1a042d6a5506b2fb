import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { packTarGz, type TarEntry } from '../../core/authoring/archive/pack-tar';
import { readTree } from '../../core/platform/read-tree';
import { packageFromFiles } from '../../core/challenges/challenge-package';
import { saveChallengeVersion, type ChallengeRecord } from '../../core/challenges/challenge-repository';
import type { Db } from '../../core/platform/db';
import type { Language } from '../../sandbox/harness/protocol';
import type { Family } from '../../scripts/challenge-cli/cli-args-parser';
import { initChallenge } from '../../scripts/challenge-cli/init-command';
import { bearer, http, type TestContext } from './test-context';

/** The files `challenge init` writes for a slug (the lightest working package), as path → text. */
export async function scaffoldFiles(slug: string, family: Family = 'data', languages?: Language[]): Promise<Record<string, string>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scaffold-'));
  try {
    const { folder } = await initChallenge({ slug, family, dir, languages });
    return await readTree(folder);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Publishes a scaffolded challenge straight into the test's database (no gate): for tests that need a challenge
 * offering particular languages, whatever the bundled ones declare.
 */
export async function publishScaffold(db: Db, slug: string, languages: Language[], family: Family = 'data'): Promise<ChallengeRecord> {
  const pkg = packageFromFiles(await scaffoldFiles(slug, family, languages));
  return (await saveChallengeVersion(db, pkg, { status: 'published' })).record;
}

/** A tar.gz of the files under one top folder (as `tar czf x.tgz my-challenge` makes), plus any extra raw entries. */
export function tarOf(files: Record<string, string>, extra: TarEntry[] = [], top = 'my-challenge'): Buffer {
  return packTarGz([...Object.entries(files).map(([p, content]) => ({ path: `${top}/${p}`, content })), ...extra]);
}

/** A minimal zip writer for tests: deflated entries; `unixMode` marks symlinks and the like. CRCs are not checked. */
export function zipOf(entries: Array<{ path: string; content: string | Buffer; unixMode?: number; stored?: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.from(e.content);
    const data = e.stored ? raw : deflateRawSync(raw);
    const name = Buffer.from(e.path);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.stored ? 0 : 8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.stored ? 0 : 8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((e.unixMode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** POSTs an archive to /v1/challenges (bootstrap admin unless a token is given). */
export async function upload(ctx: TestContext, body: Buffer, contentType = 'application/gzip', token?: string) {
  const response = await fetch(`${ctx.api.url}/v1/challenges`, {
    method: 'POST', body, headers: { 'content-type': contentType, ...bearer(token ?? ctx.adminToken) },
  });
  const json: any = await response.json().catch(() => undefined);
  return { status: response.status, json };
}

/** Polls a version's gate until it is no longer running. */
export async function waitForGate(ctx: TestContext, slug: string, version: number, timeoutMs = 240_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, json } = await http(ctx, 'GET', `/v1/challenges/${slug}/versions/${version}/gate`);
    if (status === 200 && json.status !== 'running') return json;
    if (Date.now() > deadline) throw new Error(`gate of ${slug}@${version} still running after ${timeoutMs} ms: ${JSON.stringify(json)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
