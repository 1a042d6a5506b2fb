import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { corrupt, tooLarge, type RawEntry, type UnpackBudget } from './archive-error';

const inflateRawAsync = promisify(inflateRaw);
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const S_IFMT = 0o170000;

/**
 * Lists the entries of a zip held in memory by its central directory. Each file is inflated with a cap of what the
 * budget still allows (zlib stops at the cap, so a bomb costs at most that), whatever size the directory claims.
 * Encrypted entries, zip64 and methods other than stored/deflate are refused.
 */
export async function unzip(zip: Buffer, budget: UnpackBudget): Promise<RawEntry[]> {
  const eocd = findEndOfDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  const directoryOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw corrupt('Zip64 archives are not supported.');
  const entries: RawEntry[] = [];
  let p = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CENTRAL) throw corrupt('The zip central directory is malformed.');
    const madeBy = zip.readUInt16LE(p + 4);
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    const mode = madeBy >> 8 === 3 ? zip.readUInt32LE(p + 38) >>> 16 : 0;
    const localOffset = zip.readUInt32LE(p + 42);
    p = next;
    const type = entryType(name, mode);
    if (type !== 'file') {
      entries.push({ path: name, type });
      continue;
    }
    if (flags & 1) throw corrupt(`${name} is encrypted.`, name);
    const data = await inflateEntry(zip, localOffset, compressedSize, method, name, budget);
    budget.addFile(name, data.length);
    entries.push({ path: name, type, data });
  }
  return entries;
}

function findEndOfDirectory(zip: Buffer): number {
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) return i;
  }
  throw corrupt('The zip archive has no end-of-central-directory record.');
}

function entryType(name: string, mode: number): RawEntry['type'] {
  const kind = mode & S_IFMT;
  if (kind === 0o120000) return 'symlink';
  if (kind === 0o040000 || name.endsWith('/')) return 'directory';
  if (kind === 0 || kind === 0o100000) return 'file';
  return 'device';
}

async function inflateEntry(zip: Buffer, localOffset: number, compressedSize: number, method: number, name: string, budget: UnpackBudget): Promise<Buffer> {
  if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL) throw corrupt(`The local header of ${name} is missing.`, name);
  const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
  if (start + compressedSize > zip.length) throw corrupt(`${name} runs past the end of the archive.`, name);
  const raw = zip.subarray(start, start + compressedSize);
  const cap = budget.nextFileCap();
  if (method === 0) {
    if (raw.length > cap.bytes) throw tooLarge(cap.cap, budget.limits, name);
    return Buffer.from(raw);
  }
  if (method !== 8) throw corrupt(`${name} uses compression method ${method}; only stored and deflate are supported.`, name);
  try {
    return await inflateRawAsync(raw, { maxOutputLength: Math.max(1, cap.bytes) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(cap.cap, budget.limits, name);
    throw corrupt(`${name} does not inflate: ${(error as Error).message}`, name);
  }
}
