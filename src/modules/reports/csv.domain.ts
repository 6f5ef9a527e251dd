import { minorToDecimalString } from '../../core/money.ts';
import type { IncomeStatement } from './income-statement.query.ts';
import type { TrialBalance } from './trial-balance.query.ts';

// CSV text of the reports (RFC 4180: fields with commas, quotes or line breaks are quoted, quotes
// doubled). Amounts are plain decimals in the currency's major units: `12.50`, `-3.00`, no grouping.

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export const csvLine = (cells: readonly string[]) => cells.map(csvField).join(',');

/** Lines joined by `\n`, without a final line break. */
export const csvText = (header: readonly string[], rows: readonly (readonly string[])[]) =>
  [csvLine(header), ...rows.map(csvLine)].join('\n');

/**
 * `account,currency,balance`: one row per account and currency with a balance that is not zero,
 * debits positive, by account name then currency (as `hledger balance` lists them).
 */
export function trialBalanceCsv(report: TrialBalance): string {
  return csvText(
    ['account', 'currency', 'balance'],
    report.rows
      .filter((r) => r.balance !== 0n)
      .map((r) => [r.accountName, r.currency, minorToDecimalString(r.balance, r.currency)]),
  );
}

/**
 * `account,currency,amount`: one row per income or expense account and currency that moved over the
 * range, signed as `hledger balance` signs it (income negative, expenses positive).
 */
export function incomeStatementCsv(report: IncomeStatement): string {
  return csvText(
    ['account', 'currency', 'amount'],
    report.movements.map((m) => [m.accountName, m.currency, minorToDecimalString(m.amount, m.currency)]),
  );
}
