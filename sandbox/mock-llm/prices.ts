/**
 * @module prices
 * Illustrative USD prices per 1M tokens, used only for the `costUsd` estimate in `usage()`.
 * Not a live price list: override with `startMockLlm({ prices })`.
 */
import type { ModelPrice, PriceTable } from './types';

/** Built-in prices; a model not listed (and matching no listed prefix) uses `default`. */
export const DEFAULT_PRICES: Required<PriceTable> = {
  default: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  models: {
    'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6, cachedInputPerMillion: 0.075 },
    'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10, cachedInputPerMillion: 1.25 },
    'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6, cachedInputPerMillion: 0.1 },
    'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4, cachedInputPerMillion: 0.025 },
    'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8, cachedInputPerMillion: 0.5 },
    'text-embedding-3-small': { inputPerMillion: 0.02, outputPerMillion: 0 },
    'text-embedding-3-large': { inputPerMillion: 0.13, outputPerMillion: 0 },
  },
};

/** Built-in prices overlaid with the caller's (their `default` and `models` entries win). */
export function mergePrices(custom: PriceTable = {}): Required<PriceTable> {
  return {
    default: custom.default ?? DEFAULT_PRICES.default,
    models: { ...DEFAULT_PRICES.models, ...(custom.models ?? {}) },
  };
}

/** The price of a model: exact key, else the longest key the model name starts with, else default. */
export function priceFor(table: Required<PriceTable>, model: string | null): ModelPrice {
  if (!model) return table.default;
  if (table.models[model]) return table.models[model];
  let best: string | null = null;
  for (const key of Object.keys(table.models)) {
    if (model.startsWith(key) && (best === null || key.length > best.length)) best = key;
  }
  return best ? table.models[best] : table.default;
}

/** Cost in USD of a token count at a price; `cachedTokens` (part of `promptTokens`) at the cached-input rate. */
export function costOf(price: ModelPrice, promptTokens: number, completionTokens: number, cachedTokens = 0): number {
  const cached = Math.min(cachedTokens, promptTokens);
  const cachedRate = price.cachedInputPerMillion ?? price.inputPerMillion / 2;
  return ((promptTokens - cached) * price.inputPerMillion + cached * cachedRate + completionTokens * price.outputPerMillion) / 1_000_000;
}
