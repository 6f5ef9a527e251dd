import { AppError, invalid } from '../../core/errors.ts';
import { divideRounded } from '../../core/money.ts';
import { type Percent, parsePercent, percentOf, type TaxRounding, taxInside } from './tax.domain.ts';

// The document's arithmetic and states, pure. Amounts are bigint minor units of the document's
// currency; quantities and percents are exact decimals. Totals are named as in EN 16931.

export interface Quantity {
  digits: bigint;
  scale: number;
  text: string;
}

const QUANTITY = /^(\d{1,12})(?:\.(\d{1,6}))?$/;

/** A non-negative decimal quantity, at most 6 decimals. Negative quantities are refused by name. */
export function parseQuantity(text: unknown, field: string): Quantity {
  const raw = typeof text === 'number' && Number.isSafeInteger(text) ? String(text) : text;
  if (typeof raw === 'string' && /^\s*-/.test(raw))
    throw invalid('NEGATIVE_QUANTITY', 'Quantities cannot be negative; issue a credit note instead.', {
      field,
    });
  const match = typeof raw === 'string' ? QUANTITY.exec(raw.trim()) : null;
  if (!match)
    throw invalid('INVALID_QUANTITY', 'Write the quantity as a decimal like 2 or 1.5 (at most 6 decimals).', {
      field,
    });
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return {
    digits: BigInt(`${whole}${fraction}`),
    scale: fraction.length,
    text: fraction ? `${whole}.${fraction}` : whole,
  };
}

export interface LineInput {
  quantity: Quantity;
  /** Minor units per unit; tax-inclusive when the document's prices include tax. */
  unitPrice: bigint;
  discountPercent?: Percent | null;
  discountAmount?: bigint | null;
  /** Lines with the same key are one tax group (EN 16931 VAT breakdown). */
  taxKey: string;
  taxPercent: Percent;
}

export interface DocumentInput {
  lines: readonly LineInput[];
  pricesIncludeTax: boolean;
  taxRounding: TaxRounding;
  discountPercent?: Percent | null;
  discountAmount?: bigint | null;
}

export interface LineTotals {
  /** Quantity × price, rounded, in price terms (gross when prices include tax). */
  grossAmount: bigint;
  /** The line's own discount, in price terms. */
  lineDiscount: bigint;
  /** Net of tax and of the line discount, before the document allowance (BT-131). */
  lineExtensionAmount: bigint;
  /** The document allowance's share, in price terms. */
  allowanceShare: bigint;
  /** Net of tax after the document allowance: the base the tax is computed on. */
  taxableAmount: bigint;
  taxAmount: bigint;
}

export interface TaxGroupTotals {
  taxKey: string;
  percent: Percent;
  taxableAmount: bigint;
  taxAmount: bigint;
}

export interface DocumentTotals {
  lines: LineTotals[];
  groups: TaxGroupTotals[];
  lineExtensionAmount: bigint;
  allowanceTotalAmount: bigint;
  taxExclusiveAmount: bigint;
  taxAmount: bigint;
  taxInclusiveAmount: bigint;
}

/** Splits `total` across `weights` in proportion, exactly (largest remainder; ties to the earlier). */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map((_, i) => (i === 0 ? total : 0n));
  const shares = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w, i) => ({ i, r: total * w - shares[i]! * sum }));
  let left = total - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (b.r > a.r ? 1 : b.r < a.r ? -1 : a.i - b.i));
  for (const { i } of remainders) {
    if (left <= 0n) break;
    shares[i]! += 1n;
    left -= 1n;
  }
  return shares;
}

const tooLarge = (field: string) =>
  invalid('AMOUNT_TOO_LARGE', 'The amount is beyond what the books can hold.', { field });
const LIMIT = 10n ** 15n;

/**
 * Every total of a document from its lines. Line discount, then the document allowance spread over
 * the lines in proportion, then tax: per line (each line's tax rounded, then summed) or per
 * document (each tax group's base summed exactly, rounded once). With tax-inclusive prices the
 * amount the customer pays is exactly the sum of the prices; the tax is taken out of it.
 */
export function computeTotals(doc: DocumentInput): DocumentTotals {
  const gross = doc.lines.map((line, i) => {
    if (line.unitPrice < 0n)
      throw invalid('NEGATIVE_PRICE', 'Unit prices cannot be negative; use a discount.', {
        field: `lines.${i}.unitPrice`,
      });
    const amount = divideRounded(line.unitPrice * line.quantity.digits, 10n ** BigInt(line.quantity.scale));
    if (amount > LIMIT) throw tooLarge(`lines.${i}`);
    let discount = 0n;
    if (line.discountPercent) discount = percentOf(amount, line.discountPercent);
    else if (line.discountAmount != null) discount = line.discountAmount;
    if (discount < 0n || discount > amount)
      throw invalid('INVALID_DISCOUNT', 'A line discount is between 0 and the line amount.', {
        field: `lines.${i}.discountAmount`,
      });
    return { amount, discount, after: amount - discount };
  });
  const sum = gross.reduce((a, g) => a + g.after, 0n);
  let allowance = 0n;
  if (doc.discountPercent) allowance = percentOf(sum, doc.discountPercent);
  else if (doc.discountAmount != null) allowance = doc.discountAmount;
  if (allowance < 0n || allowance > sum)
    throw invalid('INVALID_DISCOUNT', 'The document discount is between 0 and the lines total.', {
      field: 'discountAmount',
    });
  const shares = allocate(
    allowance,
    gross.map((g) => g.after),
  );
  const priced = gross.map((g, i) => g.after - shares[i]!);

  // Tax per line, or per group spread back over its lines.
  const lineTax: bigint[] = doc.lines.map(() => 0n);
  const groupKeys = [...new Set(doc.lines.map((l) => l.taxKey))];
  for (const key of groupKeys) {
    const members = doc.lines.flatMap((l, i) => (l.taxKey === key ? [i] : []));
    const percent = doc.lines[members[0]!]!.taxPercent;
    const taxOf = (amount: bigint) =>
      doc.pricesIncludeTax ? taxInside(amount, percent) : percentOf(amount, percent);
    if (doc.taxRounding === 'line') for (const i of members) lineTax[i] = taxOf(priced[i]!);
    else {
      const groupTax = taxOf(members.reduce((a, i) => a + priced[i]!, 0n));
      const split = allocate(
        groupTax,
        members.map((i) => priced[i]!),
      );
      members.forEach((i, k) => {
        lineTax[i] = split[k]!;
      });
    }
  }

  const lines: LineTotals[] = doc.lines.map((line, i) => {
    const g = gross[i]!;
    const taxable = doc.pricesIncludeTax ? priced[i]! - lineTax[i]! : priced[i]!;
    // The allowance's net share: with inclusive prices the tax inside the share comes out of it.
    // Line extension = taxable + that share, so the totals add up exactly (EN 16931 BR-CO-13) and
    // the allowance total is zero when there is no allowance, however the tax was rounded.
    const share = shares[i]!;
    const allowanceNet = doc.pricesIncludeTax ? share - taxInside(share, line.taxPercent) : share;
    const lineExtension = taxable + allowanceNet;
    return {
      grossAmount: g.amount,
      lineDiscount: g.discount,
      lineExtensionAmount: lineExtension,
      allowanceShare: shares[i]!,
      taxableAmount: taxable,
      taxAmount: lineTax[i]!,
    };
  });
  const groups: TaxGroupTotals[] = groupKeys.map((key) => {
    const members = lines.filter((_, i) => doc.lines[i]!.taxKey === key);
    return {
      taxKey: key,
      percent: doc.lines.find((l) => l.taxKey === key)!.taxPercent,
      taxableAmount: members.reduce((a, l) => a + l.taxableAmount, 0n),
      taxAmount: members.reduce((a, l) => a + l.taxAmount, 0n),
    };
  });
  const lineExtensionAmount = lines.reduce((a, l) => a + l.lineExtensionAmount, 0n);
  const taxExclusiveAmount = lines.reduce((a, l) => a + l.taxableAmount, 0n);
  const taxAmount = lines.reduce((a, l) => a + l.taxAmount, 0n);
  return {
    lines,
    groups,
    lineExtensionAmount,
    // With inclusive prices the allowance's net is what the net totals say it is.
    allowanceTotalAmount: lineExtensionAmount - taxExclusiveAmount,
    taxExclusiveAmount,
    taxAmount,
    taxInclusiveAmount: taxExclusiveAmount + taxAmount,
  };
}

/** Reads an optional percent field, naming it when it is not one. */
export function optionalPercent(text: string | null | undefined, field: string): Percent | null {
  if (text === null || text === undefined || text === '') return null;
  const percent = parsePercent(text);
  if (!percent)
    throw invalid('INVALID_PERCENT', 'Write a percent between 0 and 100, like 10 or 2.5.', { field });
  return percent;
}

export const INVOICE_STATUSES = ['draft', 'issued', 'partially_paid', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const CREDIT_NOTE_STATUSES = ['draft', 'issued', 'applied'] as const;
export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'declined', 'invoiced'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** An issued invoice's status from what has settled it: fully credited is void. */
export function settledStatus(total: bigint, paid: bigint, credited: bigint): InvoiceStatus {
  if (total > 0n && credited >= total) return 'void';
  const settled = paid + credited;
  if (settled === 0n) return 'issued';
  return settled >= total ? 'paid' : 'partially_paid';
}

/** Overdue is derived, never stored: open, with a due date before `today`. */
export function isOverdue(doc: { status: string; dueDate: string | null }, today: string): boolean {
  return (
    (doc.status === 'issued' || doc.status === 'partially_paid') &&
    doc.dueDate !== null &&
    doc.dueDate < today
  );
}

const QUOTE_MOVES: Record<QuoteStatus, readonly QuoteStatus[]> = {
  draft: ['sent', 'accepted', 'declined'],
  sent: ['accepted', 'declined'],
  accepted: ['invoiced'],
  declined: [],
  invoiced: [],
};

export function checkQuoteMove(from: string, to: QuoteStatus): void {
  if (!(QUOTE_MOVES[from as QuoteStatus] ?? []).includes(to))
    throw new AppError('conflict', 'QUOTE_STATE', `A ${from} quote cannot become ${to}.`, {
      status: from,
      to,
    });
}

/** The due date: `days` after `issueDate`. */
export function dueDateOf(issueDate: string, days: number): string {
  const date = new Date(`${issueDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
