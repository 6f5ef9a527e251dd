import { z } from '@hono/zod-openapi';
import { BusinessDate, Currency, PageQuery } from '../../api/openapi.ts';
import { ACCOUNT_SUBTYPES, ACCOUNT_TYPES, type AccountSubtype } from './account.domain.ts';
import { MAX_API_LINES, TEXT_LIMITS } from './journal.domain.ts';

// The ledger's API shapes, shared by the routes, the CLI and the web app. Amounts are integers in
// minor units of their currency (cents, pence); debit positive, credit negative.

export { BusinessDate, Currency };

const Id = z.string().min(1).max(64);

export const MinorAmount = z.number().int().openapi({
  description: 'Minor units of the currency (cents); debit positive, credit negative.',
  example: 12500,
});

export const RateText = z
  .string()
  .max(40)
  .regex(/^\d{1,18}(\.\d{1,18})?$/, 'A positive decimal number such as 0.8532.')
  .openapi({
    description: 'Base currency units per unit of the currency, as a decimal string.',
    example: '0.8532',
  });

const text = (max: number) => z.string().max(max);

export const AccountTypeSchema = z.enum(ACCOUNT_TYPES).openapi('AccountType');
export const AccountSubtypeSchema = z
  .enum(ACCOUNT_SUBTYPES as [AccountSubtype, ...AccountSubtype[]])
  .openapi('AccountSubtype');

export const BalanceSchema = z
  .object({ currency: z.string(), amount: MinorAmount, baseAmount: MinorAmount })
  .openapi('AccountBalance');

export const AccountSchema = z
  .object({
    id: z.string(),
    name: z.string().openapi({ example: 'assets:bank:current account' }),
    code: z.string().nullable(),
    type: AccountTypeSchema,
    subtype: AccountSubtypeSchema,
    description: z.string().nullable(),
    parentId: z.string().nullable(),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    balances: z
      .array(BalanceSchema)
      .openapi({ description: 'Per currency, every posting up to and including `asOf`.' }),
    baseBalance: MinorAmount.openapi({
      description: 'The balance in the base currency (sum of base amounts).',
    }),
    hasPostings: z.boolean().openapi({
      description: 'Posted to at any date: archive it instead of deleting it.',
    }),
  })
  .openapi('Account');

export const AccountsQuery = z.object({
  asOf: BusinessDate.optional().openapi({ description: 'Balances at the end of this day; default today.' }),
  includeArchived: z.enum(['true', 'false']).optional(),
});

export const CreateAccountInput = z
  .object({
    name: text(200).openapi({ example: 'assets:bank:savings' }),
    type: AccountTypeSchema,
    subtype: AccountSubtypeSchema.optional(),
    code: text(20).nullable().optional(),
    description: text(1000).nullable().optional(),
  })
  .openapi('CreateAccountInput');

export const UpdateAccountInput = z
  .object({
    name: text(200).optional(),
    type: AccountTypeSchema.optional(),
    subtype: AccountSubtypeSchema.optional(),
    code: text(20).nullable().optional(),
    description: text(1000).nullable().optional(),
  })
  .openapi('UpdateAccountInput');

const SourceSchema = z
  .object({ type: text(50).openapi({ example: 'sales.invoice' }), id: text(TEXT_LIMITS.sourceId) })
  .openapi('EntrySource');

export const JournalLineInputSchema = z
  .object({
    accountId: Id,
    amount: MinorAmount,
    currency: Currency.optional().openapi({ description: 'Default: the base currency.' }),
    rate: RateText.optional().openapi({ description: 'Default: the exchange rate on or before the date.' }),
    memo: text(TEXT_LIMITS.memo).nullable().optional(),
  })
  .openapi('JournalLineInput');

const entryFields = {
  date: BusinessDate,
  description: text(TEXT_LIMITS.description).optional(),
  payee: text(TEXT_LIMITS.payee).nullable().optional(),
  code: text(TEXT_LIMITS.code).nullable().optional(),
  source: SourceSchema.nullable().optional(),
  lines: z.array(JournalLineInputSchema).max(MAX_API_LINES),
};

export const CreateEntryInput = z
  .object({
    ...entryFields,
    status: z
      .enum(['draft', 'posted'])
      .default('draft')
      .openapi({ description: '`posted` posts at once; a draft is posted later with /post.' }),
  })
  .openapi('CreateJournalEntryInput');

export const UpdateDraftInput = z
  .object({
    date: BusinessDate.optional(),
    description: entryFields.description,
    payee: entryFields.payee,
    code: entryFields.code,
    source: entryFields.source,
    lines: entryFields.lines.optional(),
  })
  .openapi('UpdateJournalDraftInput');

export const ReverseInput = z
  .object({
    date: BusinessDate.optional().openapi({ description: 'Default: today.' }),
    description: text(TEXT_LIMITS.description).optional(),
  })
  .openapi('ReverseJournalEntryInput');

export const JournalLineSchema = z
  .object({
    lineNo: z.number().int(),
    accountId: z.string(),
    currency: z.string(),
    amount: MinorAmount,
    baseAmount: MinorAmount.nullable().openapi({ description: 'Null on a draft.' }),
    rate: z.string().nullable(),
    memo: z.string().nullable(),
  })
  .openapi('JournalLine');

export const JournalEntrySchema = z
  .object({
    id: z.string(),
    status: z.enum(['draft', 'posted']),
    kind: z.enum(['standard', 'closing']),
    seq: z.number().int().nullable().openapi({ description: 'Posting number; null on a draft.' }),
    date: z.string(),
    description: z.string(),
    payee: z.string().nullable(),
    code: z.string().nullable(),
    source: SourceSchema.nullable(),
    reversesEntryId: z.string().nullable(),
    reversedByEntryId: z.string().nullable(),
    hash: z.string().nullable(),
    prevHash: z.string().nullable(),
    postedAt: z.string().nullable(),
    postedBy: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    lines: z.array(JournalLineSchema),
  })
  .openapi('JournalEntry');

export const EntriesQuery = PageQuery.extend({
  from: BusinessDate.optional(),
  to: BusinessDate.optional(),
  accountId: Id.optional(),
  sourceType: text(50)
    .regex(/^[a-z][a-z0-9_.]*$/)
    .optional(),
  sourceId: text(TEXT_LIMITS.sourceId).optional(),
  status: z.enum(['draft', 'posted']).optional(),
  kind: z.enum(['standard', 'closing']).optional(),
  search: text(100)
    .optional()
    .openapi({ description: 'Words in the description, payee or reference, or a posting number (#12).' }),
});

export const LedgerSettingsSchema = z
  .object({
    lockDate: z.string().nullable(),
    nonAccountantLockDate: z.string().nullable(),
    chartTemplate: z.string().nullable(),
    baseCurrency: z
      .string()
      .nullable()
      .openapi({ description: "The books' currency: fixed by the first posting." }),
    fiscalYearStart: z
      .string()
      .openapi({ description: 'MM-DD, from the company profile.', example: '04-06' }),
  })
  .openapi('LedgerSettings');

export const LockDatesInput = z
  .object({
    lockDate: BusinessDate.nullable().openapi({ description: 'Nobody posts on or before it; null unlocks.' }),
    nonAccountantLockDate: BusinessDate.nullable().openapi({
      description: 'Roles other than owner, admin and accountant do not post on or before it.',
    }),
  })
  .openapi('LockDatesInput');

export const ExchangeRateSchema = z
  .object({ base: z.string(), quote: z.string(), date: z.string(), rate: z.string(), updatedAt: z.string() })
  .openapi('ExchangeRate');

export const SetExchangeRateInput = z
  .object({
    base: Currency.openapi({ description: 'One unit of this currency…', example: 'USD' }),
    quote: Currency.openapi({ description: '…is worth `rate` units of this one.', example: 'GBP' }),
    date: BusinessDate,
    rate: RateText,
  })
  .openapi('SetExchangeRateInput');

export const ExchangeRatesQuery = PageQuery.extend({
  base: Currency.optional(),
  quote: Currency.optional(),
  from: BusinessDate.optional(),
  to: BusinessDate.optional(),
});

export const ChartTemplateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    accounts: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        type: AccountTypeSchema,
        subtype: AccountSubtypeSchema,
      }),
    ),
  })
  .openapi('ChartTemplate');

export const ApplyChartTemplateInput = z
  .object({ templateId: text(40).openapi({ example: 'generic' }) })
  .openapi('ApplyChartTemplateInput');

export const FiscalYearSchema = z
  .object({ start: z.string(), end: z.string(), closingEntryId: z.string().nullable() })
  .openapi('FiscalYear');

export const CloseYearInput = z
  .object({
    fiscalYearEnd: BusinessDate,
    retainedEarningsAccountId: Id.optional().openapi({
      description: 'Default: the first open account of subtype retained_earnings.',
    }),
  })
  .openapi('CloseYearInput');

export const CloseYearResultSchema = z
  .object({ entry: JournalEntrySchema.nullable(), lockDate: z.string() })
  .openapi('CloseYearResult');

export const LedgerVerifySchema = z
  .object({
    ok: z.boolean(),
    entries: z.number().int(),
    lines: z.number().int().optional(),
    rollups: z.number().int().optional(),
    problem: z
      .object({
        kind: z.enum(['chain', 'entry', 'rollup']),
        message: z.string(),
        seq: z.number().int().optional(),
        entryId: z.string().optional(),
        accountId: z.string().optional(),
        month: z.string().optional(),
        currency: z.string().optional(),
      })
      .optional(),
  })
  .openapi('LedgerVerifyResult');
