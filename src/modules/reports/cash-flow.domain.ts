import type { AccountSubtype, AccountType } from '../ledger/index.ts';

// Where each balance sheet account belongs on a cash flow statement (indirect method), by subtype.

export type CashFlowClass = 'cash' | 'operating' | 'non_cash' | 'investing' | 'financing';

const CLASS_BY_SUBTYPE: Partial<Record<AccountSubtype, CashFlowClass>> = {
  bank: 'cash',
  cash: 'cash',
  // Depreciation was expensed without cash leaving: it is added back to net income.
  accumulated_depreciation: 'non_cash',
  fixed_asset: 'investing',
  other_asset: 'investing',
  long_term_liability: 'financing',
  equity: 'financing',
  retained_earnings: 'financing',
  opening_balances: 'financing',
};

/**
 * The cash flow class of an account: cash (bank and cash), investing (fixed and other long-term
 * assets), financing (loans and equity), a non-cash adjustment (accumulated depreciation), otherwise
 * operating working capital (receivables, inventory, prepayments, payables, taxes, payroll…).
 * Income and expense accounts make net income and have no class.
 */
export function cashFlowClass(type: AccountType, subtype: AccountSubtype): CashFlowClass | undefined {
  if (type === 'income' || type === 'expense') return undefined;
  return CLASS_BY_SUBTYPE[subtype] ?? 'operating';
}
