// Invoice extraction: see the statement for the exact rules.
// Any client is fine (openai, the AI SDK with @ai-sdk/openai, @langchain/openai, fetch) as long as each model call
// sends a strict JSON schema (chat `response_format` or Responses `text.format`).
'use strict';

const CURRENCIES = ['AUD', 'CAD', 'CHF', 'CNY', 'CZK', 'DKK', 'EUR', 'GBP', 'HKD', 'NOK', 'NZD', 'PLN', 'SEK', 'SGD', 'USD', 'ZAR'];

/**
 * @param {string} text
 * @returns {Promise<{ok: true, invoice: object, attempts: number} | {ok: false, error: string, errors: string[], attempts: number}>}
 */
async function extractInvoice(text) {
  if (/^[ \t\n\r]*$/.test(text)) return { ok: false, error: 'empty_input', errors: [], attempts: 0 };
  throw new Error('not implemented');
}

module.exports = { extractInvoice, CURRENCIES };
