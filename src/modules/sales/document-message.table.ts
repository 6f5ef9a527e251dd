import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { organization } from '../identity/identity.table.ts';
import { salesDocument } from './sales.table.ts';

/**
 * Every email about a sales document (the document itself, or a payment reminder): recorded in the
 * transaction that asked for it (`status` queued), delivered after commit by the outbox subscriber,
 * which sets `sent` (with the transport's message id) or `failed` (with the error).
 */
export const salesDocumentMessage = pgTable(
  'sales_document_message',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    documentId: text('document_id').notNull(),
    /** `document`: the document sent on request; `reminder`: a dunning step. */
    kind: text('kind').notNull(),
    /** The reminder step that sent it (the reminders' own key), null for `document`. */
    reminderStep: text('reminder_step'),
    toAddresses: jsonb('to_addresses').$type<string[]>().notNull(),
    ccAddresses: jsonb('cc_addresses').$type<string[]>().notNull().default([]),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** The PDF's file name, when one is attached. */
    attachmentName: text('attachment_name'),
    status: text('status').notNull().default('queued'),
    /** `smtp` or `file` (the .eml outbox), once delivered. */
    transport: text('transport'),
    transportMessageId: text('transport_message_id'),
    error: text('error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The actor's id (a user, an API key or `system` for jobs). */
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('sales_document_message_document_idx').on(t.orgId, t.documentId, t.createdAt),
    foreignKey({
      name: 'sales_document_message_document_fk',
      columns: [t.orgId, t.documentId],
      foreignColumns: [salesDocument.orgId, salesDocument.id],
    }),
    check('sales_document_message_kind_ck', sql`${t.kind} in ('document', 'reminder')`),
    check('sales_document_message_status_ck', sql`${t.status} in ('queued', 'sent', 'failed')`),
  ],
);
