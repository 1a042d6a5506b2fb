import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { ArchiveError, UnpackBudget, corrupt, tooLarge, type ArchiveLimits, type RawEntry } from './archive-error';
import { untar } from './untar';
import { unzip } from './unzip';

const gunzipAsync = promisify(gunzip);
/** Tar headers and padding: at most two blocks per file on top of its content, plus the end blocks. */
const TAR_OVERHEAD_PER_FILE = 1_536;

/**
 * Unpacks an uploaded tar.gz (or plain tar) or zip into memory as path → bytes, treating it as hostile: caps on
 * files, per-file and total bytes counted while inflating; only regular files and directories; no absolute paths,
 * `..`, backslashes or NUL. One top-level folder holding everything is stripped. Nothing touches the disk.
 */
export async function readArchive(body: Buffer, limits: ArchiveLimits): Promise<Map<string, Buffer>> {
  const budget = new UnpackBudget(limits);
  let entries: RawEntry[];
  if (body[0] === 0x1f && body[1] === 0x8b) {
    const maxOutputLength = limits.maxUnpackedBytes + (limits.maxFiles + 4) * TAR_OVERHEAD_PER_FILE;
    let tar: Buffer;
    try {
      tar = await gunzipAsync(body, { maxOutputLength });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge('total', limits);
      throw corrupt(`The gzip stream is corrupt: ${(error as Error).message}`);
    }
    entries = untar(tar, budget);
  } else if (body.length >= 22 && body.readUInt32LE(0) === 0x04034b50) {
    entries = await unzip(body, budget);
  } else if (body.length >= 22 && body.readUInt32LE(0) === 0x06054b50) {
    entries = [];
  } else if (body.length >= 512 && body.toString('latin1', 257, 262) === 'ustar') {
    entries = untar(body, budget);
  } else {
    throw new ArchiveError(400, 'not_an_archive', 'The body is neither a gzip-compressed tar nor a zip archive.');
  }
  return stripTopFolder(safeFiles(entries));
}

/** Applies the path and type rules; returns the files by normalised path. */
function safeFiles(entries: RawEntry[]): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of entries) {
    const path = safePath(entry.path);
    if (entry.type === 'symlink' || entry.type === 'hardlink' || entry.type === 'device') {
      throw unsafe(entry.path, `is a ${entry.type === 'device' ? 'device or fifo' : entry.type}; only regular files and directories are allowed`);
    }
    if (entry.type === 'directory' || path === '') continue;
    if (files.has(path)) throw unsafe(entry.path, 'appears twice in the archive');
    files.set(path, entry.data!);
  }
  return files;
}

/** A relative POSIX path with `.` and empty segments removed; refuses what could escape or confuse. */
export function safePath(raw: string): string {
  if (raw.includes('\0')) throw unsafe(raw, 'contains a NUL byte');
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) throw unsafe(raw, 'is an absolute path');
  if (raw.includes('\\')) throw unsafe(raw, 'contains a backslash');
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw unsafe(raw, 'contains a ".." segment');
  return segments.join('/');
}

function unsafe(path: string, problem: string): ArchiveError {
  return new ArchiveError(400, 'archive_unsafe_entry', `${JSON.stringify(path)} ${problem}.`, path);
}

/** `my-challenge/challenge.json`, `my-challenge/tests/…` → `challenge.json`, `tests/…` (one shared top folder only). */
function stripTopFolder(files: Map<string, Buffer>): Map<string, Buffer> {
  const tops = new Set([...files.keys()].map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/')) : '')));
  if (tops.size !== 1 || tops.has('')) return files;
  const top = [...tops][0]!;
  return new Map([...files].map(([p, data]) => [p.slice(top.length + 1), data]));
}
