// Known-bad: offsets are right, but the chunk text is rebuilt by joining the words with a single space,
// so it differs from original.slice(start, end) whenever the separator is not exactly one space.
export interface ChunkOptions {
  maxWords: number;
  overlap: number;
}

export interface Chunk {
  text: string;
  start: number;
  end: number;
}

export function chunk(text: string, options: ChunkOptions): Chunk[] {
  const { maxWords, overlap } = options;
  if (!Number.isInteger(maxWords) || maxWords < 1) throw new RangeError('maxWords must be an integer >= 1');
  if (!Number.isInteger(overlap) || overlap < 0) throw new RangeError('overlap must be an integer >= 0');
  if (overlap >= maxWords) throw new RangeError('overlap must be smaller than maxWords');

  const words = [...text.matchAll(/\S+/g)].map((m) => ({ word: m[0], start: m.index!, end: m.index! + m[0].length }));
  const chunks: Chunk[] = [];
  const step = maxWords - overlap;
  for (let i = 0; i < words.length; i += step) {
    const group = words.slice(i, i + maxWords);
    chunks.push({
      text: group.map((w) => w.word).join(' '),
      start: group[0].start,
      end: group[group.length - 1].end,
    });
    if (i + maxWords >= words.length) break;
  }
  return chunks;
}
