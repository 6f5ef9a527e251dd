import type { Queryable } from '../../db/client.ts';
import { type AccountType, balancesAsOf } from '../ledger/index.ts';
import { reportContext } from './report.repo.ts';
import { byText, checkDate } from './statement.domain.ts';

/** One account in one currency on the trial balance. */
export interface TrialBalanceRow {
  accountId: string;
  accountName: string;
  accountCode: string | null;
  accountType: AccountType;
  currency: string;
  /** Minor units of `currency`: the balance when it is a debit, else 0. */
  debit: bigint;
  /** Minor units of `currency`: the balance when it is a credit (as a positive figure), else 0. */
  credit: bigint;
  /** Debit positive, credit negative, minor units of `currency`. */
  balance: bigint;
  /** The balance in the base currency (its base amounts' sum). */
  baseBalance: bigint;
}

export interface TrialBalanceTotals {
  debit: bigint;
  credit: bigint;
  /** Debits minus credits: zero on honest books. */
  balance: bigint;
}

export interface TrialBalance {
  asOf: string;
  baseCurrency: string | null;
  /** By account name, then currency; only balances that are not zero (in the currency or the base). */
  rows: TrialBalanceRow[];
  /** Per currency, in that currency's minor units. */
  totals: (TrialBalanceTotals & { currency: string })[];
  /** Every row's base balance: debits, credits and their difference in the base currency. */
  baseTotals: TrialBalanceTotals;
}

const split = (balance: bigint) => ({
  debit: balance > 0n ? balance : 0n,
  credit: balance < 0n ? -balance : 0n,
});

/**
 * The trial balance at the end of `asOf`: every account's balance per currency, read from the
 * monthly rollups, with debit and credit totals per currency and in the base currency. Closing
 * entries count (it is the books as they stand).
 */
export async function trialBalance(
  q: Queryable,
  orgId: string,
  input: { asOf: string },
): Promise<TrialBalance> {
  const asOf = checkDate(input.asOf, 'asOf');
  const context = await reportContext(q, orgId);
  const rows: TrialBalanceRow[] = [];
  for (const b of await balancesAsOf(q, orgId, asOf)) {
    if (b.amount === 0n && b.baseAmount === 0n) continue;
    const account = context.accounts.get(b.accountId);
    if (!account) continue;
    rows.push({
      accountId: account.id,
      accountName: account.name,
      accountCode: account.code,
      accountType: account.type,
      currency: b.currency,
      ...split(b.amount),
      balance: b.amount,
      baseBalance: b.baseAmount,
    });
  }
  rows.sort((a, b) => byText(a.accountName, b.accountName) || byText(a.currency, b.currency));
  const byCurrency = new Map<string, TrialBalanceTotals>();
  const baseTotals: TrialBalanceTotals = { debit: 0n, credit: 0n, balance: 0n };
  for (const row of rows) {
    const totals = byCurrency.get(row.currency) ?? { debit: 0n, credit: 0n, balance: 0n };
    totals.debit += row.debit;
    totals.credit += row.credit;
    totals.balance += row.balance;
    byCurrency.set(row.currency, totals);
    const base = split(row.baseBalance);
    baseTotals.debit += base.debit;
    baseTotals.credit += base.credit;
    baseTotals.balance += row.baseBalance;
  }
  return {
    asOf,
    baseCurrency: context.baseCurrency,
    rows,
    totals: [...byCurrency.entries()]
      .sort(([a], [b]) => byText(a, b))
      .map(([currency, totals]) => ({ currency, ...totals })),
    baseTotals,
  };
}
