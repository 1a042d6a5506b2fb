import { describe, test, expect } from '@judge/test';
import { converted, errorsIn, extractInvoice, lastMessage, modelCalls, replies, withMarker, type ModelReply } from '../helpers/invoice';

const CAFE = `Invoice no. R-7781
Date: 2026-05-04
Seller: Kaffebryggeriet Lund AB
Customer: Hotel Sirius

Item              Qty    Price    Total
Filter papers     2.5     0.99     2.48
Milk frother        1    19.90    19.90

Subtotal 22.38
VAT 25% 5.60
Total SEK 27.98`;

const cafeReply = (): ModelReply => ({
  invoiceNumber: 'R-7781',
  issueDate: '2026-05-04',
  dueDate: null,
  currency: 'SEK',
  seller: 'Kaffebryggeriet Lund AB',
  buyer: 'Hotel Sirius',
  lineItems: [
    { description: 'Filter papers', quantity: '2.5', unitPrice: '0.99', lineTotal: '2.48' },
    { description: 'Milk frother', quantity: '1', unitPrice: '19.90', lineTotal: '19.90' },
  ],
  subtotal: '22.38',
  tax: '5.60',
  total: '27.98',
});

const CENTS = `Invoice CN-3
Seller: Pin & Patch Co
Stickers   1   0.10   0.10
Pins       1   0.20   0.20
Badges     1   0.30   0.30
Subtotal: 0.60
VAT 0%: 0.00
Total: 0.60 USD`;

const centsReply = (): ModelReply => ({
  invoiceNumber: 'CN-3',
  issueDate: null,
  dueDate: null,
  currency: 'USD',
  seller: 'Pin & Patch Co',
  buyer: null,
  lineItems: [
    { description: 'Stickers', quantity: '1', unitPrice: '0.10', lineTotal: '0.10' },
    { description: 'Pins', quantity: '1', unitPrice: '0.20', lineTotal: '0.20' },
    { description: 'Badges', quantity: '1', unitPrice: '0.30', lineTotal: '0.30' },
  ],
  subtotal: '0.60',
  tax: '0.00',
  total: '0.60',
});

describe('arithmetic', () => {
  test('a line total is quantity × unit price rounded half up in exact arithmetic (2.5 × 0.99 = 2.48)', async () => {
    const marker = 'hvcase-half-up';
    replies(marker, { json: cafeReply() });
    expect(await extractInvoice(withMarker(CAFE, marker))).toEqual({ ok: true, attempts: 1, invoice: converted(cafeReply()) });
    expect(modelCalls(marker)).toHaveLength(1);
  }, { weight: 2 });

  test('cent sums are exact: 0.10 + 0.20 + 0.30 = 0.60 is accepted first time', async () => {
    const marker = 'hvcase-exact-sum';
    replies(marker, { json: centsReply() });
    expect(await extractInvoice(withMarker(CENTS, marker))).toEqual({ ok: true, attempts: 1, invoice: converted(centsReply()) });
    expect(modelCalls(marker)).toHaveLength(1);
  }, { weight: 2 });

  test('three-decimal quantities round half up (0.333 × 3.00 = 1.00, 1.125 × 8.00 = 9.00)', async () => {
    const marker = 'hvcase-milli-quantity';
    const text = withMarker(`Invoice Q-9\nSeller: Metrica Oy\nCable 0.333 m  3.00  1.00\nSolder 1.125 kg  8.00  9.00\nSubtotal 10.00\nTax 2.40\nTotal EUR 12.40`, marker);
    const reply: ModelReply = {
      invoiceNumber: 'Q-9', issueDate: null, dueDate: null, currency: 'EUR', seller: 'Metrica Oy', buyer: null,
      lineItems: [
        { description: 'Cable', quantity: '0.333', unitPrice: '3.00', lineTotal: '1.00' },
        { description: 'Solder', quantity: '1.125', unitPrice: '8.00', lineTotal: '9.00' },
      ],
      subtotal: '10.00', tax: '2.40', total: '12.40',
    };
    replies(marker, { json: reply });
    expect(await extractInvoice(text)).toEqual({ ok: true, attempts: 1, invoice: converted(reply) });
  });

  test('a line total that does not match its quantity is a mismatch, and only that', async () => {
    const marker = 'hvcase-line-mismatch';
    const bad = cafeReply();
    bad.lineItems[0].quantity = '2.4';
    replies(marker, { json: bad }, { json: cafeReply() });
    expect(await extractInvoice(withMarker(CAFE, marker))).toEqual({ ok: true, attempts: 2, invoice: converted(cafeReply()) });
    const calls = modelCalls(marker);
    expect(calls).toHaveLength(2);
    expect(errorsIn(lastMessage(calls[1].body).text)).toEqual(['lineItems[0].lineTotal: mismatch']);
  });

  test('a subtotal that is not the sum of the lines is a mismatch', async () => {
    const marker = 'hvcase-subtotal-mismatch';
    const bad = centsReply();
    bad.lineItems[2] = { description: 'Badges', quantity: '1', unitPrice: '0.20', lineTotal: '0.20' };
    replies(marker, { json: bad }, { json: centsReply() });
    expect(await extractInvoice(withMarker(CENTS, marker))).toEqual({ ok: true, attempts: 2, invoice: converted(centsReply()) });
    const calls = modelCalls(marker);
    expect(calls).toHaveLength(2);
    expect(lastMessage(calls[1].body).role).toBe('user');
    expect(errorsIn(lastMessage(calls[1].body).text)).toEqual(['subtotal: mismatch']);
  });

  test('a total that is not subtotal + tax is a mismatch', async () => {
    const marker = 'hvcase-total-mismatch';
    const bad = { ...cafeReply(), tax: '5.59' };
    const text = withMarker(`${CAFE}\n(VAT rounded from 5.595; 5.59 before rounding correction)`, marker);
    replies(marker, { json: bad }, { json: cafeReply() });
    expect(await extractInvoice(text)).toEqual({ ok: true, attempts: 2, invoice: converted(cafeReply()) });
    const calls = modelCalls(marker);
    expect(errorsIn(lastMessage(calls[1].body).text)).toEqual(['total: mismatch']);
  });
});
