import { parseRate } from '../ledger/index.ts';
import { divideDecimal, type StatedRate } from './hledger.domain.ts';

// Rates into the books' currency for journal lines in other currencies, from what the journal
// says: the transaction's own costs, market prices (P directives) and other transactions' costs.

/** Market prices by `FROM>TO`, each list in date order. */
export type Prices = Map<string, { date: string; rate: string }[]>;

/** Adds a price (a repeat of the last one of the pair is left out). */
export function addPrice(prices: Prices, from: string, to: string, date: string, rate: string) {
  const key = `${from}>${to}`;
  const list = prices.get(key) ?? [];
  const last = list.at(-1);
  if (last?.date === date && last.rate === rate) return;
  list.push({ date, rate });
  prices.set(key, list);
}

/** The last price on or before `date`, else the first after it (lists sorted by date). */
function nearest(list: { date: string; rate: string }[] | undefined, date: string) {
  if (!list || list.length === 0) return undefined;
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.date <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 ? { ...list[found]!, before: true } : { ...list[0]!, before: false };
}

const inverse = (rate: string) => {
  const r = parseRate(rate);
  return r ? divideDecimal(1n, 0, r.digits, r.scale) : undefined;
};

/**
 * The rate into the books' currency for a line in `currency` without one: what the transaction's own
 * prices state, else the market price (P directives and prices of other transactions, as hledger's
 * --infer-market-prices) on or before the date, else the first one after it; undefined when the
 * file has none (the ledger's exchange rates apply then).
 */
export function rateInto(
  currency: string,
  base: string,
  date: string,
  stated: readonly StatedRate[],
  prices: Prices,
): string | undefined {
  const own = stated.find((r) => r.from === currency && r.to === base);
  if (own) return own.rate;
  const reverse = stated.find((r) => r.from === base && r.to === currency);
  if (reverse) return inverse(reverse.rate);
  const direct = nearest(prices.get(`${currency}>${base}`), date);
  const back = nearest(prices.get(`${base}>${currency}`), date);
  const pick =
    direct && back
      ? direct.before !== back.before
        ? direct.before
          ? 'direct'
          : 'back'
        : direct.date >= back.date === direct.before
          ? 'direct'
          : 'back'
      : direct
        ? 'direct'
        : back
          ? 'back'
          : undefined;
  if (pick === 'direct') return direct!.rate;
  if (pick === 'back') return inverse(back!.rate);
  return undefined;
}
