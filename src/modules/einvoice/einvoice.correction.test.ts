import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNegativeInvoice, negativeInvoiceAsCreditNote } from './einvoice.correction.ts';
import { checkTotals } from './einvoice.totals.ts';
import { fromUbl } from './ubl.reader.ts';

// The Peppol examples state the same correction twice: as a credit note and as a negative invoice.

const example = (file: string) =>
  fromUbl(readFileSync(path.resolve('../shared/testdata/peppol-bis-invoice-3', file), 'utf8'));

describe('negativeInvoiceAsCreditNote', () => {
  const negative = example('base-negative-inv-correction.xml');
  const credit = example('base-creditnote-correction.xml');

  it('tells a negative invoice from an ordinary one and from a credit note', () => {
    expect(isNegativeInvoice(negative)).toBe(true);
    expect(isNegativeInvoice(example('base-example.xml'))).toBe(false);
    expect(isNegativeInvoice(credit)).toBe(false);
  });

  it("gives the credit note's lines, VAT breakdown and totals, which still add up", () => {
    const turned = negativeInvoiceAsCreditNote(negative);
    expect(turned.kind).toBe('credit_note');
    expect(turned.lines.map((l) => [l.quantity, l.unitPrice, l.netAmount])).toEqual(
      credit.lines.map((l) => [l.quantity, l.unitPrice, l.netAmount]),
    );
    expect(turned.taxSubtotals).toEqual(credit.taxSubtotals);
    expect(turned.totals).toEqual(credit.totals);
    expect(checkTotals(turned)).toEqual([]);
  });
});
