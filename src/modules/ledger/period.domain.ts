import type { JournalLineInput } from './journal.domain.ts';

// Calendar arithmetic on business dates (`YYYY-MM-DD`, no time zone) and the year-end closing rule.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function fromUtc(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function toUtc(date: string): Date {
  const [y, m, d] = parts(date);
  const value = new Date(0);
  value.setUTCFullYear(y, m - 1, d);
  return value;
}

/** `date` plus `days` (negative to go back). */
export function addDays(date: string, days: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

export const firstOfMonth = (date: string) => `${date.slice(0, 7)}-01`;

/** The first day of the month after `date`'s. */
export function nextMonth(date: string): string {
  const [y, m] = parts(date);
  return m === 12 ? `${pad(y + 1, 4)}-01-01` : `${pad(y, 4)}-${pad(m + 1)}-01`;
}

export const lastOfMonth = (date: string) => addDays(nextMonth(date), -1);

/** Today's date in UTC. */
export const todayUtc = () => new Date().toISOString().slice(0, 10);

/**
 * How a date range splits into whole months (read from the monthly rollups) and the partial months
 * at its edges (read from the lines). Open ends reach to the first or last posting.
 */
export interface RangePlan {
  /** First and last month (first days) read whole from rollups; absent when none is whole. */
  months?: { from?: string; to?: string };
  /** Date ranges (inclusive) read from the lines. */
  partial: { from: string; to: string }[];
}

export function planRange(from: string | undefined, to: string | undefined): RangePlan {
  if (from && to && from > to) return { partial: [] };
  const partial: { from: string; to: string }[] = [];
  let monthsFrom: string | undefined;
  let monthsTo: string | undefined;
  if (from) {
    if (from === firstOfMonth(from)) monthsFrom = from;
    else {
      const end = lastOfMonth(from);
      if (to && to <= end) return { partial: [{ from, to }] };
      partial.push({ from, to: end });
      monthsFrom = nextMonth(from);
    }
  }
  if (to) {
    if (to === lastOfMonth(to)) monthsTo = firstOfMonth(to);
    else {
      const start = firstOfMonth(to);
      if (from && from >= start) return { partial: [{ from, to }] };
      partial.push({ from: start, to });
      monthsTo = addDays(start, -1).slice(0, 8).concat('01');
    }
  }
  const wholeMonths = !(monthsFrom && monthsTo && monthsFrom > monthsTo);
  return { ...(wholeMonths ? { months: { from: monthsFrom, to: monthsTo } } : {}), partial };
}

export interface AccountBalance {
  accountId: string;
  currency: string;
  amount: bigint;
  baseAmount: bigint;
}

/**
 * The year-end closing lines, as `hledger close --retain` makes them: every income and expense
 * balance (cumulative to the year's last day) reversed, in the order given (account name order),
 * then the retained earnings account takes the total in each currency.
 *
 * In a foreign currency each line closes the amount together with its base amount, so each currency
 * balances in both. Where that cannot be (the currency's amounts cancel out but their base amounts
 * do not, or exchange swings left an amount and its base amount with opposite signs), the foreign
 * amounts close at a zero base and base-currency lines on the same accounts close the base amounts.
 * Empty when there is nothing to close.
 */
export function closingLines(
  balances: readonly AccountBalance[],
  retainedEarningsAccountId: string,
  baseCurrency: string,
): JournalLineInput[] {
  const lines: JournalLineInput[] = [];
  const retained: JournalLineInput[] = [];
  let baseTotal = 0n;
  const closeInBase = (accountId: string, amount: bigint) => {
    if (amount === 0n) return;
    lines.push({ accountId, currency: baseCurrency, amount: -amount });
    baseTotal += amount;
  };
  const currencies = [...new Set(balances.map((b) => b.currency))].sort((a, b) =>
    a === baseCurrency ? -1 : b === baseCurrency ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const linesByCurrency = new Map<string, JournalLineInput[]>();
  for (const currency of currencies) {
    const group = balances.filter((b) => b.currency === currency);
    const out: JournalLineInput[] = [];
    linesByCurrency.set(currency, out);
    if (currency === baseCurrency) {
      for (const b of group) closeInBase(b.accountId, b.amount);
      continue;
    }
    const moving = group.filter((b) => b.amount !== 0n);
    const amountTotal = moving.reduce((sum, b) => sum + b.amount, 0n);
    const baseOfMoving = moving.reduce((sum, b) => sum + b.baseAmount, 0n);
    const agrees = (amount: bigint, base: bigint) => base === 0n || base > 0n === amount > 0n;
    const natural =
      amountTotal !== 0n &&
      agrees(amountTotal, baseOfMoving) &&
      moving.every((b) => agrees(b.amount, b.baseAmount));
    for (const b of group) {
      if (b.amount !== 0n)
        out.push({
          accountId: b.accountId,
          currency,
          amount: -b.amount,
          baseAmount: natural ? -b.baseAmount : 0n,
        });
      if (!natural || b.amount === 0n) closeInBase(b.accountId, b.baseAmount);
    }
    if (amountTotal !== 0n)
      retained.push({
        accountId: retainedEarningsAccountId,
        currency,
        amount: amountTotal,
        baseAmount: natural ? baseOfMoving : 0n,
      });
  }
  // Account order first (as given), each account's base-currency line before its foreign ones.
  const order = new Map(balances.map((b, i) => [b.accountId, i]));
  const all = [...lines, ...[...linesByCurrency.values()].flat()].sort(
    (a, b) =>
      order.get(a.accountId)! - order.get(b.accountId)! ||
      (a.currency === baseCurrency ? 0 : 1) - (b.currency === baseCurrency ? 0 : 1),
  );
  if (all.length === 0) return [];
  const retainedBase: JournalLineInput[] =
    baseTotal === 0n
      ? []
      : [{ accountId: retainedEarningsAccountId, currency: baseCurrency, amount: baseTotal }];
  return [...all, ...retainedBase, ...retained];
}
