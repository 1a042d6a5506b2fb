import { gzipSync } from 'node:zlib';

/** One tar entry to write; `type` and `linkname` exist so tests can build hostile archives too. */
export interface TarEntry {
  path: string;
  content?: string | Buffer;
  type?: 'file' | 'directory' | 'symlink' | 'hardlink';
  linkname?: string;
}

const FLAGS = { file: '0', directory: '5', symlink: '2', hardlink: '1' } as const;

/** Writes entries as a ustar archive (paths over 100 bytes use a pax header) and gzips it, in memory. */
export function packTarGz(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.content ?? '');
    if (Buffer.byteLength(entry.path) > 100) {
      const record = paxRecord('path', entry.path);
      blocks.push(header({ path: 'PaxHeader', size: record.length, flag: 'x' }), pad(record));
    }
    const type = entry.type ?? 'file';
    blocks.push(header({ path: entry.path, size: type === 'file' ? data.length : 0, flag: FLAGS[type], linkname: entry.linkname }));
    if (type === 'file') blocks.push(pad(data));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

function header(h: { path: string; size: number; flag: string; linkname?: string }): Buffer {
  const block = Buffer.alloc(512);
  block.write(h.path.slice(0, 100), 0, 100, 'utf8');
  block.write(h.flag === '5' ? '0000755' : '0000644', 100, 'latin1');
  block.write('0000000', 108, 'latin1');
  block.write('0000000', 116, 'latin1');
  block.write(h.size.toString(8).padStart(11, '0'), 124, 'latin1');
  block.write(Math.floor(Date.now() / 1000).toString(8).padStart(11, '0'), 136, 'latin1');
  block.write(h.flag, 156, 'latin1');
  if (h.linkname) block.write(h.linkname, 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 'latin1');
  block.fill(32, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return Buffer.from(`${length}${body}`);
}

function pad(data: Buffer): Buffer {
  const rest = data.length % 512;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(512 - rest)]);
}
