import { describe, test, expect } from '@judge/test';
import {
  TEXT, errorsIn, exampleInvoice, exampleReply, extractInvoice, lastMessage, modelCalls, replies, withMarker, type ModelReply,
} from '../helpers/invoice';

/** One invalid reply, then the valid example: the repair request must list exactly `errors`. */
async function repairedWith(marker: string, bad: unknown, errors: string[], text = TEXT) {
  replies(marker, typeof bad === 'string' ? { reply: bad } : { json: bad }, { json: exampleReply() });
  expect(await extractInvoice(withMarker(text, marker))).toEqual({ ok: true, attempts: 2, invoice: exampleInvoice() });
  const calls = modelCalls(marker);
  expect(calls).toHaveLength(2);
  const last = lastMessage(calls[1].body);
  expect(last.role).toBe('user');
  expect(errorsIn(last.text)).toEqual([...errors].sort());
}

describe('validation', () => {
  test('a reply that is not JSON is $: invalid_json and is repaired', async () => {
    await repairedWith('hvcase-not-json', "Sorry, I can't help with that.", ['$: invalid_json']);
  }, { weight: 2 });

  test('a reply with numbers instead of amount strings is $: invalid_json', async () => {
    await repairedWith('hvcase-numbers', { ...exampleReply(), subtotal: 755, tax: 151, total: 906 }, ['$: invalid_json']);
  });

  test('a reply missing a key is $: invalid_json (a missing value must be null, not absent)', async () => {
    const { dueDate: _dropped, ...missing } = exampleReply();
    await repairedWith('hvcase-missing-key', missing, ['$: invalid_json']);
  });

  test('an impossible calendar date is invalid_date (2026-02-29)', async () => {
    await repairedWith('hvcase-feb-29', { ...exampleReply(), issueDate: '2026-02-29' }, ['issueDate: invalid_date']);
  });

  test('a leap day is a valid date (2028-02-29)', async () => {
    const marker = 'hvcase-leap-day';
    const text = TEXT.replace('Issue date: 2026-03-01', 'Issue date: 29.02.2028');
    replies(marker, { json: { ...exampleReply(), issueDate: '2028-02-29' } });
    expect(await extractInvoice(withMarker(text, marker))).toEqual({ ok: true, attempts: 1, invoice: { ...exampleInvoice(), issueDate: '2028-02-29' } });
  });

  test('a date not in YYYY-MM-DD form is invalid_date', async () => {
    await repairedWith('hvcase-date-form', { ...exampleReply(), dueDate: '31.03.2026' }, ['dueDate: invalid_date']);
  });

  test('a currency symbol instead of a code is unknown_currency', async () => {
    await repairedWith('hvcase-currency', { ...exampleReply(), currency: '€' }, ['currency: unknown_currency']);
  });

  test('a comma-decimal amount is invalid_amount and takes no part in the arithmetic', async () => {
    await repairedWith('hvcase-comma-amount', { ...exampleReply(), subtotal: '755,00' }, ['subtotal: invalid_amount']);
  });

  test('a line amount without decimals is invalid_amount and skips the line and subtotal checks', async () => {
    const bad = exampleReply();
    bad.lineItems[1].lineTotal = '200';
    await repairedWith('hvcase-line-amount', bad, ['lineItems[1].lineTotal: invalid_amount']);
  });

  test('a zero quantity and a four-decimal quantity are invalid_quantity', async () => {
    const bad = exampleReply();
    bad.lineItems[0].quantity = '0';
    bad.lineItems[1].quantity = '2.5000';
    await repairedWith('hvcase-quantity', bad, ['lineItems[0].quantity: invalid_quantity', 'lineItems[1].quantity: invalid_quantity']);
  });

  test('no line items is lineItems: empty (and the subtotal is not their sum)', async () => {
    await repairedWith('hvcase-no-lines', { ...exampleReply(), lineItems: [] }, ['lineItems: empty', 'subtotal: mismatch']);
  });

  test('three invalid replies: invalid_output with the last errors, each repair listing the reply before it', async () => {
    const marker = 'hvcase-three-strikes';
    const second: ModelReply = { ...exampleReply(), subtotal: '765.00' };
    const third: ModelReply = { ...exampleReply(), currency: 'EURO' };
    replies(marker, { reply: '{"invoiceNumber": "INV-2026-0042", ' }, { json: second }, { json: third }, { json: exampleReply() });
    const result = await extractInvoice(withMarker(TEXT, marker));
    expect(result).toEqual({ ok: false, error: 'invalid_output', errors: ['currency: unknown_currency'], attempts: 3 });
    const calls = modelCalls(marker);
    expect(calls).toHaveLength(3);
    expect(errorsIn(lastMessage(calls[1].body).text)).toEqual(['$: invalid_json']);
    expect(errorsIn(lastMessage(calls[2].body).text)).toEqual(['subtotal: mismatch', 'subtotal: not_in_text', 'total: mismatch']);
  }, { weight: 3 });

  test('the errors of a failed result are in the order of the checks', async () => {
    const marker = 'hvcase-error-order';
    const bad: ModelReply = { ...exampleReply(), dueDate: '2026-02-30', currency: 'eur', total: '916.00' };
    bad.lineItems = exampleReply().lineItems.map((l) => ({ ...l }));
    bad.lineItems[2].lineTotal = '105.0';
    replies(marker, { json: bad });
    const result = await extractInvoice(withMarker(TEXT, marker));
    expect(result).toEqual({
      ok: false, error: 'invalid_output', attempts: 3,
      errors: ['dueDate: invalid_date', 'currency: unknown_currency', 'lineItems[2].lineTotal: invalid_amount', 'total: not_in_text', 'total: mismatch'],
    });
  });
});
