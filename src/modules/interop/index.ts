// Plain-text accounting interop: hledger journals in (import), hledger and beancount journals out.

export { conversionAccount } from './hledger.domain.ts';
export {
  fileLines,
  JournalError,
  type JournalItem,
  type JournalTransaction,
  parseJournal,
  textLines,
} from './hledger.parser.ts';
export { type AmountContext, currencyOf, SYMBOL_CURRENCIES } from './hledger-amount.ts';
export {
  IMPORT_SOURCE_TYPE,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
  importHledgerJournal,
} from './hledger-import.service.ts';
export { interopEntry, interopImport } from './interop.table.ts';
export { beancountNames, exportBeancount, exportHledger } from './journal-export.ts';
