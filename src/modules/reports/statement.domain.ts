import { invalid } from '../../core/errors.ts';
import { isBusinessDate } from '../../core/money.ts';
import { addDays, firstOfMonth, lastOfMonth } from '../ledger/index.ts';
import { invalidChoice, invalidReportDate, rangeReversed, tooManyColumns } from './errors.ts';

// Pure rules shared by the statements: checking dates and ranges, splitting a range into columns,
// the comparison period, and the account hierarchy with subtotals.

export const COLUMN_KINDS = ['month', 'quarter', 'year', 'total'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];
export const COMPARISONS = ['none', 'prior-period', 'prior-year'] as const;
export type Comparison = (typeof COMPARISONS)[number];
export const MAX_COLUMNS = 120;

export interface DateRange {
  from: string;
  to: string;
}

/** Reports read dates in this span, so the day before and after each stays a date the store accepts. */
export const REPORT_DATES = { first: '1000-01-01', last: '9998-12-31' } as const;

/** The date, or INVALID_DATE (DATE_OUT_OF_RANGE) naming `field`. */
export function checkDate(value: unknown, field: string): string {
  if (!isBusinessDate(value)) throw invalidReportDate(field, value);
  if (value < REPORT_DATES.first || value > REPORT_DATES.last) throw dateOutOfRange(field);
  return value;
}

const dateOutOfRange = (field: string) =>
  invalid(
    'DATE_OUT_OF_RANGE',
    `${field}: use a date from ${REPORT_DATES.first} to ${REPORT_DATES.last}${field === 'compare' ? ' (the comparison period would fall outside it)' : ''}.`,
    { field },
  );

/** Both dates checked and in order (from ≤ to), else a 4xx naming the field. */
export function checkRange(from: unknown, to: unknown): DateRange {
  const range = { from: checkDate(from, 'from'), to: checkDate(to, 'to') };
  if (range.from > range.to) throw rangeReversed(range.from, range.to);
  return range;
}

export function checkChoice<T extends string>(value: unknown, field: string, choices: readonly T[]): T {
  if (!choices.includes(value as T)) throw invalidChoice(field, value, choices);
  return value as T;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `date` moved by whole months, the day kept or clamped to the month's end (Jan 31 + 1 → Feb 28). */
export function addMonths(date: string, months: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const first = `${pad(year, 4)}-${pad(month)}-01`;
  const day = Math.min(Number(date.slice(8, 10)), Number(lastOfMonth(first).slice(8, 10)));
  return `${first.slice(0, 8)}${pad(day)}`;
}

/** Days from `from` to `to`, both counted. */
export function daysIn(range: DateRange): number {
  const ms = Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`);
  return Math.round(ms / 86_400_000) + 1;
}

const isWholeMonths = (r: DateRange) => r.from === firstOfMonth(r.from) && r.to === lastOfMonth(r.to);
const monthsIn = (r: DateRange) =>
  (Number(r.to.slice(0, 4)) - Number(r.from.slice(0, 4))) * 12 +
  Number(r.to.slice(5, 7)) -
  Number(r.from.slice(5, 7)) +
  1;

/**
 * The period to compare with: `prior-period` is the one of equal length just before (whole months
 * shift by months, so March compares with February; other ranges by days); `prior-year` is the same
 * dates a year earlier (a range ending on a month's last day ends on that month's last day).
 */
export function comparisonRange(range: DateRange, compare: Comparison): DateRange | undefined {
  const compared = comparisonOf(range, compare);
  if (compared && compared.from < REPORT_DATES.first) throw dateOutOfRange('compare');
  return compared;
}

function comparisonOf(range: DateRange, compare: Comparison): DateRange | undefined {
  if (compare === 'none') return undefined;
  if (compare === 'prior-year') {
    const to =
      range.to === lastOfMonth(range.to) ? lastOfMonth(addMonths(range.to, -12)) : addMonths(range.to, -12);
    return { from: addMonths(range.from, -12), to };
  }
  if (isWholeMonths(range)) {
    const months = monthsIn(range);
    return { from: addMonths(range.from, -months), to: addDays(range.from, -1) };
  }
  const days = daysIn(range);
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
}

export interface Column extends DateRange {
  /** `2026-03`, `2026 Q1`, `FY 2026`, `Total`; a partial period keeps its name. */
  label: string;
}

/**
 * The range split into columns: calendar months, or quarters and years of the fiscal year (starting
 * on `fiscalYearStart`, `MM-DD`); the first and last column are cut to the range.
 */
export function columnsOf(range: DateRange, kind: ColumnKind, fiscalYearStart = '01-01'): Column[] {
  if (kind === 'total') return [{ ...range, label: 'Total' }];
  const step = kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12;
  // The fiscal year start on or before `from` anchors quarters and years; months start on the 1st.
  let start: string;
  if (kind === 'month') start = firstOfMonth(range.from);
  else {
    start = `${range.from.slice(0, 4)}-${fiscalYearStart}`;
    if (!isBusinessDate(start))
      start = lastOfMonth(`${range.from.slice(0, 4)}-${fiscalYearStart.slice(0, 2)}-01`);
    if (start > range.from) start = addMonths(start, -12);
    while (addMonths(start, step) <= range.from) start = addMonths(start, step);
  }
  const columns: Column[] = [];
  while (start <= range.to) {
    const next = addMonths(start, step);
    const end = addDays(next, -1);
    columns.push({
      from: start < range.from ? range.from : start,
      to: end > range.to ? range.to : end,
      label: columnLabel(kind, start, fiscalYearStart),
    });
    if (columns.length > MAX_COLUMNS) throw tooManyColumns(countColumns(range, step), MAX_COLUMNS);
    start = next;
  }
  return columns;
}

const countColumns = (range: DateRange, step: number) => Math.ceil(monthsIn(range) / step);

function columnLabel(kind: ColumnKind, start: string, fiscalYearStart: string): string {
  if (kind === 'month') return start.slice(0, 7);
  const calendar = fiscalYearStart === '01-01';
  const fiscalYear = (first: string) => {
    const last = addDays(addMonths(first, 12), -1);
    return calendar ? first.slice(0, 4) : `FY ${first.slice(0, 4)}/${last.slice(2, 4)}`;
  };
  if (kind === 'year') return fiscalYear(start);
  // The quarter's fiscal year starts on the fiscal start date on or before the quarter's start.
  let yearStart = `${start.slice(0, 4)}-${fiscalYearStart}`;
  if (!isBusinessDate(yearStart))
    yearStart = lastOfMonth(`${start.slice(0, 4)}-${fiscalYearStart.slice(0, 2)}-01`);
  if (yearStart > start) yearStart = addMonths(yearStart, -12);
  let quarter = 1;
  while (addMonths(yearStart, quarter * 3) <= start) quarter++;
  return `${fiscalYear(yearStart)} Q${quarter}`;
}

/** An account's figures, one per column: what the tree is built from. */
export interface AccountFigures {
  accountId: string;
  name: string;
  figures: bigint[];
}

/** One line of a statement section: an account, or a group of the accounts below a name. */
export interface TreeRow {
  /** The account with this full name, when there is one (a group may be only a prefix). */
  accountId: string | null;
  /** Full colon-separated name. */
  name: string;
  /** The last part of the name, for indented display. */
  label: string;
  depth: number;
  /** True when other rows lie below this one: its figures are then subtotals. */
  isGroup: boolean;
  /** Own postings plus everything below, per column. */
  figures: bigint[];
}

/**
 * The accounts as a tree by name (`expenses:office:rent` lies below `expenses:office` and
 * `expenses`, whether or not those exist as accounts), each row carrying its subtree's totals;
 * depth-first, by name. Rows with all-zero figures are left out.
 */
export function accountTree(accounts: readonly AccountFigures[], width: number): TreeRow[] {
  const nodes = new Map<string, TreeRow>();
  const zero = () => Array.from({ length: width }, () => 0n);
  for (const account of accounts) {
    const parts = account.name.split(':');
    for (let i = 1; i <= parts.length; i++) {
      const name = parts.slice(0, i).join(':');
      let node = nodes.get(name);
      if (!node) {
        node = { accountId: null, name, label: parts[i - 1]!, depth: i - 1, isGroup: false, figures: zero() };
        nodes.set(name, node);
      }
      if (i < parts.length) node.isGroup = true;
      else node.accountId = account.accountId;
      account.figures.forEach((value, c) => {
        node.figures[c]! += value;
      });
    }
  }
  const rows = [...nodes.values()].filter((n) => n.figures.some((f) => f !== 0n));
  // Sort by name parts so `a:b` follows `a` before `a b`.
  const key = (name: string) => name.split(':');
  rows.sort((a, b) => compareParts(key(a.name), key(b.name)));
  // Depth-first order puts a row's children right after it.
  rows.forEach((row, i) => {
    row.isGroup = rows[i + 1]?.name.startsWith(`${row.name}:`) ?? false;
  });
  return rows;
}

function compareParts(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

/** Plain code-unit order, the same on every machine and store. */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
