import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { now, orgRef } from '../../db/columns.ts';
import { salesDocumentMessage } from './document-message.table.ts';
import type { ReminderStep } from './reminder.domain.ts';
import { customer, salesDocument } from './sales.table.ts';

// Payment reminders: the organization's dunning schedule, customers who opted out, and one row per
// invoice and step, unique, so a step is sent (or skipped) at most once whatever runs when.

export const salesReminderSettings = pgTable('sales_reminder_settings', {
  orgId: orgRef().primaryKey(),
  enabled: boolean('enabled').notNull().default(false),
  /** Attach the invoice PDF to each reminder. */
  attachPdf: boolean('attach_pdf').notNull().default(true),
  steps: jsonb('steps').$type<ReminderStep[]>().notNull(),
  updatedAt: now('updated_at'),
});

export const salesReminderOptOut = pgTable(
  'sales_reminder_opt_out',
  {
    orgId: orgRef(),
    customerId: text('customer_id').notNull(),
    reason: text('reason'),
    createdAt: now('created_at'),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.customerId] }),
    foreignKey({
      name: 'sales_reminder_opt_out_customer_fk',
      columns: [t.orgId, t.customerId],
      foreignColumns: [customer.orgId, customer.id],
    }),
  ],
);

/** A reminder step for an invoice: `sent` (the message logged on the invoice) or `skipped` (why). */
export const salesReminder = pgTable(
  'sales_reminder',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    invoiceId: text('invoice_id').notNull(),
    /** `due-3`, `due+0`, `due+7`, `repeat-1`, …: see reminder.domain.ts. */
    step: text('step').notNull(),
    /** The date the step fell on. */
    stepDate: date('step_date', { mode: 'string' }).notNull(),
    /** The date of the run that handled it. */
    runDate: date('run_date', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    /** Why it was skipped: `opted_out`, `no_email`. */
    reason: text('reason'),
    messageId: text('message_id'),
    createdAt: now('created_at'),
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('sales_reminder_step_uq').on(t.orgId, t.invoiceId, t.step),
    foreignKey({
      name: 'sales_reminder_invoice_fk',
      columns: [t.orgId, t.invoiceId],
      foreignColumns: [salesDocument.orgId, salesDocument.id],
    }),
    foreignKey({
      name: 'sales_reminder_message_fk',
      columns: [t.orgId, t.messageId],
      foreignColumns: [salesDocumentMessage.orgId, salesDocumentMessage.id],
    }),
    check('sales_reminder_status_ck', sql`${t.status} in ('sent', 'skipped')`),
  ],
);
