'use strict';

const { createHash } = require('node:crypto');
const { encode } = require('gpt-tokenizer');

/**
 * @typedef {object} FineTuneOptions
 * @property {number} validationFraction Share of the valid rows that goes to the validation file, 0 to 1.
 * @property {string} seed Seed of the split.
 * @property {number} [maxTokens] Optional upper bound on the tokens of one example.
 */

/** @typedef {{ row: number, code: string, message: string }} RowError */
/** @typedef {{ train: string, validation: string, errors: RowError[] }} FineTuneResult */
/** @typedef {{ role: string, content: string, name?: unknown, weight?: number }} Message */

const ROLES = new Set(['system', 'user', 'assistant']);
const MESSAGE_KEYS = new Set(['role', 'content', 'name', 'weight']);
const NO_SPECIAL_TOKENS = { disallowedSpecial: new Set() };

/** @param {unknown} value @returns {value is Record<string, unknown>} */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A row's problem: its error code and message. */
class RowProblem extends Error {
  /** @param {string} code @param {string} message */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** @param {unknown} message @param {number} index @returns {Message} */
function checkMessage(message, index) {
  const where = `messages[${index}]`;
  if (!isObject(message)) throw new RowProblem('message_missing_key', `${where} is not an object`);
  if (!Object.hasOwn(message, 'role')) throw new RowProblem('message_missing_key', `${where} has no "role"`);
  if (!Object.hasOwn(message, 'content')) throw new RowProblem('message_missing_key', `${where} has no "content"`);
  const extra = Object.keys(message).find((key) => !MESSAGE_KEYS.has(key));
  if (extra !== undefined) throw new RowProblem('message_unrecognized_key', `${where} has an unrecognized key "${extra}"`);
  const { role, content } = message;
  if (typeof role !== 'string' || !ROLES.has(role)) {
    throw new RowProblem('unrecognized_role', `${where} has an unrecognized role ${JSON.stringify(role) ?? String(role)}`);
  }
  if (typeof content !== 'string' || content.trim() === '') {
    throw new RowProblem('missing_content', `${where} has no text content`);
  }
  if (Object.hasOwn(message, 'weight') && (role !== 'assistant' || (message.weight !== 0 && message.weight !== 1))) {
    throw new RowProblem('invalid_weight', `${where}: weight must be 0 or 1 and only on assistant messages`);
  }
  return /** @type {Message} */ (message);
}

/**
 * The output line of a valid row: canonical key order, and the line separators JSON.stringify leaves raw escaped.
 * @param {Message[]} messages
 * @returns {string}
 */
function toLine(messages) {
  const canonical = messages.map((m) => {
    /** @type {Record<string, unknown>} */
    const out = { role: m.role, content: m.content };
    if (Object.hasOwn(m, 'name')) out.name = m.name;
    if (Object.hasOwn(m, 'weight')) out.weight = m.weight;
    return out;
  });
  return JSON.stringify({ messages: canonical })
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(/\u0085/g, '\\u0085');
}

/** @param {unknown} row @param {number | undefined} maxTokens @returns {Message[]} */
function validate(row, maxTokens) {
  if (!isObject(row)) throw new RowProblem('data_type', 'row is not an object');
  const { messages } = row;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new RowProblem('missing_messages_list', 'row has no non-empty "messages" array');
  }
  const checked = messages.map((m, i) => checkMessage(m, i));
  if (!checked.some((m) => m.role === 'assistant')) {
    throw new RowProblem('example_missing_assistant_message', 'row has no assistant message');
  }
  if (maxTokens !== undefined) {
    let tokens = 0;
    for (const m of checked) tokens += encode(m.content, NO_SPECIAL_TOKENS).length;
    if (tokens > maxTokens) throw new RowProblem('too_many_tokens', `row has ${tokens} tokens, more than ${maxTokens}`);
  }
  return checked;
}

/** @param {string} line @param {string} seed @param {number} fraction @returns {boolean} */
function inValidation(line, seed, fraction) {
  const hex = createHash('sha256').update(`${seed}\n${line}`, 'utf8').digest('hex');
  return parseInt(hex.slice(0, 8), 16) / 2 ** 32 < fraction;
}

/** @param {unknown} options @returns {FineTuneOptions} */
function checkOptions(options) {
  if (!isObject(options)) throw new RangeError('options must be an object');
  const { validationFraction, seed, maxTokens } = options;
  if (typeof validationFraction !== 'number' || !(validationFraction >= 0 && validationFraction <= 1)) {
    throw new RangeError('validationFraction must be a number from 0 to 1');
  }
  if (typeof seed !== 'string') throw new RangeError('seed must be a string');
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && Number(maxTokens) >= 1)) {
    throw new RangeError('maxTokens must be an integer >= 1');
  }
  return /** @type {FineTuneOptions} */ (options);
}

/**
 * Validates chat rows and splits the valid ones into train and validation JSONL.
 * @param {unknown[]} rows
 * @param {FineTuneOptions} options
 * @returns {FineTuneResult}
 */
function toFineTuneJsonl(rows, options) {
  if (!Array.isArray(rows)) throw new RangeError('rows must be an array');
  const { validationFraction, seed, maxTokens } = checkOptions(options);

  /** @type {string[]} */
  const train = [];
  /** @type {string[]} */
  const validation = [];
  /** @type {RowError[]} */
  const errors = [];
  rows.forEach((row, index) => {
    try {
      const line = toLine(validate(row, maxTokens));
      (inValidation(line, seed, validationFraction) ? validation : train).push(`${line}\n`);
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      errors.push({ row: index, code: error.code, message: error.message });
    }
  });
  return { train: train.join(''), validation: validation.join(''), errors };
}

module.exports = { toFineTuneJsonl };
