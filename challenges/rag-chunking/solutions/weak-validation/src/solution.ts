// Known-bad: range checks only. 2.5, NaN, Infinity, '4' or null slip through the comparisons.
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
  if (maxWords < 1) throw new RangeError('maxWords must be >= 1');
  if (overlap < 0) throw new RangeError('overlap must be >= 0');
  if (overlap >= maxWords) throw new RangeError('overlap must be smaller than maxWords');

  const words = [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
  const chunks: Chunk[] = [];
  const step = maxWords - overlap;
  for (let i = 0; i < words.length; i += step) {
    const last = Math.min(i + maxWords, words.length) - 1;
    const start = words[i].start;
    const end = words[last].end;
    chunks.push({ text: text.slice(start, end), start, end });
    if (last === words.length - 1) break;
  }
  return chunks;
}
