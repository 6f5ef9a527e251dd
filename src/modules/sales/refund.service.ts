import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { queryOne, type Tx } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import { accountForSubtype, fxDifferenceLines, postJournal } from '../ledger/index.ts';
import { getCustomer } from './customer.service.ts';
import { loadDocument } from './document.repo.ts';
import { overAllocation } from './errors.ts';
import { getPayment, type Payment, usedBase } from './payment.service.ts';
import { recordChange, today } from './sales.kit.ts';
import { salesAllocation, salesDocument, salesPayment } from './sales.table.ts';
import {
  baseCurrencyOf,
  checkOpenPeriod,
  fxAccount,
  portion,
  rateFor,
  receivableAccount,
  requireMoneyAccount,
  toBase,
} from './settlement.service.ts';

// Refunds of a customer's unapplied credit (from a payment or a credit note): the money leaves the
// bank at the refund's rate and the credit leaves the receivable at the rate it was booked at, the
// difference realized. Each refund is a payment row of kind `refund`.

export interface RefundInput {
  date?: string;
  amount?: number | bigint;
  accountId?: string;
  exchangeRate?: string;
  reference?: string | null;
}

interface Credit {
  customerId: string;
  currency: string;
  /** The credit's booked date, total, base amount, and what is used of both. */
  date: string;
  total: bigint;
  baseAmount: bigint;
  usedAmount: bigint;
  usedBase: bigint;
  accountId: string;
  source: { refundOfId: string } | { refundOfCreditNoteId: string };
}

/** Posts the refund and writes its row; the caller marks the credit used. */
async function postRefund(tx: Tx, actor: Actor, credit: Credit, input: RefundInput) {
  const orgId = actor.orgId;
  const date = input.date ?? today();
  if (date < credit.date)
    throw new AppError('invalid', 'REFUND_BEFORE_CREDIT', `The credit dates from ${credit.date}.`, {
      field: 'date',
    });
  await checkOpenPeriod(tx, actor, date);
  const left = credit.total - credit.usedAmount;
  const amount = input.amount === undefined ? left : BigInt(input.amount);
  if (amount <= 0n || amount > left) throw overAllocation('amount', left);
  const accountId = input.accountId ?? credit.accountId;
  await requireMoneyAccount(tx, orgId, accountId);
  const base = await baseCurrencyOf(tx, orgId);
  const rate = await rateFor(tx, orgId, credit.currency, base, date, input.exchangeRate);
  const refundBase = toBase(amount, credit.currency, base, rate);
  const carrying = portion(amount, credit.total, credit.baseAmount, credit.usedAmount, credit.usedBase);
  const receivable = await receivableAccount(tx, orgId);
  const customer = await getCustomer(tx, orgId, credit.customerId);
  const fx =
    credit.currency === base
      ? []
      : fxDifferenceLines(
          { accountId: receivable.id, carryingBaseAmount: refundBase, settlementBaseAmount: carrying },
          (await fxAccount(tx, orgId)).id,
          base,
        );
  const refundId = newId('pay');
  const currency = credit.currency;
  const entry = await postJournal(tx, actor, {
    date,
    description: `Refund to ${customer.name}`.slice(0, 500),
    payee: customer.name.slice(0, 200),
    source: { type: 'sales.payment', id: refundId },
    lines: [
      { accountId: receivable.id, amount, currency, rate, baseAmount: refundBase, memo: 'Refund of credit' },
      { accountId, amount: -amount, currency, rate, baseAmount: -refundBase, memo: 'Refund paid' },
      ...fx,
    ],
  });
  await tx.insert(salesPayment).values({
    orgId,
    id: refundId,
    kind: 'refund',
    customerId: credit.customerId,
    date,
    currency,
    amount,
    exchangeRate: currency === base ? null : rate,
    baseAmount: refundBase,
    accountId,
    reference: input.reference || null,
    appliedAmount: amount,
    ...credit.source,
    carryingBaseAmount: carrying,
    journalEntryId: entry.id,
    createdBy: actor.id,
  });
  const refund = await getPayment(tx, orgId, refundId);
  await recordChange(
    tx,
    actor,
    { entity: 'payment', entityId: refundId, action: 'refund', after: refund },
    'payment.refunded',
    { ...credit.source, amount: amount.toString() },
  );
  return refund;
}

/** Pays back what is left of a payment after its allocations (default: all of it). */
export async function refundPayment(tx: Tx, actor: Actor, id: string, input: RefundInput): Promise<Payment> {
  assertCan(actor, 'payment:write');
  const orgId = actor.orgId;
  const payment = await getPayment(tx, orgId, id, true);
  if (payment.kind !== 'payment')
    throw new AppError('conflict', 'NOT_A_PAYMENT', 'A refund cannot be refunded.');
  const refund = await postRefund(
    tx,
    actor,
    {
      customerId: payment.customerId,
      currency: payment.currency,
      date: payment.date,
      total: payment.amount,
      baseAmount: payment.baseAmount,
      usedAmount: payment.appliedAmount,
      usedBase: await usedBase(tx, orgId, id),
      accountId: payment.accountId,
      source: { refundOfId: id },
    },
    input,
  );
  await tx
    .update(salesPayment)
    .set({ appliedAmount: payment.appliedAmount + refund.amount })
    .where(and(eq(salesPayment.orgId, orgId), eq(salesPayment.id, id)));
  return refund;
}

/** The base amount of a credit note already released by allocations and refunds. */
export async function creditNoteUsedBase(tx: Tx, orgId: string, id: string): Promise<bigint> {
  const row = await queryOne<{ base: string }>(
    tx,
    sql`select (coalesce((select sum(settlement_base_amount) from ${salesAllocation} where org_id = ${orgId} and credit_note_id = ${id}), 0)
      + coalesce((select sum(carrying_base_amount) from ${salesPayment} where org_id = ${orgId} and refund_of_credit_note_id = ${id}), 0))::text as base`,
  );
  return BigInt(row?.base ?? '0');
}

/** Pays back what is left of a credit note's credit (default: all of it; default account: the first bank). */
export async function refundCreditNote(
  tx: Tx,
  actor: Actor,
  id: string,
  input: RefundInput,
): Promise<Payment> {
  assertCan(actor, 'payment:write');
  const orgId = actor.orgId;
  const note = await loadDocument(tx, orgId, 'credit_note', id, true);
  if (note.status !== 'issued' || note.taxInclusiveAmount - note.paidAmount <= 0n)
    throw new AppError(
      'conflict',
      'CREDIT_NOTE_NOT_OPEN',
      `The credit note is ${note.status}; it has no credit left.`,
      {
        status: note.status,
      },
    );
  const refund = await postRefund(
    tx,
    actor,
    {
      customerId: note.customerId,
      currency: note.currency,
      date: note.issueDate,
      total: note.taxInclusiveAmount,
      baseAmount: note.baseAmount ?? 0n,
      usedAmount: note.paidAmount,
      usedBase: await creditNoteUsedBase(tx, orgId, id),
      accountId: input.accountId ?? (await accountForSubtype(tx, orgId, 'bank', 'bank')).id,
      source: { refundOfCreditNoteId: id },
    },
    input,
  );
  const paid = note.paidAmount + refund.amount;
  await tx
    .update(salesDocument)
    .set({
      paidAmount: paid,
      status: paid === note.taxInclusiveAmount ? 'applied' : 'issued',
      updatedAt: new Date(),
    })
    .where(and(eq(salesDocument.orgId, orgId), eq(salesDocument.id, id)));
  return refund;
}
