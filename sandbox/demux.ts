import { Writable } from 'node:stream';

/**
 * Parses Docker's multiplexed attach stream (8-byte header: stream type, 3 zero bytes, big-endian length) and
 * hands each frame to `onFrame`. Written here rather than using dockerode's demuxStream, which ignores backpressure.
 */
export function createDemuxer(onFrame: (stream: 'stdout' | 'stderr', data: Buffer) => void): Writable {
  let pending: Buffer = Buffer.alloc(0);
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 8) {
        const size = pending.readUInt32BE(4);
        if (pending.length < 8 + size) break;
        onFrame(pending[0] === 2 ? 'stderr' : 'stdout', pending.subarray(8, 8 + size));
        pending = pending.subarray(8 + size);
      }
      callback();
    },
  });
}
