import { currencyExponent, minorToDecimalString } from '../../core/money.ts';
import type { AccountType } from '../ledger/index.ts';
import { accountNameProblem, conversionAccountName } from '../ledger/index.ts';
import {
  type EntryStatus,
  type HledgerTypeCode,
  JournalError,
  type JournalTransaction,
} from './hledger.parser.ts';
import type { JournalQuantity } from './hledger-amount.ts';

// Pure rules of reading a hledger transaction into ledger lines: costs (`@`, `@@`) become the
// equity:conversion postings hledger's --infer-equity makes, so that every currency balances on
// its own as the ledger requires; the elided amount takes what balances each currency; zero
// postings are dropped (the ledger stores no zero lines); and account types come from `type:` tags
// or the top-level name.

export const TEXT_LIMITS = { description: 500, payee: 200, code: 50, memo: 500 } as const;

export interface ResolvedLine {
  /** The journal line of the posting it comes from. */
  line: number;
  account: string;
  currency: string;
  amount: bigint;
  memo: string | null;
  status: EntryStatus;
  /** The rate into the books' currency the journal gives the line (Ordo's exports do). */
  rate?: string;
}

export interface ResolvedAssertion {
  line: number;
  account: string;
  currency: string;
  minor: bigint;
  total: boolean;
  inclusive: boolean;
  /** Lines of the entry up to and including the asserted posting (0: before the entry's lines). */
  linesThrough: number;
}

/** A rate the transaction itself states: one unit of `from` is worth `rate` units of `to`. */
export interface StatedRate {
  from: string;
  to: string;
  rate: string;
}

export interface ResolvedTransaction {
  lines: ResolvedLine[];
  assertions: ResolvedAssertion[];
  /** The rates its prices imply (`@` as written, `@@` divided out). */
  rates: StatedRate[];
}

const RATE_DECIMALS = 12;

/** `a / b` for positive decimals given as digits and scale, to 12 decimals (half up), as rate text. */
export function divideDecimal(a: bigint, aScale: number, b: bigint, bScale: number): string | undefined {
  if (a <= 0n || b <= 0n) return undefined;
  // a/10^as ÷ b/10^bs = a·10^bs / (b·10^as)
  const numerator = a * 10n ** BigInt(bScale + RATE_DECIMALS);
  const denominator = b * 10n ** BigInt(aScale);
  const scaled = (numerator * 2n + denominator) / (denominator * 2n);
  if (scaled === 0n) return undefined;
  const digits = scaled.toString().padStart(RATE_DECIMALS + 1, '0');
  const whole = digits.slice(0, -RATE_DECIMALS);
  const fraction = digits.slice(-RATE_DECIMALS).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

const fail = (line: number, reason: string): never => {
  throw new JournalError(line, reason);
};

/** The cost of `amount` (minor units of its currency) at a unit or total price, in minor units of the price's currency. */
export function costOf(
  amount: bigint,
  currency: string,
  price: { kind: 'unit' | 'total'; quantity: JournalQuantity },
  line: number,
): bigint {
  const q = price.quantity;
  const priceExp = BigInt(currencyExponent(q.currency));
  if (price.kind === 'total') {
    if (q.scale > Number(priceExp))
      fail(line, `the total price has more decimals than ${q.currency}'s minor unit`);
    const magnitude = q.digits * 10n ** (priceExp - BigInt(q.scale));
    return amount < 0n ? -magnitude : magnitude;
  }
  // amount / 10^exp(currency) units × digits / 10^scale, in minor units of the price currency.
  const numerator = amount * q.digits * 10n ** priceExp;
  const denominator = 10n ** BigInt(q.scale) * 10n ** BigInt(currencyExponent(currency));
  if (numerator % denominator !== 0n)
    fail(
      line,
      `the cost of this posting has more decimals than ${q.currency}'s minor unit; use a total price (@@) instead`,
    );
  return numerator / denominator;
}

/** The conversion account hledger's --infer-equity names (the ledger's own name for it). */
export const conversionAccount = conversionAccountName;

/** Lines and assertions of a transaction; throws a JournalError (with the line) when it cannot balance. */
export function resolveTransaction(t: JournalTransaction): ResolvedTransaction {
  const checkText = (value: string | null, limit: number, what: string, line: number) => {
    if (value !== null && value.length > limit) fail(line, `the ${what} is longer than ${limit} characters`);
  };
  checkText(t.description, TEXT_LIMITS.description, 'description', t.line);
  checkText(t.payee, TEXT_LIMITS.payee, 'payee', t.line);
  checkText(t.code, TEXT_LIMITS.code, 'code', t.line);
  const lines: ResolvedLine[] = [];
  const rates: StatedRate[] = [];
  /** Per posting: the index of its first line and how many lines it has. */
  const spans: { posting: number; start: number; count: number }[] = [];
  let elided: number | undefined;
  for (const [i, p] of t.postings.entries()) {
    const problem = accountNameProblem(p.account);
    if (problem) fail(p.line, `account "${p.account}": ${problem}`);
    checkText(p.comment, TEXT_LIMITS.memo, 'comment', p.line);
    const start = lines.length;
    if (p.amount === null) {
      elided = i;
      spans.push({ posting: i, start, count: 0 });
      continue;
    }
    const { currency, minor, commodity } = p.amount;
    if (p.price) {
      const priceCurrency = p.price.quantity.currency;
      if (priceCurrency === currency) fail(p.line, 'a price in the same currency as the amount says nothing');
      const cost = costOf(minor, currency, p.price, p.line);
      const q = p.price.quantity;
      const magnitude = minor < 0n ? -minor : minor;
      const rate =
        p.price.kind === 'unit'
          ? divideDecimal(q.digits, q.scale, 1n, 0)
          : divideDecimal(q.digits, q.scale, magnitude, currencyExponent(currency));
      if (rate) rates.push({ from: currency, to: priceCurrency, rate });
      const priceCommodity = p.price.quantity.commodity;
      lines.push({
        line: p.line,
        account: p.account,
        currency,
        amount: minor,
        memo: p.comment,
        status: p.status,
      });
      lines.push({
        line: p.line,
        account: conversionAccount(commodity, priceCommodity, commodity),
        currency,
        amount: -minor,
        memo: null,
        status: '',
      });
      lines.push({
        line: p.line,
        account: conversionAccount(commodity, priceCommodity, priceCommodity),
        currency: priceCurrency,
        amount: cost,
        memo: null,
        status: '',
      });
    } else
      lines.push({
        line: p.line,
        account: p.account,
        currency,
        amount: minor,
        memo: p.comment,
        status: p.status,
        ...(p.rate ? { rate: p.rate } : {}),
      });
    spans.push({ posting: i, start, count: lines.length - start });
  }
  const sums = new Map<string, bigint>();
  for (const l of lines) sums.set(l.currency, (sums.get(l.currency) ?? 0n) + l.amount);
  if (elided !== undefined) {
    const p = t.postings[elided]!;
    const filled: ResolvedLine[] = [];
    for (const [currency, sum] of sums)
      if (sum !== 0n)
        filled.push({
          line: p.line,
          account: p.account,
          currency,
          amount: -sum,
          memo: p.comment,
          status: p.status,
        });
    const span = spans[elided]!;
    lines.splice(span.start, 0, ...filled);
    span.count = filled.length;
    for (const later of spans.slice(elided + 1)) later.start += filled.length;
  } else
    for (const [currency, sum] of sums)
      if (sum !== 0n)
        fail(
          t.line,
          `the transaction does not balance: its ${currency} postings sum to ${minorToDecimalString(sum, currency)} ${currency}`,
        );
  // Zero postings say nothing the ledger can store; their assertions still count.
  const kept: ResolvedLine[] = [];
  const keptThrough: number[] = [];
  for (const [i, l] of lines.entries()) {
    if (l.amount !== 0n) kept.push(l);
    keptThrough[i] = kept.length;
  }
  if (kept.length === 1) fail(t.line, 'the transaction has a single non-zero posting');
  const assertions: ResolvedAssertion[] = [];
  for (const span of spans) {
    const p = t.postings[span.posting]!;
    if (!p.assertion) continue;
    const lastLine = span.start + span.count - 1;
    assertions.push({
      line: p.line,
      account: p.account,
      currency: p.assertion.amount.currency,
      minor: p.assertion.amount.minor,
      total: p.assertion.total,
      inclusive: p.assertion.inclusive,
      linesThrough:
        lastLine >= 0
          ? (keptThrough[lastLine] ?? 0)
          : span.start > 0
            ? (keptThrough[span.start - 1] ?? 0)
            : 0,
    });
  }
  return { lines: kept, assertions, rates };
}

const TYPE_OF_CODE: Record<HledgerTypeCode, AccountType> = {
  A: 'asset',
  C: 'asset',
  L: 'liability',
  E: 'equity',
  V: 'equity',
  R: 'income',
  X: 'expense',
};

const TOP_LEVEL_TYPES: Record<string, AccountType> = {
  asset: 'asset',
  assets: 'asset',
  liability: 'liability',
  liabilities: 'liability',
  equity: 'equity',
  income: 'income',
  revenue: 'income',
  revenues: 'income',
  expense: 'expense',
  expenses: 'expense',
};

/** The hledger type code for one of our types (export). */
export const CODE_OF_TYPE: Record<AccountType, HledgerTypeCode> = {
  asset: 'A',
  liability: 'L',
  equity: 'E',
  income: 'R',
  expense: 'X',
};

/** Bank and cash accounts by name, as hledger recognizes cash accounts below assets. */
const BANK_NAME = /(^|:)(bank|checking|savings)(:|$)/i;
const CASH_NAME = /(^|:)cash(:|$)/i;

/**
 * An account's type: its own `type:` tag, else its nearest declared ancestor's, else its top-level
 * name; undefined when none of these says. Assets named like bank accounts (bank, checking,
 * savings) get the subtype bank, like cash (or tagged C) cash.
 */
export function accountTypeOf(
  name: string,
  declared: ReadonlyMap<string, HledgerTypeCode>,
): { type: AccountType; subtype?: 'bank' | 'cash' } | undefined {
  const parts = name.split(':');
  let code: HledgerTypeCode | undefined;
  for (let n = parts.length; n > 0 && !code; n--) code = declared.get(parts.slice(0, n).join(':'));
  const type = code ? TYPE_OF_CODE[code] : TOP_LEVEL_TYPES[parts[0]!.toLowerCase()];
  if (!type) return undefined;
  if (type !== 'asset') return { type };
  const below = parts.slice(1).join(':');
  if (BANK_NAME.test(below)) return { type, subtype: 'bank' };
  if (code === 'C' || CASH_NAME.test(below)) return { type, subtype: 'cash' };
  return { type };
}
