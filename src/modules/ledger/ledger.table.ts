import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { businessDate, minor, now, orgRef } from '../../db/columns.ts';
import { organization } from '../identity/identity.table.ts';

// The ledger's tables. Amounts are minor units (bigint) next to an ISO 4217 currency; dates are
// business dates (`date`, read as `YYYY-MM-DD`). Posted journal entries and their lines are
// immutable, also in the database: see migration 0003_ledger_immutability.

/**
 * The chart of accounts. `name` is the full colon-separated name (`assets:bank:checking`), unique
 * per organization; the parent is the account named by the longest existing prefix. An account with
 * postings is archived, never deleted.
 */
export const ledgerAccount = pgTable(
  'ledger_account',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    code: text('code'),
    type: text('type').notNull(),
    subtype: text('subtype').notNull(),
    description: text('description'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: now('created_at'),
    updatedAt: now('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    // Name first, so that (as with the partial code index) no plan takes it for the primary key.
    uniqueIndex('ledger_account_name_uq').on(t.name, t.orgId),
    uniqueIndex('ledger_account_code_uq').on(t.orgId, t.code).where(sql`${t.code} is not null`),
    check('ledger_account_type_ck', sql`${t.type} in ('asset', 'liability', 'equity', 'income', 'expense')`),
  ],
);

/**
 * A journal entry: a draft (lines in `journal_draft_line`, editable, no number) or posted (lines in
 * `journal_line`, immutable, numbered `seq` 1, 2, 3… per organization and hash-chained:
 * hash = sha256(prev_hash + canonical entry with its lines)).
 */
export const journalEntry = pgTable(
  'journal_entry',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    status: text('status').notNull(),
    /** `standard`, or `closing` for year-end entries (reports of a year leave them out). */
    kind: text('kind').notNull().default('standard'),
    date: businessDate('date').notNull(),
    description: text('description').notNull().default(''),
    payee: text('payee'),
    /** The document's own number (cheque number, hledger's code). */
    code: text('code'),
    /** The source document, e.g. `sales.invoice` + its id. */
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    reversesEntryId: text('reverses_entry_id'),
    /** Per-organization posting number; null while a draft. */
    seq: bigint('seq', { mode: 'number' }),
    /** Number of lines of a posted entry: no line can be added to it afterwards. */
    lineCount: integer('line_count').notNull().default(0),
    prevHash: text('prev_hash'),
    hash: text('hash'),
    postedAt: timestamp('posted_at', { withTimezone: true }),
    postedBy: text('posted_by'),
    createdAt: now('created_at'),
    createdBy: text('created_by').notNull(),
    updatedAt: now('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    // Every secondary index is partial. Besides being smaller, none can then serve a lookup by
    // primary key: a plan cached while the table was tiny (the foreign key check from the lines
    // is one) otherwise took an index on org_id alone and scanned every entry of the organization.
    uniqueIndex('journal_entry_seq_uq').on(t.orgId, t.seq).where(sql`${t.seq} is not null`),
    // One reversal per entry, whatever races.
    uniqueIndex('journal_entry_reverses_uq')
      .on(t.orgId, t.reversesEntryId)
      .where(sql`${t.reversesEntryId} is not null`),
    // By date, posted entries and drafts apart (the list reads both and merges them).
    index('journal_entry_posted_date_idx').on(t.orgId, t.date, t.id).where(sql`${t.seq} is not null`),
    index('journal_entry_draft_date_idx').on(t.orgId, t.date, t.id).where(sql`${t.seq} is null`),
    index('journal_entry_source_idx')
      .on(t.orgId, t.sourceType, t.sourceId)
      .where(sql`${t.sourceType} is not null`),
    foreignKey({
      name: 'journal_entry_reverses_fk',
      columns: [t.orgId, t.reversesEntryId],
      foreignColumns: [t.orgId, t.id],
    }),
    check('journal_entry_status_ck', sql`${t.status} in ('draft', 'posted')`),
    check('journal_entry_kind_ck', sql`${t.kind} in ('standard', 'closing')`),
    check(
      'journal_entry_posted_ck',
      sql`${t.status} = 'draft' or (${t.seq} is not null and ${t.hash} is not null and ${t.prevHash} is not null and ${t.postedAt} is not null and ${t.lineCount} >= 2)`,
    ),
  ],
);

/** The lines (postings) of posted entries. Debit positive, credit negative. */
export const journalLine = pgTable(
  'journal_line',
  {
    orgId: orgRef(),
    entryId: text('entry_id').notNull(),
    lineNo: integer('line_no').notNull(),
    accountId: text('account_id').notNull(),
    /** The entry's date, repeated so account activity is one index range. */
    date: businessDate('date').notNull(),
    currency: text('currency').notNull(),
    amount: minor('amount').notNull(),
    /** The amount in the organization's base currency. */
    baseAmount: minor('base_amount').notNull(),
    /** Base currency units per unit of `currency`, as a decimal string ("1" in the base currency). */
    rate: text('rate').notNull(),
    memo: text('memo'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.entryId, t.lineNo] }),
    foreignKey({
      name: 'journal_line_entry_fk',
      columns: [t.orgId, t.entryId],
      foreignColumns: [journalEntry.orgId, journalEntry.id],
    }),
    foreignKey({
      name: 'journal_line_account_fk',
      columns: [t.orgId, t.accountId],
      foreignColumns: [ledgerAccount.orgId, ledgerAccount.id],
    }),
    index('journal_line_account_date_idx').on(t.orgId, t.accountId, t.date),
    check('journal_line_amount_ck', sql`${t.amount} <> 0`),
  ],
);

/** The lines of a draft entry; base amounts are computed only when it is posted. */
export const journalDraftLine = pgTable(
  'journal_draft_line',
  {
    orgId: orgRef(),
    entryId: text('entry_id').notNull(),
    lineNo: integer('line_no').notNull(),
    accountId: text('account_id').notNull(),
    currency: text('currency').notNull(),
    amount: minor('amount').notNull(),
    /** A rate given for this line; otherwise the exchange rate of the date applies at posting. */
    rate: text('rate'),
    memo: text('memo'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.entryId, t.lineNo] }),
    foreignKey({
      name: 'journal_draft_line_entry_fk',
      columns: [t.orgId, t.entryId],
      foreignColumns: [journalEntry.orgId, journalEntry.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'journal_draft_line_account_fk',
      columns: [t.orgId, t.accountId],
      foreignColumns: [ledgerAccount.orgId, ledgerAccount.id],
    }),
  ],
);

/**
 * Balance rollups, maintained in the posting transaction: per account × month × currency, the sum
 * of amounts and of base amounts and the number of lines; `closing_*` is the part that came from
 * year-end closing entries, so a report of a closed year can leave it out.
 */
export const ledgerBalance = pgTable(
  'ledger_balance',
  {
    orgId: orgRef(),
    accountId: text('account_id').notNull(),
    /** The first day of the month. */
    month: businessDate('month').notNull(),
    currency: text('currency').notNull(),
    amount: minor('amount').notNull(),
    baseAmount: minor('base_amount').notNull(),
    lineCount: bigint('line_count', { mode: 'number' }).notNull(),
    closingAmount: minor('closing_amount').notNull().default(sql`0`),
    closingBaseAmount: minor('closing_base_amount').notNull().default(sql`0`),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.accountId, t.month, t.currency] }),
    foreignKey({
      name: 'ledger_balance_account_fk',
      columns: [t.orgId, t.accountId],
      foreignColumns: [ledgerAccount.orgId, ledgerAccount.id],
    }),
  ],
);

/** Exchange rates by date: one unit of `base` is worth `rate` units of `quote`. */
export const exchangeRate = pgTable(
  'exchange_rate',
  {
    orgId: orgRef(),
    base: text('base').notNull(),
    quote: text('quote').notNull(),
    date: businessDate('date').notNull(),
    rate: text('rate').notNull(),
    updatedAt: now('updated_at'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.base, t.quote, t.date] })],
);

/** Per-organization ledger settings; a missing row reads as defaults. */
export const ledgerSettings = pgTable('ledger_settings', {
  orgId: text('org_id')
    .primaryKey()
    .references(() => organization.id, { onDelete: 'cascade' }),
  /** Nobody may post on or before this date. */
  lockDate: businessDate('lock_date'),
  /** Roles other than owner, admin and accountant may not post on or before this date. */
  nonAccountantLockDate: businessDate('non_accountant_lock_date'),
  chartTemplate: text('chart_template'),
  /** The base currency of the first posting; the books stay in it. */
  baseCurrency: text('base_currency'),
  updatedAt: now('updated_at'),
});
