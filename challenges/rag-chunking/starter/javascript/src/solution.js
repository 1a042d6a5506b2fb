'use strict';

/**
 * @typedef {Object} ChunkOptions
 * @property {number} maxWords Maximum number of words per chunk (integer >= 1).
 * @property {number} overlap  Number of words shared by consecutive chunks (integer, 0 <= overlap < maxWords).
 */

/**
 * @typedef {Object} Chunk
 * @property {string} text  Exactly `original.slice(start, end)`.
 * @property {number} start UTF-16 offset of the first character of the chunk's first word.
 * @property {number} end   UTF-16 offset just past the last character of the chunk's last word.
 */

/**
 * @param {string} text
 * @param {ChunkOptions} options
 * @returns {Chunk[]}
 */
function chunk(text, options) {
  throw new Error('not implemented');
}

module.exports = { chunk };
