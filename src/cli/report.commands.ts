import { systemActor } from '../core/actor.ts';
import { currencyExponent, formatNumber, minorToDecimalString } from '../core/money.ts';
import {
  COLUMN_KINDS,
  getIncomeStatement,
  getTrialBalance,
  type IncomeStatement,
  incomeStatementCsv,
  type StatementSection,
  type TrialBalance,
  trialBalanceCsv,
} from '../modules/reports/index.ts';
import { checkChoice } from '../modules/reports/statement.domain.ts';
import { type Command, orgBySlug, parse, requireString } from './command-kit.ts';

// Financial reports on the terminal: a readable table, or `--format csv` for scripts and for
// comparing with hledger (`account,currency,…`, plain decimals, debits positive).

const FORMATS = ['table', 'csv'] as const;
const todayUtc = () => new Date().toISOString().slice(0, 10);

/** A decimal with thousands separators and the currency's decimals, for people. */
function amount(minor: bigint, currency: string | null): string {
  if (!currency) return minor.toString();
  const digits = currencyExponent(currency);
  return formatNumber(minorToDecimalString(minor, currency), 'en', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Columns padded to their widest cell; those named in `right` aligned right (figures). */
export function alignedTable(header: string[], rows: string[][], right: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map((r) => (r.length === 0 ? rule : line(r)))].join('\n');
}

function trialBalanceTable(report: TrialBalance): string {
  const rows = report.rows
    .filter((r) => r.balance !== 0n)
    .map((r) => [
      r.accountName,
      r.currency,
      r.debit ? amount(r.debit, r.currency) : '',
      r.credit ? amount(r.credit, r.currency) : '',
    ]);
  const totals = report.totals.map((t) => [
    'Total',
    t.currency,
    amount(t.debit, t.currency),
    amount(t.credit, t.currency),
  ]);
  const title = `Trial balance at ${report.asOf}`;
  if (rows.length === 0) return `${title}\n\nNo balances.`;
  return `${title}\n\n${alignedTable(['ACCOUNT', 'CURRENCY', 'DEBIT', 'CREDIT'], [...rows, [], ...totals], new Set([2, 3]))}`;
}

function incomeStatementTable(report: IncomeStatement): string {
  const currency = report.baseCurrency;
  const header = ['ACCOUNT', ...report.columns.map((c) => c.label)];
  const figures = (values: bigint[]) => values.map((v) => amount(v, currency));
  const sectionRows = (title: string, section: StatementSection) => [
    [title, ...report.columns.map(() => '')],
    ...section.rows.map((r) => [`${'  '.repeat(r.depth + 1)}${r.label}`, ...figures(r.figures)]),
    [`Total ${title.toLowerCase()}`, ...figures(section.total)],
  ];
  const rows = [
    ...sectionRows('Income', report.income),
    [],
    ...sectionRows('Expenses', report.expenses),
    [],
    ['Net income', ...figures(report.netIncome)],
  ];
  const right = new Set(report.columns.map((_, i) => i + 1));
  return `Income statement ${report.from} to ${report.to}${currency ? ` (${currency})` : ''}\n\n${alignedTable(header, rows, right)}`;
}

const formatOption = (values: Record<string, unknown>) =>
  checkChoice(typeof values.format === 'string' ? values.format : 'table', 'format', FORMATS);

/** The report commands: `ordo report trial-balance`, `ordo report income-statement`. */
export const REPORT_COMMANDS: Record<string, Command> = {
  'report trial-balance': {
    usage: 'ordo report trial-balance --org SLUG [--as-of YYYY-MM-DD] [--format table|csv]',
    summary: 'Balances per account and currency at the end of a day (default today); debits positive',
    async run(args, { io, services }) {
      const { values } = parse(
        args,
        { org: { type: 'string' }, 'as-of': { type: 'string' }, format: { type: 'string' } },
        0,
      );
      const format = formatOption(values);
      const svc = await services();
      const org = await orgBySlug(svc, requireString(values, 'org'));
      const asOf = typeof values['as-of'] === 'string' ? values['as-of'] : todayUtc();
      const report = await getTrialBalance(svc.store.db, systemActor(org.id, 'cli'), { asOf });
      io.out(format === 'csv' ? trialBalanceCsv(report) : trialBalanceTable(report));
      return 0;
    },
  },
  'report income-statement': {
    usage:
      'ordo report income-statement --org SLUG --from YYYY-MM-DD --to YYYY-MM-DD [--columns month|quarter|year|total] [--format table|csv]',
    summary: 'Income and expenses over a range (both dates inclusive), without year-end closing entries',
    async run(args, { io, services }) {
      const { values } = parse(
        args,
        {
          org: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          columns: { type: 'string' },
          format: { type: 'string' },
        },
        0,
      );
      const format = formatOption(values);
      const from = requireString(values, 'from');
      const to = requireString(values, 'to');
      const svc = await services();
      const org = await orgBySlug(svc, requireString(values, 'org'));
      const report = await getIncomeStatement(svc.store.db, systemActor(org.id, 'cli'), {
        from,
        to,
        columns: format === 'csv' ? 'total' : checkChoice(values.columns ?? 'total', 'columns', COLUMN_KINDS),
      });
      io.out(format === 'csv' ? incomeStatementCsv(report) : incomeStatementTable(report));
      return 0;
    },
  },
};
