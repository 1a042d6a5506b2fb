/**
 * @module embeddings
 * `POST /v1/embeddings`: string or string-array input, `dimensions` (default 1536; 3072 for
 * text-embedding-3-large), float or base64.
 * Token-array input (one array of cl100k_base token ids, or an array of them, as langchain-openai sends) is decoded
 * and embedded as its text. A scripted `embedding` is returned for every input as given.
 */
import { MAX_DIMENSIONS, defaultDimensionsFor, embedText, toBase64 } from './embed';
import { MockHttpError } from './errors';
import { sendJsonWithFaults } from './faults';
import type { Route } from './route';
import { countText, decodeEmbeddingTokens } from './tokens';

/** Most inputs in one request (same as OpenAI). */
export const MAX_INPUTS = 2048;

export interface EmbeddingsRequest {
  model: string;
  inputs: string[];
  /** Prompt tokens of each input: counted for a text, the array's length for token ids. */
  inputTokens: number[];
  dimensions: number;
  format: 'float' | 'base64';
}

function bad(message: string, param: string): MockHttpError {
  return new MockHttpError(400, message, param, 'invalid_value');
}

const isTokenArray = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((t) => Number.isInteger(t) && (t as number) >= 0);

function decodeTokens(tokens: number[], param: string): string {
  const text = decodeEmbeddingTokens(tokens);
  if (text === null) throw bad(`'${param}' holds a token id that is not in the model's vocabulary.`, 'input');
  return text;
}

/** The texts of `input` (strings, one token array, or token arrays) and their prompt tokens. */
function parseInputs(input: unknown): { inputs: string[]; inputTokens: number[] } {
  if (typeof input === 'string') return { inputs: [input], inputTokens: [countText(input)] };
  if (!Array.isArray(input) || input.length === 0) throw bad("'input' must be a string or a non-empty array of strings.", 'input');
  if (!isTokenArray(input) && input.length > MAX_INPUTS) throw bad(`'input' must have at most ${MAX_INPUTS} items.`, 'input');
  if (input.every((v) => typeof v === 'string')) return { inputs: input as string[], inputTokens: (input as string[]).map(countText) };
  if (isTokenArray(input)) return { inputs: [decodeTokens(input, 'input')], inputTokens: [input.length] };
  if (input.every(isTokenArray)) {
    return { inputs: input.map((tokens, i) => decodeTokens(tokens, `input[${i}]`)), inputTokens: input.map((tokens) => tokens.length) };
  }
  throw bad("'input' must be a string, an array of strings, an array of token ids, or an array of token-id arrays (not mixed).", 'input');
}

/** Validate an embeddings body (throws MockHttpError 400). */
export function parseEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new MockHttpError(400, 'The request body must be a JSON object.');
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || b.model.length === 0) throw bad('you must provide a model parameter', 'model');
  const { inputs, inputTokens } = parseInputs(b.input);
  const dims = b.dimensions ?? defaultDimensionsFor(b.model);
  if (typeof dims !== 'number' || !Number.isInteger(dims) || dims < 1 || dims > MAX_DIMENSIONS) {
    throw bad(`'dimensions' must be an integer from 1 to ${MAX_DIMENSIONS}.`, 'dimensions');
  }
  const format = b.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') throw bad("'encoding_format' must be 'float' or 'base64'.", 'encoding_format');
  return { model: b.model, inputs, inputTokens, dimensions: dims, format };
}

export const embeddingsRoute: Route<EmbeddingsRequest> = {
  prepare(body) {
    const req = parseEmbeddingsRequest(body);
    const promptTokens = req.inputTokens.reduce((n, t) => n + t, 0);
    return { req, model: req.model, text: req.inputs.join('\n'), stream: false, promptTokens };
  },
  respond(ctx, prepared, r) {
    const { req } = prepared;
    const data = req.inputs.map((text, index) => {
      const vector = r?.embedding ? Float32Array.from(r.embedding) : embedText(text, req.dimensions);
      const embedding = req.format === 'base64' ? toBase64(vector) : Array.from(vector);
      return { object: 'embedding', index, embedding };
    });
    const usage = { prompt_tokens: prepared.promptTokens, total_tokens: prepared.promptTokens };
    sendJsonWithFaults(ctx, { object: 'list', data, model: req.model, usage }, r);
  },
};
