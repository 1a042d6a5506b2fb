'use strict';

/**
 * @typedef {object} ChunkOptions
 * @property {number} maxWords Maximum number of words per chunk (integer >= 1).
 * @property {number} overlap Number of words shared by consecutive chunks (integer, 0 <= overlap < maxWords).
 */

/**
 * @typedef {object} Chunk
 * @property {string} text Exactly `original.slice(start, end)`.
 * @property {number} start UTF-16 offset of the first character of the chunk's first word.
 * @property {number} end UTF-16 offset just past the last character of the chunk's last word.
 */

/**
 * Checks the options, throwing a RangeError for any that is out of range.
 * @param {ChunkOptions} options
 */
function checkOptions(options) {
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
}

/**
 * Splits `text` into overlapping windows of at most `maxWords` whitespace-separated words.
 * @param {string} text
 * @param {ChunkOptions} options
 * @returns {Chunk[]}
 */
function chunk(text, options) {
  checkOptions(options);
  const { maxWords, overlap } = options;

  // One linear pass: record where every word starts and ends (UTF-16 offsets).
  /** @type {number[]} */
  const starts = [];
  /** @type {number[]} */
  const ends = [];
  const word = /\S+/g;
  for (let m = word.exec(text); m !== null; m = word.exec(text)) {
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }

  const n = starts.length;
  /** @type {Chunk[]} */
  const chunks = [];
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

module.exports = { chunk };
