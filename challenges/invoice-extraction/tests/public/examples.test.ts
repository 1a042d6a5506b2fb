import { describe, test, expect, solution, llm } from '@judge/test';

type Result = { ok: boolean; [key: string]: unknown };
const { extractInvoice } = solution<{ extractInvoice(text: string): Promise<Result> }>();

const MODEL_PATHS = ['/v1/chat/completions', '/v1/responses'];
const KEYS = ['buyer', 'currency', 'dueDate', 'invoiceNumber', 'issueDate', 'lineItems', 'seller', 'subtotal', 'tax', 'total'];

/** The model requests this test sent (chat completions or responses). */
function modelCalls(marker: string) {
  return llm.journal().filter((e) => MODEL_PATHS.includes(e.path) && JSON.stringify(e.body).includes(marker));
}

function partText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('');
  return '';
}

/** A request's messages as { role, text }, for chat and for responses bodies alike. */
function messagesOf(body: any): { role: string; text: string }[] {
  if (Array.isArray(body?.messages)) return body.messages.map((m: any) => ({ role: m.role, text: partText(m.content) }));
  const out: { role: string; text: string }[] = [];
  if (typeof body?.instructions === 'string') out.push({ role: 'system', text: body.instructions });
  if (typeof body?.input === 'string') out.push({ role: 'user', text: body.input });
  else for (const item of body?.input ?? []) if (typeof item?.role === 'string') out.push({ role: item.role, text: partText(item.content) });
  return out;
}

/** The JSON schema a request sent as structured output, or null. */
function schemaOf(body: any): { strict: unknown; schema: any } | null {
  if (body?.response_format?.type === 'json_schema') return { strict: body.response_format.json_schema?.strict, schema: body.response_format.json_schema?.schema };
  if (body?.text?.format?.type === 'json_schema') return { strict: body.text.format.strict, schema: body.text.format.schema };
  return null;
}

const TEXT = `INVOICE
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

const reply = (_marker?: string) => ({
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
});

const INVOICE = {
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

describe('examples', () => {
  test('the statement example: one call with a strict schema, the invoice in a user message', async () => {
    const marker = 'pubcase-example';
    const text = `${TEXT}\nRef: ${marker}`;
    llm.script([{ match: { messages: marker }, respond: { json: reply(marker) } }]);
    const result = await extractInvoice(text);
    expect(result).toEqual({ ok: true, attempts: 1, invoice: INVOICE });

    const calls = modelCalls(marker);
    expect(calls).toHaveLength(1);
    const body = calls[0].body as any;
    expect(body.model).toBe('gpt-4o-mini');
    const format = schemaOf(body);
    expect(format).not.toBeNull();
    expect(format!.strict).toBe(true);
    expect(Object.keys(format!.schema?.properties ?? {}).sort()).toEqual(KEYS);
    const messages = messagesOf(body);
    expect(messages.some((m) => m.role === 'user' && m.text.includes(text))).toBe(true);
    expect(messages.filter((m) => m.role !== 'user' && m.role !== 'assistant').some((m) => m.text.includes(marker))).toBe(false);
  });

  test('blank input is empty_input, without a model call', async () => {
    expect(await extractInvoice('  \n ')).toEqual({ ok: false, error: 'empty_input', errors: [], attempts: 0 });
    expect(llm.journal().filter((e) => MODEL_PATHS.includes(e.path))).toHaveLength(0);
  });

  test('a wrong line total is repaired: the second request lists the errors', async () => {
    const marker = 'pubcase-repair';
    const text = `${TEXT}\nRef: ${marker}`;
    const bad = reply(marker);
    bad.lineItems[1].lineTotal = '210.00';
    llm.script([
      { match: { messages: marker, times: 1 }, respond: { json: bad } },
      { match: { messages: marker }, respond: { json: reply(marker) } },
    ]);
    const result = await extractInvoice(text);
    expect(result).toEqual({ ok: true, attempts: 2, invoice: INVOICE });

    const calls = modelCalls(marker);
    expect(calls).toHaveLength(2);
    const messages = messagesOf(calls[1].body);
    const last = messages[messages.length - 1];
    expect(last.role).toBe('user');
    for (const error of ['lineItems[1].lineTotal: not_in_text', 'lineItems[1].lineTotal: mismatch', 'subtotal: mismatch']) {
      expect(last.text).toContain(error);
    }
    expect(messages.some((m) => m.role === 'user' && m.text.includes(text))).toBe(true);
  });

  test('a due date the text does not contain is null', async () => {
    const marker = 'pubcase-invented-date';
    const text = `${TEXT}\nRef: ${marker}`;
    const invented = { ...reply(marker), dueDate: '2026-04-30', invoiceNumber: 'INV-2026-0043' };
    llm.script([{ match: { messages: marker }, respond: { json: invented } }]);
    expect(await extractInvoice(text)).toEqual({ ok: true, attempts: 1, invoice: { ...INVOICE, dueDate: null, invoiceNumber: null } });
    expect(modelCalls(marker)).toHaveLength(1);
  });
});
