import type { Actor } from '../../core/actor.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { companyProfileOf } from '../company/index.ts';
import { ledgerRead } from '../ledger/index.ts';
import { type BalanceSheet, type BalanceSheetInput, balanceSheet } from './balance-sheet.query.ts';
import { type CashFlowStatement, cashFlowStatement } from './cash-flow.query.ts';
import { csvLine } from './csv.domain.ts';
import { csvCells, documentCsv } from './document-csv.domain.ts';
import { reportTooLarge } from './errors.ts';
import {
  type AccountActivity,
  accountActivity,
  type GeneralLedger,
  generalLedger,
  type LinesPage,
  MAX_PAGE_LINES,
} from './general-ledger.query.ts';
import {
  type IncomeStatement,
  type IncomeStatementInput,
  incomeStatement,
} from './income-statement.query.ts';
import { documentPdf } from './pdf.export.ts';
import {
  accountActivityDocument,
  balanceSheetDocument,
  cashFlowDocument,
  generalLedgerDocument,
  incomeStatementDocument,
  LEDGER_COLUMNS,
  type ReportDocument,
  sectionRows,
  trialBalanceDocument,
} from './report-document.domain.ts';
import { type TrialBalance, trialBalance } from './trial-balance.query.ts';
import { documentXlsx } from './xlsx.export.ts';

// The reports as the API and the CLI run them: read-only, in the actor's organization, after
// checking `ledger:read`; and their exports as CSV, XLSX and PDF files.

/** The trial balance at the end of `asOf`. Needs `ledger:read`. */
export const getTrialBalance = async (db: Db, actor: Actor, input: { asOf: string }): Promise<TrialBalance> =>
  ledgerRead(db, actor, (q) => trialBalance(q, actor.orgId, input));

/** The income statement of a range. Needs `ledger:read`. */
export const getIncomeStatement = async (
  db: Db,
  actor: Actor,
  input: IncomeStatementInput,
): Promise<IncomeStatement> => ledgerRead(db, actor, (q) => incomeStatement(q, actor.orgId, input));

/** The balance sheet at a date. Needs `ledger:read`. */
export const getBalanceSheet = async (
  db: Db,
  actor: Actor,
  input: BalanceSheetInput,
): Promise<BalanceSheet> => ledgerRead(db, actor, (q) => balanceSheet(q, actor.orgId, input));

/** The cash flow statement of a range. Needs `ledger:read`. */
export const getCashFlow = async (
  db: Db,
  actor: Actor,
  input: { from: string; to: string },
): Promise<CashFlowStatement> => ledgerRead(db, actor, (q) => cashFlowStatement(q, actor.orgId, input));

/** A page of the general ledger. Needs `ledger:read`. */
export const getGeneralLedger = async (
  db: Db,
  actor: Actor,
  input: { from: string; to: string; accountId?: string },
  page: LinesPage,
): Promise<GeneralLedger> => ledgerRead(db, actor, (q) => generalLedger(q, actor.orgId, input, page));

/** A page of one account's activity. Needs `ledger:read`. */
export const getAccountActivity = async (
  db: Db,
  actor: Actor,
  input: { accountId: string; from: string; to: string },
  page: LinesPage,
): Promise<AccountActivity> => ledgerRead(db, actor, (q) => accountActivity(q, actor.orgId, input, page));

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Lines an export of the general ledger or an account's activity holds at most. */
export const MAX_EXPORT_LINES = 50_000;

export type ReportRequest =
  | { report: 'trial-balance'; asOf: string }
  | ({ report: 'income-statement' } & IncomeStatementInput)
  | ({ report: 'balance-sheet' } & BalanceSheetInput)
  | { report: 'cash-flow'; from: string; to: string }
  | { report: 'general-ledger'; from: string; to: string; accountId?: string }
  | { report: 'account-activity'; accountId: string; from: string; to: string };

export interface ExportFile {
  /** With its extension. */
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** Every page of a paged report, refusing past MAX_EXPORT_LINES. */
async function allPages<T extends { nextCursor: string | null }>(
  read: (page: LinesPage) => Promise<T>,
  lines: (result: T) => number,
  merge: (all: T, next: T) => T,
): Promise<T> {
  let result = await read({ limit: MAX_PAGE_LINES });
  let count = lines(result);
  while (result.nextCursor) {
    if (count >= MAX_EXPORT_LINES) throw reportTooLarge(count, MAX_EXPORT_LINES);
    const next = await read({ limit: MAX_PAGE_LINES, cursor: result.nextCursor });
    count += lines(next);
    result = merge(result, next);
  }
  return result;
}

/** Reads the report (all of it) and lays it out for printing. */
async function reportDocument(q: Queryable, orgId: string, request: ReportRequest): Promise<ReportDocument> {
  const profile = await companyProfileOf(q, orgId);
  const company = profile.tradingName || profile.legalName;
  switch (request.report) {
    case 'trial-balance':
      return trialBalanceDocument(await trialBalance(q, orgId, request), company);
    case 'income-statement':
      return incomeStatementDocument(await incomeStatement(q, orgId, request), company);
    case 'balance-sheet':
      return balanceSheetDocument(await balanceSheet(q, orgId, request), company);
    case 'cash-flow':
      return cashFlowDocument(await cashFlowStatement(q, orgId, request), company);
    case 'general-ledger': {
      const report = await allPages(
        (page) => generalLedger(q, orgId, request, page),
        (r) => r.accounts.reduce((n, a) => n + a.lines.length, 0),
        (all, next) => {
          const accounts = [...all.accounts];
          for (const section of next.accounts) {
            const last = accounts[accounts.length - 1];
            if (last && last.accountId === section.accountId)
              accounts[accounts.length - 1] = {
                ...last,
                lines: [...last.lines, ...section.lines],
                complete: section.complete,
              };
            else accounts.push(section);
          }
          return { ...next, accounts };
        },
      );
      return generalLedgerDocument(report, company);
    }
    case 'account-activity': {
      const report = await allPages(
        (page) => accountActivity(q, orgId, request, page),
        (r) => r.lines.length,
        (all, next) => ({ ...next, lines: [...all.lines, ...next.lines] }),
      );
      return accountActivityDocument(report, company);
    }
  }
}

/** A report, all of it, laid out as one printable table (what the exports and the CLI print). Needs `ledger:read`. */
export const readReportDocument = async (
  db: Db,
  actor: Actor,
  request: ReportRequest,
): Promise<ReportDocument> => ledgerRead(db, actor, (q) => reportDocument(q, actor.orgId, request));

/** A report as a CSV, XLSX or PDF file. Needs `ledger:read`. */
export async function exportReport(
  db: Db,
  actor: Actor,
  request: ReportRequest,
  format: ExportFormat,
): Promise<ExportFile> {
  const doc = await readReportDocument(db, actor, request);
  const fileName = `${doc.fileName}.${format}`;
  const contentType = CONTENT_TYPES[format];
  if (format === 'csv') return { fileName, contentType, bytes: new TextEncoder().encode(documentCsv(doc)) };
  if (format === 'xlsx') return { fileName, contentType, bytes: await documentXlsx(doc) };
  return { fileName, contentType, bytes: await documentPdf(doc, new Date().toISOString().slice(0, 10)) };
}

export type LedgerRequest = Extract<ReportRequest, { report: 'general-ledger' | 'account-activity' }>;

export interface StreamedFile {
  fileName: string;
  contentType: string;
  /** The file's text, a page of lines at a time. */
  chunks: AsyncIterable<string>;
}

/**
 * The general ledger or an account's activity as CSV of any length, read and written a page at a
 * time (each page its own read), so memory stays flat however many lines there are. The first page
 * is read before anything is returned: bad input fails as an error, not as a broken download.
 * Needs `ledger:read`.
 */
export async function streamLedgerCsv(
  db: Db,
  actor: Actor,
  request: LedgerRequest,
  pageSize: number = MAX_PAGE_LINES,
): Promise<StreamedFile> {
  const read = (cursor?: string) =>
    ledgerRead(db, actor, async (q) => {
      const page = { limit: pageSize, ...(cursor ? { cursor } : {}) };
      if (request.report === 'general-ledger') return generalLedger(q, actor.orgId, request, page);
      const activity = await accountActivity(q, actor.orgId, request, page);
      return { ...activity, accounts: [activity] };
    });
  const first = await read();
  async function* chunks() {
    yield `${csvLine(LEDGER_COLUMNS.map((c) => c.header))}\n`;
    let page: Awaited<ReturnType<typeof read>> = first;
    let continuing: string | null = null;
    for (;;) {
      const rows = page.accounts.flatMap((section, i) =>
        sectionRows(section, page.baseCurrency, { head: !(i === 0 && section.accountId === continuing) }),
      );
      const text = csvCells(rows).map(csvLine).join('\n');
      if (text) yield `${text}\n`;
      if (!page.nextCursor) return;
      const last = page.accounts[page.accounts.length - 1];
      continuing = last && !last.complete ? last.accountId : null;
      page = await read(page.nextCursor);
    }
  }
  const name = request.report === 'general-ledger' ? 'general-ledger' : 'account-activity';
  return {
    fileName: `${name}-${first.from}-to-${first.to}.csv`,
    contentType: CONTENT_TYPES.csv,
    chunks: chunks(),
  };
}
