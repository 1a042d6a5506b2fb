/** What every invoice-extraction hidden test shares: the candidate's function, journal readers, fixtures. */
import { llm, solution } from '@judge/test';

export type Result = { ok: boolean; [key: string]: unknown };
export const { extractInvoice } = solution<{ extractInvoice(text: string): Promise<Result> }>();

export const MODEL_PATHS = ['/v1/chat/completions', '/v1/responses'];
export const KEYS = ['buyer', 'currency', 'dueDate', 'invoiceNumber', 'issueDate', 'lineItems', 'seller', 'subtotal', 'tax', 'total'];

/** Every model request of this test (chat completions or responses), SDK retries included. */
export function modelRequests() {
  return llm.journal().filter((e) => MODEL_PATHS.includes(e.path));
}

/** The model requests carrying this test's marker. */
export function modelCalls(marker: string) {
  return modelRequests().filter((e) => JSON.stringify(e.body).includes(marker));
}

function partText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('');
  return '';
}

export interface Msg {
  role: string;
  text: string;
}

/** A request's messages as { role, text }, for chat and responses bodies alike (`instructions` counts as system). */
export function messagesOf(body: any): Msg[] {
  if (Array.isArray(body?.messages)) return body.messages.map((m: any) => ({ role: String(m.role), text: partText(m.content) }));
  const out: Msg[] = [];
  if (typeof body?.instructions === 'string') out.push({ role: 'system', text: body.instructions });
  if (typeof body?.input === 'string') out.push({ role: 'user', text: body.input });
  else for (const item of body?.input ?? []) if (typeof item?.role === 'string') out.push({ role: item.role, text: partText(item.content) });
  return out;
}

/** The last message of a request: a repair's must be the user message listing the errors. */
export function lastMessage(body: any): Msg {
  const messages = messagesOf(body);
  return messages[messages.length - 1] ?? { role: '', text: '' };
}

/** The JSON schema a request sent as structured output, or null. */
export function schemaOf(body: any): { strict: unknown; schema: any; name: unknown } | null {
  const rf = body?.response_format;
  if (rf?.type === 'json_schema') return { strict: rf.json_schema?.strict, schema: rf.json_schema?.schema, name: rf.json_schema?.name };
  const tf = body?.text?.format;
  if (tf?.type === 'json_schema') return { strict: tf.strict, schema: tf.schema, name: tf.name };
  return null;
}

/** Script replies in order for the requests carrying the marker: each reply answers one request, the last repeats. */
export function replies(marker: string, ...responds: object[]) {
  llm.script(
    responds.map((respond, i) => (i === responds.length - 1 ? { match: { messages: marker }, respond } : { match: { messages: marker, times: 1 }, respond })) as any,
  );
}

// ---------- the statement's example, reused with variations ----------

export const TEXT = `INVOICE
Invoice number: INV-2026-0042
Issue date: 2026-03-01
Due date: 31.03.2026

From: Nordlicht Design GmbH
Bill to: Acme Widgets Ltd

Description         Qty   Unit price   Amount
Logo design           1       450.00   450.00
Consulting hours    2.5        80.00   200.00
Printing            300         0.35   105.00

Subtotal: 755.00
VAT 20%: 151.00
Total: 906.00 EUR`;

export interface ModelLine {
  description: string;
  quantity: string;
  unitPrice: string;
  lineTotal: string;
}

export interface ModelReply {
  invoiceNumber: string | null;
  issueDate: string | null;
  dueDate: string | null;
  currency: string;
  seller: string | null;
  buyer: string | null;
  lineItems: ModelLine[];
  subtotal: string;
  tax: string;
  total: string;
}

export function exampleReply(): ModelReply {
  return {
    invoiceNumber: 'INV-2026-0042',
    issueDate: '2026-03-01',
    dueDate: '2026-03-31',
    currency: 'EUR',
    seller: 'Nordlicht Design GmbH',
    buyer: 'Acme Widgets Ltd',
    lineItems: [
      { description: 'Logo design', quantity: '1', unitPrice: '450.00', lineTotal: '450.00' },
      { description: 'Consulting hours', quantity: '2.5', unitPrice: '80.00', lineTotal: '200.00' },
      { description: 'Printing', quantity: '300', unitPrice: '0.35', lineTotal: '105.00' },
    ],
    subtotal: '755.00',
    tax: '151.00',
    total: '906.00',
  };
}

export function exampleInvoice() {
  return {
    invoiceNumber: 'INV-2026-0042',
    issueDate: '2026-03-01',
    dueDate: '2026-03-31',
    currency: 'EUR',
    seller: 'Nordlicht Design GmbH',
    buyer: 'Acme Widgets Ltd',
    lineItems: [
      { description: 'Logo design', quantity: '1', unitPrice: 45000, lineTotal: 45000 },
      { description: 'Consulting hours', quantity: '2.5', unitPrice: 8000, lineTotal: 20000 },
      { description: 'Printing', quantity: '300', unitPrice: 35, lineTotal: 10500 },
    ],
    subtotal: 75500,
    tax: 15100,
    total: 90600,
  };
}

/** The example text with this test's marker on a last line. */
export const withMarker = (text: string, marker: string) => `${text}\nRef: ${marker}`;

/** A reply as the model would convert it: the result the candidate must return for an accepted reply. */
export function converted(reply: ModelReply) {
  const cents = (s: string) => Number(s.replace('.', ''));
  return {
    ...reply,
    lineItems: reply.lineItems.map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: cents(l.unitPrice), lineTotal: cents(l.lineTotal) })),
    subtotal: cents(reply.subtotal),
    tax: cents(reply.tax),
    total: cents(reply.total),
  };
}

/** The sorted error lines a failed result carries (order-insensitive comparisons). */
export const sorted = (xs: readonly string[]) => [...xs].sort();

const ERROR = /(?:\$|lineItems\[\d+\]\.[A-Za-z]+|[A-Za-z]+): (?:invalid_json|invalid_date|unknown_currency|not_in_text|invalid_quantity|invalid_amount|mismatch|empty)\b/g;

/** The error strings (`path: code`) a repair message lists, sorted, whatever wording surrounds them. */
export function errorsIn(text: string): string[] {
  return sorted(text.match(ERROR) ?? []);
}
