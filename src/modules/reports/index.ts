// The reports' public surface: financial statements read from the ledger's public queries. Each
// query takes a transaction (or the database) and the organization; the `get…` functions check
// `ledger:read` and open their own read-only transaction.

export { type BalanceSheet, type BalanceSheetInput, balanceSheet } from './balance-sheet.query.ts';
export { type CashFlowClass, cashFlowClass } from './cash-flow.domain.ts';
export { type CashFlowLine, type CashFlowStatement, cashFlowStatement } from './cash-flow.query.ts';
export { csvField, csvLine, csvText, incomeStatementCsv, trialBalanceCsv } from './csv.domain.ts';
export { documentCsv, inert } from './document-csv.domain.ts';
export {
  type AccountActivity,
  accountActivity,
  type GeneralLedger,
  generalLedger,
  type LedgerAccountSection,
  type LinesPage,
  MAX_PAGE_LINES,
} from './general-ledger.query.ts';
export {
  type CurrencyMovement,
  type IncomeStatement,
  type IncomeStatementInput,
  incomeStatement,
  type StatementColumn,
  type StatementSection,
} from './income-statement.query.ts';
export { reportRoutes } from './report.routes.ts';
export {
  EXPORT_FORMATS,
  type ExportFile,
  type ExportFormat,
  exportReport,
  getAccountActivity,
  getBalanceSheet,
  getCashFlow,
  getGeneralLedger,
  getIncomeStatement,
  getTrialBalance,
  type LedgerRequest,
  MAX_EXPORT_LINES,
  type ReportRequest,
  readReportDocument,
  type StreamedFile,
  streamLedgerCsv,
} from './report.service.ts';
export { type Cell, isMoney, type ReportDocument } from './report-document.domain.ts';
export {
  addMonths,
  COLUMN_KINDS,
  COMPARISONS,
  type ColumnKind,
  type Comparison,
  checkChoice,
  columnsOf,
  comparisonRange,
  type TreeRow,
} from './statement.domain.ts';
export {
  type TrialBalance,
  type TrialBalanceRow,
  type TrialBalanceTotals,
  trialBalance,
} from './trial-balance.query.ts';
