import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Actor, systemActor } from '../core/actor.ts';
import { AppError, invalid } from '../core/errors.ts';
import { currencyExponent, formatNumber, minorToDecimalString } from '../core/money.ts';
import { readInOrg } from '../db/tenancy.ts';
import { findAccountByName } from '../modules/ledger/index.ts';
import {
  COLUMN_KINDS,
  COMPARISONS,
  checkChoice,
  documentCsv,
  exportReport,
  getIncomeStatement,
  getTrialBalance,
  incomeStatementCsv,
  isMoney,
  type ReportDocument,
  type ReportRequest,
  readReportDocument,
  streamLedgerCsv,
  trialBalanceCsv,
} from '../modules/reports/index.ts';
import type { Services } from '../services.ts';
import { type Command, type CommandContext, orgBySlug, parse, requireString } from './command-kit.ts';

// Financial reports on the terminal: a readable table, `--format csv` for scripts and for comparing
// with hledger (`account,currency,…`, plain decimals, debits positive), or `--format xlsx|pdf
// --output FILE` for a file to hand over.

const FORMATS = ['table', 'csv', 'xlsx', 'pdf'] as const;
type CliFormat = (typeof FORMATS)[number];
const todayUtc = () => new Date().toISOString().slice(0, 10);
const optional = (values: Record<string, unknown>, name: string) =>
  typeof values[name] === 'string' ? (values[name] as string) : undefined;

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

const formatOption = (values: Record<string, unknown>): CliFormat => {
  const format = checkChoice(optional(values, 'format') ?? 'table', 'format', FORMATS);
  if ((format === 'xlsx' || format === 'pdf') && !optional(values, 'output'))
    throw invalid('USAGE', `--format ${format} writes a file: name it with --output FILE.`, {
      field: 'output',
    });
  return format;
};

/** Any report laid out as a table for people: indented accounts, figures aligned right, rules above totals. */
export function documentTable(doc: ReportDocument): string {
  const rows = doc.rows.flatMap((row) => {
    const cells = row.cells.map((cell, i) => {
      if (cell === null) return '';
      if (isMoney(cell)) return amount(cell.minor, cell.currency);
      return i === 0 ? `${'  '.repeat(row.indent)}${cell}` : cell;
    });
    return row.style === 'total' ? [[], cells] : [cells];
  });
  const right = new Set(doc.columns.flatMap((c, i) => (c.kind === 'amount' ? [i] : [])));
  const header = doc.columns.map((c) => c.header.toUpperCase());
  return `${doc.companyName}: ${doc.title}\n${doc.subtitle}\n\n${alignedTable(header, rows, right)}`;
}

/** Writes the report file (`--format xlsx|pdf --output FILE`, relative to the caller's directory). */
async function writeReportFile(
  ctx: CommandContext,
  db: Services['store']['db'],
  actor: Actor,
  request: ReportRequest,
  format: 'xlsx' | 'pdf',
  output: string,
) {
  const file = await exportReport(db, actor, request, format);
  const target = path.resolve(ctx.cwd, output);
  writeFileSync(target, file.bytes);
  ctx.io.out(`Wrote ${target} (${file.bytes.length.toLocaleString('en')} bytes).`);
}

/** Prints or writes a report that has no special CLI layout: table, csv, or a file. */
async function runDocumentReport(
  ctx: CommandContext,
  values: Record<string, unknown>,
  request: (svc: Services, actor: Actor) => Promise<ReportRequest>,
) {
  const format = formatOption(values);
  const svc = await ctx.services();
  const org = await orgBySlug(svc, requireString(values, 'org'));
  const actor = systemActor(org.id, 'cli');
  const wanted = await request(svc, actor);
  if (format === 'xlsx' || format === 'pdf')
    return writeReportFile(ctx, svc.store.db, actor, wanted, format, optional(values, 'output')!);
  if (format === 'csv' && wanted.report === 'general-ledger') {
    // Any number of lines: printed a page at a time.
    const file = await streamLedgerCsv(svc.store.db, actor, wanted);
    for await (const chunk of file.chunks) ctx.io.out(chunk.replace(/\n$/, ''));
    return;
  }
  const doc = await readReportDocument(svc.store.db, actor, wanted);
  ctx.io.out(format === 'csv' ? documentCsv(doc).trimEnd() : documentTable(doc));
}

/** An account named on the command line (its full name), or ACCOUNT_NOT_FOUND naming `--account`. */
async function accountIdByName(svc: Services, actor: Actor, name: string): Promise<string> {
  const account = await readInOrg(svc.store.db, actor.orgId, (q) => findAccountByName(q, actor.orgId, name));
  if (!account)
    throw new AppError('not_found', 'ACCOUNT_NOT_FOUND', `No account named "${name}".`, { field: 'account' });
  return account.id;
}

const OUTPUT = { format: { type: 'string' }, output: { type: 'string' } } as const;

/** The report commands: `ordo report trial-balance`, `ordo report income-statement`. */
export const REPORT_COMMANDS: Record<string, Command> = {
  'report trial-balance': {
    usage:
      'ordo report trial-balance --org SLUG [--as-of YYYY-MM-DD] [--format table|csv|xlsx|pdf --output FILE]',
    summary: 'Balances per account and currency at the end of a day (default today); debits positive',
    async run(args, ctx) {
      const { values } = parse(args, { org: { type: 'string' }, 'as-of': { type: 'string' }, ...OUTPUT }, 0);
      const format = formatOption(values);
      const svc = await ctx.services();
      const org = await orgBySlug(svc, requireString(values, 'org'));
      const actor = systemActor(org.id, 'cli');
      const asOf = optional(values, 'as-of') ?? todayUtc();
      if (format === 'xlsx' || format === 'pdf') {
        const request = { report: 'trial-balance', asOf } as const;
        await writeReportFile(ctx, svc.store.db, actor, request, format, optional(values, 'output')!);
        return 0;
      }
      const request = { report: 'trial-balance', asOf } as const;
      ctx.io.out(
        format === 'csv'
          ? trialBalanceCsv(await getTrialBalance(svc.store.db, actor, { asOf }))
          : documentTable(await readReportDocument(svc.store.db, actor, request)),
      );
      return 0;
    },
  },
  'report income-statement': {
    usage:
      'ordo report income-statement --org SLUG --from YYYY-MM-DD --to YYYY-MM-DD [--columns month|quarter|year|total] [--compare none|prior-period|prior-year] [--format table|csv|xlsx|pdf --output FILE]',
    summary: 'Income and expenses over a range (both dates inclusive), without year-end closing entries',
    async run(args, ctx) {
      const { values } = parse(
        args,
        {
          org: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          columns: { type: 'string' },
          compare: { type: 'string' },
          ...OUTPUT,
        },
        0,
      );
      const format = formatOption(values);
      const from = requireString(values, 'from');
      const to = requireString(values, 'to');
      const columns = checkChoice(optional(values, 'columns') ?? 'total', 'columns', COLUMN_KINDS);
      const compare = checkChoice(optional(values, 'compare') ?? 'none', 'compare', COMPARISONS);
      const svc = await ctx.services();
      const org = await orgBySlug(svc, requireString(values, 'org'));
      const actor = systemActor(org.id, 'cli');
      if (format === 'xlsx' || format === 'pdf') {
        const request = { report: 'income-statement', from, to, columns, compare } as const;
        await writeReportFile(ctx, svc.store.db, actor, request, format, optional(values, 'output')!);
        return 0;
      }
      // The csv is hledger's view: per account and currency over the whole range.
      const request = { report: 'income-statement', from, to, columns, compare } as const;
      ctx.io.out(
        format === 'csv'
          ? incomeStatementCsv(await getIncomeStatement(svc.store.db, actor, { from, to }))
          : documentTable(await readReportDocument(svc.store.db, actor, request)),
      );
      return 0;
    },
  },
  'report balance-sheet': {
    usage:
      'ordo report balance-sheet --org SLUG [--as-of YYYY-MM-DD] [--compare-as-of YYYY-MM-DD] [--format table|csv|xlsx|pdf --output FILE]',
    summary:
      'Assets, liabilities and equity at the end of a day, with the year’s earnings; checks it balances',
    async run(args, ctx) {
      const { values } = parse(
        args,
        {
          org: { type: 'string' },
          'as-of': { type: 'string' },
          'compare-as-of': { type: 'string' },
          ...OUTPUT,
        },
        0,
      );
      const compareAsOf = optional(values, 'compare-as-of');
      await runDocumentReport(ctx, values, async () => ({
        report: 'balance-sheet',
        asOf: optional(values, 'as-of') ?? todayUtc(),
        ...(compareAsOf ? { compareAsOf } : {}),
      }));
      return 0;
    },
  },
  'report cash-flow': {
    usage:
      'ordo report cash-flow --org SLUG --from YYYY-MM-DD --to YYYY-MM-DD [--format table|csv|xlsx|pdf --output FILE]',
    summary: 'Cash flow statement (indirect method) over a range, reconciled to the change in cash',
    async run(args, ctx) {
      const { values } = parse(
        args,
        { org: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, ...OUTPUT },
        0,
      );
      const from = requireString(values, 'from');
      const to = requireString(values, 'to');
      await runDocumentReport(ctx, values, async () => ({ report: 'cash-flow', from, to }));
      return 0;
    },
  },
  'report general-ledger': {
    usage:
      'ordo report general-ledger --org SLUG --from YYYY-MM-DD --to YYYY-MM-DD [--account NAME] [--format table|csv|xlsx|pdf --output FILE]',
    summary: 'Every posted line per account over a range, with opening, running and closing balances',
    async run(args, ctx) {
      const { values } = parse(
        args,
        {
          org: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          account: { type: 'string' },
          ...OUTPUT,
        },
        0,
      );
      const from = requireString(values, 'from');
      const to = requireString(values, 'to');
      const account = optional(values, 'account');
      await runDocumentReport(ctx, values, async (svc, actor) => ({
        report: 'general-ledger',
        from,
        to,
        ...(account ? { accountId: await accountIdByName(svc, actor, account) } : {}),
      }));
      return 0;
    },
  },
};
