export interface ChunkOptions {
  /** Maximum number of words per chunk (integer >= 1). */
  maxWords: number;
  /** Number of words shared by consecutive chunks (integer, 0 <= overlap < maxWords). */
  overlap: number;
}

export interface Chunk {
  /** Exactly `original.slice(start, end)`. */
  text: string;
  /** UTF-16 offset of the first character of the chunk's first word. */
  start: number;
  /** UTF-16 offset just past the last character of the chunk's last word. */
  end: number;
}

export function chunk(text: string, options: ChunkOptions): Chunk[] {
  const { maxWords, overlap } = options;
  if (!Number.isInteger(maxWords) || maxWords < 1) {
    throw new RangeError(`maxWords must be an integer >= 1, got ${String(maxWords)}`);
  }
  if (!Number.isInteger(overlap) || overlap < 0) {
    throw new RangeError(`overlap must be an integer >= 0, got ${String(overlap)}`);
  }
  if (overlap >= maxWords) {
    throw new RangeError(`overlap (${overlap}) must be smaller than maxWords (${maxWords})`);
  }

  // One linear pass: record where every word starts and ends (UTF-16 offsets).
  const starts: number[] = [];
  const ends: number[] = [];
  const word = /\S+/g;
  for (let m = word.exec(text); m !== null; m = word.exec(text)) {
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }

  const n = starts.length;
  const chunks: Chunk[] = [];
  if (n === 0) return chunks;

  const step = maxWords - overlap; // >= 1, so the loop always advances
  for (let first = 0; ; first += step) {
    const last = Math.min(first + maxWords, n) - 1;
    const start = starts[first];
    const end = ends[last];
    chunks.push({ text: text.slice(start, end), start, end });
    if (last === n - 1) break; // this chunk reached the last word: anything after it would add nothing new
  }
  return chunks;
}
