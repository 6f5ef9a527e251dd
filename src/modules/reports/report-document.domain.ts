import { formatDate } from '../../core/money.ts';
import type { BalanceSheet } from './balance-sheet.query.ts';
import type { CashFlowStatement } from './cash-flow.query.ts';
import type { AccountActivity, GeneralLedger, LedgerAccountSection } from './general-ledger.query.ts';
import type { IncomeStatement, StatementSection } from './income-statement.query.ts';
import type { TreeRow } from './statement.domain.ts';
import type { TrialBalance } from './trial-balance.query.ts';

// Every report as one printable table (title, columns, styled rows), which the CSV, XLSX and PDF
// writers render alike. Pure.

export interface Money {
  minor: bigint;
  currency: string;
}

export type Cell = string | Money | null;

export interface DocumentColumn {
  header: string;
  kind: 'text' | 'amount';
  /** Relative width for PDF and XLSX. */
  width: number;
}

export interface DocumentRow {
  cells: Cell[];
  style: 'normal' | 'heading' | 'subtotal' | 'total';
  /** Indent of the first cell (account depth). */
  indent: number;
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  companyName: string;
  /** Without extension, safe for Content-Disposition: `trial-balance-2026-03-31`. */
  fileName: string;
  columns: DocumentColumn[];
  rows: DocumentRow[];
}

export const isMoney = (cell: Cell): cell is Money => typeof cell === 'object' && cell !== null;

const day = (ymd: string) => formatDate(ymd, 'en-GB', 'medium');
const text = (header: string, width = 3): DocumentColumn => ({ header, kind: 'text', width });
const amount = (header: string): DocumentColumn => ({ header, kind: 'amount', width: 1.3 });
const row = (cells: Cell[], style: DocumentRow['style'] = 'normal', indent = 0): DocumentRow => ({
  cells,
  style,
  indent,
});
const blank = (width: number): DocumentRow => row(Array.from({ length: width }, () => null));
const money = (minor: bigint, currency: string | null): Cell =>
  currency ? { minor, currency } : minor.toString();

export function trialBalanceDocument(report: TrialBalance, companyName: string): ReportDocument {
  const base = report.baseCurrency;
  const rows = report.rows.map((r) =>
    row([
      r.accountName,
      r.currency,
      r.debit ? money(r.debit, r.currency) : null,
      r.credit ? money(r.credit, r.currency) : null,
      money(r.baseBalance, base),
    ]),
  );
  const totals = report.totals.map((t) =>
    row(
      [`Total ${t.currency}`, t.currency, money(t.debit, t.currency), money(t.credit, t.currency), null],
      'total',
    ),
  );
  const baseTotal = row(
    [
      `Total in ${base ?? 'base currency'}`,
      base,
      money(report.baseTotals.debit, base),
      money(report.baseTotals.credit, base),
      money(report.baseTotals.balance, base),
    ],
    'total',
  );
  return {
    title: 'Trial balance',
    subtitle: `At ${day(report.asOf)}${base ? ` · base currency ${base}` : ''}`,
    companyName,
    fileName: `trial-balance-${report.asOf}`,
    columns: [
      text('Account', 4),
      text('Currency', 1),
      amount('Debit'),
      amount('Credit'),
      amount(`Balance ${base ?? ''}`.trim()),
    ],
    rows: [...rows, ...totals, baseTotal],
  };
}

/**
 * Tree rows under a section heading. A lone top-level group that is only a name (`expenses` above
 * every expense account) repeats the heading and the section total, so it is left out.
 */
function treeRows(rows: TreeRow[], currency: string | null): DocumentRow[] {
  const roots = rows.filter((r) => r.depth === 0);
  const lift = roots.length === 1 && roots[0]!.isGroup && roots[0]!.accountId === null ? 1 : 0;
  return rows
    .filter((r) => !(lift && r.depth === 0))
    .map((r) =>
      row(
        [r.label, ...r.figures.map((f) => money(f, currency))],
        r.isGroup ? 'subtotal' : 'normal',
        r.depth + 1 - lift,
      ),
    );
}

export function incomeStatementDocument(report: IncomeStatement, companyName: string): ReportDocument {
  const base = report.baseCurrency;
  const width = report.columns.length + 1;
  const section = (title: string, s: StatementSection) => [
    row([title, ...report.columns.map(() => null)], 'heading'),
    ...treeRows(s.rows, base),
    row([`Total ${title.toLowerCase()}`, ...s.total.map((f) => money(f, base))], 'subtotal'),
    blank(width),
  ];
  return {
    title: 'Income statement',
    subtitle: `${day(report.from)} to ${day(report.to)}${base ? ` · ${base}` : ''}${
      report.comparison
        ? ` · compared with ${day(report.comparison.from)} to ${day(report.comparison.to)}`
        : ''
    }`,
    companyName,
    fileName: `income-statement-${report.from}-to-${report.to}`,
    columns: [text('Account', 4), ...report.columns.map((c) => amount(c.label))],
    rows: [
      ...section('Income', report.income),
      ...section('Expenses', report.expenses),
      ...(report.costOfSales.some((f) => f !== 0n)
        ? [
            row(
              ['Gross profit (income less cost of sales)', ...report.grossProfit.map((f) => money(f, base))],
              'subtotal',
            ),
          ]
        : []),
      row(['Net income', ...report.netIncome.map((f) => money(f, base))], 'total'),
    ],
  };
}

export function balanceSheetDocument(report: BalanceSheet, companyName: string): ReportDocument {
  const base = report.baseCurrency;
  const width = report.dates.length + 1;
  const figures = (values: bigint[]) => values.map((v) => money(v, base));
  const section = (title: string, rows: TreeRow[], total: bigint[], extra: DocumentRow[] = []) => [
    row([title, ...report.dates.map(() => null)], 'heading'),
    ...treeRows(rows, base),
    ...extra,
    row([`Total ${title.toLowerCase()}`, ...figures(total)], 'subtotal'),
    blank(width),
  ];
  const earnings = [row(['Current-year earnings', ...figures(report.currentYearEarnings)], 'normal', 1)];
  if (report.priorYearsEarnings.some((v) => v !== 0n))
    earnings.push(
      row(["Earlier years' earnings not closed", ...figures(report.priorYearsEarnings)], 'normal', 1),
    );
  const rows = [
    ...section('Assets', report.assets.rows, report.assets.total),
    ...section('Liabilities', report.liabilities.rows, report.liabilities.total),
    ...section('Equity', report.equity.rows, report.equity.total, earnings),
    row(['Total liabilities and equity', ...figures(report.liabilitiesAndEquity)], 'total'),
  ];
  if (!report.balanced) rows.push(row(['Out of balance by', ...figures(report.difference)], 'total'));
  return {
    title: 'Balance sheet',
    subtitle: `At ${report.dates.map(day).join(' and ')}${base ? ` · ${base}` : ''}`,
    companyName,
    fileName: `balance-sheet-${report.dates[0]}`,
    columns: [text('Account', 4), ...report.dates.map((d) => amount(day(d)))],
    rows,
  };
}

export function cashFlowDocument(report: CashFlowStatement, companyName: string): ReportDocument {
  const base = report.baseCurrency;
  const line = (label: string, value: bigint, style: DocumentRow['style'] = 'normal', indent = 1) =>
    row([label, money(value, base)], style, indent);
  const lines = (items: { name: string; amount: bigint }[], indent = 2) =>
    items.map((i) => line(i.name, i.amount, 'normal', indent));
  const rows: DocumentRow[] = [
    row(['Operating activities', null], 'heading'),
    line('Net income', report.netIncome),
  ];
  if (report.operating.nonCash.length)
    rows.push(row(['Non-cash expenses', null], 'normal', 1), ...lines(report.operating.nonCash));
  if (report.operating.workingCapital.length)
    rows.push(
      row(['Changes in working capital', null], 'normal', 1),
      ...lines(report.operating.workingCapital),
    );
  rows.push(line('Net cash from operating activities', report.operating.total, 'subtotal', 0), blank(2));
  rows.push(row(['Investing activities', null], 'heading'), ...lines(report.investing.lines, 1));
  rows.push(line('Net cash from investing activities', report.investing.total, 'subtotal', 0), blank(2));
  rows.push(row(['Financing activities', null], 'heading'), ...lines(report.financing.lines, 1));
  rows.push(line('Net cash from financing activities', report.financing.total, 'subtotal', 0), blank(2));
  rows.push(
    line('Net change in cash', report.netCashFlow, 'total', 0),
    line(`Cash at ${day(report.from)} (start)`, report.cash.opening, 'normal', 0),
    line(`Cash at ${day(report.to)} (end)`, report.cash.closing, 'total', 0),
  );
  return {
    title: 'Cash flow statement',
    subtitle: `${day(report.from)} to ${day(report.to)} · indirect method${base ? ` · ${base}` : ''}`,
    companyName,
    fileName: `cash-flow-${report.from}-to-${report.to}`,
    columns: [text('', 5), amount(base ?? 'Amount')],
    rows,
  };
}

export const LEDGER_COLUMNS = [
  text('Date', 1.2),
  text('Entry', 1.6),
  text('Description', 3),
  text('Currency', 0.9),
  amount('Debit'),
  amount('Credit'),
  amount('Balance'),
];

/**
 * One account's rows of the general ledger. A page that continues the account (`head: false`) leaves
 * out its heading and opening balance; a page that stops inside it (`complete: false`) its closing.
 */
export function sectionRows(
  section: LedgerAccountSection,
  baseCurrency: string | null,
  options: { head: boolean } = { head: true },
): DocumentRow[] {
  const balances = (label: string, list: { currency: string; amount: bigint }[]) =>
    (list.length ? list : [{ currency: baseCurrency ?? '', amount: 0n }]).map((b) =>
      row(
        [label, null, null, b.currency || null, null, null, money(b.amount, b.currency || null)],
        'subtotal',
      ),
    );
  const head = options.head
    ? [
        row([section.name, null, null, null, null, null, null], 'heading'),
        ...balances('Opening balance', section.opening),
      ]
    : [];
  const tail = section.complete
    ? [...balances('Closing balance', section.closing), blank(LEDGER_COLUMNS.length)]
    : [];
  return [
    ...head,
    ...section.lines.map((l) =>
      row([
        l.date,
        `#${l.seq}`,
        [l.description, l.memo].filter(Boolean).join(' — '),
        l.currency,
        l.amount > 0n ? money(l.amount, l.currency) : null,
        l.amount < 0n ? money(-l.amount, l.currency) : null,
        money(l.balance, l.currency),
      ]),
    ),
    ...tail,
  ];
}

export function generalLedgerDocument(report: GeneralLedger, companyName: string): ReportDocument {
  return {
    title: 'General ledger',
    subtitle: `${day(report.from)} to ${day(report.to)}`,
    companyName,
    fileName: `general-ledger-${report.from}-to-${report.to}`,
    columns: LEDGER_COLUMNS,
    rows: report.accounts.flatMap((a) => sectionRows(a, report.baseCurrency)),
  };
}

export function accountActivityDocument(report: AccountActivity, companyName: string): ReportDocument {
  return {
    title: `Account activity: ${report.name}`,
    subtitle: `${day(report.from)} to ${day(report.to)}`,
    companyName,
    fileName: `account-activity-${report.from}-to-${report.to}`,
    columns: LEDGER_COLUMNS,
    rows: sectionRows(report, report.baseCurrency),
  };
}
