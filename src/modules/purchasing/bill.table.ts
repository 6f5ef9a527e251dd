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
} from 'drizzle-orm/pg-core';
import { businessDate, minor, now, orgRef } from '../../db/columns.ts';
import { ledgerAccount } from '../ledger/ledger.table.ts';
import { salesItem, salesTaxRate, type TaxBreakdownRow } from '../sales/sales.table.ts';
import type { ApprovalRule } from './approval.domain.ts';
import { vendor } from './vendor.table.ts';

// Bills and vendor credits with their lines, approval decisions, payments made and their
// allocations, the numbering of bills, and per-organization settings (the approval rules).
// Amounts are minor units next to the document's currency; totals are named as in EN 16931.

/** Per organization: approval rules, number patterns, where input tax goes. */
export const purchasingSettings = pgTable('purchasing_settings', {
  orgId: orgRef().primaryKey(),
  approvalRules: jsonb('approval_rules').$type<ApprovalRule[]>().notNull().default([]),
  billPattern: text('bill_pattern').notNull().default('BILL-{YYYY}-{0000}'),
  vendorCreditPattern: text('vendor_credit_pattern').notNull().default('VC-{YYYY}-{0000}'),
  /** Where recoverable input tax is debited; default: the first tax account of the chart. */
  inputTaxAccountId: text('input_tax_account_id'),
  updatedAt: now('updated_at'),
});

/** A gapless counter per kind and period, locked by the posting transaction (as sales numbers are). */
export const purchasingNumberSequence = pgTable(
  'purchasing_number_sequence',
  {
    orgId: orgRef(),
    kind: text('kind').notNull(),
    period: text('period').notNull(),
    lastNumber: bigint('last_number', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kind, t.period] })],
);

/**
 * A bill (what the business owes a vendor) or a vendor credit (what a vendor owes back), `type`.
 * `number` is ours, given when it is posted; `vendorNumber` is the vendor's own invoice number.
 */
export const bill = pgTable(
  'bill',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    type: text('type').notNull(),
    status: text('status').notNull(),
    number: text('number'),
    vendorNumber: text('vendor_number'),
    vendorId: text('vendor_id').notNull(),
    currency: text('currency').notNull(),
    billDate: businessDate('bill_date').notNull(),
    dueDate: businessDate('due_date'),
    paymentTerms: text('payment_terms'),
    reference: text('reference'),
    pricesIncludeTax: boolean('prices_include_tax').notNull().default(false),
    taxRounding: text('tax_rounding').notNull().default('line'),
    notes: text('notes'),
    lineExtensionAmount: minor('line_extension_amount').notNull().default(sql`0`),
    taxExclusiveAmount: minor('tax_exclusive_amount').notNull().default(sql`0`),
    taxAmount: minor('tax_amount').notNull().default(sql`0`),
    taxInclusiveAmount: minor('tax_inclusive_amount').notNull().default(sql`0`),
    taxBreakdown: jsonb('tax_breakdown').$type<TaxBreakdownRow[]>().notNull().default([]),
    /** Bill: settled by payments; vendor credit: applied to bills. Document currency. */
    paidAmount: minor('paid_amount').notNull().default(sql`0`),
    /** Bill: settled by vendor credits. */
    creditedAmount: minor('credited_amount').notNull().default(sql`0`),
    /** The payable's base-currency carrying amount, fixed when posted. */
    baseAmount: minor('base_amount'),
    exchangeRate: text('exchange_rate'),
    journalEntryId: text('journal_entry_id'),
    /** The date a payment is planned for (status `scheduled`). */
    scheduledDate: businessDate('scheduled_date'),
    /** Vendor credit → the bill it credits. */
    relatedBillId: text('related_bill_id'),
    /** Submissions so far: decisions belong to the round they were made in. */
    approvalRound: integer('approval_round').notNull().default(0),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: now('created_at'),
    createdBy: text('created_by').notNull(),
    updatedAt: now('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('bill_vendor_idx').on(t.orgId, t.vendorId, t.billDate),
    index('bill_status_idx').on(t.orgId, t.type, t.status, t.dueDate),
    foreignKey({
      name: 'bill_vendor_fk',
      columns: [t.orgId, t.vendorId],
      foreignColumns: [vendor.orgId, vendor.id],
    }),
    foreignKey({
      name: 'bill_related_fk',
      columns: [t.orgId, t.relatedBillId],
      foreignColumns: [t.orgId, t.id],
    }),
    check('bill_type_ck', sql`${t.type} in ('bill', 'vendor_credit')`),
    check(
      'bill_status_ck',
      sql`${t.status} in ('draft', 'awaiting_approval', 'rejected', 'approved', 'scheduled', 'partially_paid', 'paid', 'applied', 'void')`,
    ),
    check('bill_rounding_ck', sql`${t.taxRounding} in ('line', 'document')`),
    check(
      'bill_settled_ck',
      sql`${t.paidAmount} >= 0 and ${t.creditedAmount} >= 0 and ${t.paidAmount} + ${t.creditedAmount} <= ${t.taxInclusiveAmount}`,
    ),
  ],
);

export const billLine = pgTable(
  'bill_line',
  {
    orgId: orgRef(),
    billId: text('bill_id').notNull(),
    lineNo: integer('line_no').notNull(),
    itemId: text('item_id'),
    name: text('name').notNull(),
    description: text('description'),
    /** Decimal string, at most 6 decimals. */
    quantity: text('quantity').notNull(),
    unitCode: text('unit_code').notNull(),
    unitPrice: minor('unit_price').notNull(),
    discountAmount: minor('discount_amount'),
    taxRateId: text('tax_rate_id').notNull(),
    taxCategory: text('tax_category').notNull(),
    taxPercent: text('tax_percent').notNull(),
    /** The expense (or asset) account the line is booked to. */
    accountId: text('account_id').notNull(),
    lineExtensionAmount: minor('line_extension_amount').notNull(),
    taxAmount: minor('tax_amount').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.billId, t.lineNo] }),
    foreignKey({
      name: 'bill_line_bill_fk',
      columns: [t.orgId, t.billId],
      foreignColumns: [bill.orgId, bill.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'bill_line_tax_fk',
      columns: [t.orgId, t.taxRateId],
      foreignColumns: [salesTaxRate.orgId, salesTaxRate.id],
    }),
    foreignKey({
      name: 'bill_line_item_fk',
      columns: [t.orgId, t.itemId],
      foreignColumns: [salesItem.orgId, salesItem.id],
    }),
    foreignKey({
      name: 'bill_line_account_fk',
      columns: [t.orgId, t.accountId],
      foreignColumns: [ledgerAccount.orgId, ledgerAccount.id],
    }),
  ],
);

/** One decision on a bill: who, in which role, approve or reject, and why. */
export const billApproval = pgTable(
  'bill_approval',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    billId: text('bill_id').notNull(),
    decision: text('decision').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id').notNull(),
    role: text('role').notNull(),
    comment: text('comment'),
    /** The submission this decision belongs to: a rejected bill submitted again starts afresh. */
    round: integer('round').notNull(),
    createdAt: now('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('bill_approval_bill_idx').on(t.orgId, t.billId, t.round),
    foreignKey({
      name: 'bill_approval_bill_fk',
      columns: [t.orgId, t.billId],
      foreignColumns: [bill.orgId, bill.id],
    }).onDelete('cascade'),
    check('bill_approval_decision_ck', sql`${t.decision} in ('approve', 'reject', 'auto_approve')`),
  ],
);

/** Money paid to a vendor, out of a bank or cash account, allocated to their bills. */
export const billPayment = pgTable(
  'bill_payment',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    vendorId: text('vendor_id').notNull(),
    date: businessDate('date').notNull(),
    currency: text('currency').notNull(),
    amount: minor('amount').notNull(),
    exchangeRate: text('exchange_rate'),
    baseAmount: minor('base_amount').notNull(),
    accountId: text('account_id').notNull(),
    reference: text('reference'),
    /** Set in the same transaction, once the payment's entry is posted. */
    journalEntryId: text('journal_entry_id'),
    createdAt: now('created_at'),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('bill_payment_vendor_idx').on(t.orgId, t.vendorId, t.date),
    foreignKey({
      name: 'bill_payment_vendor_fk',
      columns: [t.orgId, t.vendorId],
      foreignColumns: [vendor.orgId, vendor.id],
    }),
    foreignKey({
      name: 'bill_payment_account_fk',
      columns: [t.orgId, t.accountId],
      foreignColumns: [ledgerAccount.orgId, ledgerAccount.id],
    }),
    check('bill_payment_amount_ck', sql`${t.amount} > 0`),
  ],
);

/**
 * Part of a payment or vendor credit settling part of a bill. `carryingBaseAmount` is the bill's
 * base amount released; `settlementBaseAmount` the same amount at the payment's (or credit's) rate.
 */
export const billAllocation = pgTable(
  'bill_allocation',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    billId: text('bill_id').notNull(),
    paymentId: text('payment_id'),
    creditId: text('credit_id'),
    date: businessDate('date').notNull(),
    amount: minor('amount').notNull(),
    carryingBaseAmount: minor('carrying_base_amount').notNull(),
    settlementBaseAmount: minor('settlement_base_amount').notNull(),
    journalEntryId: text('journal_entry_id'),
    createdAt: now('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('bill_allocation_bill_idx').on(t.orgId, t.billId, t.date),
    foreignKey({
      name: 'bill_allocation_bill_fk',
      columns: [t.orgId, t.billId],
      foreignColumns: [bill.orgId, bill.id],
    }),
    foreignKey({
      name: 'bill_allocation_payment_fk',
      columns: [t.orgId, t.paymentId],
      foreignColumns: [billPayment.orgId, billPayment.id],
    }),
    foreignKey({
      name: 'bill_allocation_credit_fk',
      columns: [t.orgId, t.creditId],
      foreignColumns: [bill.orgId, bill.id],
    }),
    check('bill_allocation_amount_ck', sql`${t.amount} > 0`),
    check('bill_allocation_source_ck', sql`(${t.paymentId} is null) <> (${t.creditId} is null)`),
  ],
);

/**
 * An imported e-invoice and the bill it became, keyed by what identifies the document in every
 * copy (seller, number, date, total), so a re-import adds nothing. Deleting the draft forgets it.
 */
export const purchasingImport = pgTable(
  'purchasing_import',
  {
    orgId: orgRef(),
    reference: text('reference').notNull(),
    contentHash: text('content_hash').notNull(),
    billId: text('bill_id').notNull(),
    importedAt: now('imported_at'),
    importedBy: text('imported_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.reference] }),
    foreignKey({
      name: 'purchasing_import_bill_fk',
      columns: [t.orgId, t.billId],
      foreignColumns: [bill.orgId, bill.id],
    }).onDelete('cascade'),
  ],
);
