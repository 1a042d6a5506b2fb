import { describe, test, expect } from '@judge/test';
import {
  TEXT, converted, errorsIn, exampleInvoice, exampleReply, extractInvoice, lastMessage, modelCalls, replies, withMarker, type ModelReply,
} from '../helpers/invoice';

const GERMAN = `Rechnung Nr. 2026/117
Rechnungsdatum: 15.01.2026
Fällig am: 14/02/2026
Lieferant: Müller & Söhne GmbH
Kunde: Bäckerei Zoë Kraus

Pos. Beschreibung          Menge   Einzelpreis     Gesamt
1    Wartung Kühlanlage        3      411,52 €   1.234,56 €

Nettobetrag: 1.234,56 €
MwSt. 19 %: 234,57 €
Gesamtbetrag: 1.469,13 €`;

const germanReply = (): ModelReply => ({
  invoiceNumber: '2026/117',
  issueDate: '2026-01-15',
  dueDate: '2026-02-14',
  currency: 'EUR',
  seller: 'Müller & Söhne GmbH',
  buyer: 'Bäckerei Zoë Kraus',
  lineItems: [{ description: 'Wartung Kühlanlage', quantity: '3', unitPrice: '411.52', lineTotal: '1234.56' }],
  subtotal: '1234.56',
  tax: '234.57',
  total: '1469.13',
});

const RACK = `Invoice 5521
Seller: Brightline Ltd
Server rack   1   1,234.56   1,234.56
Subtotal 1,234.56
Tax 10.00
Total 1,244.56 GBP`;

const rackReply = (): ModelReply => ({
  invoiceNumber: '5521',
  issueDate: null,
  dueDate: null,
  currency: 'GBP',
  seller: 'Brightline Ltd',
  buyer: null,
  lineItems: [{ description: 'Server rack', quantity: '1', unitPrice: '1234.56', lineTotal: '1234.56' }],
  subtotal: '1234.56',
  tax: '10.00',
  total: '1244.56',
});

describe('grounding', () => {
  test('an invoice number, seller and buyer the text does not contain are null, without a repair', async () => {
    const marker = 'hvcase-invented-names';
    replies(marker, { json: { ...exampleReply(), invoiceNumber: 'INV-2026-0099', seller: 'Nordlicht Design AG', buyer: 'ACME WIDGETS LTD' } });
    expect(await extractInvoice(withMarker(TEXT, marker))).toEqual({
      ok: true, attempts: 1, invoice: { ...exampleInvoice(), invoiceNumber: null, seller: null, buyer: null },
    });
    expect(modelCalls(marker)).toHaveLength(1);
  }, { weight: 2 });

  test('a due date invented for an invoice that has none is null', async () => {
    const marker = 'hvcase-no-due-date';
    const text = TEXT.replace('Due date: 31.03.2026\n', '');
    replies(marker, { json: { ...exampleReply(), dueDate: '2026-03-31' } });
    expect(await extractInvoice(withMarker(text, marker))).toEqual({ ok: true, attempts: 1, invoice: { ...exampleInvoice(), dueDate: null } });
  }, { weight: 2 });

  test('null and blank values stay null', async () => {
    const marker = 'hvcase-nulls';
    replies(marker, { json: { ...exampleReply(), invoiceNumber: null, issueDate: null, buyer: '', seller: '   ' } });
    expect(await extractInvoice(withMarker(TEXT, marker))).toEqual({
      ok: true, attempts: 1, invoice: { ...exampleInvoice(), invoiceNumber: null, issueDate: null, buyer: null, seller: null },
    });
  });

  test('a date written another way than YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY does not count as present', async () => {
    const marker = 'hvcase-date-words';
    const text = TEXT.replace('Due date: 31.03.2026', 'Due date: March 31, 2026');
    replies(marker, { json: exampleReply() });
    expect(await extractInvoice(withMarker(text, marker))).toEqual({ ok: true, attempts: 1, invoice: { ...exampleInvoice(), dueDate: null } });
  });

  test('a line description the text does not contain is not_in_text and is repaired', async () => {
    const marker = 'hvcase-invented-line';
    const bad = exampleReply();
    bad.lineItems[0].description = 'Logo design and branding';
    replies(marker, { json: bad }, { json: exampleReply() });
    expect(await extractInvoice(withMarker(TEXT, marker))).toEqual({ ok: true, attempts: 2, invoice: exampleInvoice() });
    expect(errorsIn(lastMessage(modelCalls(marker)[1].body).text)).toEqual(['lineItems[0].description: not_in_text']);
  });

  test('consistent amounts the text does not contain are not_in_text', async () => {
    const marker = 'hvcase-invented-amounts';
    const bad = exampleReply();
    bad.lineItems[0] = { description: 'Logo design', quantity: '1', unitPrice: '500.00', lineTotal: '500.00' };
    bad.subtotal = '805.00';
    bad.total = '956.00';
    replies(marker, { json: bad }, { json: exampleReply() });
    expect(await extractInvoice(withMarker(TEXT, marker))).toEqual({ ok: true, attempts: 2, invoice: exampleInvoice() });
    expect(errorsIn(lastMessage(modelCalls(marker)[1].body).text)).toEqual([
      'lineItems[0].lineTotal: not_in_text', 'lineItems[0].unitPrice: not_in_text', 'subtotal: not_in_text', 'total: not_in_text',
    ]);
  }, { weight: 2 });

  test('an amount counts only with digit boundaries: 234.56 is not in 1,234.56, 0.00 is not in 10.00', async () => {
    const marker = 'hvcase-boundaries';
    const bad: ModelReply = {
      ...rackReply(),
      lineItems: [{ description: 'Server rack', quantity: '1', unitPrice: '234.56', lineTotal: '234.56' }],
      subtotal: '234.56', tax: '0.00', total: '234.56',
    };
    replies(marker, { json: bad }, { json: rackReply() });
    expect(await extractInvoice(withMarker(RACK, marker))).toEqual({ ok: true, attempts: 2, invoice: converted(rackReply()) });
    expect(errorsIn(lastMessage(modelCalls(marker)[1].body).text)).toEqual([
      'lineItems[0].lineTotal: not_in_text', 'lineItems[0].unitPrice: not_in_text', 'subtotal: not_in_text', 'tax: not_in_text', 'total: not_in_text',
    ]);
  }, { weight: 2 });

  test('amounts printed with thousands separators are found (12,345,678.90)', async () => {
    const marker = 'hvcase-thousands';
    const text = withMarker(`Invoice DC-1\nSeller: Halvorsen Data AS\nData centre lease  1  12,345,678.90  12,345,678.90\nSubtotal 12,345,678.90\nTax 0.00\nTotal USD 12,345,678.90`, marker);
    const reply: ModelReply = {
      invoiceNumber: 'DC-1', issueDate: null, dueDate: null, currency: 'USD', seller: 'Halvorsen Data AS', buyer: null,
      lineItems: [{ description: 'Data centre lease', quantity: '1', unitPrice: '12345678.90', lineTotal: '12345678.90' }],
      subtotal: '12345678.90', tax: '0.00', total: '12345678.90',
    };
    replies(marker, { json: reply });
    expect(await extractInvoice(text)).toEqual({ ok: true, attempts: 1, invoice: converted(reply) });
  });

  test('European amounts ("1.234,56 €") and day-first dates are found in the text', async () => {
    const marker = 'hvcase-european';
    replies(marker, { json: germanReply() });
    expect(await extractInvoice(withMarker(GERMAN, marker))).toEqual({ ok: true, attempts: 1, invoice: converted(germanReply()) });
    expect(modelCalls(marker)).toHaveLength(1);
  }, { weight: 2 });

  test('text in decomposed Unicode (NFD) still contains the composed names the model returns', async () => {
    const marker = 'hvcase-nfd';
    replies(marker, { json: germanReply() });
    expect(await extractInvoice(withMarker(GERMAN.normalize('NFD'), marker))).toEqual({ ok: true, attempts: 1, invoice: converted(germanReply()) });
  }, { weight: 2 });

  test('runs of spaces and line breaks in the text match single spaces in a value', async () => {
    const marker = 'hvcase-whitespace';
    const text = TEXT.replace('Bill to: Acme Widgets Ltd', 'Bill to: Acme   Widgets\n         Ltd').replace('Consulting hours    2.5', 'Consulting\thours    2.5');
    replies(marker, { json: exampleReply() });
    expect(await extractInvoice(withMarker(text, marker))).toEqual({ ok: true, attempts: 1, invoice: exampleInvoice() });
  });
});
