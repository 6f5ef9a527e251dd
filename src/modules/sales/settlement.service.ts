import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { currencyExponent, divideRounded } from '../../core/money.ts';
import { type Queryable, queryOne, type Tx } from '../../db/client.ts';
import { requireBaseCurrency } from '../company/index.ts';
import {
  accountForSubtype,
  conversionAccounts,
  convertAmount,
  exchangeRateOn,
  fxDifferenceLines,
  getAccount,
  type JournalLineInput,
  ledgerSettingsOf,
  lockFor,
  parseRate,
  postJournal,
} from '../ledger/index.ts';
import type { DocumentRow } from './document.repo.ts';
import { invoiceNotOpen, noRate, overAllocation } from './errors.ts';
import { settledStatus } from './invoice.domain.ts';
import { salesAllocation, salesDocument } from './sales.table.ts';

// What settling an invoice needs: the books' currency and accounts, the rate of a date, the
// lock dates, and the allocation itself with its realized exchange difference.

export async function baseCurrencyOf(q: Queryable, orgId: string): Promise<string> {
  return (await ledgerSettingsOf(q, orgId)).baseCurrency ?? (await requireBaseCurrency(q, orgId));
}

/** PERIOD_LOCKED (as the ledger says it) before anything is written, for dates that may post nothing. */
export async function checkOpenPeriod(
  q: Queryable,
  actor: Actor,
  date: string,
  field = 'date',
): Promise<void> {
  const lock = lockFor(actor.role, await ledgerSettingsOf(q, actor.orgId));
  if (lock && date <= lock.date)
    throw new AppError(
      'unprocessable',
      'PERIOD_LOCKED',
      `The books are locked up to ${lock.date}; ${date} is inside the locked period.`,
      { field, date, lockDate: lock.date, lock: lock.which },
    );
}

/** The rate to use: the one given, else the rate table's on or before `date`; `"1"` in the base currency. */
export async function rateFor(
  q: Queryable,
  orgId: string,
  currency: string,
  base: string,
  date: string,
  given?: string,
): Promise<string> {
  if (currency === base) return '1';
  if (given !== undefined) {
    const rate = parseRate(given);
    if (!rate)
      throw new AppError('invalid', 'INVALID_RATE', 'Write the rate as a positive decimal like 0.8532.', {
        field: 'exchangeRate',
      });
    return rate.text;
  }
  const found = await exchangeRateOn(q, orgId, currency, base, date);
  if (!found) throw noRate(currency, base, date);
  return found.rate;
}

export const toBase = (amount: bigint, currency: string, base: string, rate: string) =>
  currency === base ? amount : convertAmount(amount, currency, base, parseRate(rate)!);

/** The share of `base` that `amount` of `total` carries; the last share takes what is left exactly. */
export function portion(
  amount: bigint,
  total: bigint,
  base: bigint,
  usedAmount: bigint,
  usedBase: bigint,
): bigint {
  if (usedAmount + amount === total) return base - usedBase;
  return divideRounded(amount * base, total);
}

/**
 * `amount` of `from` in minor units of `to`, through the base currency: `fromRate` and `toRate`
 * are base units per unit of each (`"1"` for the base currency itself). Rounded half away from zero.
 */
export function convertAcross(
  amount: bigint,
  from: string,
  fromRate: string,
  to: string,
  toRate: string,
): bigint {
  const a = parseRate(fromRate)!;
  const b = parseRate(toRate)!;
  const shift = currencyExponent(to) - currencyExponent(from);
  let numerator = amount * a.digits * 10n ** BigInt(b.scale);
  let denominator = b.digits * 10n ** BigInt(a.scale);
  if (shift > 0) numerator *= 10n ** BigInt(shift);
  else denominator *= 10n ** BigInt(-shift);
  return divideRounded(numerator, denominator);
}

/**
 * A payment credits the receivable in its own currency; what it settles of an invoice in another
 * currency moves across, through the pair of conversion accounts, so that each currency balances
 * and each currency's receivable stays that of its open documents. Both sides carry the settlement's
 * base value; on an invoice in the base currency that value is the amount the receivable gives up,
 * and the settlement's exchange-difference lines bring it back to what the invoice carried.
 */
export async function conversionLines(
  tx: Tx,
  actor: Actor,
  baseCurrency: string,
  c: {
    receivableId: string;
    paymentCurrency: string;
    paymentAmount: bigint;
    invoiceCurrency: string;
    amount: bigint;
    settlementBase: bigint;
  },
): Promise<JournalLineInput[]> {
  const accounts = await conversionAccounts(tx, actor, c.paymentCurrency, c.invoiceCurrency);
  const memo = `${c.invoiceCurrency} settled with ${c.paymentCurrency}`;
  const base = c.settlementBase;
  const paid = { currency: c.paymentCurrency, amount: c.paymentAmount, baseAmount: base, memo };
  const settled = {
    currency: c.invoiceCurrency,
    amount: c.invoiceCurrency === baseCurrency ? base : c.amount,
    baseAmount: base,
    memo,
  };
  return [
    { ...paid, accountId: c.receivableId },
    { ...paid, accountId: accounts[c.paymentCurrency]!, amount: -paid.amount, baseAmount: -base },
    { ...settled, accountId: accounts[c.invoiceCurrency]! },
    { ...settled, accountId: c.receivableId, amount: -settled.amount, baseAmount: -base },
  ];
}

export const receivableAccount = (q: Queryable, orgId: string) =>
  accountForSubtype(q, orgId, 'receivable', 'accounts receivable');
export const fxAccount = (q: Queryable, orgId: string) =>
  accountForSubtype(q, orgId, 'fx_gain_loss', 'exchange gain/loss');

/** The invoice's carrying base already released by earlier allocations. */
async function releasedBase(q: Queryable, orgId: string, invoiceId: string): Promise<bigint> {
  const row = await queryOne<{ base: string }>(
    q,
    sql`select coalesce(sum(carrying_base_amount), 0)::text as base from ${salesAllocation}
      where org_id = ${orgId} and invoice_id = ${invoiceId}`,
  );
  return BigInt(row?.base ?? '0');
}

export interface Settlement {
  /** The invoice, locked by the caller. */
  invoice: DocumentRow;
  /** In the invoice's currency. */
  amount: bigint;
  /** What a payment gave for `amount`, in its own currency (see sales_allocation.payment_amount). */
  paymentAmount?: bigint;
  date: string;
  source: { paymentId: string } | { creditNoteId: string };
  /** The same amount's base value at the source's (payment or credit note) rate. */
  settlementBaseAmount: bigint;
  field: string;
}

/**
 * Records one allocation and moves the invoice's status; returns the exchange-difference lines the
 * caller adds to its entry (empty in the base currency or when the rates agree).
 */
export async function settle(
  tx: Tx,
  actor: Actor,
  s: Settlement,
  baseCurrency: string,
): Promise<JournalLineInput[]> {
  const inv = s.invoice;
  if (inv.status !== 'issued' && inv.status !== 'partially_paid') throw invoiceNotOpen(inv.status, s.field);
  if (s.date < inv.issueDate)
    throw new AppError(
      'unprocessable',
      'SETTLED_BEFORE_ISSUE',
      `The invoice was issued on ${inv.issueDate}; it cannot be settled before.`,
      {
        field: 'date',
        issueDate: inv.issueDate,
      },
    );
  const open = inv.taxInclusiveAmount - inv.paidAmount - inv.creditedAmount;
  if (s.amount > open) throw overAllocation(s.field, open);
  const settled = inv.paidAmount + inv.creditedAmount;
  const carrying = portion(
    s.amount,
    inv.taxInclusiveAmount,
    inv.baseAmount ?? 0n,
    settled,
    await releasedBase(tx, actor.orgId, inv.id),
  );
  const isPayment = 'paymentId' in s.source;
  await tx.insert(salesAllocation).values({
    orgId: actor.orgId,
    id: newId('alc'),
    invoiceId: inv.id,
    paymentId: isPayment ? (s.source as { paymentId: string }).paymentId : null,
    creditNoteId: isPayment ? null : (s.source as { creditNoteId: string }).creditNoteId,
    date: s.date,
    amount: s.amount,
    paymentAmount: isPayment ? (s.paymentAmount ?? s.amount) : null,
    carryingBaseAmount: carrying,
    settlementBaseAmount: s.settlementBaseAmount,
  });
  const paid = inv.paidAmount + (isPayment ? s.amount : 0n);
  const credited = inv.creditedAmount + (isPayment ? 0n : s.amount);
  const status = settledStatus(inv.taxInclusiveAmount, paid, credited);
  await tx
    .update(salesDocument)
    .set({ paidAmount: paid, creditedAmount: credited, status, updatedAt: new Date() })
    .where(and(eq(salesDocument.orgId, actor.orgId), eq(salesDocument.id, inv.id)));
  Object.assign(inv, { paidAmount: paid, creditedAmount: credited, status });
  // Also for an invoice in the base currency settled by a payment in another one.
  if (carrying === s.settlementBaseAmount) return [];
  const receivable = await receivableAccount(tx, actor.orgId);
  const fx = await fxAccount(tx, actor.orgId);
  return fxDifferenceLines(
    { accountId: receivable.id, carryingBaseAmount: carrying, settlementBaseAmount: s.settlementBaseAmount },
    fx.id,
    baseCurrency,
  );
}

/** Posts exchange-difference lines as their own entry when there are any; returns its id. */
export async function postFxLines(
  tx: Tx,
  actor: Actor,
  lines: JournalLineInput[],
  date: string,
  source: { type: string; id: string },
  description: string,
): Promise<string | null> {
  if (lines.length === 0) return null;
  const entry = await postJournal(tx, actor, { date, description, source, lines });
  return entry.id;
}

const MONEY_SUBTYPES = ['bank', 'cash', 'current_asset', 'other_asset', 'credit_card'];

/** The account money is received into or paid out of: a bank, cash or clearing account, never the receivable. */
export async function requireMoneyAccount(q: Queryable, orgId: string, id: string): Promise<void> {
  const account = await getAccount(q, orgId, id).catch(() => {
    throw new AppError('invalid', 'ACCOUNT_NOT_FOUND', `No account with id ${id}.`, { field: 'accountId' });
  });
  if (!MONEY_SUBTYPES.includes(account.subtype) || account.archivedAt)
    throw new AppError(
      'unprocessable',
      'NOT_A_MONEY_ACCOUNT',
      `${account.name} is not an open bank, cash or clearing account.`,
      { field: 'accountId' },
    );
}
