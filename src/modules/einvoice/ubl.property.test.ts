import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eInvoiceDocument } from './einvoice.test-kit.ts';
import { checkTotals } from './einvoice.totals.ts';
import { fromUbl } from './ubl.reader.ts';
import { toUbl } from './ubl.writer.ts';
import { validateUbl } from './xsd.ts';

// Any document that adds up (several currencies and VAT rates, decimal quantities, allowances and
// charges on lines and document, texts with markup characters) is written as UBL that the UBL 2.1
// XSD accepts and that reads back to the same document. xmllint checks the whole batch at once.

describe('UBL export of random documents', () => {
  it('reads back equal, adds up, and validates against the UBL 2.1 XSD', async () => {
    const written: string[] = [];
    fc.assert(
      fc.property(eInvoiceDocument, (doc) => {
        expect(checkTotals(doc)).toEqual([]);
        const xml = toUbl(doc);
        written.push(xml);
        expect(fromUbl(xml)).toEqual(doc);
      }),
      { numRuns: 200 },
    );
    const results = await validateUbl(written);
    const invalid = results.flatMap((result, index) =>
      result.valid ? [] : [{ errors: result.errors.slice(0, 5), xml: written[index] }],
    );
    expect(invalid.slice(0, 1)).toEqual([]);
    expect(written.some((xml) => xml.includes('<CreditNote'))).toBe(true);
    expect(written.some((xml) => xml.includes('<Invoice'))).toBe(true);
  });
});
