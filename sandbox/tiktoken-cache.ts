import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const ENCODINGS_FILE = path.join(__dirname, 'python', 'tiktoken-encodings.json');

interface Encoding { name: string; url: string; sha256: string }

/** The encodings the image carries (sandbox/python/tiktoken-encodings.json). */
export async function tiktokenEncodings(): Promise<Encoding[]> {
  return (JSON.parse(await readFile(ENCODINGS_FILE, 'utf8')) as { encodings: Encoding[] }).encodings;
}

/**
 * A `.tiktoken` file rebuilt from gpt-tokenizer's rank table: one line per rank in rank order, the token's bytes in
 * base64, a space, the rank. The table holds a token as a string when its bytes are valid UTF-8, else as the bytes;
 * a missing index is a rank the encoding does not have (p50k_base's 50256, a special token).
 */
function tiktokenFile(name: string): Buffer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the table is a multi-MB CommonJS module, loaded only here
  const table = (require(`gpt-tokenizer/bpeRanks/${name}`) as { default: Array<string | number[] | undefined> }).default;
  const lines: string[] = [];
  table.forEach((token, rank) => {
    if (token === undefined) return;
    const bytes = typeof token === 'string' ? Buffer.from(token, 'utf8') : Buffer.from(token);
    lines.push(`${bytes.toString('base64')} ${rank}\n`);
  });
  return Buffer.from(lines.join(''), 'latin1');
}

/**
 * Fails when the locked tiktoken expects other files than the ones we rebuild (a tiktoken upgrade that changed them):
 * otherwise tiktoken would try to download them, and the sandbox has no network.
 */
async function checkAgainstTiktoken(sitePackages: string, encodings: Encoding[]): Promise<void> {
  const source = path.join(sitePackages, 'tiktoken_ext', 'openai_public.py');
  if (!existsSync(source)) return;
  const text = await readFile(source, 'utf8');
  const expected = new Map([...text.matchAll(/"(https:\/\/[^"]+\.tiktoken)",\s*expected_hash="([0-9a-f]{64})"/g)].map((m) => [m[1]!, m[2]!]));
  for (const encoding of encodings) {
    const hash = expected.get(encoding.url);
    if (hash !== undefined && hash !== encoding.sha256) {
      throw new Error(`tiktoken expects ${encoding.url} with sha256 ${hash}, sandbox/python/tiktoken-encodings.json says ${encoding.sha256}: update the table (and check gpt-tokenizer still matches)`);
    }
  }
  for (const name of ['o200k_base', 'cl100k_base']) {
    if (!encodings.some((e) => e.name === name && expected.has(e.url))) {
      throw new Error(`the locked tiktoken no longer loads ${name} from the URL in sandbox/python/tiktoken-encodings.json: update the table`);
    }
  }
}

/**
 * Writes tiktoken's cache (`TIKTOKEN_CACHE_DIR`) into `dir`: each encoding under sha1(url), byte-exact (its sha256
 * is checked here, as tiktoken checks it), so `tiktoken.get_encoding()` never needs the network. When `sitePackages`
 * is given, the table is also checked against the installed tiktoken's own URLs and hashes.
 */
export async function writeTiktokenCache(dir: string, sitePackages?: string): Promise<string[]> {
  const encodings = await tiktokenEncodings();
  if (sitePackages) await checkAgainstTiktoken(sitePackages, encodings);
  await mkdir(dir, { recursive: true });
  for (const encoding of encodings) {
    const data = tiktokenFile(encoding.name);
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== encoding.sha256) {
      throw new Error(`tiktoken encoding ${encoding.name} rebuilt from gpt-tokenizer has sha256 ${actual}, tiktoken expects ${encoding.sha256}: the gpt-tokenizer version in package.json no longer matches (pin the one that does)`);
    }
    await writeFile(path.join(dir, createHash('sha1').update(encoding.url).digest('hex')), data);
  }
  return encodings.map((e) => e.name);
}
