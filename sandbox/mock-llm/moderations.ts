/**
 * @module moderations
 * `POST /v1/moderations`: `input` is a string, an array of strings, or an array of `{type: "text", text}` /
 * `{type: "image_url", image_url}` parts (all parts together make one result). One result per input.
 *
 * Deterministic scores: a category scores 0.9 when the input contains one of its trigger words
 * (`MODERATION_TRIGGERS`, whole words after NFKC and lowercasing), else 0.0001; a category is flagged at 0.5 or more.
 * A scripted `moderation: { categories }` flags those categories on every input (score 0.99); `categories: []` forces
 * a clean result. Moderation is free: the journal records 0 tokens.
 */
import { newId } from './completion';
import { MockHttpError } from './errors';
import { sendJsonWithFaults } from './faults';
import type { Route } from './route';
import { words } from './text';

/** The categories of omni-moderation, in OpenAI's order. */
export const MODERATION_CATEGORIES = [
  'harassment', 'harassment/threatening', 'hate', 'hate/threatening', 'illicit', 'illicit/violent', 'self-harm',
  'self-harm/intent', 'self-harm/instructions', 'sexual', 'sexual/minors', 'violence', 'violence/graphic',
] as const;

/** Words that make a category score high (a phrase's words must appear in order, adjacent). */
export const MODERATION_TRIGGERS: Readonly<Record<string, readonly string[]>> = {
  harassment: ['idiot', 'stupid', 'loser', 'moron'],
  'harassment/threatening': ['i will hurt you', 'watch your back'],
  hate: ['subhuman', 'vermin'],
  illicit: ['counterfeit', 'launder', 'lockpick'],
  'illicit/violent': ['build a bomb', 'make a bomb'],
  'self-harm': ['suicide', 'kill myself', 'self harm'],
  'self-harm/intent': ['kill myself', 'end my life'],
  sexual: ['explicit sex', 'porn'],
  violence: ['kill', 'murder', 'stab', 'shoot', 'attack'],
  'violence/graphic': ['gore', 'dismember'],
};

const HIGH = 0.9;
const LOW = 0.0001;
const SCRIPTED = 0.99;
const THRESHOLD = 0.5;

export interface ModerationsRequest {
  model: string;
  inputs: string[];
  /** Whether any input carried an image (for `category_applied_input_types`). */
  images: boolean[];
}

function partsText(parts: unknown[]): { text: string; image: boolean } {
  const texts: string[] = [];
  let image = false;
  parts.forEach((p, i) => {
    const part = p as { type?: unknown; text?: unknown };
    if (part?.type === 'text' && typeof part.text === 'string') texts.push(part.text);
    else if (part?.type === 'image_url') image = true;
    else throw new MockHttpError(400, `Invalid value for 'input[${i}]': expected a string or a text or image_url part.`, `input[${i}]`, 'invalid_value');
  });
  return { text: texts.join('\n'), image };
}

/** Validate a moderations body (throws MockHttpError 400). */
export function parseModerationsRequest(body: unknown): ModerationsRequest {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : null) as Record<string, unknown> | null;
  if (!b) throw new MockHttpError(400, 'The request body must be a JSON object.');
  const model = typeof b.model === 'string' && b.model.length > 0 ? b.model : 'omni-moderation-latest';
  const input = b.input;
  if (typeof input === 'string') return { model, inputs: [input], images: [false] };
  if (Array.isArray(input) && input.length > 0 && input.every((v) => typeof v === 'string')) {
    return { model, inputs: input as string[], images: input.map(() => false) };
  }
  if (Array.isArray(input) && input.length > 0) {
    const { text, image } = partsText(input);
    return { model, inputs: [text], images: [image] };
  }
  throw new MockHttpError(400, "Missing required parameter: 'input'.", 'input', 'invalid_value');
}

function contains(haystack: string[], phrase: string): boolean {
  const needle = words(phrase);
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, j) => haystack[i + j] === w)) return true;
  }
  return false;
}

/** The category scores of a text (deterministic; see the module notes). */
export function moderationScores(text: string, forced?: readonly string[]): Record<string, number> {
  const ws = words(text);
  const scores: Record<string, number> = {};
  for (const c of MODERATION_CATEGORIES) {
    if (forced) scores[c] = forced.includes(c) ? SCRIPTED : LOW;
    else scores[c] = (MODERATION_TRIGGERS[c] ?? []).some((t) => contains(ws, t)) ? HIGH : LOW;
  }
  return scores;
}

function result(text: string, image: boolean, forced?: readonly string[]): unknown {
  const scores = moderationScores(text, forced);
  const categories = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, scores[c] >= THRESHOLD]));
  const types = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, image ? ['text', 'image'] : ['text']]));
  return { flagged: Object.values(categories).some(Boolean), categories, category_scores: scores, category_applied_input_types: types };
}

export const moderationsRoute: Route<ModerationsRequest> = {
  prepare(body) {
    const req = parseModerationsRequest(body);
    return { req, model: req.model, text: req.inputs.join('\n'), stream: false, promptTokens: 0 };
  },
  respond(ctx, prepared, r) {
    const { req } = prepared;
    const results = req.inputs.map((text, i) => result(text, req.images[i], r?.moderation?.categories));
    sendJsonWithFaults(ctx, { id: newId('modr-'), model: req.model, results }, r);
  },
};
