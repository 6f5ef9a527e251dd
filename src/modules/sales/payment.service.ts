import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { type Queryable, queryOne, type Tx } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import { exchangeRateOn, type JournalLineInput, postJournal } from '../ledger/index.ts';
import { getActiveCustomer } from './customer.service.ts';
import { lockInvoices } from './document.repo.ts';
import { customerMismatch, overAllocation, paymentNotFound } from './errors.ts';
import { recordChange, today } from './sales.kit.ts';
import { salesAllocation, salesDocument, salesPayment } from './sales.table.ts';
import {
  baseCurrencyOf,
  checkOpenPeriod,
  conversionLines,
  convertAcross,
  portion,
  postFxLines,
  rateFor,
  receivableAccount,
  requireMoneyAccount,
  settle,
  toBase,
} from './settlement.service.ts';

// Payments received: the money goes to a bank or cash account and off the receivable at the
// payment's rate; each allocation to an invoice releases the invoice's carrying amount and posts
// the realized exchange difference. What is not allocated stays as the customer's credit (a
// credit balance on the receivable), applied later or refunded.

export type Payment = typeof salesPayment.$inferSelect & {
  allocations: (typeof salesAllocation.$inferSelect)[];
};

export interface Allocation {
  invoiceId: string;
  /** In the invoice's currency. */
  amount: number | bigint;
  /**
   * For an invoice in another currency than the payment's: what of the payment settles `amount`, in
   * the payment's currency. Left out: `amount` converted at the payment date's rates.
   */
  paymentAmount?: number | bigint;
}

export interface PaymentInput {
  customerId: string;
  date: string;
  currency?: string;
  amount: number | bigint;
  accountId: string;
  exchangeRate?: string;
  reference?: string | null;
  allocations?: Allocation[];
}

export async function getPayment(q: Queryable, orgId: string, id: string, lock = false): Promise<Payment> {
  const query = q
    .select()
    .from(salesPayment)
    .where(and(eq(salesPayment.orgId, orgId), eq(salesPayment.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw paymentNotFound(id);
  const allocations = await q
    .select()
    .from(salesAllocation)
    .where(and(eq(salesAllocation.orgId, orgId), eq(salesAllocation.paymentId, id)))
    .orderBy(asc(salesAllocation.createdAt), asc(salesAllocation.id));
  return { ...row, allocations };
}

export async function listPayments(
  q: Queryable,
  orgId: string,
  page: { limit: number; cursor?: string; customerId?: string },
) {
  const rows = await q
    .select()
    .from(salesPayment)
    .where(
      and(
        eq(salesPayment.orgId, orgId),
        page.customerId ? eq(salesPayment.customerId, page.customerId) : undefined,
        page.cursor ? sql`${salesPayment.id} < ${page.cursor}` : undefined,
      ),
    )
    .orderBy(desc(salesPayment.id))
    .limit(page.limit + 1);
  const shown = rows.slice(0, page.limit);
  const allocations = shown.length
    ? await q
        .select()
        .from(salesAllocation)
        .where(
          and(
            eq(salesAllocation.orgId, orgId),
            inArray(
              salesAllocation.paymentId,
              shown.map((r) => r.id),
            ),
          ),
        )
    : [];
  return {
    items: shown.map((r) => ({ ...r, allocations: allocations.filter((a) => a.paymentId === r.id) })),
    nextCursor: rows.length > page.limit ? shown.at(-1)!.id : null,
  };
}

/** The customer's oldest open invoices in `currency`, filled up to `amount`. */
async function oldestOpen(
  q: Queryable,
  orgId: string,
  customerId: string,
  currency: string,
  amount: bigint,
): Promise<Allocation[]> {
  const open = await q
    .select()
    .from(salesDocument)
    .where(
      and(
        eq(salesDocument.orgId, orgId),
        eq(salesDocument.type, 'invoice'),
        eq(salesDocument.customerId, customerId),
        eq(salesDocument.currency, currency),
        inArray(salesDocument.status, ['issued', 'partially_paid']),
      ),
    )
    .orderBy(asc(salesDocument.dueDate), asc(salesDocument.issueDate), asc(salesDocument.id));
  const out: Allocation[] = [];
  let left = amount;
  for (const inv of open) {
    if (left <= 0n) break;
    const due = inv.taxInclusiveAmount - inv.paidAmount - inv.creditedAmount;
    const take = due < left ? due : left;
    if (take > 0n) out.push({ invoiceId: inv.id, amount: take });
    left -= take;
  }
  return out;
}

/**
 * `oldestOpen` under the invoices' row locks: read again once they are held, so that a payment
 * racing another one for the same invoice sees what the other left open (and keeps the rest as
 * credit) instead of allocating to an invoice that has just been paid.
 */
async function autoAllocations(tx: Tx, orgId: string, customerId: string, currency: string, amount: bigint) {
  const candidates = await oldestOpen(tx, orgId, customerId, currency, amount);
  if (candidates.length === 0) return candidates;
  await lockInvoices(
    tx,
    orgId,
    candidates.map((a) => a.invoiceId),
  );
  return oldestOpen(tx, orgId, customerId, currency, amount);
}

/** The base amount of the payment already released by allocations and refunds. */
export async function usedBase(q: Queryable, orgId: string, paymentId: string): Promise<bigint> {
  const row = await queryOne<{ base: string }>(
    q,
    sql`select (coalesce((select sum(settlement_base_amount) from ${salesAllocation} where org_id = ${orgId} and payment_id = ${paymentId}), 0)
      + coalesce((select sum(carrying_base_amount) from ${salesPayment} where org_id = ${orgId} and refund_of_id = ${paymentId}), 0))::text as base`,
  );
  return BigInt(row?.base ?? '0');
}

/**
 * Allocates part of `payment` (locked) to invoices; returns the lines to add to the entry: exchange
 * differences, and for an invoice in another currency the conversion that moves the receivable from
 * the payment's currency into the invoice's. Invoices must be open and of the payment's customer; no
 * allocation may exceed what is open on the invoice, nor all of them together what is left of the
 * payment.
 */
async function allocate(
  tx: Tx,
  actor: Actor,
  payment: Payment,
  allocations: Allocation[],
  date: string,
  base: string,
) {
  const orgId = actor.orgId;
  const invoices = await lockInvoices(
    tx,
    orgId,
    allocations.map((a) => a.invoiceId),
  );
  const taken = new Map<Allocation, bigint>();
  for (const [i, a] of allocations.entries()) {
    const invoice = invoices.get(a.invoiceId);
    if (!invoice)
      throw new AppError('not_found', 'INVOICE_NOT_FOUND', `No invoice with id ${a.invoiceId}.`, {
        id: a.invoiceId,
        field: `allocations.${i}.invoiceId`,
      });
    if (invoice.customerId !== payment.customerId) throw customerMismatch(`allocations.${i}.invoiceId`);
    taken.set(a, await paymentAmountOf(tx, orgId, a, i, invoice.currency, payment, date, base));
  }
  const total = [...taken.values()].reduce((sum, t) => sum + t, 0n);
  const left = payment.amount - payment.appliedAmount;
  if (total > left) throw overAllocation('allocations', left);
  const lines: JournalLineInput[] = [];
  let applied = payment.appliedAmount;
  let used = await usedBase(tx, orgId, payment.id);
  const receivable = await receivableAccount(tx, orgId);
  for (const [i, a] of allocations.entries()) {
    const invoice = invoices.get(a.invoiceId)!;
    const amount = BigInt(a.amount);
    const paymentAmount = taken.get(a)!;
    const settlementBase = portion(paymentAmount, payment.amount, payment.baseAmount, applied, used);
    lines.push(
      ...(await settle(
        tx,
        actor,
        {
          invoice,
          amount,
          paymentAmount,
          date,
          source: { paymentId: payment.id },
          settlementBaseAmount: settlementBase,
          field: `allocations.${i}.invoiceId`,
        },
        base,
      )),
    );
    if (invoice.currency !== payment.currency)
      lines.push(
        ...(await conversionLines(tx, actor, base, {
          receivableId: receivable.id,
          paymentCurrency: payment.currency,
          paymentAmount,
          invoiceCurrency: invoice.currency,
          amount,
          settlementBase,
        })),
      );
    applied += paymentAmount;
    used += settlementBase;
  }
  await tx
    .update(salesPayment)
    .set({ appliedAmount: applied })
    .where(and(eq(salesPayment.orgId, orgId), eq(salesPayment.id, payment.id)));
  payment.appliedAmount = applied;
  return lines;
}

/** What of the payment an allocation takes, in the payment's currency (see `Allocation.paymentAmount`). */
async function paymentAmountOf(
  q: Queryable,
  orgId: string,
  a: Allocation,
  i: number,
  invoiceCurrency: string,
  payment: Payment,
  date: string,
  base: string,
): Promise<bigint> {
  const amount = BigInt(a.amount);
  if (invoiceCurrency === payment.currency) {
    if (a.paymentAmount !== undefined && BigInt(a.paymentAmount) !== amount)
      throw new AppError(
        'invalid',
        'PAYMENT_AMOUNT_NOT_ALLOWED',
        'The invoice is in the payment’s currency: the payment settles exactly the amount allocated.',
        { field: `allocations.${i}.paymentAmount` },
      );
    return amount;
  }
  if (a.paymentAmount !== undefined) return BigInt(a.paymentAmount);
  // Through the base currency at the day's rates: the invoice's from the rate table, the payment's its own.
  const invoiceRate = await exchangeRateOn(q, orgId, invoiceCurrency, base, date);
  if (invoiceCurrency !== base && !invoiceRate)
    throw new AppError(
      'unprocessable',
      'EXCHANGE_RATE_MISSING',
      `No ${invoiceCurrency}/${base} exchange rate on or before ${date}: say how much of the ${payment.currency} payment settles the invoice.`,
      { field: `allocations.${i}.paymentAmount`, currency: invoiceCurrency, date },
    );
  const converted = convertAcross(
    amount,
    invoiceCurrency,
    invoiceRate?.rate ?? '1',
    payment.currency,
    payment.exchangeRate ?? '1',
  );
  if (converted <= 0n)
    throw new AppError(
      'invalid',
      'INVALID_AMOUNT',
      'The allocation is too small to take anything from the payment.',
      {
        field: `allocations.${i}.amount`,
      },
    );
  return converted;
}

/**
 * Records money received: one entry debits the bank and credits the receivable at the payment's
 * rate, with the exchange differences of its allocations. Without allocations the payment goes to
 * the customer's oldest open invoices; what is left is the customer's credit.
 */
export async function recordPayment(tx: Tx, actor: Actor, input: PaymentInput): Promise<Payment> {
  assertCan(actor, 'payment:write');
  const orgId = actor.orgId;
  await checkOpenPeriod(tx, actor, input.date);
  const customer = await getActiveCustomer(tx, orgId, input.customerId, 'customerId');
  await requireMoneyAccount(tx, orgId, input.accountId);
  const base = await baseCurrencyOf(tx, orgId);
  const currency = input.currency ?? customer.currency ?? base;
  const amount = BigInt(input.amount);
  if (amount <= 0n)
    throw new AppError('invalid', 'INVALID_AMOUNT', 'A payment is a positive amount.', { field: 'amount' });
  const rate = await rateFor(tx, orgId, currency, base, input.date, input.exchangeRate);
  const id = newId('pay');
  const allocations = input.allocations ?? (await autoAllocations(tx, orgId, customer.id, currency, amount));
  const receivable = await receivableAccount(tx, orgId);
  const baseAmount = toBase(amount, currency, base, rate);
  // The payment row first (allocations refer to it), its entry id filled in after posting.
  await tx.insert(salesPayment).values({
    orgId,
    id,
    kind: 'payment',
    customerId: customer.id,
    date: input.date,
    currency,
    amount,
    exchangeRate: currency === base ? null : rate,
    baseAmount,
    accountId: input.accountId,
    reference: input.reference || null,
    journalEntryId: '',
    createdBy: actor.id,
  });
  const payment = await getPayment(tx, orgId, id, true);
  const fx = await allocate(tx, actor, payment, allocations, input.date, base);
  const entry = await postJournal(tx, actor, {
    date: input.date,
    description: `Payment from ${customer.name}`.slice(0, 500),
    payee: customer.name.slice(0, 200),
    code: input.reference ? input.reference.slice(0, 50) : null,
    source: { type: 'sales.payment', id },
    lines: [
      { accountId: input.accountId, amount, currency, rate, baseAmount, memo: 'Payment received' },
      {
        accountId: receivable.id,
        amount: -amount,
        currency,
        rate,
        baseAmount: -baseAmount,
        memo: customer.name.slice(0, 500),
      },
      ...fx,
    ],
  });
  await tx
    .update(salesPayment)
    .set({ journalEntryId: entry.id })
    .where(and(eq(salesPayment.orgId, orgId), eq(salesPayment.id, id)));
  await tx
    .update(salesAllocation)
    .set({ journalEntryId: entry.id })
    .where(and(eq(salesAllocation.orgId, orgId), eq(salesAllocation.paymentId, id)));
  const after = await getPayment(tx, orgId, id);
  await recordChange(
    tx,
    actor,
    { entity: 'payment', entityId: id, action: 'create', after },
    'payment.received',
    {
      customerId: customer.id,
      amount: amount.toString(),
      currency,
    },
  );
  return after;
}

/** Applies a payment's unapplied credit to invoices on `date` (default: the oldest open ones). */
export async function applyPayment(
  tx: Tx,
  actor: Actor,
  id: string,
  input: { date?: string; allocations?: Allocation[] },
): Promise<Payment> {
  assertCan(actor, 'payment:write');
  const orgId = actor.orgId;
  const payment = await getPayment(tx, orgId, id, true);
  if (payment.kind !== 'payment')
    throw new AppError('conflict', 'NOT_A_PAYMENT', 'A refund cannot be applied.');
  const date = input.date ?? today();
  if (date < payment.date)
    throw new AppError('invalid', 'DATE_BEFORE_PAYMENT', `The payment was received on ${payment.date}.`, {
      field: 'date',
    });
  await checkOpenPeriod(tx, actor, date);
  const left = payment.amount - payment.appliedAmount;
  if (left <= 0n) throw overAllocation('allocations', 0n);
  const allocations =
    input.allocations ?? (await autoAllocations(tx, orgId, payment.customerId, payment.currency, left));
  if (allocations.length === 0)
    throw new AppError(
      'unprocessable',
      'NOTHING_TO_APPLY',
      'The customer has no open invoice in this currency.',
      { field: 'allocations' },
    );
  const base = await baseCurrencyOf(tx, orgId);
  const before = { appliedAmount: payment.appliedAmount };
  const fx = await allocate(tx, actor, payment, allocations, date, base);
  const entryId = await postFxLines(
    tx,
    actor,
    fx,
    date,
    { type: 'sales.payment', id },
    'Exchange difference on applied credit',
  );
  if (entryId)
    await tx
      .update(salesAllocation)
      .set({ journalEntryId: entryId })
      .where(
        and(
          eq(salesAllocation.orgId, orgId),
          eq(salesAllocation.paymentId, id),
          eq(salesAllocation.date, date),
        ),
      );
  const after = await getPayment(tx, orgId, id);
  await recordChange(
    tx,
    actor,
    { entity: 'payment', entityId: id, action: 'apply', before, after },
    'payment.applied',
  );
  return after;
}
