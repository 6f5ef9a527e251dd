import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { now, orgRef } from '../../db/columns.ts';
import type { TaxId } from '../company/company.table.ts';
import { ledgerAccount } from '../ledger/ledger.table.ts';
import { type PostalAddress, salesTaxRate } from '../sales/sales.table.ts';
import type { BankAccount } from './bank-account.domain.ts';

// Payables: the people and companies the business buys from.

export const vendor = pgTable(
  'vendor',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    kind: text('kind').notNull().default('company'),
    name: text('name').notNull(),
    legalName: text('legal_name'),
    email: text('email'),
    phone: text('phone'),
    website: text('website'),
    address: jsonb('address').$type<PostalAddress | null>(),
    taxIds: jsonb('tax_ids').$type<TaxId[]>().notNull().default([]),
    currency: text('currency'),
    paymentTermsDays: integer('payment_terms_days'),
    /** Where a bill line goes when it names no account. */
    defaultExpenseAccountId: text('default_expense_account_id'),
    defaultTaxRateId: text('default_tax_rate_id'),
    bankAccount: jsonb('bank_account').$type<BankAccount | null>(),
    /** An independent contractor (a US 1099 payee, say): their payments are reported. */
    isContractor: boolean('is_contractor').notNull().default(false),
    notes: text('notes'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: now('created_at'),
    updatedAt: now('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('vendor_name_idx').on(t.orgId, t.name),
    foreignKey({
      name: 'vendor_expense_account_fk',
      columns: [t.orgId, t.defaultExpenseAccountId],
      foreignColumns: [ledgerAccount.orgId, ledgerAccount.id],
    }),
    foreignKey({
      name: 'vendor_default_tax_fk',
      columns: [t.orgId, t.defaultTaxRateId],
      foreignColumns: [salesTaxRate.orgId, salesTaxRate.id],
    }),
    check('vendor_kind_ck', sql`${t.kind} in ('company', 'person')`),
  ],
);
