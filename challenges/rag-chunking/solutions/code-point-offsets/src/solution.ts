// Known-bad: walks the text by code points (Array.from), so start/end are code-point indexes,
// not UTF-16 offsets: wrong as soon as an emoji or other astral character precedes a chunk boundary.
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

  const chars = Array.from(text);
  const words: { start: number; end: number }[] = [];
  let i = 0;
  while (i < chars.length) {
    while (i < chars.length && /\s/.test(chars[i])) i++;
    if (i === chars.length) break;
    const start = i;
    while (i < chars.length && !/\s/.test(chars[i])) i++;
    words.push({ start, end: i });
  }

  const chunks: Chunk[] = [];
  const step = maxWords - overlap;
  for (let w = 0; w < words.length; w += step) {
    const last = Math.min(w + maxWords, words.length) - 1;
    const start = words[w].start;
    const end = words[last].end;
    chunks.push({ text: chars.slice(start, end).join(''), start, end });
    if (last === words.length - 1) break;
  }
  return chunks;
}
