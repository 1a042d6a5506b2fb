import { corrupt, type RawEntry, type UnpackBudget } from './archive-error';

const BLOCK = 512;

/** The entry types a tar header can name, as the upload rules see them. */
const TYPES: Record<string, RawEntry['type']> = {
  '0': 'file', '\0': 'file', '7': 'file', '5': 'directory', '1': 'hardlink', '2': 'symlink', '3': 'device', '4': 'device', '6': 'device',
};

/**
 * Lists the entries of an (uncompressed) ustar/pax/GNU tar held in memory. Pax `path` records and GNU long names
 * apply to the next entry; global pax headers are ignored. Every file is charged to `budget` before it is kept.
 */
export function untar(tar: Buffer, budget: UnpackBudget): RawEntry[] {
  const entries: RawEntry[] = [];
  let longName: string | undefined;
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    checkChecksum(header, offset);
    const size = octal(header, 124, 12, offset);
    const flag = String.fromCharCode(header[156]!);
    const start = offset + BLOCK;
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (start + size > tar.length) throw corrupt(`The tar archive ends inside an entry (header at byte ${start - BLOCK}).`);
    const data = tar.subarray(start, start + size);
    if (flag === 'x' || flag === 'L') {
      if (size > 64 * 1024) throw corrupt('A tar extended header is larger than 64 KiB.');
      longName = flag === 'L' ? cString(data, 0, data.length) : paxPath(data) ?? longName;
      continue;
    }
    if (flag === 'g') continue;
    const name = longName ?? fullName(header);
    longName = undefined;
    const type = TYPES[flag];
    if (!type) throw corrupt(`Unsupported tar entry type "${flag}" for ${name}.`, name);
    if (type === 'file') budget.addFile(name, size);
    entries.push({ path: name, type, ...(type === 'file' ? { data: Buffer.from(data) } : {}) });
  }
  return entries;
}

function fullName(header: Buffer): string {
  const name = cString(header, 0, 100);
  const ustar = header.toString('latin1', 257, 262) === 'ustar';
  const prefix = ustar ? cString(header, 345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** Reads a NUL-terminated field; a NUL inside a name is how a hostile archive would hide a path, so keep it visible. */
function cString(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const end = field.indexOf(0);
  const text = field.subarray(0, end < 0 ? field.length : end).toString('utf8');
  const rest = end < 0 ? Buffer.alloc(0) : field.subarray(end);
  return rest.some((b) => b !== 0) ? `${text}\0${rest.toString('utf8').replace(/\0+$/, '')}` : text;
}

function octal(header: Buffer, start: number, length: number, at: number): number {
  if (header[start]! & 0x80) throw corrupt(`Base-256 tar sizes are not supported (header at byte ${at}).`);
  const text = header.toString('latin1', start, start + length).replace(/[\0 ]+$/g, '').trim();
  if (!/^[0-7]*$/.test(text)) throw corrupt(`A tar header holds a malformed number (header at byte ${at}).`);
  return text ? parseInt(text, 8) : 0;
}

function checkChecksum(header: Buffer, at: number): void {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  if (octal(header, 148, 8, at) !== sum) throw corrupt(`A tar header has a bad checksum (header at byte ${at}).`);
}

/** The `path` record of a pax extended header ("<len> path=<value>\n" records). */
function paxPath(data: Buffer): string | undefined {
  let pos = 0;
  let found: string | undefined;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    const length = space < 0 ? NaN : Number(data.toString('latin1', pos, space));
    if (!Number.isSafeInteger(length) || length <= 0 || pos + length > data.length) throw corrupt('A pax extended header is malformed.');
    const record = data.toString('utf8', space + 1, pos + length - 1);
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') found = record.slice(eq + 1);
    pos += length;
  }
  return found;
}
