import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EInvoiceDocument, MonetaryTotals } from './einvoice.document.ts';
import { checkTotals } from './einvoice.totals.ts';
import { fromUbl } from './ubl.reader.ts';
import { toUbl } from './ubl.writer.ts';
import { validateUbl } from './xsd.ts';

// The Peppol BIS Billing 3.0 examples (OpenPEPPOL/peppol-bis-invoice-3): each reads with the totals
// and VAT breakdown the file states (figures copied from the files, in cents), adds up by our own
// recomputation, and survives export → XSD validation → import unchanged.

const DIR = path.resolve('../shared/testdata/peppol-bis-invoice-3');
const read = (file: string) => readFileSync(path.join(DIR, file), 'utf8');

interface Expected {
  kind: EInvoiceDocument['kind'];
  number: string;
  currency: string;
  lines: bigint[];
  totals: MonetaryTotals;
  /** [category, rate, taxable, tax] */
  subtotals: [string, string | undefined, bigint, bigint][];
}

const zero = { allowanceTotal: 0n, chargeTotal: 0n, prepaid: 0n, rounding: 0n };

const EXAMPLES: Record<string, Expected> = {
  'base-example.xml': {
    kind: 'invoice',
    number: 'Snippet1',
    currency: 'EUR',
    lines: [280000n, -150000n],
    totals: {
      ...zero,
      lineExtension: 130000n,
      chargeTotal: 2500n,
      taxExclusive: 132500n,
      tax: 33125n,
      taxInclusive: 165625n,
      payable: 165625n,
    },
    subtotals: [['S', '25', 132500n, 33125n]],
  },
  'Allowance-example.xml': {
    kind: 'invoice',
    number: 'Snippet1',
    currency: 'EUR',
    lines: [400000n, 100000n, 90000n],
    totals: {
      ...zero,
      lineExtension: 590000n,
      allowanceTotal: 20000n,
      chargeTotal: 20000n,
      taxExclusive: 590000n,
      tax: 122500n,
      taxInclusive: 712500n,
      prepaid: 100000n,
      payable: 612500n,
    },
    subtotals: [
      ['S', '25', 490000n, 122500n],
      ['E', '0', 100000n, 0n],
    ],
  },
  'Vat-category-S.xml': {
    kind: 'invoice',
    number: 'Snippet1',
    currency: 'EUR',
    lines: [400000n, 200000n, 90000n],
    totals: {
      ...zero,
      lineExtension: 690000n,
      allowanceTotal: 10000n,
      chargeTotal: 20000n,
      taxExclusive: 700000n,
      tax: 155000n,
      taxInclusive: 855000n,
      payable: 855000n,
    },
    subtotals: [
      ['S', '25', 500000n, 125000n],
      ['S', '15', 200000n, 30000n],
    ],
  },
  'vat-category-E.xml': {
    kind: 'invoice',
    number: 'Vat-Z',
    currency: 'GBP',
    lines: [120000n],
    totals: {
      ...zero,
      lineExtension: 120000n,
      taxExclusive: 120000n,
      tax: 0n,
      taxInclusive: 120000n,
      payable: 120000n,
    },
    subtotals: [['E', '0', 120000n, 0n]],
  },
  'base-creditnote-correction.xml': {
    kind: 'credit_note',
    number: 'Snippet1',
    currency: 'EUR',
    lines: [280000n, -150000n],
    totals: {
      ...zero,
      lineExtension: 130000n,
      chargeTotal: 2500n,
      taxExclusive: 132500n,
      tax: 33125n,
      taxInclusive: 165625n,
      payable: 165625n,
    },
    subtotals: [['S', '25', 132500n, 33125n]],
  },
  'base-negative-inv-correction.xml': {
    kind: 'invoice',
    number: 'Correction1',
    currency: 'EUR',
    lines: [-280000n, 150000n],
    totals: {
      ...zero,
      lineExtension: -130000n,
      chargeTotal: -2500n,
      taxExclusive: -132500n,
      tax: -33125n,
      taxInclusive: -165625n,
      payable: -165625n,
    },
    subtotals: [['S', '25', -132500n, -33125n]],
  },
};

describe('Peppol BIS 3 examples', () => {
  for (const [file, expected] of Object.entries(EXAMPLES)) {
    describe(file, () => {
      const doc = fromUbl(read(file));

      it('reads the totals and the VAT breakdown the document states', () => {
        expect(doc.kind).toBe(expected.kind);
        expect(doc.number).toBe(expected.number);
        expect(doc.currency).toBe(expected.currency);
        expect(doc.lines.map((line) => line.netAmount)).toEqual(expected.lines);
        expect(doc.totals).toEqual(expected.totals);
        expect(
          doc.taxSubtotals.map((s) => [s.category.code, s.category.rate, s.taxableAmount, s.taxAmount]),
        ).toEqual(expected.subtotals);
        expect(doc.taxSubtotals.reduce((sum, s) => sum + s.taxAmount, 0n)).toBe(expected.totals.tax);
      });

      it('adds up by our own recomputation of lines, VAT and totals', () => {
        expect(checkTotals(doc)).toEqual([]);
      });

      it('exports to UBL that reads back to the same document', () => {
        expect(fromUbl(toUbl(doc))).toEqual(doc);
      });
    });
  }

  it('every example and its export validate against the UBL 2.1 XSD', async () => {
    const files = Object.keys(EXAMPLES);
    const originals = files.map(read);
    const exports = originals.map((xml) => toUbl(fromUbl(xml)));
    const results = await validateUbl([...originals, ...exports]);
    const invalid = results
      .map((result, index) => ({
        file: files[index % files.length],
        export: index >= files.length,
        ...result,
      }))
      .filter((result) => !result.valid);
    expect(invalid).toEqual([]);
  });

  it('reads the parts a buyer acts on: parties, payment, references, lines', () => {
    const doc = fromUbl(read('Allowance-example.xml'));
    expect(doc.seller).toMatchObject({
      name: 'SupplierOfficialName Ltd',
      tradingName: 'SupplierTradingName Ltd.',
      vatId: 'GB1232434',
      endpoint: { id: '7300010000001', scheme: '0088' },
      address: { city: 'London', countryCode: 'GB' },
    });
    expect(doc.buyer).toMatchObject({
      name: 'Buyer Official Name',
      vatId: 'SE4598375937',
      legalId: { id: '39937423947', scheme: '0183' },
      address: { subdivision: 'Södermalm', countryCode: 'SE' },
      contact: { name: 'Lisa Johnson', email: 'lj@buyer.se' },
    });
    expect(doc).toMatchObject({
      issueDate: '2017-11-13',
      dueDate: '2017-12-01',
      taxPointDate: '2017-12-01',
      taxCurrency: 'SEK',
      taxTotalInTaxCurrency: 932400n,
      buyerReference: '0150abc',
      contractReference: 'framework no 1',
      periodStart: '2017-12-01',
      periodEnd: '2017-12-31',
      deliveryDate: '2017-11-01',
      paymentTerms: 'Payment within 10 days, 2% discount',
      paymentMeans: [
        {
          code: '30',
          name: 'Credit transfer',
          reference: 'Snippet1',
          account: { id: 'IBAN32423940', name: 'AccountName', bic: 'BIC324098' },
        },
      ],
    });
    const [first, second] = doc.lines;
    expect(first).toMatchObject({
      quantity: '10',
      unitCode: 'C62',
      unitPrice: '410',
      priceBaseQuantity: '1',
      grossPrice: '450',
      priceDiscount: '40',
      tax: { code: 'S', rate: '25' },
      allowanceCharges: [
        { kind: 'charge', amount: 100n, baseAmount: 10000n, percent: '1', reasonCode: 'CG' },
        { kind: 'allowance', amount: 10100n, reason: 'Discount', reasonCode: '95' },
      ],
    });
    expect(second).toMatchObject({ unitPrice: '200', priceBaseQuantity: '2', tax: { code: 'E', rate: '0' } });
    expect(doc.allowanceCharges).toEqual([
      {
        kind: 'charge',
        amount: 20000n,
        baseAmount: 100000n,
        percent: '20',
        reason: 'Cleaning',
        reasonCode: 'CG',
        tax: { code: 'S', rate: '25' },
      },
      {
        kind: 'allowance',
        amount: 20000n,
        reason: 'Discount',
        reasonCode: '95',
        tax: { code: 'S', rate: '25' },
      },
    ]);
  });

  it('reads the invoice a credit note or a negative invoice corrects', () => {
    expect(fromUbl(read('base-creditnote-correction.xml')).precedingInvoices).toEqual([
      { number: 'Snippet1' },
    ]);
    expect(fromUbl(read('base-negative-inv-correction.xml')).precedingInvoices).toEqual([
      { number: 'Snippet1' },
    ]);
  });

  it('finds a figure that does not add up', () => {
    const xml = read('Vat-category-S.xml').replace(
      '<cbc:TaxAmount currencyID="EUR">300</cbc:TaxAmount>',
      '<cbc:TaxAmount currencyID="EUR">310</cbc:TaxAmount>',
    );
    expect(checkTotals(fromUbl(xml))).toEqual([
      { field: 'taxSubtotals[S 15].taxAmount', stated: 31000n, computed: 30000n },
      { field: 'totals.tax', stated: 155000n, computed: 156000n },
    ]);
    const line = read('base-example.xml').replace(
      '<cbc:LineExtensionAmount currencyID="EUR">-1500</cbc:LineExtensionAmount>',
      '<cbc:LineExtensionAmount currencyID="EUR">-1400</cbc:LineExtensionAmount>',
    );
    expect(checkTotals(fromUbl(line)).map((d) => d.field)).toEqual([
      'lines[1].netAmount',
      'taxSubtotals[S 25].taxableAmount',
      'totals.lineExtension',
    ]);
  });
});
