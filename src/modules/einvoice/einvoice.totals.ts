import { AppError } from '../../core/errors.ts';
import { currencyExponent } from '../../core/money.ts';
import { extendedAmount, percentOf, pow10 } from './einvoice.decimal.ts';
import type {
  EInvoiceDocument,
  EInvoiceLine,
  MonetaryTotals,
  TaxCategory,
  TaxSubtotal,
} from './einvoice.document.ts';

// The EN 16931 calculation rules (BR-CO-10…16, BR-S-08 and siblings, Peppol R120) as pure functions:
// what a document's figures should be given its lines and allowances, and where a document differs.

/** Slack for a line's net amount (Peppol R120 allows 0.02 for a 2-decimal currency). */
const LINE_TOLERANCE = 2n;
/**
 * Slack for a VAT breakdown's tax amount: EN 16931 BR-CO-17 accepts anything strictly within one
 * unit of the currency of taxable × rate, so tax rounded per line and then summed passes.
 */
const taxTolerance = (currency: string) => {
  const unit = pow10(currencyExponent(currency));
  return unit > 1n ? unit - 1n : 1n;
};

const abs = (n: bigint) => (n < 0n ? -n : n);

/** BT-131 recomputed: quantity × price / base quantity, rounded, + line charges − line allowances. */
export function lineNetAmount(line: EInvoiceLine, currency: string): bigint {
  const base = extendedAmount(
    line.quantity,
    line.unitPrice,
    line.priceBaseQuantity ?? '1',
    currencyExponent(currency),
  );
  let net = base;
  for (const ac of line.allowanceCharges) net += ac.kind === 'charge' ? ac.amount : -ac.amount;
  return net;
}

/** Peppol R120: the stated net amount is the recomputed one, within 0.02 (2 minor units). */
export function lineAddsUp(line: EInvoiceLine, currency: string): boolean {
  return abs(line.netAmount - lineNetAmount(line, currency)) <= LINE_TOLERANCE;
}

/** Key of a VAT breakdown: category and rate ("S 25", "E", "O"). */
export function taxKey(category: Pick<TaxCategory, 'code' | 'rate'>): string {
  return category.rate === undefined ? category.code : `${category.code} ${category.rate}`;
}

/**
 * The VAT breakdown the lines and document allowances/charges imply, in order of first use. Exemption
 * reasons are taken from `stated` (the document's own breakdown) where it has the same category.
 */
export function computeTaxSubtotals(
  doc: Pick<EInvoiceDocument, 'lines' | 'allowanceCharges'>,
  stated: TaxSubtotal[] = [],
): TaxSubtotal[] {
  const groups = new Map<string, TaxSubtotal>();
  const add = (category: TaxCategory, amount: bigint) => {
    const key = taxKey(category);
    let group = groups.get(key);
    if (!group) {
      const known = stated.find((s) => taxKey(s.category) === key)?.category;
      group = {
        category: { ...(known ?? category), code: category.code, rate: category.rate },
        taxableAmount: 0n,
        taxAmount: 0n,
      };
      if (group.category.rate === undefined) delete group.category.rate;
      groups.set(key, group);
    }
    group.taxableAmount += amount;
  };
  for (const line of doc.lines) add(line.tax, line.netAmount);
  for (const ac of doc.allowanceCharges) add(ac.tax, ac.kind === 'charge' ? ac.amount : -ac.amount);
  for (const group of groups.values())
    group.taxAmount =
      group.category.rate === undefined ? 0n : percentOf(group.taxableAmount, group.category.rate);
  return [...groups.values()];
}

/** BG-22 from the lines, document allowances/charges, VAT breakdown, prepaid amount and rounding. */
export function computeTotals(
  doc: Pick<EInvoiceDocument, 'lines' | 'allowanceCharges'>,
  taxSubtotals: TaxSubtotal[],
  prepaid = 0n,
  rounding = 0n,
): MonetaryTotals {
  const lineExtension = doc.lines.reduce((sum, line) => sum + line.netAmount, 0n);
  let allowanceTotal = 0n;
  let chargeTotal = 0n;
  for (const ac of doc.allowanceCharges)
    if (ac.kind === 'charge') chargeTotal += ac.amount;
    else allowanceTotal += ac.amount;
  const taxExclusive = lineExtension - allowanceTotal + chargeTotal;
  const tax = taxSubtotals.reduce((sum, s) => sum + s.taxAmount, 0n);
  const taxInclusive = taxExclusive + tax;
  return {
    lineExtension,
    allowanceTotal,
    chargeTotal,
    taxExclusive,
    tax,
    taxInclusive,
    prepaid,
    rounding,
    payable: taxInclusive - prepaid + rounding,
  };
}

export interface TotalsDifference {
  /** Where: `lines[2].netAmount`, `taxSubtotals[S 25].taxAmount`, `totals.payable`… */
  field: string;
  stated: bigint;
  computed: bigint;
}

/**
 * Recomputes line nets, the VAT breakdown and the totals and lists every figure that differs from
 * the document's beyond rounding (2 minor units on a line, under one currency unit on a category's
 * tax as BR-CO-17 allows, none on sums).
 * An empty list means the document adds up.
 */
export function checkTotals(doc: EInvoiceDocument): TotalsDifference[] {
  const differences: TotalsDifference[] = [];
  const compare = (field: string, stated: bigint, computed: bigint, tolerance = 0n) => {
    if (abs(stated - computed) > tolerance) differences.push({ field, stated, computed });
  };
  doc.lines.forEach((line, index) => {
    compare(`lines[${index}].netAmount`, line.netAmount, lineNetAmount(line, doc.currency), LINE_TOLERANCE);
  });

  const computedSubtotals = computeTaxSubtotals(doc, doc.taxSubtotals);
  const stated = new Map(doc.taxSubtotals.map((s) => [taxKey(s.category), s]));
  const computed = new Map(computedSubtotals.map((s) => [taxKey(s.category), s]));
  for (const [key, c] of computed) {
    const s = stated.get(key);
    compare(`taxSubtotals[${key}].taxableAmount`, s?.taxableAmount ?? 0n, c.taxableAmount);
    // A stated tax is checked against the stated taxable amount, so one wrong base is one finding.
    compare(
      `taxSubtotals[${key}].taxAmount`,
      s?.taxAmount ?? 0n,
      s ? recomputedTax(s) : c.taxAmount,
      taxTolerance(doc.currency),
    );
  }
  for (const [key, s] of stated)
    if (!computed.has(key)) {
      compare(`taxSubtotals[${key}].taxableAmount`, s.taxableAmount, 0n);
      compare(`taxSubtotals[${key}].taxAmount`, s.taxAmount, 0n);
    }

  // The sums are checked against the document's own parts, so each wrong figure is reported once.
  const expected = computeTotals(doc, doc.taxSubtotals, doc.totals.prepaid, doc.totals.rounding);
  const t = doc.totals;
  compare('totals.lineExtension', t.lineExtension, expected.lineExtension);
  compare('totals.allowanceTotal', t.allowanceTotal, expected.allowanceTotal);
  compare('totals.chargeTotal', t.chargeTotal, expected.chargeTotal);
  compare('totals.taxExclusive', t.taxExclusive, t.lineExtension - t.allowanceTotal + t.chargeTotal);
  compare('totals.tax', t.tax, expected.tax);
  compare('totals.taxInclusive', t.taxInclusive, t.taxExclusive + t.tax);
  compare('totals.payable', t.payable, t.taxInclusive - t.prepaid + t.rounding);
  return differences;
}

function recomputedTax(subtotal: TaxSubtotal): bigint {
  const rate = subtotal.category.rate;
  return rate === undefined ? 0n : percentOf(subtotal.taxableAmount, rate);
}

/** Throws EINVOICE_TOTALS_MISMATCH naming every figure that does not add up. */
export function assertTotals(doc: EInvoiceDocument): void {
  const differences = checkTotals(doc);
  if (differences.length === 0) return;
  const first = differences[0]!;
  throw new AppError(
    'unprocessable',
    'EINVOICE_TOTALS_MISMATCH',
    `Invoice ${doc.number} does not add up: ${first.field} is ${first.stated} but the document's lines give ${first.computed} (minor units)${differences.length > 1 ? `, and ${differences.length - 1} more` : ''}.`,
    {
      number: doc.number,
      differences: differences.map((d) => ({
        field: d.field,
        stated: d.stated.toString(),
        computed: d.computed.toString(),
      })),
    },
  );
}
