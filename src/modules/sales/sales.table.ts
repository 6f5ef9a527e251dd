import { sql } from 'drizzle-orm';
import {
  bigint,
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
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { businessDate, minor, now, orgRef } from '../../db/columns.ts';
import type { TaxId } from '../company/company.table.ts';
import { ledgerAccount } from '../ledger/ledger.table.ts';

// Receivables: tax rates, customers, the catalog, documents (invoices, credit notes, quotes) with
// their lines, payments and their allocations, numbering sequences. Amounts are minor units next
// to the document's currency; names follow UBL 2.1 / EN 16931 where there is one.

export interface PostalAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
}

export interface CustomerContact {
  name: string;
  email: string | null;
  phone: string | null;
  role: string | null;
}

/** Per organization: how tax is rounded and how documents are numbered. */
export const salesSettings = pgTable('sales_settings', {
  orgId: orgRef().primaryKey(),
  /** `line`: tax rounded on each line then summed; `document`: summed exactly per rate, rounded once. */
  taxRounding: text('tax_rounding').notNull().default('line'),
  invoicePattern: text('invoice_pattern').notNull().default('INV-{YYYY}-{0000}'),
  creditNotePattern: text('credit_note_pattern').notNull().default('CN-{YYYY}-{0000}'),
  quotePattern: text('quote_pattern').notNull().default('QUO-{YYYY}-{0000}'),
  updatedAt: now('updated_at'),
});

/**
 * A gapless counter per document kind and period (the year when the pattern shows one): the row
 * is locked by the issuing transaction, so a rolled-back issue gives its number back.
 */
export const salesNumberSequence = pgTable(
  'sales_number_sequence',
  {
    orgId: orgRef(),
    kind: text('kind').notNull(),
    period: text('period').notNull(),
    lastNumber: bigint('last_number', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kind, t.period] })],
);

/** A tax rate: UNCL5305 category (S, Z, E, AE, K, G, O, L, M) and percent; exemptions carry a reason. */
export const salesTaxRate = pgTable(
  'sales_tax_rate',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    /** Decimal string, e.g. `20` or `5.5`. */
    percent: text('percent').notNull(),
    exemptionReasonCode: text('exemption_reason_code'),
    exemptionReason: text('exemption_reason'),
    /** Where the tax is credited; default: the first tax account of the chart. */
    accountId: text('account_id'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: now('created_at'),
    updatedAt: now('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: 'sales_tax_rate_account_fk',
      columns: [t.orgId, t.accountId],
      foreignColumns: [ledgerAccount.orgId, ledgerAccount.id],
    }),
  ],
);

export const customer = pgTable(
  'customer',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    contacts: jsonb('contacts').$type<CustomerContact[]>().notNull().default([]),
    billingAddress: jsonb('billing_address').$type<PostalAddress | null>(),
    shippingAddress: jsonb('shipping_address').$type<PostalAddress | null>(),
    taxIds: jsonb('tax_ids').$type<TaxId[]>().notNull().default([]),
    currency: text('currency'),
    paymentTermsDays: integer('payment_terms_days'),
    defaultTaxRateId: text('default_tax_rate_id'),
    notes: text('notes'),
    /** Set when merged into another customer; the merged record keeps no documents. */
    mergedIntoId: text('merged_into_id'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: now('created_at'),
    updatedAt: now('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('customer_name_idx').on(t.orgId, t.name),
    foreignKey({
      name: 'customer_default_tax_fk',
      columns: [t.orgId, t.defaultTaxRateId],
      foreignColumns: [salesTaxRate.orgId, salesTaxRate.id],
    }),
    foreignKey({
      name: 'customer_merged_fk',
      columns: [t.orgId, t.mergedIntoId],
      foreignColumns: [t.orgId, t.id],
    }),
    check('customer_kind_ck', sql`${t.kind} in ('company', 'person')`),
  ],
);

/** A product or service of the catalog. `unitCode` is UN/ECE Recommendation 20 (C62 one, HUR hour). */
export const salesItem = pgTable(
  'sales_item',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    sku: text('sku'),
    kind: text('kind').notNull().default('service'),
    description: text('description'),
    unitCode: text('unit_code').notNull().default('C62'),
    /** Unit prices in minor units per currency: `{ "GBP": "1250" }`. */
    prices: jsonb('prices').$type<Record<string, string>>().notNull().default({}),
    taxRateId: text('tax_rate_id'),
    incomeAccountId: text('income_account_id'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: now('created_at'),
    updatedAt: now('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('sales_item_sku_uq').on(t.orgId, t.sku).where(sql`${t.sku} is not null`),
    foreignKey({
      name: 'sales_item_tax_fk',
      columns: [t.orgId, t.taxRateId],
      foreignColumns: [salesTaxRate.orgId, salesTaxRate.id],
    }),
    foreignKey({
      name: 'sales_item_account_fk',
      columns: [t.orgId, t.incomeAccountId],
      foreignColumns: [ledgerAccount.orgId, ledgerAccount.id],
    }),
    check('sales_item_kind_ck', sql`${t.kind} in ('product', 'service')`),
  ],
);

export interface TaxBreakdownRow {
  taxRateId: string;
  category: string;
  percent: string;
  exemptionReasonCode: string | null;
  exemptionReason: string | null;
  taxableAmount: string;
  taxAmount: string;
}

/**
 * An invoice, credit note or quote (`type`). Totals are computed by the server (never taken from
 * the client) and named as in EN 16931: line extension, allowance total, tax exclusive, tax, tax
 * inclusive, paid, payable. The buyer is snapshotted at issue.
 */
export const salesDocument = pgTable(
  'sales_document',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    type: text('type').notNull(),
    status: text('status').notNull(),
    number: text('number'),
    customerId: text('customer_id').notNull(),
    currency: text('currency').notNull(),
    issueDate: businessDate('issue_date').notNull(),
    dueDate: businessDate('due_date'),
    paymentTerms: text('payment_terms'),
    buyerReference: text('buyer_reference'),
    pricesIncludeTax: boolean('prices_include_tax').notNull().default(false),
    taxRounding: text('tax_rounding').notNull().default('line'),
    /** Document-level allowance: a percent of the line total, or an amount. */
    discountPercent: text('discount_percent'),
    discountAmount: minor('discount_amount'),
    discountReason: text('discount_reason'),
    notes: text('notes'),
    terms: text('terms'),
    lineExtensionAmount: minor('line_extension_amount').notNull().default(sql`0`),
    allowanceTotalAmount: minor('allowance_total_amount').notNull().default(sql`0`),
    taxExclusiveAmount: minor('tax_exclusive_amount').notNull().default(sql`0`),
    taxAmount: minor('tax_amount').notNull().default(sql`0`),
    taxInclusiveAmount: minor('tax_inclusive_amount').notNull().default(sql`0`),
    taxBreakdown: jsonb('tax_breakdown').$type<TaxBreakdownRow[]>().notNull().default([]),
    /** Invoice: settled by payments; credit note: applied to invoices or refunded. Document currency. */
    paidAmount: minor('paid_amount').notNull().default(sql`0`),
    /** Invoice: settled by credit notes. */
    creditedAmount: minor('credited_amount').notNull().default(sql`0`),
    /** The receivable's base-currency carrying amount, fixed at issue. */
    baseAmount: minor('base_amount'),
    exchangeRate: text('exchange_rate'),
    buyer: jsonb('buyer').$type<Record<string, unknown> | null>(),
    journalEntryId: text('journal_entry_id'),
    /** Credit note → the invoice it credits; invoice → the quote it came from. */
    relatedDocumentId: text('related_document_id'),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    createdAt: now('created_at'),
    createdBy: text('created_by').notNull(),
    updatedAt: now('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('sales_document_number_uq').on(t.orgId, t.type, t.number).where(sql`${t.number} is not null`),
    index('sales_document_customer_idx').on(t.orgId, t.customerId, t.issueDate),
    index('sales_document_type_idx').on(t.orgId, t.type, t.issueDate),
    foreignKey({
      name: 'sales_document_customer_fk',
      columns: [t.orgId, t.customerId],
      foreignColumns: [customer.orgId, customer.id],
    }),
    foreignKey({
      name: 'sales_document_related_fk',
      columns: [t.orgId, t.relatedDocumentId],
      foreignColumns: [t.orgId, t.id],
    }),
    check('sales_document_type_ck', sql`${t.type} in ('invoice', 'credit_note', 'quote')`),
    check('sales_document_rounding_ck', sql`${t.taxRounding} in ('line', 'document')`),
  ],
);

export const salesDocumentLine = pgTable(
  'sales_document_line',
  {
    orgId: orgRef(),
    documentId: text('document_id').notNull(),
    lineNo: integer('line_no').notNull(),
    itemId: text('item_id'),
    name: text('name').notNull(),
    description: text('description'),
    /** Decimal string, at most 6 decimals. */
    quantity: text('quantity').notNull(),
    unitCode: text('unit_code').notNull(),
    unitPrice: minor('unit_price').notNull(),
    discountPercent: text('discount_percent'),
    discountAmount: minor('discount_amount'),
    taxRateId: text('tax_rate_id').notNull(),
    taxCategory: text('tax_category').notNull(),
    taxPercent: text('tax_percent').notNull(),
    accountId: text('account_id').notNull(),
    /** Net of line discount and of tax (for inclusive prices, the net part). */
    lineExtensionAmount: minor('line_extension_amount').notNull(),
    taxAmount: minor('tax_amount').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.documentId, t.lineNo] }),
    foreignKey({
      name: 'sales_document_line_document_fk',
      columns: [t.orgId, t.documentId],
      foreignColumns: [salesDocument.orgId, salesDocument.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'sales_document_line_tax_fk',
      columns: [t.orgId, t.taxRateId],
      foreignColumns: [salesTaxRate.orgId, salesTaxRate.id],
    }),
    foreignKey({
      name: 'sales_document_line_item_fk',
      columns: [t.orgId, t.itemId],
      foreignColumns: [salesItem.orgId, salesItem.id],
    }),
    foreignKey({
      name: 'sales_document_line_account_fk',
      columns: [t.orgId, t.accountId],
      foreignColumns: [ledgerAccount.orgId, ledgerAccount.id],
    }),
  ],
);

/** Money received from a customer (or refunded to one: `kind` refund, linked to the payment). */
export const salesPayment = pgTable(
  'sales_payment',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    kind: text('kind').notNull(),
    customerId: text('customer_id').notNull(),
    date: businessDate('date').notNull(),
    currency: text('currency').notNull(),
    amount: minor('amount').notNull(),
    exchangeRate: text('exchange_rate'),
    baseAmount: minor('base_amount').notNull(),
    /** The bank or cash account the money went into (or out of). */
    accountId: text('account_id').notNull(),
    reference: text('reference'),
    /** Applied to invoices or refunded; the rest is the customer's credit. */
    appliedAmount: minor('applied_amount').notNull().default(sql`0`),
    refundOfId: text('refund_of_id'),
    /** A refund of a credit note's remaining credit. */
    refundOfCreditNoteId: text('refund_of_credit_note_id'),
    /** A refund: the base amount of the refunded payment it releases (the payment's rate, not the refund's). */
    carryingBaseAmount: minor('carrying_base_amount'),
    journalEntryId: text('journal_entry_id').notNull(),
    createdAt: now('created_at'),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('sales_payment_customer_idx').on(t.orgId, t.customerId, t.date),
    foreignKey({
      name: 'sales_payment_customer_fk',
      columns: [t.orgId, t.customerId],
      foreignColumns: [customer.orgId, customer.id],
    }),
    foreignKey({
      name: 'sales_payment_account_fk',
      columns: [t.orgId, t.accountId],
      foreignColumns: [ledgerAccount.orgId, ledgerAccount.id],
    }),
    foreignKey({
      name: 'sales_payment_refund_fk',
      columns: [t.orgId, t.refundOfId],
      foreignColumns: [t.orgId, t.id],
    }),
    foreignKey({
      name: 'sales_payment_refund_credit_fk',
      columns: [t.orgId, t.refundOfCreditNoteId],
      foreignColumns: [salesDocument.orgId, salesDocument.id],
    }),
    check('sales_payment_kind_ck', sql`${t.kind} in ('payment', 'refund')`),
    check('sales_payment_amount_ck', sql`${t.amount} > 0 and ${t.appliedAmount} between 0 and ${t.amount}`),
  ],
);

/**
 * Part of a payment or credit note settling part of an invoice, on a date. `carryingBaseAmount` is
 * the invoice's base amount released; `settlementBaseAmount` the same amount at the credit's rate.
 */
export const salesAllocation = pgTable(
  'sales_allocation',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    invoiceId: text('invoice_id').notNull(),
    paymentId: text('payment_id'),
    creditNoteId: text('credit_note_id'),
    date: businessDate('date').notNull(),
    /** In the invoice's currency. */
    amount: minor('amount').notNull(),
    /**
     * What the allocation took from the payment, in the payment's currency: `amount` when the two
     * currencies are the same, the money received for it when the invoice is in another currency.
     * Null for a credit note's allocation.
     */
    paymentAmount: minor('payment_amount'),
    carryingBaseAmount: minor('carrying_base_amount').notNull(),
    settlementBaseAmount: minor('settlement_base_amount').notNull(),
    journalEntryId: text('journal_entry_id'),
    createdAt: now('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('sales_allocation_invoice_idx').on(t.orgId, t.invoiceId, t.date),
    foreignKey({
      name: 'sales_allocation_invoice_fk',
      columns: [t.orgId, t.invoiceId],
      foreignColumns: [salesDocument.orgId, salesDocument.id],
    }),
    foreignKey({
      name: 'sales_allocation_payment_fk',
      columns: [t.orgId, t.paymentId],
      foreignColumns: [salesPayment.orgId, salesPayment.id],
    }),
    foreignKey({
      name: 'sales_allocation_credit_fk',
      columns: [t.orgId, t.creditNoteId],
      foreignColumns: [salesDocument.orgId, salesDocument.id],
    }),
    check('sales_allocation_amount_ck', sql`${t.amount} > 0`),
    check('sales_allocation_source_ck', sql`(${t.paymentId} is null) <> (${t.creditNoteId} is null)`),
  ],
);
