import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { businessDate, now } from '../../db/columns.ts';
import { organization } from '../identity/identity.table.ts';
import type { RecurrencePreset } from './recurring.domain.ts';
import { customer } from './sales.table.ts';

// Recurring invoices: a schedule (a template invoice and a rule) and its run log, one row per
// occurrence date. The run's primary key (schedule, occurrence date) is what makes each occurrence
// create its invoice exactly once, however many ticks or servers process it.

/** The invoice each occurrence creates: the document input without customer and dates. */
export interface RecurringTemplate {
  currency: string | null;
  paymentTermsDays: number | null;
  paymentTerms: string | null;
  buyerReference: string | null;
  pricesIncludeTax: boolean;
  discountPercent: string | null;
  /** Minor units as a decimal string (jsonb carries no bigint). */
  discountAmount: string | null;
  discountReason: string | null;
  notes: string | null;
  terms: string | null;
  lines: {
    itemId: string | null;
    name: string | null;
    description: string | null;
    quantity: string;
    unitCode: string | null;
    /** Minor units as a decimal string; null: the item's price. */
    unitPrice: string | null;
    discountPercent: string | null;
    discountAmount: string | null;
    taxRateId: string | null;
    accountId: string | null;
  }[];
}

export const salesRecurringInvoice = pgTable(
  'sales_recurring_invoice',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    name: text('name').notNull(),
    customerId: text('customer_id').notNull(),
    template: jsonb('template').$type<RecurringTemplate>().notNull(),
    /** RFC 5545 RRULE without DTSTART, COUNT or UNTIL; anchored at `startDate`, UTC dates. */
    rrule: text('rrule').notNull(),
    /** The preset the rule was made from, when it was. */
    preset: jsonb('preset').$type<RecurrencePreset | null>(),
    startDate: businessDate('start_date').notNull(),
    endDate: businessDate('end_date'),
    /** At most this many occurrences from the start. */
    count: integer('count'),
    /** `draft`, `issue` or `issue_and_send`. */
    mode: text('mode').notNull(),
    /** `active` or `paused`; a series past its end has no `nextDate`. */
    status: text('status').notNull().default('active'),
    /** The next occurrence to create; null when the series has ended. */
    nextDate: businessDate('next_date'),
    lastDate: businessDate('last_date'),
    lastStatus: text('last_status'),
    /** Occurrences that created an invoice. */
    createdCount: integer('created_count').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
    createdAt: now('created_at'),
    createdBy: text('created_by').notNull(),
    updatedAt: now('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    // The job's question: which active schedules are due by today?
    index('sales_recurring_invoice_due_idx').on(t.status, t.nextDate),
    foreignKey({
      name: 'sales_recurring_invoice_customer_fk',
      columns: [t.orgId, t.customerId],
      foreignColumns: [customer.orgId, customer.id],
    }),
    check('sales_recurring_invoice_mode_ck', sql`${t.mode} in ('draft', 'issue', 'issue_and_send')`),
    check('sales_recurring_invoice_status_ck', sql`${t.status} in ('active', 'paused')`),
    check('sales_recurring_invoice_count_ck', sql`${t.count} is null or ${t.count} > 0`),
  ],
);

/**
 * One occurrence of a schedule: `succeeded` (the invoice created as the mode says) or `failed`
 * (with the error; `documentId` is the draft kept when only issuing or sending failed).
 */
export const salesRecurringRun = pgTable(
  'sales_recurring_run',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    scheduleId: text('schedule_id').notNull(),
    occurrenceDate: businessDate('occurrence_date').notNull(),
    status: text('status').notNull(),
    /** No foreign key: a draft created by a run may be deleted by hand; the run stays. */
    documentId: text('document_id'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    attempts: integer('attempts').notNull().default(1),
    createdAt: now('created_at'),
    updatedAt: now('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.scheduleId, t.occurrenceDate] }),
    uniqueIndex('sales_recurring_run_document_uq').on(t.orgId, t.documentId),
    foreignKey({
      name: 'sales_recurring_run_schedule_fk',
      columns: [t.orgId, t.scheduleId],
      foreignColumns: [salesRecurringInvoice.orgId, salesRecurringInvoice.id],
    }).onDelete('cascade'),
    check('sales_recurring_run_status_ck', sql`${t.status} in ('succeeded', 'failed')`),
  ],
);
