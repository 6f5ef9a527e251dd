import { formatDecimal, parseDecimal } from './einvoice.decimal.ts';
import type { EInvoiceDocument } from './einvoice.document.ts';

// EN 16931 lets a seller correct an invoice two ways: a credit note (381) with positive figures,
// or an invoice (380) whose totals are negative. Both mean the same thing; readers that keep
// credit notes as their own kind of document turn the second into the first.

const negate = (minor: bigint) => -minor;
/** A decimal string with its sign turned; the reader has already checked it is a decimal. */
function negateDecimal(value: string): string {
  const parsed = parseDecimal(value);
  return parsed ? formatDecimal({ ...parsed, units: -parsed.units }) : value;
}

/** True when `doc` is an invoice whose total before tax is below zero: a correction. */
export const isNegativeInvoice = (doc: EInvoiceDocument): boolean =>
  doc.kind === 'invoice' && doc.totals.taxExclusive < 0n;

/**
 * The credit note a negative invoice stands for: every quantity and amount with its sign turned,
 * so that each line still adds up (quantity × price ± allowances and charges) and the totals and
 * VAT breakdown are the invoice's, positive. Prices keep their sign: EN 16931 forbids negative ones.
 */
export function negativeInvoiceAsCreditNote(doc: EInvoiceDocument): EInvoiceDocument {
  const t = doc.totals;
  return {
    ...doc,
    kind: 'credit_note',
    lines: doc.lines.map((line) => ({
      ...line,
      quantity: negateDecimal(line.quantity),
      netAmount: negate(line.netAmount),
      allowanceCharges: line.allowanceCharges.map((ac) => ({
        ...ac,
        amount: negate(ac.amount),
        ...(ac.baseAmount === undefined ? {} : { baseAmount: negate(ac.baseAmount) }),
      })),
    })),
    allowanceCharges: doc.allowanceCharges.map((ac) => ({
      ...ac,
      amount: negate(ac.amount),
      ...(ac.baseAmount === undefined ? {} : { baseAmount: negate(ac.baseAmount) }),
    })),
    taxSubtotals: doc.taxSubtotals.map((s) => ({
      ...s,
      taxableAmount: negate(s.taxableAmount),
      taxAmount: negate(s.taxAmount),
    })),
    ...(doc.taxTotalInTaxCurrency === undefined
      ? {}
      : { taxTotalInTaxCurrency: negate(doc.taxTotalInTaxCurrency) }),
    totals: {
      lineExtension: negate(t.lineExtension),
      allowanceTotal: negate(t.allowanceTotal),
      chargeTotal: negate(t.chargeTotal),
      taxExclusive: negate(t.taxExclusive),
      tax: negate(t.tax),
      taxInclusive: negate(t.taxInclusive),
      prepaid: negate(t.prepaid),
      rounding: negate(t.rounding),
      payable: negate(t.payable),
    },
  };
}
