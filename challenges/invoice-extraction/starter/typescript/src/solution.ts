// Invoice extraction: see the statement for the exact rules.
// Any client is fine (openai, the AI SDK with @ai-sdk/openai, @langchain/openai, fetch) as long as each model call
// sends a strict JSON schema (chat `response_format` or Responses `text.format`).

export interface LineItem {
  description: string;
  quantity: string;
  unitPrice: number; // integer minor units
  lineTotal: number; // integer minor units
}

export interface Invoice {
  invoiceNumber: string | null;
  issueDate: string | null;
  dueDate: string | null;
  currency: string;
  seller: string | null;
  buyer: string | null;
  lineItems: LineItem[];
  subtotal: number;
  tax: number;
  total: number;
}

export type ExtractResult =
  | { ok: true; invoice: Invoice; attempts: number }
  | { ok: false; error: 'empty_input' | 'invalid_output' | 'model_error'; errors: string[]; attempts: number };

export const CURRENCIES = ['AUD', 'CAD', 'CHF', 'CNY', 'CZK', 'DKK', 'EUR', 'GBP', 'HKD', 'NOK', 'NZD', 'PLN', 'SEK', 'SGD', 'USD', 'ZAR'];

export async function extractInvoice(text: string): Promise<ExtractResult> {
  if (/^[ \t\n\r]*$/.test(text)) return { ok: false, error: 'empty_input', errors: [], attempts: 0 };
  throw new Error('not implemented');
}
