// Known-bad: correct output, but re-tokenizes the whole remainder of the text for every chunk: O(n^2 / step).
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

  const chunks: Chunk[] = [];
  const step = maxWords - overlap;
  let offset = 0; // offset of the first word of the next chunk
  for (;;) {
    const rest = [...text.slice(offset).matchAll(/\S+/g)];
    if (rest.length === 0) break;
    const window = rest.slice(0, maxWords);
    const start = offset + window[0].index!;
    const lastMatch = window[window.length - 1];
    const end = offset + lastMatch.index! + lastMatch[0].length;
    chunks.push({ text: text.slice(start, end), start, end });
    if (rest.length <= maxWords) break;
    offset += rest[step].index!;
  }
  return chunks;
}
