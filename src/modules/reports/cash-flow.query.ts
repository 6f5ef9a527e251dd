import type { Queryable } from '../../db/client.ts';
import { type AccountSubtype, addDays, balancesAsOf, sumPostings } from '../ledger/index.ts';
import { cashFlowClass } from './cash-flow.domain.ts';
import { baseByAccount, reportContext } from './report.repo.ts';
import { byText, checkRange, type DateRange } from './statement.domain.ts';

/** One account's effect on cash over the range (base currency; positive brings cash in). */
export interface CashFlowLine {
  accountId: string;
  name: string;
  subtype: AccountSubtype;
  amount: bigint;
}

export interface CashFlowSection {
  lines: CashFlowLine[];
  total: bigint;
}

/** A cash or bank account's balance at the start and end of the range. */
export interface CashAccountLine {
  accountId: string;
  name: string;
  opening: bigint;
  closing: bigint;
  change: bigint;
}

export interface CashFlowStatement extends DateRange {
  baseCurrency: string | null;
  netIncome: bigint;
  operating: {
    /** Added back: expenses that used no cash (depreciation). */
    nonCash: CashFlowLine[];
    /** Changes in working capital: a receivable that grew used cash, a payable that grew kept it. */
    workingCapital: CashFlowLine[];
    /** Net income plus the adjustments. */
    total: bigint;
  };
  investing: CashFlowSection;
  financing: CashFlowSection;
  /** Operating + investing + financing. */
  netCashFlow: bigint;
  cash: { accounts: CashAccountLine[]; opening: bigint; closing: bigint; change: bigint };
  /** The net cash flow equals the change in cash (it always should: every entry balances). */
  reconciles: boolean;
}

/**
 * The cash flow statement for a range by the indirect method, in the base currency: net income,
 * adjusted for non-cash expenses and changes in working capital, then investing and financing;
 * it reconciles to the change in the bank and cash accounts. Closing entries are left out (they
 * move earnings within equity). Reads the rollups.
 */
export async function cashFlowStatement(
  q: Queryable,
  orgId: string,
  input: { from: string; to: string },
): Promise<CashFlowStatement> {
  const range = checkRange(input.from, input.to);
  const context = await reportContext(q, orgId);
  const changes = baseByAccount(await sumPostings(q, orgId, { ...range, excludeClosing: true }));
  const opening = baseByAccount(await balancesAsOf(q, orgId, addDays(range.from, -1)));
  const closing = baseByAccount(await balancesAsOf(q, orgId, range.to));

  let netIncome = 0n;
  const groups = { non_cash: [], operating: [], investing: [], financing: [] } as Record<
    'non_cash' | 'operating' | 'investing' | 'financing',
    CashFlowLine[]
  >;
  for (const [id, change] of changes) {
    const account = context.accounts.get(id);
    if (!account) continue;
    const kind = cashFlowClass(account.type, account.subtype);
    if (kind === undefined) netIncome -= change;
    else if (kind !== 'cash' && change !== 0n)
      groups[kind].push({ accountId: id, name: account.name, subtype: account.subtype, amount: -change });
  }
  for (const lines of Object.values(groups)) lines.sort((a, b) => byText(a.name, b.name));
  const sum = (lines: CashFlowLine[]) => lines.reduce((s, l) => s + l.amount, 0n);

  const cashAccounts: CashAccountLine[] = [...context.accounts.values()]
    .filter((a) => cashFlowClass(a.type, a.subtype) === 'cash')
    .map((a) => ({
      accountId: a.id,
      name: a.name,
      opening: opening.get(a.id) ?? 0n,
      closing: closing.get(a.id) ?? 0n,
      change: changes.get(a.id) ?? 0n,
    }))
    .filter((a) => a.opening !== 0n || a.closing !== 0n || a.change !== 0n)
    .sort((a, b) => byText(a.name, b.name));
  const cash = {
    accounts: cashAccounts,
    opening: cashAccounts.reduce((s, a) => s + a.opening, 0n),
    closing: cashAccounts.reduce((s, a) => s + a.closing, 0n),
    change: cashAccounts.reduce((s, a) => s + a.change, 0n),
  };

  const operatingTotal = netIncome + sum(groups.non_cash) + sum(groups.operating);
  const investing = { lines: groups.investing, total: sum(groups.investing) };
  const financing = { lines: groups.financing, total: sum(groups.financing) };
  const netCashFlow = operatingTotal + investing.total + financing.total;
  return {
    ...range,
    baseCurrency: context.baseCurrency,
    netIncome,
    operating: { nonCash: groups.non_cash, workingCapital: groups.operating, total: operatingTotal },
    investing,
    financing,
    netCashFlow,
    cash,
    reconciles: netCashFlow === cash.change && cash.closing - cash.opening === cash.change,
  };
}
