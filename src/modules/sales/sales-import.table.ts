import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orgRef } from '../../db/columns.ts';
import { customer, salesDocument } from './sales.table.ts';

// CSV imports of customers and invoices, keyed by content so that a re-run adds nothing: the file
// (its bytes' sha256) and each record's reference in the file (a customer's external id, an
// invoice's reference column) are remembered with what they created.

/** One imported file. */
export const salesImport = pgTable(
  'sales_import',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    /** `customers` or `invoices`. */
    kind: text('kind').notNull(),
    /** sha256 of the file's bytes (of its text, when sent as text). */
    contentHash: text('content_hash').notNull(),
    fileName: text('file_name'),
    rowCount: integer('row_count').notNull(),
    createdCount: integer('created_count').notNull(),
    /** What each record became: `[{ rows, reference, id }]`. */
    created: jsonb('created').$type<{ rows: number[]; reference: string | null; id: string }[]>().notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
    importedBy: text('imported_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('sales_import_content_uq').on(t.orgId, t.kind, t.contentHash),
    check('sales_import_kind_ck', sql`${t.kind} in ('customers', 'invoices')`),
  ],
);

/**
 * A record's reference in an imported file and what it became. A later file naming the same
 * reference finds it here and adds nothing. Deleting an imported draft forgets its reference.
 */
export const salesImportRecord = pgTable(
  'sales_import_record',
  {
    orgId: orgRef(),
    kind: text('kind').notNull(),
    reference: text('reference').notNull(),
    importId: text('import_id').notNull(),
    customerId: text('customer_id'),
    documentId: text('document_id'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.kind, t.reference] }),
    foreignKey({
      name: 'sales_import_record_import_fk',
      columns: [t.orgId, t.importId],
      foreignColumns: [salesImport.orgId, salesImport.id],
    }),
    foreignKey({
      name: 'sales_import_record_customer_fk',
      columns: [t.orgId, t.customerId],
      foreignColumns: [customer.orgId, customer.id],
    }),
    foreignKey({
      name: 'sales_import_record_document_fk',
      columns: [t.orgId, t.documentId],
      foreignColumns: [salesDocument.orgId, salesDocument.id],
    }).onDelete('cascade'),
    check(
      'sales_import_record_target_ck',
      sql`(${t.kind} = 'customers' and ${t.customerId} is not null and ${t.documentId} is null) or (${t.kind} = 'invoices' and ${t.documentId} is not null and ${t.customerId} is null)`,
    ),
  ],
);
