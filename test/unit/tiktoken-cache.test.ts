/**
 * tiktoken's encodings rebuilt from gpt-tokenizer's rank tables are byte-exact: the cache holds each under sha1(url)
 * with tiktoken's sha256, so the sandbox's `tiktoken.get_encoding()` never needs the network.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tiktokenEncodings, writeTiktokenCache } from '../../sandbox/tiktoken-cache';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), 'tiktoken-cache-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

test('every listed encoding is written under tiktoken\'s cache name with tiktoken\'s hash', async () => {
  const names = await writeTiktokenCache(dir);
  expect(names).toEqual(expect.arrayContaining(['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base']));
  const encodings = await tiktokenEncodings();
  expect((await readdir(dir)).sort()).toEqual(encodings.map((e) => createHash('sha1').update(e.url).digest('hex')).sort());
  for (const encoding of encodings) {
    const data = await readFile(path.join(dir, createHash('sha1').update(encoding.url).digest('hex')));
    expect({ name: encoding.name, sha256: createHash('sha256').update(data).digest('hex') }).toEqual({ name: encoding.name, sha256: encoding.sha256 });
  }
}, 60_000);

test('a table that disagrees with the installed tiktoken fails with both hashes named', async () => {
  const site = await mkdtemp(path.join(tmpdir(), 'tiktoken-site-'));
  try {
    await mkdir(path.join(site, 'tiktoken_ext'));
    const url = 'https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken';
    await writeFile(path.join(site, 'tiktoken_ext', 'openai_public.py'), `load_tiktoken_bpe(\n    "${url}",\n    expected_hash="${'0'.repeat(64)}",\n)\n`);
    await expect(writeTiktokenCache(dir, site)).rejects.toThrow(/tiktoken expects .*o200k_base\.tiktoken with sha256 0{64}/);
  } finally {
    await rm(site, { recursive: true, force: true });
  }
});
