import { z } from '@hono/zod-openapi';
import { BusinessDate } from '../../api/openapi.ts';
import { ACCOUNT_SUBTYPES, ACCOUNT_TYPES, type AccountSubtype } from '../ledger/index.ts';
import { COLUMN_KINDS, COMPARISONS } from './statement.domain.ts';

// The reports' API shapes, shared by the routes and the web app. Amounts are integers in minor units
// (the base currency's unless a row names its currency). Every figure row carries its account's id,
// so a figure links to the entries behind it.

const Minor = z.number().int().openapi({ description: 'Minor units (cents).', example: 12500 });
const Figures = z.array(Minor).openapi({ description: 'One figure per column.' });
const AccountType = z.enum(ACCOUNT_TYPES);
const AccountSubtypeEnum = z.enum(ACCOUNT_SUBTYPES as [AccountSubtype, ...AccountSubtype[]]);
const Range = { from: z.string(), to: z.string() };

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'pdf'] as const;
const format = z.enum(REPORT_FORMATS).optional().openapi({
  description: 'json (default), or a download: csv, xlsx or pdf.',
});
const AccountIdParam = z.string().min(1).max(64);
const limit = z.coerce.number().int().min(1).max(1000).default(200).openapi({ example: 200 });
const cursor = z.string().max(300).optional();

export const TrialBalanceQuery = z.object({
  asOf: BusinessDate.optional().openapi({ description: 'Balances at the end of this day; default today.' }),
  format,
});

export const IncomeStatementQuery = z.object({
  from: BusinessDate,
  to: BusinessDate,
  columns: z.enum(COLUMN_KINDS).optional().openapi({ description: 'Default total.' }),
  compare: z.enum(COMPARISONS).optional().openapi({ description: 'Default none.' }),
  format,
});

export const BalanceSheetQuery = z.object({
  asOf: BusinessDate.optional().openapi({ description: 'Default today.' }),
  compareAsOf: BusinessDate.optional(),
  format,
});

export const CashFlowQuery = z.object({ from: BusinessDate, to: BusinessDate, format });

export const GeneralLedgerQuery = z.object({
  from: BusinessDate,
  to: BusinessDate,
  accountId: AccountIdParam.optional(),
  limit,
  cursor,
  format,
});

export const AccountActivityQuery = z.object({
  accountId: AccountIdParam,
  from: BusinessDate,
  to: BusinessDate,
  limit,
  cursor,
  format,
});

const Totals = z.object({ debit: Minor, credit: Minor, balance: Minor });

export const TrialBalanceSchema = z
  .object({
    asOf: z.string(),
    baseCurrency: z.string().nullable(),
    rows: z.array(
      z.object({
        accountId: z.string(),
        accountName: z.string(),
        accountCode: z.string().nullable(),
        accountType: AccountType,
        currency: z.string(),
        debit: Minor,
        credit: Minor,
        balance: Minor,
        baseBalance: Minor,
      }),
    ),
    totals: z.array(Totals.extend({ currency: z.string() })),
    baseTotals: Totals,
  })
  .openapi('TrialBalance');

const TreeRowSchema = z
  .object({
    accountId: z.string().nullable().openapi({ description: 'Null for a group that is only a name prefix.' }),
    name: z.string(),
    label: z.string(),
    depth: z.number().int(),
    isGroup: z.boolean(),
    figures: Figures,
  })
  .openapi('StatementRow');

const Section = z.object({ rows: z.array(TreeRowSchema), total: Figures });

export const IncomeStatementSchema = z
  .object({
    ...Range,
    baseCurrency: z.string().nullable(),
    columns: z.array(
      z.object({
        label: z.string(),
        role: z.enum(['period', 'total', 'comparison', 'change']),
        from: z.string().nullable(),
        to: z.string().nullable(),
      }),
    ),
    comparison: z.object(Range).nullable(),
    income: Section,
    expenses: Section,
    costOfSales: Figures,
    grossProfit: Figures.openapi({ description: 'Income less cost of sales, per column.' }),
    netIncome: Figures,
    movements: z.array(
      z.object({
        accountId: z.string(),
        accountName: z.string(),
        accountType: AccountType,
        currency: z.string(),
        amount: Minor,
        baseAmount: Minor,
      }),
    ),
  })
  .openapi('IncomeStatement');

export const BalanceSheetSchema = z
  .object({
    dates: z.array(z.string()),
    baseCurrency: z.string().nullable(),
    assets: Section,
    liabilities: Section,
    equity: Section,
    currentYearEarnings: Figures,
    currentYears: z.array(z.object(Range)),
    priorYearsEarnings: Figures,
    liabilitiesAndEquity: Figures,
    difference: Figures,
    balanced: z.boolean(),
  })
  .openapi('BalanceSheet');

const CashFlowLine = z.object({
  accountId: z.string(),
  name: z.string(),
  subtype: AccountSubtypeEnum,
  amount: Minor,
});

export const CashFlowSchema = z
  .object({
    ...Range,
    baseCurrency: z.string().nullable(),
    netIncome: Minor,
    operating: z.object({
      nonCash: z.array(CashFlowLine),
      workingCapital: z.array(CashFlowLine),
      total: Minor,
    }),
    investing: z.object({ lines: z.array(CashFlowLine), total: Minor }),
    financing: z.object({ lines: z.array(CashFlowLine), total: Minor }),
    netCashFlow: Minor,
    cash: z.object({
      accounts: z.array(
        z.object({ accountId: z.string(), name: z.string(), opening: Minor, closing: Minor, change: Minor }),
      ),
      opening: Minor,
      closing: Minor,
      change: Minor,
    }),
    reconciles: z.boolean(),
  })
  .openapi('CashFlowStatement');

const CurrencyBalance = z.object({ currency: z.string(), amount: Minor, baseAmount: Minor });

const AccountLineSchema = z
  .object({
    entryId: z.string(),
    lineNo: z.number().int(),
    seq: z.number().int(),
    date: z.string(),
    description: z.string(),
    payee: z.string().nullable(),
    code: z.string().nullable(),
    source: z.object({ type: z.string(), id: z.string() }).nullable(),
    memo: z.string().nullable(),
    currency: z.string(),
    amount: Minor,
    baseAmount: Minor,
    balance: Minor.openapi({ description: "The account's balance in the line's currency after it." }),
    baseBalance: Minor,
  })
  .openapi('AccountLine');

const sectionFields = {
  accountId: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  type: AccountType,
  opening: z.array(CurrencyBalance),
  closing: z.array(CurrencyBalance),
  lines: z.array(AccountLineSchema),
  complete: z.boolean(),
};

export const GeneralLedgerSchema = z
  .object({
    ...Range,
    baseCurrency: z.string().nullable(),
    accounts: z.array(z.object(sectionFields)),
    nextCursor: z.string().nullable(),
  })
  .openapi('GeneralLedger');

export const AccountActivitySchema = z
  .object({
    ...Range,
    ...sectionFields,
    baseCurrency: z.string().nullable(),
    change: z.array(CurrencyBalance),
    nextCursor: z.string().nullable(),
  })
  .openapi('AccountActivity');
