import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { currencyExponent } from '../../core/money.ts';
import { extendedAmount, formatDecimal } from './einvoice.decimal.ts';
import type { EInvoiceDocument } from './einvoice.document.ts';
import { type FlatLine, flattenLines } from './einvoice.flatten.ts';
import { eInvoiceDocument } from './einvoice.test-kit.ts';
import { taxKey } from './einvoice.totals.ts';
import { fromUbl } from './ubl.reader.ts';

const read = (file: string) =>
  fromUbl(readFileSync(path.resolve('../shared/testdata/peppol-bis-invoice-3', file), 'utf8'));

/** The simple lines keep the document's VAT breakdown and tax-exclusive total to the minor unit. */
function expectSameTaxBases(doc: EInvoiceDocument, flat: FlatLine[]) {
  const exponent = currencyExponent(doc.currency);
  for (const line of flat) {
    expect(line.unitPrice >= 0n && line.discountAmount >= 0n).toBe(true);
    const gross = extendedAmount(
      line.quantity,
      formatDecimal({ units: line.unitPrice, scale: exponent }),
      '1',
      exponent,
    );
    expect(line.discountAmount <= gross).toBe(true);
    expect(gross - line.discountAmount).toBe(line.netAmount);
  }
  const bases = new Map<string, bigint>();
  for (const line of flat) bases.set(taxKey(line.tax), (bases.get(taxKey(line.tax)) ?? 0n) + line.netAmount);
  for (const subtotal of doc.taxSubtotals)
    expect(bases.get(taxKey(subtotal.category)) ?? 0n).toBe(subtotal.taxableAmount);
  expect(flat.reduce((sum, line) => sum + line.netAmount, 0n)).toBe(doc.totals.taxExclusive);
}

describe('flattenLines', () => {
  it('base-example: the negative line becomes a discount, the insurance charge a line', () => {
    const doc = read('base-example.xml');
    const flat = flattenLines(doc);
    expect(flat.map((l) => [l.name, l.quantity, l.unitPrice, l.discountAmount, l.netAmount])).toEqual([
      ['item name', '7', 40000n, 150000n, 130000n],
      ['Insurance', '1', 2500n, 0n, 2500n],
    ]);
    expectSameTaxBases(doc, flat);
  });

  it('Allowance-example: line charges and allowances, a price per 2 units, a document allowance over S 25', () => {
    const doc = read('Allowance-example.xml');
    const flat = flattenLines(doc);
    expect(flat.map((l) => [l.quantity, l.unitPrice, l.tax.code])).toEqual([
      ['10', 41000n, 'S'],
      ['10', 10000n, 'E'],
      ['10', 10000n, 'S'],
      ['1', 20000n, 'S'],
    ]);
    expect(flat[1]!.tax).toEqual({ code: 'E', rate: '0', exemptionReason: 'Reason for tax exempt' });
    expectSameTaxBases(doc, flat);
  });

  it('Vat-category-S and vat-category-E keep their breakdowns', () => {
    for (const file of ['Vat-category-S.xml', 'vat-category-E.xml']) {
      const doc = read(file);
      expectSameTaxBases(doc, flattenLines(doc));
    }
    expect(flattenLines(read('vat-category-E.xml'))[0]!.tax.exemptionReasonCode).toBe('VATEX-EU-F');
  });

  it('refuses a negative invoice', () => {
    expect(() => flattenLines(read('base-negative-inv-correction.xml'))).toThrow(
      expect.objectContaining({ code: 'EINVOICE_NEGATIVE_TOTAL' }),
    );
  });

  it('keeps a price with more decimals than the currency as one unit at the net amount', () => {
    const doc = read('base-example.xml');
    const line = doc.lines[0]!;
    line.unitPrice = '33.333';
    line.quantity = '3';
    line.netAmount = 10000n;
    doc.lines = [line];
    doc.allowanceCharges = [];
    doc.taxSubtotals = [{ category: { code: 'S', rate: '25' }, taxableAmount: 10000n, taxAmount: 2500n }];
    doc.totals = { ...doc.totals, taxExclusive: 10000n };
    const [flat] = flattenLines(doc);
    expect(flat).toMatchObject({ quantity: '1', unitPrice: 10000n, discountAmount: 0n });
    expect(flat!.description).toContain('3 DAY × 33.333 EUR');
  });

  it('on random documents: the same tax bases, or a refusal with a reason', () => {
    fc.assert(
      fc.property(eInvoiceDocument, (doc) => {
        let flat: FlatLine[];
        try {
          flat = flattenLines(doc);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toMatch(/^EINVOICE_(NEGATIVE_TOTAL|ALLOWANCE_TOO_LARGE)$/);
          return;
        }
        expectSameTaxBases(doc, flat);
      }),
      { numRuns: 300 },
    );
  });
});
