import { type Queryable, queryRows, sql } from '../../db/client.ts';
import { type Account, listAccounts } from './account.service.ts';
import { type AccountBalance, planRange } from './period.domain.ts';

export interface BalanceQuery {
  /** Inclusive business dates; an open end reaches the first or last posting. */
  from?: string;
  to?: string;
  /** Leave out year-end closing entries (an income statement of a closed year still shows its figures). */
  excludeClosing?: boolean;
}

/**
 * The sum of posted lines per account and currency over a date range: amount and base amount. Whole
 * months come from the monthly rollups, the partial months at the range's edges from the lines, so
 * the cost is O(accounts × months) plus at most two months of lines, however long the history.
 * Accounts without postings in the range are absent; sums may be zero.
 */
export async function sumPostings(
  q: Queryable,
  orgId: string,
  query: BalanceQuery = {},
): Promise<AccountBalance[]> {
  return (await sumPostingsOver(q, orgId, [query]))[0]!;
}

/**
 * `sumPostings` for several ranges in one statement (one round trip, one plan): a report's columns.
 * The result has one list per range, in the order given.
 */
export async function sumPostingsOver(
  q: Queryable,
  orgId: string,
  queries: readonly BalanceQuery[],
): Promise<AccountBalance[][]> {
  const parts = queries.flatMap((query, column) => rangeParts(orgId, query, column));
  const results: AccountBalance[][] = queries.map(() => []);
  if (parts.length === 0) return results;
  const rows = await queryRows<{
    col: number;
    account_id: string;
    currency: string;
    amount: string;
    base_amount: string;
  }>(
    q,
    sql`select col, account_id, currency, sum(amount)::text as amount, sum(base_amount)::text as base_amount
      from (${sql.join(parts, sql` union all `)}) p
      group by col, account_id, currency order by col, account_id, currency`,
  );
  for (const r of rows)
    results[r.col]!.push({
      accountId: r.account_id,
      currency: r.currency,
      amount: BigInt(r.amount),
      baseAmount: BigInt(r.base_amount),
    });
  return results;
}

/** The SQL parts that sum one range, each row tagged with the range's column number. */
function rangeParts(orgId: string, query: BalanceQuery, column: number) {
  const plan = planRange(query.from, query.to);
  const exclude = query.excludeClosing === true;
  const col = sql.raw(`${column}::int`);
  const parts = [];
  if (plan.months) {
    const from = plan.months.from ? sql` and month >= ${plan.months.from}::date` : sql``;
    const to = plan.months.to ? sql` and month <= ${plan.months.to}::date` : sql``;
    parts.push(sql`select ${col} as col, account_id, currency,
        amount - ${exclude ? sql`closing_amount` : sql`0`} as amount,
        base_amount - ${exclude ? sql`closing_base_amount` : sql`0`} as base_amount
      from ledger_balance where org_id = ${orgId}${from}${to}`);
  }
  for (const range of plan.partial)
    parts.push(
      exclude
        ? sql`select ${col} as col, l.account_id, l.currency, l.amount, l.base_amount
            from journal_line l join journal_entry e on e.org_id = l.org_id and e.id = l.entry_id
            where l.org_id = ${orgId} and l.date between ${range.from}::date and ${range.to}::date and e.kind <> 'closing'`
        : sql`select ${col} as col, account_id, currency, amount, base_amount from journal_line
            where org_id = ${orgId} and date between ${range.from}::date and ${range.to}::date`,
    );
  return parts;
}

/** Balances at the end of `asOf` (every posting up to and including it), per account and currency. */
export const balancesAsOf = (q: Queryable, orgId: string, asOf: string) =>
  sumPostings(q, orgId, { to: asOf });

/** An account with its balances: per currency, and in total in the base currency. */
export interface AccountWithBalances extends Account {
  balances: { currency: string; amount: bigint; baseAmount: bigint }[];
  baseBalance: bigint;
  /** Posted to at any date: such an account is archived, never deleted. */
  hasPostings: boolean;
}

/** The chart of accounts with each account's balances at the end of `asOf` (read from the rollups). */
export async function accountsWithBalances(
  q: Queryable,
  orgId: string,
  options: { asOf: string; includeArchived?: boolean },
): Promise<AccountWithBalances[]> {
  const [accounts, balances, posted] = [
    await listAccounts(q, orgId, { includeArchived: options.includeArchived }),
    await balancesAsOf(q, orgId, options.asOf),
    await queryRows<{ account_id: string }>(
      q,
      sql`select distinct account_id from ledger_balance where org_id = ${orgId} and line_count > 0`,
    ),
  ];
  const withPostings = new Set(posted.map((r) => r.account_id));
  const byAccount = new Map<string, AccountBalance[]>();
  for (const b of balances) byAccount.set(b.accountId, [...(byAccount.get(b.accountId) ?? []), b]);
  return accounts.map((account) => {
    const own = (byAccount.get(account.id) ?? []).filter((b) => b.amount !== 0n || b.baseAmount !== 0n);
    return {
      ...account,
      balances: own.map(({ currency, amount, baseAmount }) => ({ currency, amount, baseAmount })),
      baseBalance: own.reduce((sum, b) => sum + b.baseAmount, 0n),
      hasPostings: withPostings.has(account.id),
    };
  });
}
