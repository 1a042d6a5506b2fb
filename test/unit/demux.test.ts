import { createDemuxer } from '../../sandbox/demux';

function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

test('frames split at any byte boundary are reassembled per stream', async () => {
  const all = Buffer.concat([frame(1, 'hello '), frame(2, 'warn'), frame(1, 'world')]);
  for (let cut = 1; cut < all.length; cut++) {
    const got: Record<string, string> = { stdout: '', stderr: '' };
    const demux = createDemuxer((stream, data) => { got[stream] += data.toString(); });
    await new Promise<void>((resolve) => demux.write(all.subarray(0, cut), () => demux.write(all.subarray(cut), () => resolve())));
    expect(got).toEqual({ stdout: 'hello world', stderr: 'warn' });
  }
});
