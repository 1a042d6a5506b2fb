// Known-bad: "defensive" about options: clamps them into range instead of throwing a RangeError.
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
  const maxWords = Math.max(1, Math.floor(Number(options.maxWords)) || 1);
  const overlap = Math.min(Math.max(0, Math.floor(Number(options.overlap)) || 0), maxWords - 1);

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
