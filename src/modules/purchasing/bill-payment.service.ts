import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { type Queryable, queryOne, type Tx } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import { fxDifferenceLines, type JournalLineInput, postJournal } from '../ledger/index.ts';
import {
  baseCurrencyOf,
  checkOpenPeriod,
  fxAccount,
  portion,
  postFxLines,
  rateFor,
  requireMoneyAccount,
  toBase,
} from '../sales/settlement.service.ts';
import { OPEN, settledBillStatus, settledCreditStatus } from './bill.domain.ts';
import { type Bill, type BillRow, loadBill, lockBills } from './bill.repo.ts';
import { bill, billAllocation, billPayment } from './bill.table.ts';
import { payableAccount, SOURCE } from './bill-posting.service.ts';
import { billNotFound, billState, overpayment, paymentNotFound } from './errors.ts';
import { recordChange, today } from './purchasing.kit.ts';
import { getVendor } from './vendor.service.ts';

// Paying bills: the money leaves a bank or cash account and the payable is cleared at the
// payment's rate; each allocation releases the bill's carrying amount and the realized exchange
// difference is posted in the same entry. A payment is exactly what it allocates: paying more
// than a bill still owes is refused. Vendor credits settle bills the same way, without money.

export type BillPayment = typeof billPayment.$inferSelect & {
  allocations: (typeof billAllocation.$inferSelect)[];
};

export interface PaymentAllocation {
  billId: string;
  amount: number | bigint;
}

export interface BillPaymentInput {
  date: string;
  accountId: string;
  exchangeRate?: string;
  reference?: string | null;
  allocations: PaymentAllocation[];
}

export async function getBillPayment(q: Queryable, orgId: string, id: string): Promise<BillPayment> {
  const [row] = await q
    .select()
    .from(billPayment)
    .where(and(eq(billPayment.orgId, orgId), eq(billPayment.id, id)));
  if (!row) throw paymentNotFound(id);
  const allocations = await q
    .select()
    .from(billAllocation)
    .where(and(eq(billAllocation.orgId, orgId), eq(billAllocation.paymentId, id)))
    .orderBy(asc(billAllocation.id));
  return { ...row, allocations };
}

export async function listBillPayments(
  q: Queryable,
  orgId: string,
  page: { limit: number; cursor?: string; vendorId?: string },
): Promise<{ items: BillPayment[]; nextCursor: string | null }> {
  const rows = await q
    .select()
    .from(billPayment)
    .where(
      and(
        eq(billPayment.orgId, orgId),
        page.vendorId ? eq(billPayment.vendorId, page.vendorId) : undefined,
        page.cursor ? sql`${billPayment.id} < ${page.cursor}` : undefined,
      ),
    )
    .orderBy(desc(billPayment.id))
    .limit(page.limit + 1);
  const shown = rows.slice(0, page.limit);
  const allocations = shown.length
    ? await q
        .select()
        .from(billAllocation)
        .where(
          and(
            eq(billAllocation.orgId, orgId),
            inArray(
              billAllocation.paymentId,
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

/**
 * The carrying base already released by earlier allocations: a bill's is each allocation's
 * `carrying_base_amount`; a vendor credit's is what it settled at its own rate, their
 * `settlement_base_amount`.
 */
async function releasedBase(q: Queryable, orgId: string, side: 'bill' | 'credit', id: string) {
  const row = await queryOne<{ base: string }>(
    q,
    side === 'bill'
      ? sql`select coalesce(sum(carrying_base_amount), 0)::text as base from bill_allocation
          where org_id = ${orgId} and bill_id = ${id}`
      : sql`select coalesce(sum(settlement_base_amount), 0)::text as base from bill_allocation
          where org_id = ${orgId} and credit_id = ${id}`,
  );
  return BigInt(row?.base ?? '0');
}

/** The accounts a settlement posts to, looked up once per payment or credit application. */
interface SettlementAccounts {
  base: string;
  payableId: string;
  /** Exchange gain/loss; only looked up (and needed) for a bill in another currency than the books'. */
  fxId: string | null;
}

async function settlementAccounts(
  tx: Tx,
  orgId: string,
  base: string,
  currency: string,
): Promise<SettlementAccounts> {
  const payableId = (await payableAccount(tx, orgId)).id;
  const fxId = currency === base ? null : (await fxAccount(tx, orgId)).id;
  return { base, payableId, fxId };
}

/**
 * Records one allocation against a locked bill and moves its status; returns the allocation's id
 * and the exchange difference lines (payable against gain/loss) for the caller's entry.
 */
async function settleBill(
  tx: Tx,
  actor: Actor,
  b: BillRow,
  s: {
    amount: bigint;
    date: string;
    paymentId?: string;
    creditId?: string;
    settlementBase: bigint;
    field: string;
  },
  accounts: SettlementAccounts,
): Promise<{ allocationId: string; fxLines: JournalLineInput[] }> {
  if (b.type !== 'bill' || !OPEN.includes(b.status))
    throw billState(b.status, 'only an approved bill with something still to pay can be paid', s.field);
  if (s.date < b.billDate)
    throw new AppError(
      'unprocessable',
      'PAID_BEFORE_BILL_DATE',
      `The bill is dated ${b.billDate}; it cannot be settled before.`,
      {
        field: 'date',
      },
    );
  const open = b.taxInclusiveAmount - b.paidAmount - b.creditedAmount;
  if (s.amount > open) throw overpayment(s.field, open);
  if (s.amount <= 0n)
    throw new AppError('invalid', 'INVALID_AMOUNT', 'Pay an amount above zero.', { field: s.field });
  const carrying = portion(
    s.amount,
    b.taxInclusiveAmount,
    b.baseAmount ?? 0n,
    b.paidAmount + b.creditedAmount,
    await releasedBase(tx, actor.orgId, 'bill', b.id),
  );
  const allocationId = newId('bal');
  await tx.insert(billAllocation).values({
    orgId: actor.orgId,
    id: allocationId,
    billId: b.id,
    paymentId: s.paymentId ?? null,
    creditId: s.creditId ?? null,
    date: s.date,
    amount: s.amount,
    carryingBaseAmount: carrying,
    settlementBaseAmount: s.settlementBase,
  });
  const paid = b.paidAmount + (s.paymentId ? s.amount : 0n);
  const credited = b.creditedAmount + (s.creditId ? s.amount : 0n);
  const status = settledBillStatus(b.status, b.taxInclusiveAmount, paid, credited);
  await tx
    .update(bill)
    .set({ paidAmount: paid, creditedAmount: credited, status, updatedAt: new Date() })
    .where(and(eq(bill.orgId, actor.orgId), eq(bill.id, b.id)));
  Object.assign(b, { paidAmount: paid, creditedAmount: credited, status });
  if (accounts.fxId === null) return { allocationId, fxLines: [] };
  // The payable was credited: carrying and settlement are signed as its lines are (negative).
  const fxLines = fxDifferenceLines(
    { accountId: accounts.payableId, carryingBaseAmount: -carrying, settlementBaseAmount: -s.settlementBase },
    accounts.fxId,
    accounts.base,
  );
  return { allocationId, fxLines };
}

/**
 * Pays one vendor's bills from a bank or cash account: one payment, one entry (bank against the
 * payable at the payment's rate, with realized exchange differences), an allocation per bill.
 */
export async function payBills(tx: Tx, actor: Actor, input: BillPaymentInput): Promise<BillPayment> {
  assertCan(actor, 'bill:pay');
  const orgId = actor.orgId;
  if (input.allocations.length === 0)
    throw new AppError('invalid', 'NO_ALLOCATIONS', 'Name at least one bill to pay.', {
      field: 'allocations',
    });
  await requireMoneyAccount(tx, orgId, input.accountId);
  await checkOpenPeriod(tx, actor, input.date);
  const bills = await lockBills(
    tx,
    orgId,
    input.allocations.map((a) => a.billId),
  );
  const rows = input.allocations.map((a, i) => {
    const b = bills.get(a.billId);
    if (b?.type !== 'bill')
      throw new AppError('invalid', 'BILL_NOT_FOUND', `No bill with id ${a.billId}.`, {
        field: `allocations.${i}.billId`,
      });
    const amount = BigInt(a.amount);
    if (amount <= 0n)
      throw new AppError('invalid', 'INVALID_AMOUNT', 'Pay an amount above zero.', {
        field: `allocations.${i}.amount`,
      });
    return { b, amount, field: `allocations.${i}.amount` };
  });
  const first = rows[0]!.b;
  for (const [i, r] of rows.entries()) {
    if (r.b.vendorId !== first.vendorId)
      throw new AppError('unprocessable', 'VENDOR_MISMATCH', 'One payment pays one vendor’s bills.', {
        field: `allocations.${i}.billId`,
      });
    if (r.b.currency !== first.currency)
      throw new AppError(
        'unprocessable',
        'CURRENCY_MISMATCH',
        `One payment is in one currency (${first.currency}).`,
        {
          field: `allocations.${i}.billId`,
        },
      );
  }
  const currency = first.currency;
  const base = await baseCurrencyOf(tx, orgId);
  const rate = await rateFor(tx, orgId, currency, base, input.date, input.exchangeRate);
  const accounts = await settlementAccounts(tx, orgId, base, currency);
  const amount = rows.reduce((sum, r) => sum + r.amount, 0n);
  const baseAmount = toBase(amount, currency, base, rate);
  const id = newId('bpy');
  const vendor = await getVendor(tx, orgId, first.vendorId);
  let usedBase = 0n;
  let usedAmount = 0n;
  const fxLines: JournalLineInput[] = [];
  // The payment row first (the allocations refer to it); its entry id follows once posted.
  await tx.insert(billPayment).values({
    orgId,
    id,
    vendorId: vendor.id,
    date: input.date,
    currency,
    amount,
    exchangeRate: currency === base ? null : rate,
    baseAmount,
    accountId: input.accountId,
    reference: input.reference?.trim() || null,
    journalEntryId: null,
    createdBy: actor.id,
  });
  for (const r of rows) {
    const settlementBase = portion(r.amount, amount, baseAmount, usedAmount, usedBase);
    usedAmount += r.amount;
    usedBase += settlementBase;
    const settled = await settleBill(
      tx,
      actor,
      r.b,
      { amount: r.amount, date: input.date, paymentId: id, settlementBase, field: r.field },
      accounts,
    );
    fxLines.push(...settled.fxLines);
  }
  const entry = await postJournal(tx, actor, {
    date: input.date,
    description: `Payment to ${vendor.name}`.slice(0, 500),
    payee: vendor.name.slice(0, 200),
    code: input.reference?.trim().slice(0, 50) || null,
    source: { type: 'purchasing.bill_payment', id },
    lines: [
      {
        accountId: accounts.payableId,
        amount,
        currency,
        rate,
        memo: rows
          .map((r) => r.b.number)
          .join(', ')
          .slice(0, 500),
      },
      {
        accountId: input.accountId,
        amount: -amount,
        currency,
        rate,
        memo: `Payment to ${vendor.name}`.slice(0, 500),
      },
      ...fxLines,
    ],
  });
  await tx
    .update(billPayment)
    .set({ journalEntryId: entry.id })
    .where(and(eq(billPayment.orgId, orgId), eq(billPayment.id, id)));
  await tx
    .update(billAllocation)
    .set({ journalEntryId: entry.id })
    .where(and(eq(billAllocation.orgId, orgId), eq(billAllocation.paymentId, id)));
  const payment = await getBillPayment(tx, orgId, id);
  await recordChange(
    tx,
    actor,
    { entity: 'bill_payment', entityId: id, action: 'create', after: payment },
    'bill_payment.created',
    { vendorId: vendor.id, amount: amount.toString(), currency, journalEntryId: entry.id },
  );
  for (const r of rows)
    await recordChange(
      tx,
      actor,
      {
        entity: 'bill',
        entityId: r.b.id,
        action: 'pay',
        after: { paymentId: id, amount: r.amount, status: r.b.status },
      },
      r.b.status === 'paid' ? 'bill.paid' : 'bill.partially_paid',
      { paymentId: id, amount: r.amount.toString() },
    );
  return payment;
}

/** Pays one bill: what is still open unless `amount` says less. */
export async function payBill(
  tx: Tx,
  actor: Actor,
  billId: string,
  input: Partial<Omit<BillPaymentInput, 'allocations'>> & { amount?: number | bigint },
): Promise<BillPayment> {
  assertCan(actor, 'bill:pay');
  const b = await loadBill(tx, actor.orgId, 'bill', billId);
  if (!input.accountId)
    throw new AppError(
      'invalid',
      'ACCOUNT_REQUIRED',
      'Choose the bank or cash account the bill is paid from.',
      {
        field: 'accountId',
      },
    );
  const amount = input.amount ?? b.taxInclusiveAmount - b.paidAmount - b.creditedAmount;
  const { amount: _, accountId, date, ...rest } = input;
  try {
    return await payBills(tx, actor, {
      ...rest,
      accountId,
      date: date ?? today(),
      allocations: [{ billId, amount }],
    });
  } catch (error) {
    // One bill: its allocation's fields are the request's own.
    if (error instanceof AppError && typeof error.details.field === 'string')
      error.details.field = error.details.field.replace(/^allocations\.0\./, '');
    throw error;
  }
}

/**
 * Applies part of an approved vendor credit to a bill of the same vendor and currency on `date`
 * (default: the later of the two documents' dates), with the exchange difference between the two
 * carrying amounts posted when the currency is not the books'.
 */
export async function applyVendorCredit(
  tx: Tx,
  actor: Actor,
  creditId: string,
  input: { billId?: string; amount?: number | bigint; date?: string },
): Promise<Bill> {
  assertCan(actor, 'bill:pay');
  const orgId = actor.orgId;
  const billId = input.billId;
  const locked = await lockBills(tx, orgId, billId ? [creditId, billId] : [creditId]);
  const credit = locked.get(creditId);
  if (credit?.type !== 'vendor_credit') throw billNotFound('vendor_credit', creditId);
  if (!billId)
    throw new AppError('invalid', 'BILL_REQUIRED', 'Name the bill the credit settles.', { field: 'billId' });
  const target = locked.get(billId);
  if (target?.type !== 'bill')
    throw new AppError('invalid', 'BILL_NOT_FOUND', `No bill with id ${billId}.`, { field: 'billId' });
  if (credit.status !== 'approved')
    throw billState(credit.status, 'only an approved vendor credit with something left can be applied');
  if (credit.vendorId !== target.vendorId || credit.currency !== target.currency)
    throw new AppError(
      'unprocessable',
      'CREDIT_MISMATCH',
      'A vendor credit applies to a bill of the same vendor in the same currency.',
      {
        field: 'billId',
      },
    );
  const left = credit.taxInclusiveAmount - credit.paidAmount;
  const open = target.taxInclusiveAmount - target.paidAmount - target.creditedAmount;
  const amount = input.amount === undefined ? (left < open ? left : open) : BigInt(input.amount);
  if (amount > left) throw overpayment('amount', left);
  const date = input.date ?? (credit.billDate > target.billDate ? credit.billDate : target.billDate);
  await checkOpenPeriod(tx, actor, date);
  if (date < credit.billDate)
    throw new AppError('unprocessable', 'PAID_BEFORE_BILL_DATE', `The credit is dated ${credit.billDate}.`, {
      field: 'date',
    });
  const accounts = await settlementAccounts(tx, orgId, await baseCurrencyOf(tx, orgId), credit.currency);
  const creditCarrying = portion(
    amount,
    credit.taxInclusiveAmount,
    credit.baseAmount ?? 0n,
    credit.paidAmount,
    await releasedBase(tx, orgId, 'credit', credit.id),
  );
  const { allocationId, fxLines } = await settleBill(
    tx,
    actor,
    target,
    { amount, date, creditId, settlementBase: creditCarrying, field: 'amount' },
    accounts,
  );
  const applied = credit.paidAmount + amount;
  await tx
    .update(bill)
    .set({
      paidAmount: applied,
      status: settledCreditStatus(credit.taxInclusiveAmount, applied),
      updatedAt: new Date(),
    })
    .where(and(eq(bill.orgId, orgId), eq(bill.id, creditId)));
  const entryId = await postFxLines(
    tx,
    actor,
    fxLines,
    date,
    { type: SOURCE.vendor_credit, id: creditId },
    `Exchange difference, vendor credit ${credit.number}`,
  );
  // This application's allocation only: an earlier one of the same credit to the same bill keeps its entry.
  if (entryId)
    await tx
      .update(billAllocation)
      .set({ journalEntryId: entryId })
      .where(and(eq(billAllocation.orgId, orgId), eq(billAllocation.id, allocationId)));
  await recordChange(
    tx,
    actor,
    {
      entity: 'vendor_credit',
      entityId: creditId,
      action: 'apply',
      after: { billId: target.id, amount, status: target.status },
    },
    'vendor_credit.applied',
    { billId: target.id, amount: amount.toString() },
  );
  return loadBill(tx, orgId, 'vendor_credit', creditId);
}
