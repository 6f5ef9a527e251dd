import { invalidCursor } from '../../core/cursor.ts';
import { invalid } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import {
  type Account,
  type AccountBalance,
  type AccountLine,
  accountBalanceBefore,
  addDays,
  balancesAsOf,
  type CurrencyBalance,
  getAccount,
  listAccountLines,
  sumPostings,
} from '../ledger/index.ts';
import { reportContext } from './report.repo.ts';
import { byText, checkRange, type DateRange } from './statement.domain.ts';

export const MAX_PAGE_LINES = 1000;

export interface LinesPage {
  /** Lines per page, 1 to 1000. */
  limit: number;
  cursor?: string;
}

/** One account's part of the general ledger (or its activity). */
export interface LedgerAccountSection {
  accountId: string;
  name: string;
  code: string | null;
  type: Account['type'];
  /** Balance per currency at the start of `from`. */
  opening: CurrencyBalance[];
  /** Balance per currency at the end of `to`. */
  closing: CurrencyBalance[];
  /** Posted lines in posting order, each with the running balance after it; a page of them. */
  lines: AccountLine[];
  /** False when the page ends inside this account: the rest of its lines come on the next page. */
  complete: boolean;
}

export interface GeneralLedger extends DateRange {
  baseCurrency: string | null;
  accounts: LedgerAccountSection[];
  nextCursor: string | null;
}

export interface AccountActivity extends DateRange, LedgerAccountSection {
  baseCurrency: string | null;
  /** Closing less opening per currency: the range's net movement. */
  change: CurrencyBalance[];
  nextCursor: string | null;
}

function checkPage(page: LinesPage): LinesPage {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE_LINES)
    throw invalid('VALIDATION_FAILED', `limit: use a whole number from 1 to ${MAX_PAGE_LINES}.`, {
      field: 'limit',
    });
  return page;
}

const byAccount = (balances: AccountBalance[]) => {
  const map = new Map<string, CurrencyBalance[]>();
  for (const b of balances)
    if (b.amount !== 0n || b.baseAmount !== 0n)
      map.set(b.accountId, [
        ...(map.get(b.accountId) ?? []),
        { currency: b.currency, amount: b.amount, baseAmount: b.baseAmount },
      ]);
  return map;
};

const encodeCursor = (accountId: string, lines: string | null) =>
  Buffer.from(`${accountId}|${lines ?? ''}`).toString('base64url');

function decodeCursor(cursor: string): { accountId: string; lines?: string } {
  const match = /^([a-z]{2,8}_[0-9a-z]{10,40})\|([A-Za-z0-9_-]{0,100})$/.exec(
    Buffer.from(cursor, 'base64url').toString(),
  );
  if (!match) throw invalidCursor();
  return { accountId: match[1]!, ...(match[2] ? { lines: match[2] } : {}) };
}

/**
 * The general ledger for a range: per account (by name) the opening balance, each posted line with
 * the running balance, and the closing balance; every account with a balance or a posting in the
 * range, or only `accountId`. Paged by lines (`limit` per page), so a ledger of any size is read a
 * page at a time; opening and closing balances come from the rollups.
 */
export async function generalLedger(
  q: Queryable,
  orgId: string,
  input: { from: string; to: string; accountId?: string },
  page: LinesPage,
): Promise<GeneralLedger> {
  const range = checkRange(input.from, input.to);
  checkPage(page);
  const context = await reportContext(q, orgId);
  if (input.accountId) await getAccount(q, orgId, input.accountId);
  const opening = byAccount(await balancesAsOf(q, orgId, addDays(range.from, -1)));
  const closing = byAccount(await balancesAsOf(q, orgId, range.to));
  const moved = new Set((await sumPostings(q, orgId, range)).map((b) => b.accountId));
  let accounts = [...context.accounts.values()]
    .filter((a) => (input.accountId ? a.id === input.accountId : opening.has(a.id) || moved.has(a.id)))
    .sort((a, b) => byText(a.name, b.name));
  let lineCursor: string | undefined;
  if (page.cursor) {
    const cursor = decodeCursor(page.cursor);
    const at = accounts.findIndex((a) => a.id === cursor.accountId);
    if (at < 0) throw invalidCursor();
    accounts = accounts.slice(at);
    lineCursor = cursor.lines;
  }
  const sections: LedgerAccountSection[] = [];
  let budget = page.limit;
  let nextCursor: string | null = null;
  for (const account of accounts) {
    if (budget === 0) {
      nextCursor = encodeCursor(account.id, null);
      break;
    }
    let lines: AccountLine[] = [];
    let more: string | null = null;
    if (moved.has(account.id)) {
      const result = await listAccountLines(
        q,
        orgId,
        { accountId: account.id, ...range },
        { limit: budget, ...(lineCursor ? { cursor: lineCursor } : {}) },
      );
      lines = result.items;
      more = result.nextCursor;
    }
    lineCursor = undefined;
    budget -= lines.length;
    sections.push({
      accountId: account.id,
      name: account.name,
      code: account.code,
      type: account.type,
      opening: opening.get(account.id) ?? [],
      closing: closing.get(account.id) ?? [],
      lines,
      complete: more === null,
    });
    if (more) {
      nextCursor = encodeCursor(account.id, more);
      break;
    }
  }
  return { ...range, baseCurrency: context.baseCurrency, accounts: sections, nextCursor };
}

/**
 * One account's activity over a range: opening balance, a page of its lines with the running
 * balance, closing balance, and the range's net movement per currency.
 * ACCOUNT_NOT_FOUND when the organization has no such account.
 */
export async function accountActivity(
  q: Queryable,
  orgId: string,
  input: { accountId: string; from: string; to: string },
  page: LinesPage,
): Promise<AccountActivity> {
  const range = checkRange(input.from, input.to);
  checkPage(page);
  const account = await getAccount(q, orgId, input.accountId);
  const context = await reportContext(q, orgId);
  const opening = await accountBalanceBefore(q, orgId, account.id, { date: range.from, seq: 0, lineNo: 0 });
  const closing = await accountBalanceBefore(q, orgId, account.id, {
    date: addDays(range.to, 1),
    seq: 0,
    lineNo: 0,
  });
  const result = await listAccountLines(q, orgId, { accountId: account.id, ...range }, page);
  const change = new Map<string, CurrencyBalance>();
  for (const b of closing) change.set(b.currency, { ...b });
  for (const b of opening) {
    const c = change.get(b.currency) ?? { currency: b.currency, amount: 0n, baseAmount: 0n };
    change.set(b.currency, {
      currency: b.currency,
      amount: c.amount - b.amount,
      baseAmount: c.baseAmount - b.baseAmount,
    });
  }
  return {
    ...range,
    baseCurrency: context.baseCurrency,
    accountId: account.id,
    name: account.name,
    code: account.code,
    type: account.type,
    opening: opening.filter((b) => b.amount !== 0n || b.baseAmount !== 0n),
    closing: closing.filter((b) => b.amount !== 0n || b.baseAmount !== 0n),
    lines: result.items,
    complete: result.nextCursor === null,
    change: [...change.values()]
      .filter((b) => b.amount !== 0n || b.baseAmount !== 0n)
      .sort((a, b) => byText(a.currency, b.currency)),
    nextCursor: result.nextCursor,
  };
}
