'use strict';

// Available: fetch (global), openai 6, gpt-tokenizer 4, p-limit, p-retry, axios, zod. For example:
//   const OpenAI = require('openai');                                  // new OpenAI({ maxRetries: 0 })
//   const { encode } = require('gpt-tokenizer/encoding/cl100k_base');  // encode(text, { disallowedSpecial: new Set() })

/**
 * @typedef {{ id: string, text: string }} Doc   id is unique within one call
 * @typedef {{ text: string, vector: number[] }} CheckpointEntry
 * @typedef {{ entries: CheckpointEntry[] }} Checkpoint
 * @typedef {Object} EmbedOptions
 * @property {number} [maxBatchSize] N: at most this many inputs per request (default 16)
 * @property {number} [maxBatchTokens] T: at most this many cl100k_base tokens per request (default 8000)
 * @property {number} [concurrency] C: at most this many requests in flight (default 4)
 * @property {number} [maxAttempts] R: at most this many requests per batch, the first one included (default 3)
 * @property {number} [timeoutMs] a request not completely answered after this many ms is abandoned (default 10000)
 * @property {Checkpoint | null} [checkpoint] what an earlier run returned
 * @typedef {{ code: 'empty_text' } | { code: 'too_many_tokens', tokens: number }
 *   | { code: 'request_failed', status: number | null, attempts: number }} DocError
 * @typedef {{ id: string, vector: number[] } | { id: string, error: DocError }} DocResult
 * @typedef {Object} EmbedResult
 * @property {DocResult[]} results one per document, in the order of `docs`
 * @property {Checkpoint} checkpoint pass it to the next run as `options.checkpoint`
 * @property {{ embedded: number, reused: number, failed: number, requests: number }} stats
 */

/**
 * @param {Doc[]} docs
 * @param {EmbedOptions} [options]
 * @returns {Promise<EmbedResult>}
 */
async function embedAll(docs, options) {
  throw new Error('not implemented');
}

module.exports = { embedAll };
