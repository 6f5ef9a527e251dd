// The ledger's public surface. Other modules post through `postJournal(tx, actor, entry)` inside
// their own transaction; reports and interop read through the queries below.

// Chart of accounts
export {
  ACCOUNT_SUBTYPES,
  ACCOUNT_TYPES,
  type AccountSubtype,
  type AccountType,
  accountNameProblem,
  ancestorNames,
  conversionAccountName,
  DEFAULT_SUBTYPE,
  isBalanceSheetType,
  normalSign,
  SUBTYPES_BY_TYPE,
} from './account.domain.ts';
export {
  type Account,
  type AccountPatch,
  accountForSubtype,
  accountHasPostingsInLedger,
  archiveAccount,
  createAccount,
  deleteAccount,
  findAccountByName,
  getAccount,
  listAccounts,
  type NewAccount,
  unarchiveAccount,
  updateAccount,
} from './account.service.ts';
export { type BalanceQuery, balancesAsOf, sumPostings, sumPostingsOver } from './balance.query.ts';
export {
  type BulkBatchResult,
  type BulkPosting,
  type BulkPostingOptions,
  startBulkPosting,
  tidyAfterBulkPosting,
} from './bulk-posting.service.ts';
export { applyChartTemplate, CHART_TEMPLATES, type ChartTemplate, chartTemplate } from './chart-templates.ts';
export { conversionAccounts } from './conversion.service.ts';
export {
  createDraft,
  type DraftInput,
  type DraftLineInput,
  deleteDraft,
  postDraft,
  updateDraft,
} from './draft.service.ts';
// Exchange rates
export {
  type ExchangeRate,
  exchangeRateOn,
  listExchangeRates,
  setExchangeRate,
} from './exchange-rate.service.ts';
// Posting
export {
  convertAmount,
  type JournalEntryInput,
  type JournalLineInput,
  lockFor,
  parseRate,
} from './journal.domain.ts';
export { type EntryFilter, listEntries } from './journal.query.ts';
// Reading entries and balances
export {
  type EntryKind,
  type EntryStatus,
  getEntry,
  type JournalEntry,
  type JournalLine,
  type PostedEntry,
} from './journal.repo.ts';
export {
  type FxDifferenceInput,
  fxDifferenceLines,
  postFxDifference,
  postJournal,
  postManualEntry,
  type ReverseOptions,
  reverseEntry,
  reverseManualEntry,
} from './journal.service.ts';
export { type LedgerSettings, ledgerRead, ledgerSettingsOf, ledgerTransaction } from './ledger.repo.ts';
export {
  exchangeRate,
  journalDraftLine,
  journalEntry,
  journalLine,
  ledgerAccount,
  ledgerBalance,
  ledgerSettings,
} from './ledger.table.ts';
export {
  type AccountLine,
  type AccountLinesPage,
  accountBalanceBefore,
  type CurrencyBalance,
  listAccountLines,
} from './ledger-lines.query.ts';
export {
  type AccountBalance,
  addDays,
  firstOfMonth,
  lastOfMonth,
  nextMonth,
  planRange,
} from './period.domain.ts';
// Periods, settings, integrity
export {
  type CloseYearResult,
  closeYear,
  type FiscalYear,
  fiscalYearOf,
  type LockDatesInput,
  listFiscalYears,
  setLockDates,
  YEAR_CLOSE_SOURCE,
} from './period.service.ts';
export { type LedgerProblem, type LedgerVerifyResult, verifyLedger } from './verify.ts';
