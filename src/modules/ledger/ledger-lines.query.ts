import { type Queryable, queryRows, sql } from '../../db/client.ts';
import { getAccount } from './account.service.ts';
import { invalidCursor } from './errors.ts';
import { firstOfMonth } from './period.domain.ts';

/** A posted line of one account, with the account's running balance after it. */
export interface AccountLine {
  entryId: string;
  lineNo: number;
  /** The entry's posting number: lines of a day run in posting order. */
  seq: number;
  date: string;
  description: string;
  payee: string | null;
  code: string | null;
  source: { type: string; id: string } | null;
  memo: string | null;
  currency: string;
  amount: bigint;
  baseAmount: bigint;
  /** The account's balance in `currency` after this line. */
  balance: bigint;
  /** The account's balance in the base currency (all currencies) after this line. */
  baseBalance: bigint;
}

/** An account's balance in one currency (amount) and its base-currency value. */
export interface CurrencyBalance {
  currency: string;
  amount: bigint;
  baseAmount: bigint;
}

export interface AccountLinesPage {
  /** The balance per currency just before the page's first line (at the start of `from` on page one). */
  opening: CurrencyBalance[];
  items: AccountLine[];
  /** Pass back as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

interface Position {
  date: string;
  seq: number;
  lineNo: number;
}

const encode = (p: Position) => Buffer.from(`${p.date}|${p.seq}|${p.lineNo}`).toString('base64url');

function decode(cursor: string): Position {
  const match = /^(\d{4}-\d{2}-\d{2})\|(\d{1,15})\|(\d{1,6})$/.exec(
    Buffer.from(cursor, 'base64url').toString(),
  );
  if (!match) throw invalidCursor();
  return { date: match[1]!, seq: Number(match[2]), lineNo: Number(match[3]) };
}

/**
 * The account's balance per currency before a position in posting order (date, posting number,
 * line): whole months from the monthly rollups, the position's own month from its lines, so the
 * cost does not grow with the history.
 */
export async function accountBalanceBefore(
  q: Queryable,
  orgId: string,
  accountId: string,
  position: Position,
): Promise<CurrencyBalance[]> {
  const month = firstOfMonth(position.date);
  const rows = await queryRows<{ currency: string; amount: string; base_amount: string }>(
    q,
    sql`select currency, sum(amount)::text as amount, sum(base_amount)::text as base_amount from (
        select currency, amount, base_amount from ledger_balance
          where org_id = ${orgId} and account_id = ${accountId} and month < ${month}::date
        union all
        select l.currency, l.amount, l.base_amount from journal_line l
          join journal_entry e on e.org_id = l.org_id and e.id = l.entry_id
          where l.org_id = ${orgId} and l.account_id = ${accountId}
            and l.date >= ${month}::date and l.date <= ${position.date}::date
            and (l.date, e.seq, l.line_no) < (${position.date}::date, ${position.seq}, ${position.lineNo})
      ) b group by currency order by currency`,
  );
  return rows.map((r) => ({
    currency: r.currency,
    amount: BigInt(r.amount),
    baseAmount: BigInt(r.base_amount),
  }));
}

/**
 * One account's posted lines in a date range (inclusive; open ends reach the first or last line),
 * oldest first in posting order, one page at a time, each with the running balance after it.
 * ACCOUNT_NOT_FOUND when the organization has no such account.
 */
export async function listAccountLines(
  q: Queryable,
  orgId: string,
  filter: { accountId: string; from?: string; to?: string },
  page: { limit: number; cursor?: string },
): Promise<AccountLinesPage> {
  await getAccount(q, orgId, filter.accountId);
  const start: Position = page.cursor
    ? decode(page.cursor)
    : { date: filter.from ?? '0001-01-01', seq: 0, lineNo: 0 };
  // The cursor names the last line shown: the next page starts just after it.
  const after = page.cursor ? { ...start, lineNo: start.lineNo + 1 } : start;
  const opening = await accountBalanceBefore(q, orgId, filter.accountId, after);
  const from = filter.from && filter.from > start.date ? filter.from : start.date;
  const rows = await queryRows<{
    entry_id: string;
    line_no: number;
    seq: string;
    date: string;
    description: string;
    payee: string | null;
    code: string | null;
    source_type: string | null;
    source_id: string | null;
    memo: string | null;
    currency: string;
    amount: string;
    base_amount: string;
  }>(
    q,
    sql`select l.entry_id, l.line_no, e.seq::text as seq, l.date::text as date, e.description, e.payee, e.code,
        e.source_type, e.source_id, l.memo, l.currency, l.amount::text as amount, l.base_amount::text as base_amount
      from journal_line l join journal_entry e on e.org_id = l.org_id and e.id = l.entry_id
      where l.org_id = ${orgId} and l.account_id = ${filter.accountId} and l.date >= ${from}::date
        ${filter.to ? sql`and l.date <= ${filter.to}::date` : sql``}
        and (l.date, e.seq, l.line_no) >= (${after.date}::date, ${after.seq}, ${after.lineNo})
      order by l.date, e.seq, l.line_no
      limit ${page.limit + 1}`,
  );
  const running = new Map(opening.map((b) => [b.currency, b.amount]));
  let baseBalance = opening.reduce((s, b) => s + b.baseAmount, 0n);
  const items = rows.slice(0, page.limit).map((r): AccountLine => {
    const amount = BigInt(r.amount);
    const baseAmount = BigInt(r.base_amount);
    const balance = (running.get(r.currency) ?? 0n) + amount;
    running.set(r.currency, balance);
    baseBalance += baseAmount;
    return {
      entryId: r.entry_id,
      lineNo: Number(r.line_no),
      seq: Number(r.seq),
      date: r.date,
      description: r.description,
      payee: r.payee,
      code: r.code,
      source: r.source_type && r.source_id ? { type: r.source_type, id: r.source_id } : null,
      memo: r.memo,
      currency: r.currency,
      amount,
      baseAmount,
      balance,
      baseBalance,
    };
  });
  const last = items[items.length - 1];
  return { opening, items, nextCursor: rows.length > page.limit && last ? encode(last) : null };
}
