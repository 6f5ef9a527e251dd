import { AppError } from '../../core/errors.ts';
import { currencyExponent, minorToDecimalString } from '../../core/money.ts';
import { extendedAmount, formatDecimal, parseDecimal, pow10 } from './einvoice.decimal.ts';
import type { EInvoiceDocument, EInvoiceLine, TaxCategory } from './einvoice.document.ts';
import { taxKey } from './einvoice.totals.ts';

// An EN 16931 document as the simple lines a small-business invoice or bill holds: a non-negative
// quantity, a unit price in minor units, a discount amount and a VAT rate per line; no document
// charges, no negative lines, no price base quantities. The VAT breakdown, tax-exclusive and
// tax-inclusive totals stay exactly the document's:
// - a line whose price fits the currency keeps quantity and price; its allowances and charges (and
//   any rounding) become its discount;
// - a line whose price does not fit (more decimals, or a net charge) becomes quantity 1 at its net
//   amount, the original quantity and price kept in its description;
// - a document charge becomes a line of its own; a document allowance and a negative line become
//   discounts spread over the positive lines of the same VAT category and rate.

export interface FlatLine {
  name: string;
  description?: string;
  /** Canonical decimal string, never negative. */
  quantity: string;
  unitCode: string;
  /** Minor units per unit, never negative. */
  unitPrice: bigint;
  /** Minor units, between 0 and quantity × unit price. */
  discountAmount: bigint;
  /** quantity × unitPrice (rounded) − discountAmount: the document's net for this line. */
  netAmount: bigint;
  /** With the exemption reason of the document's VAT breakdown for this category. */
  tax: TaxCategory;
  sellerItemId?: string;
}

const refuse = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new AppError('unprocessable', code, message, details);

/** The document's lines as simple lines; refuses what a simple invoice cannot say, with the reason. */
export function flattenLines(doc: EInvoiceDocument): FlatLine[] {
  const exponent = currencyExponent(doc.currency);
  const money = (minor: bigint) => `${minorToDecimalString(minor, doc.currency)} ${doc.currency}`;
  if (doc.totals.taxExclusive < 0n)
    throw refuse(
      'EINVOICE_NEGATIVE_TOTAL',
      `${doc.number} totals ${money(doc.totals.taxExclusive)} before tax: a negative invoice is a correction; record it as a credit note.`,
      { number: doc.number },
    );
  const categoryOf = (tax: TaxCategory): TaxCategory => {
    const stated = doc.taxSubtotals.find((s) => taxKey(s.category) === taxKey(tax))?.category;
    return { ...tax, ...stated, code: tax.code, ...(tax.rate === undefined ? {} : { rate: tax.rate }) };
  };

  const flat: FlatLine[] = [];
  const charges = new Set<FlatLine>();
  /** Per VAT key, the amounts still to take off that category's lines. */
  const reductions = new Map<string, bigint>();
  const reduce = (tax: TaxCategory, amount: bigint) =>
    reductions.set(taxKey(tax), (reductions.get(taxKey(tax)) ?? 0n) + amount);

  for (const line of doc.lines) {
    if (line.netAmount < 0n) {
      reduce(line.tax, -line.netAmount);
      continue;
    }
    flat.push(flattenLine(line, exponent, categoryOf(line.tax), doc.currency));
  }
  for (const ac of doc.allowanceCharges) {
    if (ac.kind === 'allowance' || ac.amount < 0n) {
      reduce(ac.tax, ac.kind === 'allowance' ? ac.amount : -ac.amount);
      continue;
    }
    charges.add({
      name: ac.reason ?? 'Charge',
      quantity: '1',
      unitCode: 'C62',
      unitPrice: ac.amount,
      discountAmount: 0n,
      netAmount: ac.amount,
      tax: categoryOf(ac.tax),
    });
  }
  flat.push(...charges);

  for (const [key, amount] of reductions) {
    if (amount === 0n) continue;
    // Taken off the document's own lines first; off the charges too only when those do not suffice.
    const inCategory = flat.filter((line) => taxKey(line.tax) === key);
    const items = inCategory.filter((line) => !charges.has(line));
    const roomOf = (lines: FlatLine[]) => lines.reduce((sum, line) => sum + line.netAmount, 0n);
    const members = amount <= roomOf(items) ? items : inCategory;
    const room = roomOf(members);
    if (amount < 0n || amount > room)
      throw refuse(
        'EINVOICE_ALLOWANCE_TOO_LARGE',
        `${doc.number}: the allowances and negative lines at VAT ${key} (${money(amount)}) exceed that category's lines (${money(room)}); an invoice line cannot go below zero.`,
        { number: doc.number, tax: key },
      );
    const shares = allocate(
      amount,
      members.map((line) => line.netAmount),
    );
    members.forEach((line, index) => {
      line.discountAmount += shares[index]!;
      line.netAmount -= shares[index]!;
    });
  }
  return flat;
}

function flattenLine(line: EInvoiceLine, exponent: number, tax: TaxCategory, currency: string): FlatLine {
  const common = {
    name: line.name,
    unitCode: line.unitCode,
    tax,
    ...(line.sellerItemId === undefined ? {} : { sellerItemId: line.sellerItemId }),
  };
  const price = unitPriceInMinor(line, exponent);
  const quantity = parseDecimal(line.quantity)!;
  if (price !== undefined && quantity.units >= 0n) {
    const gross = extendedAmount(
      line.quantity,
      formatDecimal({ units: price, scale: exponent }),
      '1',
      exponent,
    );
    const discount = gross - line.netAmount;
    if (discount >= 0n && discount <= gross)
      return {
        ...common,
        ...(line.description === undefined ? {} : { description: line.description }),
        quantity: line.quantity,
        unitPrice: price,
        discountAmount: discount,
        netAmount: line.netAmount,
      };
  }
  const base =
    line.priceBaseQuantity && line.priceBaseQuantity !== '1' ? ` per ${line.priceBaseQuantity}` : '';
  const stated = `${line.quantity} ${line.unitCode} × ${line.unitPrice} ${currency}${base}`;
  return {
    ...common,
    description: line.description === undefined ? stated : `${line.description} (${stated})`,
    quantity: '1',
    unitPrice: line.netAmount,
    discountAmount: 0n,
    netAmount: line.netAmount,
  };
}

/** price / base quantity in minor units when that is exact and not negative, else undefined. */
function unitPriceInMinor(line: EInvoiceLine, exponent: number): bigint | undefined {
  const price = parseDecimal(line.unitPrice)!;
  const base = parseDecimal(line.priceBaseQuantity ?? '1')!;
  if (price.units < 0n || base.units <= 0n) return undefined;
  const numerator = price.units * pow10(exponent + base.scale);
  const denominator = base.units * pow10(price.scale);
  return numerator % denominator === 0n ? numerator / denominator : undefined;
}

/** Splits `total` over `weights` in proportion, exactly (largest remainder, ties to the earlier). */
function allocate(total: bigint, weights: bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map((_, i) => (i === 0 ? total : 0n));
  const shares = weights.map((w) => (total * w) / sum);
  let left = total - shares.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((w, i) => ({ i, r: total * w - shares[i]! * sum }))
    .sort((a, b) => (b.r > a.r ? 1 : b.r < a.r ? -1 : a.i - b.i));
  for (const { i } of order) {
    if (left <= 0n) break;
    shares[i]! += 1n;
    left -= 1n;
  }
  return shares;
}
