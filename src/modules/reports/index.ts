// The reports' public surface: financial statements read from the ledger's public queries. Each
// query takes a transaction (or the database) and the organization; the `get…` functions check
// `ledger:read` and open their own read-only transaction.

export { csvField, csvLine, csvText, incomeStatementCsv, trialBalanceCsv } from './csv.domain.ts';
export {
  type CurrencyMovement,
  type IncomeStatement,
  type IncomeStatementInput,
  incomeStatement,
  type StatementColumn,
  type StatementSection,
} from './income-statement.query.ts';
export { getIncomeStatement, getTrialBalance } from './report.service.ts';
export {
  addMonths,
  COLUMN_KINDS,
  COMPARISONS,
  type ColumnKind,
  type Comparison,
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
