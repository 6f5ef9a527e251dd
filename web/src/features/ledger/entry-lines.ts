import { isCurrency, minorToDecimalString, parseMoney } from '../../../../src/core/money.ts';
import type { JournalEntry, JournalLineInput } from '../../api/ledger.ts';

// The journal entry form's lines as typed (text), and what follows from them: the parsed amounts,
// the live balance per currency and the request body. Pure, so the rules are easy to follow.

export interface LineValues {
  /** Only for React's list keys; never sent. */
  key: string;
  accountId: string | null;
  debit: string;
  credit: string;
  /** Empty: the base currency. */
  currency: string;
  /** Empty: the recorded exchange rate on or before the date. */
  rate: string;
  memo: string;
}

export interface EntryValues {
  date: string;
  description: string;
  payee: string;
  code: string;
  lines: LineValues[];
}

export const newKey = () => crypto.randomUUID();

export const blankLine = (): LineValues => ({
  key: newKey(),
  accountId: null,
  debit: '',
  credit: '',
  currency: '',
  rate: '',
  memo: '',
});

/** A line the user has not touched: left out of what is sent. */
export const isBlank = (l: LineValues) =>
  !l.accountId && !l.debit.trim() && !l.credit.trim() && !l.memo.trim() && !l.rate.trim();

export const lineCurrency = (l: LineValues, base: string) => l.currency.trim().toUpperCase() || base;

/** Minor units of a typed amount, `null` for an empty cell, or the reason it is not an amount. */
export function parseCell(text: string, currency: string): bigint | null | { problem: string } {
  if (!text.trim()) return null;
  if (!isCurrency(currency)) return { problem: 'Fix the currency first.' };
  try {
    const minor = parseMoney(text, currency);
    if (minor < 0n) return { problem: 'Enter a positive amount; use the other column for the other side.' };
    return minor;
  } catch (e) {
    return { problem: e instanceof Error ? e.message : 'Not an amount.' };
  }
}

export interface LineProblem {
  field: 'accountId' | 'debit' | 'credit' | 'currency' | 'rate';
  message: string;
}

const RATE = /^\d{1,18}(\.\d{1,18})?$/;

/** What is wrong with a non-blank line, field by field. */
export function lineProblems(l: LineValues, base: string): LineProblem[] {
  const problems: LineProblem[] = [];
  const currency = lineCurrency(l, base);
  if (!l.accountId) problems.push({ field: 'accountId', message: 'Choose an account.' });
  if (l.currency.trim() && !isCurrency(l.currency.trim().toUpperCase()))
    problems.push({ field: 'currency', message: 'Not a currency code (such as EUR).' });
  if (l.rate.trim() && !RATE.test(l.rate.trim()))
    problems.push({ field: 'rate', message: 'A positive decimal number such as 0.8532.' });
  const debit = parseCell(l.debit, currency);
  const credit = parseCell(l.credit, currency);
  for (const [field, value] of [
    ['debit', debit],
    ['credit', credit],
  ] as const)
    if (value !== null && typeof value === 'object') problems.push({ field, message: value.problem });
  if (debit === null && credit === null)
    problems.push({ field: 'debit', message: 'Enter a debit or a credit.' });
  if (debit === 0n && credit === null)
    problems.push({ field: 'debit', message: 'Enter an amount other than zero.' });
  if (credit === 0n && debit === null)
    problems.push({ field: 'credit', message: 'Enter an amount other than zero.' });
  const tooLarge = (v: unknown) => typeof v === 'bigint' && v > BigInt(Number.MAX_SAFE_INTEGER);
  if (tooLarge(debit)) problems.push({ field: 'debit', message: 'The amount is too large.' });
  if (tooLarge(credit)) problems.push({ field: 'credit', message: 'The amount is too large.' });
  if (typeof debit === 'bigint' && typeof credit === 'bigint' && debit !== 0n && credit !== 0n)
    problems.push({ field: 'credit', message: 'A line is either a debit or a credit; split it in two.' });
  return problems;
}

/** Debit positive, credit negative; null when either cell is not an amount. */
export function lineAmount(l: LineValues, base: string): bigint | null {
  const currency = lineCurrency(l, base);
  const debit = parseCell(l.debit, currency);
  const credit = parseCell(l.credit, currency);
  if ((debit !== null && typeof debit === 'object') || (credit !== null && typeof credit === 'object'))
    return null;
  return (debit ?? 0n) - (credit ?? 0n);
}

export interface CurrencyBalance {
  currency: string;
  debits: bigint;
  credits: bigint;
  /** Debits minus credits: zero when balanced. */
  difference: bigint;
}

export interface BalanceCheck {
  byCurrency: CurrencyBalance[];
  /** Lines that will be sent. */
  lineCount: number;
  /** Lines with something to fix. */
  problemLines: number;
  /** Every currency nets to zero, at least two lines, nothing to fix. */
  balanced: boolean;
}

/** The live check under the lines: totals and difference per currency. */
export function checkBalance(lines: readonly LineValues[], base: string): BalanceCheck {
  const sums = new Map<string, CurrencyBalance>();
  let lineCount = 0;
  let problemLines = 0;
  for (const l of lines) {
    if (isBlank(l)) continue;
    lineCount++;
    if (lineProblems(l, base).length > 0) problemLines++;
    const currency = lineCurrency(l, base);
    const amount = lineAmount(l, base);
    if (amount === null || !isCurrency(currency)) continue;
    const s = sums.get(currency) ?? { currency, debits: 0n, credits: 0n, difference: 0n };
    if (amount > 0n) s.debits += amount;
    else s.credits -= amount;
    s.difference = s.debits - s.credits;
    sums.set(currency, s);
  }
  const byCurrency = [...sums.values()];
  return {
    byCurrency,
    lineCount,
    problemLines,
    balanced:
      lineCount >= 2 &&
      problemLines === 0 &&
      byCurrency.length > 0 &&
      byCurrency.every((s) => s.difference === 0n),
  };
}

/**
 * The amount that balances the entry in a line's currency, as text for its debit or credit cell,
 * ignoring that line's own amount. `=` in an empty amount cell types it.
 */
export function balancingAmount(
  lines: readonly LineValues[],
  index: number,
  base: string,
): { side: 'debit' | 'credit'; text: string } | null {
  const line = lines[index];
  if (!line) return null;
  const currency = lineCurrency(line, base);
  if (!isCurrency(currency)) return null;
  let total = 0n;
  lines.forEach((l, i) => {
    if (i === index || isBlank(l) || lineCurrency(l, base) !== currency) return;
    total += lineAmount(l, base) ?? 0n;
  });
  if (total === 0n) return null;
  return {
    side: total < 0n ? 'debit' : 'credit',
    text: minorToDecimalString(total < 0n ? -total : total, currency),
  };
}

/** The request's lines, and for each the index of the form line it came from. */
export function toLines(
  lines: readonly LineValues[],
  base: string,
): { body: JournalLineInput[]; formIndex: number[] } {
  const body: JournalLineInput[] = [];
  const formIndex: number[] = [];
  lines.forEach((l, i) => {
    if (isBlank(l)) return;
    const currency = l.currency.trim().toUpperCase();
    const amount = lineAmount(l, base) ?? 0n;
    body.push({
      accountId: l.accountId ?? '',
      amount: Number(amount),
      ...(currency ? { currency } : {}),
      ...(l.rate.trim() && currency && currency !== base ? { rate: l.rate.trim() } : {}),
      memo: l.memo.trim() || null,
    });
    formIndex.push(i);
  });
  return { body, formIndex };
}

/** A saved draft back into the form. */
export function fromEntry(e: JournalEntry, base: string): EntryValues {
  const lines = e.lines.map((l) => ({
    key: newKey(),
    accountId: l.accountId,
    debit: l.amount > 0 ? minorToDecimalString(l.amount, l.currency) : '',
    credit: l.amount < 0 ? minorToDecimalString(-l.amount, l.currency) : '',
    currency: l.currency === base ? '' : l.currency,
    rate: l.currency === base ? '' : (l.rate ?? ''),
    memo: l.memo ?? '',
  }));
  return {
    date: e.date,
    description: e.description,
    payee: e.payee ?? '',
    code: e.code ?? '',
    lines: [...lines, blankLine()],
  };
}
