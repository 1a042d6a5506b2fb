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
  throw new Error('not implemented');
}
