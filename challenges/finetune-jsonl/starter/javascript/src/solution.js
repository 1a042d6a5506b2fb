'use strict';

// Available: node:crypto (SHA-256) and gpt-tokenizer, e.g.
//   const { createHash } = require('node:crypto');
//   const { encode } = require('gpt-tokenizer');

/**
 * @typedef {Object} FineTuneOptions
 * @property {number} validationFraction Share of the valid rows that goes to `validation`, from 0 to 1.
 * @property {string} seed Seed of the split.
 * @property {number} [maxTokens] Optional limit on the tokens of one example.
 */

/**
 * @typedef {'data_type' | 'missing_messages_list' | 'message_missing_key' | 'message_unrecognized_key'
 *   | 'unrecognized_role' | 'missing_content' | 'invalid_weight' | 'example_missing_assistant_message'
 *   | 'too_many_tokens'} ErrorCode
 */

/**
 * @typedef {Object} RowError
 * @property {number} row Index of the row in `rows` (0-based).
 * @property {ErrorCode} code
 * @property {string} message A human-readable explanation.
 */

/**
 * @typedef {Object} FineTuneResult
 * @property {string} train JSONL text of the training rows.
 * @property {string} validation JSONL text of the validation rows.
 * @property {RowError[]} errors One entry per invalid row, ordered by `row`.
 */

/**
 * @param {unknown[]} rows
 * @param {FineTuneOptions} options
 * @returns {FineTuneResult}
 */
function toFineTuneJsonl(rows, options) {
  throw new Error('not implemented');
}

module.exports = { toFineTuneJsonl };
