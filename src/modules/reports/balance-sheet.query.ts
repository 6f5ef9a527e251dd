import type { Queryable } from '../../db/client.ts';
import { fiscalYearContaining } from '../company/index.ts';
import { type AccountType, addDays, balancesAsOf, sumPostings } from '../ledger/index.ts';
import { baseByAccount, type ReportContext, reportContext } from './report.repo.ts';
import { accountTree, checkDate, type DateRange, type TreeRow } from './statement.domain.ts';

export interface BalanceSheetInput {
  asOf: string;
  /** A second date to show beside it (e.g. a year earlier). */
  compareAsOf?: string;
}

export interface BalanceSheetSection {
  /** Figures with the section's natural sign: assets as debits, liabilities and equity as credits, positive. */
  rows: TreeRow[];
  total: bigint[];
}

export interface BalanceSheet {
  /** The dates of the figure columns: `asOf`, then `compareAsOf` when given. */
  dates: string[];
  baseCurrency: string | null;
  assets: BalanceSheetSection;
  liabilities: BalanceSheetSection;
  /** Equity accounts, plus the earnings lines below; the total includes them. */
  equity: BalanceSheetSection;
  /** Income less expenses from the start of the fiscal year to the date, not yet closed to equity. */
  currentYearEarnings: bigint[];
  /** The fiscal year of each date: where the current-year earnings come from (for drill-down). */
  currentYears: DateRange[];
  /** Income less expenses of earlier years never closed (zero once every earlier year is closed). */
  priorYearsEarnings: bigint[];
  liabilitiesAndEquity: bigint[];
  /** Assets less liabilities and equity: zero when the books balance. */
  difference: bigint[];
  balanced: boolean;
}

const sign = (type: AccountType) => (type === 'asset' ? 1n : -1n);

/**
 * The balance sheet at the end of `asOf` (and optionally of `compareAsOf`), in the base currency:
 * assets, liabilities and equity by account hierarchy, with the year's unclosed earnings as their
 * own equity line so that assets equal liabilities plus equity. Reads the rollups.
 */
export async function balanceSheet(
  q: Queryable,
  orgId: string,
  input: BalanceSheetInput,
): Promise<BalanceSheet> {
  const dates = [checkDate(input.asOf, 'asOf')];
  if (input.compareAsOf !== undefined) dates.push(checkDate(input.compareAsOf, 'compareAsOf'));
  const context = await reportContext(q, orgId);
  const balances: Map<string, bigint>[] = [];
  const currentYearEarnings: bigint[] = [];
  const priorYearsEarnings: bigint[] = [];
  const currentYears: DateRange[] = [];
  const isProfitAndLoss = (id: string) => {
    const type = context.accounts.get(id)?.type;
    return type === 'income' || type === 'expense';
  };
  for (const date of dates) {
    balances.push(baseByAccount(await balancesAsOf(q, orgId, date)));
    const year = fiscalYearContaining(date, context.fiscalYearStart);
    currentYears.push({ from: year.start, to: date });
    const sumOf = (m: Map<string, bigint>) => [...m.values()].reduce((s, v) => s + v, 0n);
    // Closing entries count here: once a year is closed its earnings sit in retained earnings.
    const thisYear = baseByAccount(
      await sumPostings(q, orgId, { from: year.start, to: date }),
      isProfitAndLoss,
    );
    const before = baseByAccount(await balancesAsOf(q, orgId, addDays(year.start, -1)), isProfitAndLoss);
    currentYearEarnings.push(-sumOf(thisYear));
    priorYearsEarnings.push(-sumOf(before));
  }
  const section = (type: AccountType) => sectionOf(context, balances, type);
  const assets = section('asset');
  const liabilities = section('liability');
  const equityAccounts = section('equity');
  const equity = {
    rows: equityAccounts.rows,
    total: equityAccounts.total.map((v, i) => v + currentYearEarnings[i]! + priorYearsEarnings[i]!),
  };
  const liabilitiesAndEquity = liabilities.total.map((v, i) => v + equity.total[i]!);
  const difference = assets.total.map((v, i) => v - liabilitiesAndEquity[i]!);
  return {
    dates,
    baseCurrency: context.baseCurrency,
    assets,
    liabilities,
    equity,
    currentYearEarnings,
    currentYears,
    priorYearsEarnings,
    liabilitiesAndEquity,
    difference,
    balanced: difference.every((d) => d === 0n),
  };
}

function sectionOf(context: ReportContext, balances: Map<string, bigint>[], type: AccountType) {
  const ids = new Set(balances.flatMap((m) => [...m.keys()]));
  const figures = [...ids]
    .map((id) => context.accounts.get(id))
    .filter((a) => a?.type === type)
    .map((a) => ({
      accountId: a!.id,
      name: a!.name,
      figures: balances.map((m) => sign(type) * (m.get(a!.id) ?? 0n)),
    }));
  const width = balances.length;
  return {
    rows: accountTree(figures, width),
    total: Array.from({ length: width }, (_, c) => figures.reduce((s, f) => s + f.figures[c]!, 0n)),
  };
}
