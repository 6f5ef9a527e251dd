import type { Role } from '../../core/actor.ts';
import { invalid } from '../../core/errors.ts';
import { canonicalJson, sha256Hex } from '../../core/hash.ts';
import {
  currencyExponent,
  divideRounded,
  isBusinessDate,
  isCurrency,
  minorToDecimalString,
} from '../../core/money.ts';
import { periodLocked } from './errors.ts';

// Pure rules of journal entries: shape, balance per currency, base amounts from rates (integer math,
// rounding half away from zero), lock dates and the hash chain.

export const INT64_MAX = 9_223_372_036_854_775_807n;
export const MAX_LINES = 10_000;
/** Lines one API request may carry (bulk posting goes through the module's functions). */
export const MAX_API_LINES = 500;
export const GENESIS_HASH = '0'.repeat(64);
export const TEXT_LIMITS = { description: 500, payee: 200, code: 50, memo: 500, sourceId: 100 } as const;
export const SOURCE_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** One line of an entry to post. Debit positive, credit negative, in minor units of `currency`. */
export interface JournalLineInput {
  accountId: string;
  amount: bigint;
  /** ISO 4217; the organization's base currency when left out. */
  currency?: string;
  /**
   * Base currency units per unit of `currency` as a decimal string (`"0.8532"`). Left out: the
   * exchange rate on or before the entry's date.
   */
  rate?: string;
  /**
   * The base amount itself, when it is known rather than converted: carrying amounts on settlement,
   * reversals, closing entries. The stored rate is then derived from it.
   */
  baseAmount?: bigint;
  memo?: string | null;
}

/** An entry to post (or to keep as a draft). */
export interface JournalEntryInput {
  /** Business date `YYYY-MM-DD`. */
  date: string;
  description?: string;
  payee?: string | null;
  code?: string | null;
  /** The source document: `{ type: 'sales.invoice', id: 'inv_…' }`. */
  source?: { type: string; id: string } | null;
  lines: JournalLineInput[];
}

/** A line with its currency settled (base currency filled in). */
export interface CheckedLine extends JournalLineInput {
  currency: string;
  memo: string | null;
}

/** A line ready to store: base amount and the rate used. */
export interface PricedLine extends CheckedLine {
  baseAmount: bigint;
  rate: string;
}

const lineField = (i: number, name: string) => `lines.${i}.${name}`;

function lineError(
  code: string,
  i: number,
  field: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return invalid(code, `Line ${i + 1}: ${message}`, { field: lineField(i, field), line: i + 1, ...extra });
}

function checkText(
  value: string | null | undefined,
  field: keyof typeof TEXT_LIMITS,
  path: string = field,
): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'string') throw invalid('VALIDATION_FAILED', `${path} must be text.`, { field: path });
  if (value.length > TEXT_LIMITS[field])
    throw invalid('VALIDATION_FAILED', `${path}: use at most ${TEXT_LIMITS[field]} characters.`, {
      field: path,
    });
}

/** Refuses anything that is not a real business date. */
export function checkBusinessDate(date: unknown, field = 'date'): asserts date is string {
  if (!isBusinessDate(date))
    throw invalid('INVALID_DATE', `${field}: "${String(date).slice(0, 40)}" is not a date (YYYY-MM-DD).`, {
      field,
    });
}

/**
 * Checks everything about an entry that needs no database: date, number of lines, amounts
 * (non-zero bigints within int64), currencies, rates, texts; fills in the base currency. Throws an
 * AppError naming the field (`lines.2.amount`) and the 1-based line.
 */
export function checkEntry(
  entry: JournalEntryInput,
  baseCurrency: string,
  options: { minLines?: number } = {},
): CheckedLine[] {
  checkBusinessDate(entry.date);
  checkText(entry.description, 'description');
  checkText(entry.payee, 'payee');
  checkText(entry.code, 'code');
  if (entry.source) {
    if (
      typeof entry.source.type !== 'string' ||
      !SOURCE_TYPE.test(entry.source.type) ||
      entry.source.type.length > 50
    )
      throw invalid('VALIDATION_FAILED', 'source.type: use a dotted lower-case name such as sales.invoice.', {
        field: 'source.type',
      });
    if (typeof entry.source.id !== 'string' || entry.source.id.length === 0)
      throw invalid('VALIDATION_FAILED', 'source.id: give the id of the source document.', {
        field: 'source.id',
      });
    checkText(entry.source.id, 'sourceId', 'source.id');
  }
  const minLines = options.minLines ?? 2;
  if (!Array.isArray(entry.lines) || entry.lines.length < minLines)
    throw invalid(
      'ENTRY_TOO_FEW_LINES',
      `A journal entry needs at least ${minLines} lines; this one has ${Array.isArray(entry.lines) ? entry.lines.length : 0}.`,
      { field: 'lines' },
    );
  if (entry.lines.length > MAX_LINES)
    throw invalid('ENTRY_TOO_MANY_LINES', `A journal entry has at most ${MAX_LINES} lines.`, {
      field: 'lines',
    });
  return entry.lines.map((line, i) => {
    if (typeof line.accountId !== 'string' || line.accountId.length === 0)
      throw lineError('VALIDATION_FAILED', i, 'accountId', 'choose an account.');
    const currency = line.currency ?? baseCurrency;
    if (!isCurrency(currency))
      throw lineError(
        'INVALID_CURRENCY',
        i,
        'currency',
        `${JSON.stringify(currency)} is not an ISO 4217 currency code.`,
      );
    if (typeof line.amount !== 'bigint')
      throw lineError('INVALID_AMOUNT', i, 'amount', 'the amount must be a whole number of minor units.', {
        reason: 'not_an_integer',
      });
    if (line.amount === 0n)
      throw lineError('INVALID_AMOUNT', i, 'amount', 'enter an amount other than zero.', { reason: 'zero' });
    if (line.amount > INT64_MAX || line.amount < -INT64_MAX)
      throw lineError('INVALID_AMOUNT', i, 'amount', 'the amount is too large.', { reason: 'out_of_range' });
    if (line.rate !== undefined && parseRate(line.rate) === undefined)
      throw lineError(
        'INVALID_RATE',
        i,
        'rate',
        `"${String(line.rate).slice(0, 40)}" is not a positive decimal rate.`,
      );
    if (line.baseAmount !== undefined) {
      if (typeof line.baseAmount !== 'bigint' || line.baseAmount > INT64_MAX || line.baseAmount < -INT64_MAX)
        throw lineError(
          'INVALID_AMOUNT',
          i,
          'baseAmount',
          'the base amount must be a whole number of minor units.',
        );
      if (line.baseAmount !== 0n && line.baseAmount > 0n !== line.amount > 0n)
        throw lineError(
          'INVALID_AMOUNT',
          i,
          'baseAmount',
          'the base amount must have the sign of the amount.',
        );
      if (currency === baseCurrency && line.baseAmount !== line.amount)
        throw lineError(
          'INVALID_AMOUNT',
          i,
          'baseAmount',
          `in ${baseCurrency}, the base amount is the amount.`,
        );
    }
    if (currency === baseCurrency && line.rate !== undefined && parseRate(line.rate)?.text !== '1')
      throw lineError(
        'INVALID_RATE',
        i,
        'rate',
        `a line in the base currency ${baseCurrency} has the rate 1.`,
      );
    if (
      line.memo !== null &&
      line.memo !== undefined &&
      (typeof line.memo !== 'string' || line.memo.length > TEXT_LIMITS.memo)
    )
      throw lineError(
        'VALIDATION_FAILED',
        i,
        'memo',
        `use at most ${TEXT_LIMITS.memo} characters in the memo.`,
      );
    return { ...line, currency, memo: line.memo ?? null };
  });
}

/** Refuses an entry whose lines do not sum to zero in each currency, naming the currency and the difference. */
export function checkBalanced(lines: readonly { currency: string; amount: bigint }[]): void {
  for (const [currency, total] of sumByCurrency(lines, (l) => l.amount)) {
    if (total === 0n) continue;
    const difference = minorToDecimalString(total < 0n ? -total : total, currency);
    throw invalid(
      'ENTRY_UNBALANCED',
      `The entry does not balance in ${currency}: ${total > 0n ? 'debits exceed credits' : 'credits exceed debits'} by ${difference}.`,
      { field: 'lines', currency, difference: minorToDecimalString(total, currency) },
    );
  }
}

export function sumByCurrency<T extends { currency: string }>(
  lines: readonly T[],
  value: (line: T) => bigint,
): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const line of lines) sums.set(line.currency, (sums.get(line.currency) ?? 0n) + value(line));
  return sums;
}

export interface Rate {
  /** The rate's digits without the decimal point, and how many of them are decimals. */
  digits: bigint;
  scale: number;
  /** Canonical text: no leading zeros, no trailing decimal zeros (`"0.85"`, `"1"`, `"120.5"`). */
  text: string;
}

const RATE = /^(\d{1,18})(?:\.(\d{1,18}))?$/;

/** A positive decimal rate such as `"0.8532"`; undefined when the text is not one. */
export function parseRate(text: unknown): Rate | undefined {
  if (typeof text !== 'string') return undefined;
  const match = RATE.exec(text.trim());
  if (!match) return undefined;
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  const digits = BigInt(`${whole}${fraction}`);
  if (digits === 0n) return undefined;
  return { digits, scale: fraction.length, text: fraction ? `${whole}.${fraction}` : whole };
}

/** `amount` minor units of `from` at `rate` (units of `to` per unit of `from`), in minor units of `to`. */
export function convertAmount(amount: bigint, from: string, to: string, rate: Rate): bigint {
  const shift = currencyExponent(to) - currencyExponent(from);
  let numerator = amount * rate.digits;
  let denominator = 10n ** BigInt(rate.scale);
  if (shift > 0) numerator *= 10n ** BigInt(shift);
  else denominator *= 10n ** BigInt(-shift);
  return divideRounded(numerator, denominator);
}

const DERIVED_RATE_DECIMALS = 12;

/** The rate that turns `amount` of `from` into `baseAmount` of `to`, to 12 decimals (for lines given a base amount). */
export function derivedRate(amount: bigint, baseAmount: bigint, from: string, to: string): string {
  const shift = currencyExponent(from) - currencyExponent(to);
  let numerator = baseAmount * 10n ** BigInt(DERIVED_RATE_DECIMALS);
  let denominator = amount;
  if (shift > 0) numerator *= 10n ** BigInt(shift);
  else denominator *= 10n ** BigInt(-shift);
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const scaled = divideRounded(numerator, denominator);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(DERIVED_RATE_DECIMALS + 1, '0');
  const whole = digits.slice(0, -DERIVED_RATE_DECIMALS);
  const fraction = digits.slice(-DERIVED_RATE_DECIMALS).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * Base amounts for every line. A line in the base currency keeps its amount (rate 1); a line given
 * its base amount keeps it; any other line is converted at its rate (`rateOf` supplies the line's
 * own or the table's), rounded half away from zero. In each currency the converted base amounts
 * must then sum to zero like the amounts do: the rounding residue (at most half a minor unit per
 * converted line) goes to the converted line with the largest amount; a larger difference means the
 * lines were given inconsistent rates and is refused.
 */
export function priceLines(
  lines: readonly CheckedLine[],
  baseCurrency: string,
  rateOf: (line: CheckedLine, index: number) => Rate,
): PricedLine[] {
  const converted = new Set<number>();
  const priced = lines.map((line, i): PricedLine => {
    if (line.currency === baseCurrency) return { ...line, baseAmount: line.amount, rate: '1' };
    if (line.baseAmount !== undefined)
      return {
        ...line,
        baseAmount: line.baseAmount,
        // A reversal repeats the original's rate; otherwise the rate is what the base amount implies.
        rate:
          line.rate !== undefined
            ? parseRate(line.rate)!.text
            : derivedRate(line.amount, line.baseAmount, line.currency, baseCurrency),
      };
    const rate = rateOf(line, i);
    converted.add(i);
    return {
      ...line,
      baseAmount: convertAmount(line.amount, line.currency, baseCurrency, rate),
      rate: rate.text,
    };
  });
  const residues = sumByCurrency(priced, (l) => l.baseAmount);
  for (const [currency, residue] of residues) {
    if (residue === 0n) continue;
    const candidates = [...converted].filter((i) => priced[i]!.currency === currency);
    const magnitude = residue < 0n ? -residue : residue;
    if (candidates.length === 0 || magnitude * 2n > BigInt(candidates.length))
      throw invalid(
        'ENTRY_BASE_UNBALANCED',
        `In ${currency}, the lines' ${baseCurrency} amounts differ by ${minorToDecimalString(magnitude, baseCurrency)}: use one rate per currency within an entry, or post the difference to an exchange gain/loss account.`,
        { field: 'lines', currency, baseCurrency, difference: minorToDecimalString(residue, baseCurrency) },
      );
    let largest = candidates[0]!;
    for (const i of candidates) {
      const a = priced[i]!.amount;
      const b = priced[largest]!.amount;
      if ((a < 0n ? -a : a) > (b < 0n ? -b : b)) largest = i;
    }
    priced[largest] = { ...priced[largest]!, baseAmount: priced[largest]!.baseAmount - residue };
  }
  return priced;
}

/** Roles held only by the lock date for everyone; every other role is also held by the non-accountant lock. */
export const ACCOUNTANT_ROLES: readonly Role[] = ['owner', 'admin', 'accountant'];

export interface LockDates {
  lockDate: string | null;
  nonAccountantLockDate: string | null;
}

/** The lock that holds `role`: the latest of the dates that apply to it, or null. */
export function lockFor(
  role: Role,
  locks: LockDates,
): { date: string; which: 'everyone' | 'non_accountants' } | null {
  const everyone = locks.lockDate;
  const others = ACCOUNTANT_ROLES.includes(role) ? null : locks.nonAccountantLockDate;
  if (others && (!everyone || others > everyone)) return { date: others, which: 'non_accountants' };
  return everyone ? { date: everyone, which: 'everyone' } : null;
}

/** Throws PERIOD_LOCKED when `date` is on or before the lock that holds `role`. */
export function checkNotLocked(date: string, role: Role, locks: LockDates): void {
  const lock = lockFor(role, locks);
  if (lock && date <= lock.date) throw periodLocked(date, lock.date, lock.which);
}

/** `2026-03-17` → `2026-03-01`, the key of the month's balance rollup. */
export const monthOf = (date: string) => `${date.slice(0, 7)}-01`;

/** What a posted entry's hash covers: every stored fact of the entry and its lines, plus the previous hash. */
export interface HashedEntry {
  seq: number;
  id: string;
  kind: string;
  date: string;
  description: string;
  payee: string | null;
  code: string | null;
  sourceType: string | null;
  sourceId: string | null;
  reversesEntryId: string | null;
  postedAt: Date;
  postedBy: string | null;
  lines: {
    lineNo: number;
    accountId: string;
    currency: string;
    amount: bigint;
    baseAmount: bigint;
    rate: string;
    memo: string | null;
  }[];
}

export function entryHash(prevHash: string, entry: HashedEntry): string {
  return sha256Hex(prevHash + canonicalJson(entry));
}

/**
 * The hashed text around the entry's number: `canonicalJson(entry)` is `prefix + seq + suffix`, so
 * the number can be filled in (and the hash computed) where it is assigned, in the posting
 * statement, while `entryHash` stays the one definition that verification recomputes.
 */
export function entryHashParts(entry: Omit<HashedEntry, 'seq'>): { prefix: string; suffix: string } {
  const text = canonicalJson({ ...entry, seq: 0 });
  // Keys are sorted, so "seq" sits between "reversesEntryId" and "sourceId"; quotes inside string
  // values are escaped, so this marker cannot occur inside one.
  const marker = '"seq":0,"sourceId":';
  const at = text.lastIndexOf(marker);
  if (at < 0) throw new Error('an entry must hash with seq between reversesEntryId and sourceId');
  return { prefix: text.slice(0, at + 6), suffix: text.slice(at + 7) };
}
