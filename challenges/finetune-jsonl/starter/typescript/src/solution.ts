// Available: node:crypto (SHA-256) and gpt-tokenizer, e.g.
//   import { createHash } from 'node:crypto';
//   import { encode } from 'gpt-tokenizer';

export interface FineTuneOptions {
  /** Share of the valid rows that goes to `validation`, from 0 to 1. */
  validationFraction: number;
  /** Seed of the split. */
  seed: string;
  /** Optional limit on the tokens of one example. */
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
  /** Index of the row in `rows` (0-based). */
  row: number;
  code: ErrorCode;
  /** A human-readable explanation. */
  message: string;
}

export interface FineTuneResult {
  /** JSONL text of the training rows. */
  train: string;
  /** JSONL text of the validation rows. */
  validation: string;
  /** One entry per invalid row, ordered by `row`. */
  errors: RowError[];
}

export function toFineTuneJsonl(rows: unknown[], options: FineTuneOptions): FineTuneResult {
  throw new Error('not implemented');
}
