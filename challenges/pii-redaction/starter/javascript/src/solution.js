'use strict';

/**
 * @typedef {'email' | 'phone' | 'card' | 'api_key' | 'ipv4'} PiiType
 */

/**
 * @typedef {Object} Finding
 * @property {PiiType} type
 * @property {number} start UTF-16 offset of the first character of the match in the ORIGINAL text.
 * @property {number} end   UTF-16 offset just past the match in the ORIGINAL text.
 */

/**
 * @typedef {Object} RedactResult
 * @property {string} text The text with every match replaced by [EMAIL], [PHONE], [CARD], [API_KEY] or [IPV4].
 * @property {Finding[]} found Every match, ordered by start.
 */

/**
 * @param {string} text
 * @returns {RedactResult}
 */
function redact(text) {
  throw new Error('not implemented');
}

module.exports = { redact };
