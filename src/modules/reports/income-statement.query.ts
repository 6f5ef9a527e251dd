import type { Queryable } from '../../db/client.ts';
import {
  type AccountBalance,
  type AccountSubtype,
  type AccountType,
  sumPostingsOver,
} from '../ledger/index.ts';
import { baseByAccount, type ReportContext, reportContext } from './report.repo.ts';
import {
  accountTree,
  byText,
  COLUMN_KINDS,
  COMPARISONS,
  type ColumnKind,
  type Comparison,
  checkChoice,
  checkRange,
  columnsOf,
  comparisonRange,
  type DateRange,
  type TreeRow,
} from './statement.domain.ts';

export interface IncomeStatementInput {
  /** Inclusive business dates. */
  from: string;
  to: string;
  /** Default `total`. */
  columns?: ColumnKind;
  /** Default `none`. */
  compare?: Comparison;
}

/** A column of figures: a period, the range's total, the comparison period, or the change from it. */
export interface StatementColumn {
  label: string;
  role: 'period' | 'total' | 'comparison' | 'change';
  /** The dates the figures cover; null for the change column. */
  from: string | null;
  to: string | null;
}

export interface StatementSection {
  /** Figures shown with the section's natural sign: income and expenses both positive. */
  rows: TreeRow[];
  total: bigint[];
}

/** One account's movement in one currency over the whole range, signed as the books (and hledger) sign it. */
export interface CurrencyMovement {
  accountId: string;
  accountName: string;
  accountType: AccountType;
  currency: string;
  /** Debit positive, credit negative: income negative, expenses positive. */
  amount: bigint;
  baseAmount: bigint;
}

export interface IncomeStatement extends DateRange {
  baseCurrency: string | null;
  columns: StatementColumn[];
  comparison: DateRange | null;
  income: StatementSection;
  expenses: StatementSection;
  /** Cost of sales (expense accounts of subtype `cost_of_sales`), per column. */
  costOfSales: bigint[];
  /** Income less cost of sales, per column. */
  grossProfit: bigint[];
  /** Income less expenses, per column. */
  netIncome: bigint[];
  /** Per account and currency over the range (no columns), accounts with a movement only. */
  movements: CurrencyMovement[];
}

const isIncome = (type: AccountType) => type === 'income';
const isProfitAndLoss = (type: AccountType) => type === 'income' || type === 'expense';

/**
 * The income statement (profit and loss) for a range, in the base currency: income and expenses by
 * account hierarchy with subtotals, per month, quarter or year (of the fiscal year) and in total,
 * optionally beside the prior period or the same period a year earlier. Year-end closing entries are
 * left out, so a closed year still shows its figures. Reads the rollups: O(accounts × columns).
 */
export async function incomeStatement(
  q: Queryable,
  orgId: string,
  input: IncomeStatementInput,
): Promise<IncomeStatement> {
  const range = checkRange(input.from, input.to);
  const kind = checkChoice(input.columns ?? 'total', 'columns', COLUMN_KINDS);
  const compare = checkChoice(input.compare ?? 'none', 'compare', COMPARISONS);
  const context = await reportContext(q, orgId);
  const periods = columnsOf(range, kind, context.fiscalYearStart);
  const comparison = comparisonRange(range, compare);

  // Every column, the total and the comparison in one statement: one round trip however many columns.
  const ranges: DateRange[] = [
    range,
    ...(periods.length > 1 ? periods : []),
    ...(comparison ? [comparison] : []),
  ];
  const sums = await sumPostingsOver(
    q,
    orgId,
    ranges.map((r) => ({ ...r, excludeClosing: true })),
  );
  const whole = sums[0]!;
  const perPeriod = periods.length > 1 ? sums.slice(1, 1 + periods.length) : [whole];
  const compared = comparison ? sums.at(-1) : undefined;

  const columns: StatementColumn[] = periods.map((p) => ({ ...p, role: 'period' }));
  const figureSets: AccountBalance[][] = [...perPeriod];
  if (periods.length > 1) {
    columns.push({ label: 'Total', role: 'total', from: range.from, to: range.to });
    figureSets.push(whole);
  }
  if (comparison && compared) {
    const label = compare === 'prior-year' ? 'Prior year' : 'Prior period';
    columns.push({ label, role: 'comparison', ...comparison });
    figureSets.push(compared);
  }

  const section = (wanted: (type: AccountType) => boolean) =>
    buildSection(context, figureSets, wanted, comparison !== undefined);
  const income = section(isIncome);
  const expenses = section((t) => t === 'expense');
  if (comparison) columns.push({ label: 'Change', role: 'change', from: null, to: null });
  const netIncome = income.total.map((value, i) => value - expenses.total[i]!);
  const costOfSales = buildSection(
    context,
    figureSets,
    (type, subtype) => type === 'expense' && subtype === 'cost_of_sales',
    comparison !== undefined,
  ).total;
  const grossProfit = income.total.map((value, i) => value - costOfSales[i]!);

  const movements: CurrencyMovement[] = [];
  for (const b of whole) {
    const account = context.accounts.get(b.accountId);
    if (!account || !isProfitAndLoss(account.type) || b.amount === 0n) continue;
    movements.push({
      accountId: account.id,
      accountName: account.name,
      accountType: account.type,
      currency: b.currency,
      amount: b.amount,
      baseAmount: b.baseAmount,
    });
  }
  movements.sort((a, b) => byText(a.accountName, b.accountName) || byText(a.currency, b.currency));

  return {
    ...range,
    baseCurrency: context.baseCurrency,
    columns,
    comparison: comparison ?? null,
    income,
    expenses,
    costOfSales,
    grossProfit,
    netIncome,
    movements,
  };
}

/**
 * One section's tree: figures per column with the section's natural sign, then (when comparing) the
 * change of the range's total from the comparison.
 */
function buildSection(
  context: ReportContext,
  figureSets: AccountBalance[][],
  wanted: (type: AccountType, subtype: AccountSubtype) => boolean,
  withChange: boolean,
): StatementSection {
  const keep = (id: string) => {
    const account = context.accounts.get(id);
    return account !== undefined && wanted(account.type, account.subtype);
  };
  const sums = figureSets.map((set) => baseByAccount(set, keep));
  const ids = new Set(sums.flatMap((m) => [...m.keys()]));
  const figures = [...ids].map((id) => {
    const account = context.accounts.get(id)!;
    const sign = account.type === 'income' ? -1n : 1n;
    const values = sums.map((m) => sign * (m.get(id) ?? 0n));
    if (withChange) values.push(values[values.length - 2]! - values[values.length - 1]!);
    return { accountId: id, name: account.name, figures: values };
  });
  const width = figureSets.length + (withChange ? 1 : 0);
  const rows = accountTree(figures, width);
  const total = Array.from({ length: width }, (_, c) => figures.reduce((s, f) => s + f.figures[c]!, 0n));
  return { rows, total };
}
