// Known-bad: validates options but then steps by maxWords, i.e. ignores overlap.
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

  const words = [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
  const chunks: Chunk[] = [];
  for (let i = 0; i < words.length; i += maxWords) {
    const group = words.slice(i, i + maxWords);
    const start = group[0].start;
    const end = group[group.length - 1].end;
    chunks.push({ text: text.slice(start, end), start, end });
  }
  return chunks;
}
