// Known-bad: tokenizes with text.split(' '), so tabs, newlines, NBSP etc. are not separators.
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

  // Split on spaces and remember where each word starts; empty pieces come from repeated spaces.
  const words: { start: number; end: number }[] = [];
  let pos = 0;
  for (const piece of text.split(' ')) {
    if (piece.length > 0) words.push({ start: pos, end: pos + piece.length });
    pos += piece.length + 1;
  }

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
