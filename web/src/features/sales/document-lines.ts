import { isCurrency, minorToDecimalString, parseMoney } from '../../../../src/core/money.ts';
import {
  computeTotals,
  type DocumentTotals,
  type LineInput,
  parseQuantity,
} from '../../../../src/modules/sales/invoice.domain.ts';
import { parsePercent, type TaxRounding } from '../../../../src/modules/sales/tax.domain.ts';
import type { DocumentInput, Item, SalesDocument, TaxRate } from '../../api/sales.ts';

// The document editor's values as typed (text), and what follows from them: the live totals, worked
// out by the server's own arithmetic (invoice.domain.ts) so they agree to the cent, and the request
// body. Pure, so the rules are easy to follow. The server's totals after saving remain the truth.

export interface DocLineValues {
  /** Only for React's list keys; never sent. */
  key: string;
  itemId: string | null;
  name: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
  taxRateId: string | null;
}

export interface DocValues {
  customerId: string | null;
  currency: string;
  issueDate: string;
  dueDate: string;
  paymentTermsDays: string;
  buyerReference: string;
  pricesIncludeTax: boolean;
  discountPercent: string;
  notes: string;
  terms: string;
  lines: DocLineValues[];
  /** A credit note: the invoice it credits. */
  invoiceId: string | null;
}

export const newKey = () => crypto.randomUUID();

export const blankDocLine = (): DocLineValues => ({
  key: newKey(),
  itemId: null,
  name: '',
  quantity: '',
  unitPrice: '',
  discountPercent: '',
  taxRateId: null,
});

/** A line the user has not touched: left out of what is sent. */
export const isBlankLine = (l: DocLineValues) =>
  !l.itemId && !l.name.trim() && !l.quantity.trim() && !l.unitPrice.trim() && !l.discountPercent.trim();

export interface Context {
  currency: string;
  taxRounding: TaxRounding;
  rates: ReadonlyMap<string, TaxRate>;
  items: ReadonlyMap<string, Item>;
  /** The customer's default tax rate, for lines whose item has none. */
  defaultTaxRateId: string | null;
}

/** The tax rate a line ends up with: its own, its item's, the customer's default (as the server does). */
export const effectiveRateId = (l: DocLineValues, ctx: Context) =>
  l.taxRateId ?? (l.itemId ? ctx.items.get(l.itemId)?.taxRateId : null) ?? ctx.defaultTaxRateId;

export interface LineProblem {
  field: 'itemId' | 'name' | 'quantity' | 'unitPrice' | 'discountPercent' | 'taxRateId';
  message: string;
}

const message = (e: unknown) => (e instanceof Error ? e.message : 'Not valid.');

/** What is wrong with a non-blank line, as far as the browser can tell; the server has the last word. */
export function lineProblems(l: DocLineValues, ctx: Context): LineProblem[] {
  const problems: LineProblem[] = [];
  if (l.quantity.trim())
    try {
      parseQuantity(l.quantity.trim(), 'quantity');
    } catch (e) {
      problems.push({ field: 'quantity', message: message(e) });
    }
  if (l.unitPrice.trim() && isCurrency(ctx.currency))
    try {
      if (parseMoney(l.unitPrice, ctx.currency) < 0n)
        problems.push({ field: 'unitPrice', message: 'Prices cannot be negative; use a discount.' });
    } catch (e) {
      problems.push({ field: 'unitPrice', message: message(e) });
    }
  if (l.discountPercent.trim() && !parsePercent(l.discountPercent))
    problems.push({ field: 'discountPercent', message: 'A percent between 0 and 100.' });
  return problems;
}

/** The line's unit price in minor units: typed, else the item's price in the document's currency. */
function priceOf(l: DocLineValues, ctx: Context): bigint | null {
  if (l.unitPrice.trim()) {
    try {
      return parseMoney(l.unitPrice, ctx.currency);
    } catch {
      return null;
    }
  }
  const price = l.itemId ? ctx.items.get(l.itemId)?.prices[ctx.currency] : undefined;
  return price === undefined ? null : BigInt(price);
}

export interface LiveTotals {
  /** Per form line: its amount in price terms after its own discount; null when blank or incomplete. */
  lineAmounts: (bigint | null)[];
  totals: DocumentTotals | null;
  /** Lines that are neither blank nor complete enough to count. */
  incomplete: number;
  /** Why the totals could not be worked out (a discount larger than the line, say). */
  error: string | null;
}

/** The document's totals as the server will compute them, from the lines that are complete. */
export function liveTotals(v: DocValues, ctx: Context): LiveTotals {
  const lineAmounts: (bigint | null)[] = v.lines.map(() => null);
  if (!isCurrency(ctx.currency)) return { lineAmounts, totals: null, incomplete: 0, error: null };
  const inputs: LineInput[] = [];
  const index: number[] = [];
  let incomplete = 0;
  v.lines.forEach((l, i) => {
    if (isBlankLine(l)) return;
    const rate = ctx.rates.get(effectiveRateId(l, ctx) ?? '');
    const price = priceOf(l, ctx);
    const percent = rate ? parsePercent(rate.percent) : undefined;
    const discount = l.discountPercent.trim() ? parsePercent(l.discountPercent) : null;
    let quantity: ReturnType<typeof parseQuantity>;
    try {
      quantity = parseQuantity(l.quantity.trim() || '1', 'quantity');
    } catch {
      incomplete++;
      return;
    }
    if (price === null || !percent || discount === undefined || !rate) {
      incomplete++;
      return;
    }
    inputs.push({
      quantity,
      unitPrice: price,
      discountPercent: discount,
      taxKey: rate.id,
      taxPercent: percent,
    });
    index.push(i);
  });
  const docDiscount = v.discountPercent.trim() ? parsePercent(v.discountPercent) : null;
  try {
    const totals = computeTotals({
      lines: inputs,
      pricesIncludeTax: v.pricesIncludeTax,
      taxRounding: ctx.taxRounding,
      discountPercent: docDiscount ?? null,
    });
    totals.lines.forEach((t, k) => {
      lineAmounts[index[k]!] = t.grossAmount - t.lineDiscount;
    });
    return { lineAmounts, totals, incomplete, error: null };
  } catch (e) {
    return { lineAmounts, totals: null, incomplete, error: message(e) };
  }
}

/** The request body, and for each line sent the index of the form line it came from. */
export function toBody(v: DocValues, ctx: Context): { body: DocumentInput; formIndex: number[] } {
  const formIndex: number[] = [];
  const lines: DocumentInput['lines'] = [];
  v.lines.forEach((l, i) => {
    if (isBlankLine(l)) return;
    let unitPrice: number | undefined;
    if (l.unitPrice.trim())
      try {
        unitPrice = Number(parseMoney(l.unitPrice, ctx.currency));
      } catch {
        unitPrice = undefined; // refused in the browser before sending
      }
    lines.push({
      itemId: l.itemId,
      ...(l.name.trim() ? { name: l.name.trim() } : {}),
      quantity: l.quantity.trim() || '1',
      ...(unitPrice !== undefined ? { unitPrice } : {}),
      discountPercent: l.discountPercent.trim() || null,
      ...(l.taxRateId ? { taxRateId: l.taxRateId } : {}),
    });
    formIndex.push(i);
  });
  const text = (s: string) => s.trim() || null;
  const body: DocumentInput = {
    customerId: v.customerId ?? '',
    ...(v.currency.trim() ? { currency: v.currency.trim().toUpperCase() } : {}),
    ...(v.issueDate ? { issueDate: v.issueDate } : {}),
    dueDate: v.dueDate || null,
    paymentTermsDays: v.paymentTermsDays.trim() === '' ? null : Number(v.paymentTermsDays.trim()),
    buyerReference: text(v.buyerReference),
    pricesIncludeTax: v.pricesIncludeTax,
    discountPercent: text(v.discountPercent),
    notes: text(v.notes),
    terms: text(v.terms),
    lines,
    ...(v.invoiceId ? { invoiceId: v.invoiceId } : {}),
  };
  return { body, formIndex };
}

/** Form values from a saved document (editing a draft, or crediting an invoice). */
export function fromDocument(d: SalesDocument, keepDates = true): DocValues {
  return {
    customerId: d.customerId,
    currency: d.currency,
    issueDate: keepDates ? d.issueDate : '',
    dueDate: keepDates ? (d.dueDate ?? '') : '',
    paymentTermsDays: '',
    buyerReference: d.buyerReference ?? '',
    pricesIncludeTax: d.pricesIncludeTax,
    discountPercent: d.discountPercent ?? '',
    notes: d.notes ?? '',
    terms: d.terms ?? '',
    invoiceId: null,
    lines: [
      ...d.lines.map((l) => ({
        key: newKey(),
        itemId: l.itemId,
        name: l.name,
        quantity: l.quantity,
        unitPrice: minorToDecimalString(l.unitPrice, d.currency),
        discountPercent: l.discountPercent ?? '',
        taxRateId: l.taxRateId,
      })),
      blankDocLine(),
    ],
  };
}

export const HEADER_FIELDS = [
  'customerId',
  'currency',
  'issueDate',
  'dueDate',
  'paymentTermsDays',
  'buyerReference',
  'discountPercent',
  'notes',
  'terms',
] as const;

/** The form field a server error names (`lines.2.unitPrice` → the price cell of that form line). */
export function formPath(field: string, formIndex: readonly number[]): string | undefined {
  if (field === 'discountAmount') return 'discountPercent';
  if ((HEADER_FIELDS as readonly string[]).includes(field)) return field;
  if (field === 'lines' || field === 'invoiceId') return 'lines';
  const m = /^lines\.(\d+)(?:\.(\w+))?$/.exec(field);
  if (!m) return undefined;
  const index = formIndex[Number(m[1])];
  if (index === undefined) return 'lines';
  const cell: Record<string, string> = {
    itemId: 'itemId',
    name: 'name',
    description: 'name',
    quantity: 'quantity',
    unitPrice: 'unitPrice',
    unitCode: 'quantity',
    discountPercent: 'discountPercent',
    discountAmount: 'discountPercent',
    taxRateId: 'taxRateId',
    accountId: 'itemId',
  };
  return `lines.${index}.${cell[m[2] ?? ''] ?? 'unitPrice'}`;
}
