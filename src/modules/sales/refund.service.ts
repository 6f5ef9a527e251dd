import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Tx } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import { fxDifferenceLines, postJournal } from '../ledger/index.ts';
import { getCustomer } from './customer.service.ts';
import { overAllocation } from './errors.ts';
import { getPayment, type Payment, usedBase } from './payment.service.ts';
import { recordChange, today } from './sales.kit.ts';
import { salesPayment } from './sales.table.ts';
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

// Refunds of a customer's unapplied credit: the money leaves the bank at the refund's rate and the
// credit leaves the receivable at the payment's, the difference realized.

/**
 * Pays back unapplied credit: the bank is credited at the refund's rate, the receivable debited at
 * the payment's, the difference realized. The refund is its own payment row (`kind` refund).
 */
export async function refundPayment(
  tx: Tx,
  actor: Actor,
  id: string,
  input: {
    date?: string;
    amount?: number | bigint;
    accountId?: string;
    exchangeRate?: string;
    reference?: string | null;
  },
): Promise<Payment> {
  assertCan(actor, 'payment:write');
  const orgId = actor.orgId;
  const payment = await getPayment(tx, orgId, id, true);
  if (payment.kind !== 'payment')
    throw new AppError('conflict', 'NOT_A_PAYMENT', 'A refund cannot be refunded.');
  const date = input.date ?? today();
  if (date < payment.date)
    throw new AppError('invalid', 'DATE_BEFORE_PAYMENT', `The payment was received on ${payment.date}.`, {
      field: 'date',
    });
  await checkOpenPeriod(tx, actor, date);
  const left = payment.amount - payment.appliedAmount;
  const amount = input.amount === undefined ? left : BigInt(input.amount);
  if (amount <= 0n || amount > left) throw overAllocation('amount', left);
  const accountId = input.accountId ?? payment.accountId;
  if (input.accountId) await requireMoneyAccount(tx, orgId, accountId);
  const base = await baseCurrencyOf(tx, orgId);
  const rate = await rateFor(tx, orgId, payment.currency, base, date, input.exchangeRate);
  const refundBase = toBase(amount, payment.currency, base, rate);
  const carrying = portion(
    amount,
    payment.amount,
    payment.baseAmount,
    payment.appliedAmount,
    await usedBase(tx, orgId, id),
  );
  const receivable = await receivableAccount(tx, orgId);
  const customer = await getCustomer(tx, orgId, payment.customerId);
  const fx =
    payment.currency === base
      ? []
      : fxDifferenceLines(
          { accountId: receivable.id, carryingBaseAmount: refundBase, settlementBaseAmount: carrying },
          (await fxAccount(tx, orgId)).id,
          base,
        );
  const refundId = newId('pay');
  const entry = await postJournal(tx, actor, {
    date,
    description: `Refund to ${customer.name}`.slice(0, 500),
    payee: customer.name.slice(0, 200),
    source: { type: 'sales.payment', id: refundId },
    lines: [
      {
        accountId: receivable.id,
        amount,
        currency: payment.currency,
        rate,
        baseAmount: refundBase,
        memo: 'Refund of credit',
      },
      {
        accountId,
        amount: -amount,
        currency: payment.currency,
        rate,
        baseAmount: -refundBase,
        memo: 'Refund paid',
      },
      ...fx,
    ],
  });
  await tx.insert(salesPayment).values({
    orgId,
    id: refundId,
    kind: 'refund',
    customerId: payment.customerId,
    date,
    currency: payment.currency,
    amount,
    exchangeRate: payment.currency === base ? null : rate,
    baseAmount: refundBase,
    accountId,
    reference: input.reference || null,
    appliedAmount: amount,
    refundOfId: id,
    carryingBaseAmount: carrying,
    journalEntryId: entry.id,
    createdBy: actor.id,
  });
  await tx
    .update(salesPayment)
    .set({ appliedAmount: payment.appliedAmount + amount })
    .where(and(eq(salesPayment.orgId, orgId), eq(salesPayment.id, id)));
  const refund = await getPayment(tx, orgId, refundId);
  await recordChange(
    tx,
    actor,
    { entity: 'payment', entityId: refundId, action: 'refund', after: refund },
    'payment.refunded',
    {
      paymentId: id,
      amount: amount.toString(),
    },
  );
  return refund;
}
