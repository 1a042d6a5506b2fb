import { createHash } from 'node:crypto';
import { encode } from 'gpt-tokenizer';

export interface FineTuneOptions {
  /** Share of the valid rows that goes to the validation file, 0 to 1. */
  validationFraction: number;
  /** Seed of the split. */
  seed: string;
  /** Optional upper bound on the tokens of one example. */
  maxTokens?: number;
}

export type ErrorCode =
  | 'data_type'
  | 'missing_messages_list'
  | 'message_missing_key'
  | 'message_unrecognized_key'
  | 'unrecognized_role'
  | 'missing_content'
  | 'invalid_weight'
  | 'example_missing_assistant_message'
  | 'too_many_tokens';

export interface RowError {
  row: number;
  code: ErrorCode;
  message: string;
}

export interface FineTuneResult {
  train: string;
  validation: string;
  errors: RowError[];
}

interface Message {
  role: string;
  content: string;
  name?: unknown;
  weight?: number;
}

const ROLES = new Set(['system', 'user', 'assistant']);
const MESSAGE_KEYS = new Set(['role', 'content', 'name', 'weight']);
const NO_SPECIAL_TOKENS = { disallowedSpecial: new Set<string>() };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

class RowProblem extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
  }
}

function checkMessage(message: unknown, index: number): Message {
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
  return message as unknown as Message;
}

/** The output line of a valid row: canonical key order, and the line separators JSON.stringify leaves raw escaped. */
function toLine(messages: Message[]): string {
  const canonical = messages.map((m) => {
    const out: Record<string, unknown> = { role: m.role, content: m.content };
    if (Object.hasOwn(m, 'name')) out.name = m.name;
    if (Object.hasOwn(m, 'weight')) out.weight = m.weight;
    return out;
  });
  return JSON.stringify({ messages: canonical })
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(/\u0085/g, '\\u0085');
}

function validate(row: unknown, maxTokens: number | undefined): Message[] {
  if (!isObject(row)) throw new RowProblem('data_type', 'row is not an object');
  const { messages } = row;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new RowProblem('missing_messages_list', 'row has no non-empty "messages" array');
  }
  const checked = messages.map((m, i) => checkMessage(m, i));
  if (maxTokens !== undefined) {
    let tokens = 0;
    for (const m of checked) tokens += encode(m.content, NO_SPECIAL_TOKENS).length;
    if (tokens > maxTokens) throw new RowProblem('too_many_tokens', `row has ${tokens} tokens, more than ${maxTokens}`);
  }
  return checked;
}

function inValidation(line: string, seed: string, fraction: number): boolean {
  const hex = createHash('sha256').update(`${seed}\n${line}`, 'utf8').digest('hex');
  return parseInt(hex.slice(0, 8), 16) / 2 ** 32 < fraction;
}

export function toFineTuneJsonl(rows: unknown[], options: FineTuneOptions): FineTuneResult {
  if (!Array.isArray(rows)) throw new RangeError('rows must be an array');
  if (!isObject(options)) throw new RangeError('options must be an object');
  const { validationFraction, seed, maxTokens } = options;
  if (typeof validationFraction !== 'number' || !(validationFraction >= 0 && validationFraction <= 1)) {
    throw new RangeError('validationFraction must be a number from 0 to 1');
  }
  if (typeof seed !== 'string') throw new RangeError('seed must be a string');
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && maxTokens >= 1)) {
    throw new RangeError('maxTokens must be an integer >= 1');
  }

  const train: string[] = [];
  const validation: string[] = [];
  const errors: RowError[] = [];
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
