import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { accountForSubtype, type JournalLineInput, postJournal } from '../ledger/index.ts';
import { baseCurrencyOf, rateFor, toBase } from '../sales/settlement.service.ts';
import type { Bill, BillType } from './bill.repo.ts';
import { billTotals } from './bill.service.ts';
import { bill } from './bill.table.ts';
import { inputTaxAccount } from './settings.service.ts';
import { getVendor } from './vendor.service.ts';

// Posting an approved bill: the payable (credit, tax inclusive) against each line's expense
// account (net) and input tax per rate, at the bill date's rate. A vendor credit posts the
// opposite. The bill's base-currency carrying amount is kept for its payments' exchange differences.

export const SOURCE = { bill: 'purchasing.bill', vendor_credit: 'purchasing.vendor_credit' } as const;

export const payableAccount = (q: Queryable, orgId: string) =>
  accountForSubtype(q, orgId, 'payable', 'accounts payable');

/** The rate of the bill's currency on its date (the bill's own, else the rate table's). */
export async function billRate(
  q: Queryable,
  orgId: string,
  b: Pick<Bill, 'currency' | 'billDate' | 'exchangeRate'>,
) {
  const base = await baseCurrencyOf(q, orgId);
  const rate = await rateFor(q, orgId, b.currency, base, b.billDate, b.exchangeRate ?? undefined);
  return { base, rate };
}

/** The bill's tax-inclusive total in the base currency, for the approval rules. */
export async function baseTotalOf(q: Queryable, orgId: string, b: Bill): Promise<bigint> {
  const { base, rate } = await billRate(q, orgId, b);
  return toBase(b.taxInclusiveAmount, b.currency, base, rate);
}

/** Posts the bill (numbered `number`, a number the caller took before auditing) and marks it approved. */
export async function postBill(tx: Tx, actor: Actor, b: Bill, number: string): Promise<string> {
  const orgId = actor.orgId;
  const { rate } = await billRate(tx, orgId, b);
  const totals = billTotals(b, b.lines);
  const vendor = await getVendor(tx, orgId, b.vendorId);
  const sign = b.type === 'bill' ? 1n : -1n;
  const lines: JournalLineInput[] = [];
  const add = (accountId: string, amount: bigint, memo: string) => {
    if (amount === 0n) return;
    const same = lines.find((l) => l.accountId === accountId && l.memo === memo);
    if (same) same.amount += amount;
    else lines.push({ accountId, amount, currency: b.currency, rate, memo });
  };
  const payable = await payableAccount(tx, orgId);
  add(payable.id, -sign * totals.taxInclusiveAmount, `${number} ${vendor.name}`.slice(0, 500));
  for (const [i, l] of b.lines.entries())
    add(l.accountId, sign * totals.lines[i]!.taxableAmount, l.name.slice(0, 500));
  let taxAccount: string | undefined;
  for (const group of totals.groups) {
    if (group.taxAmount === 0n) continue;
    taxAccount ??= await inputTaxAccount(tx, orgId);
    const row = b.taxBreakdown.find((r) => r.taxRateId === group.taxKey);
    add(
      taxAccount,
      sign * group.taxAmount,
      `Input tax ${row ? `${row.category} ${row.percent}%` : ''}`.trim(),
    );
  }
  const entry = await postJournal(tx, actor, {
    date: b.billDate,
    description: `${b.type === 'bill' ? 'Bill' : 'Vendor credit'} ${number}${b.vendorNumber ? ` (${b.vendorNumber})` : ''}`,
    payee: vendor.name.slice(0, 200),
    code: number,
    source: { type: SOURCE[b.type as BillType], id: b.id },
    lines,
  });
  // The payable's line: its base amount is what the bill carries (positive for a bill).
  const baseAmount = -sign * (entry.lines[0]!.baseAmount ?? 0n);
  await tx
    .update(bill)
    .set({
      status: 'approved',
      number,
      lineExtensionAmount: totals.lineExtensionAmount,
      taxExclusiveAmount: totals.taxExclusiveAmount,
      taxAmount: totals.taxAmount,
      taxInclusiveAmount: totals.taxInclusiveAmount,
      baseAmount,
      exchangeRate: rate,
      journalEntryId: entry.id,
      approvedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(and(eq(bill.orgId, orgId), eq(bill.id, b.id)));
  return entry.id;
}
