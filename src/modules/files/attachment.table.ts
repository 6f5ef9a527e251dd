import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns.ts';
import { organization } from '../identity/identity.table.ts';

/**
 * A file attached to a record of any module (an invoice, a bill, a person…), named by the owning
 * module's entity type and id; that module checks the record exists and who may attach to it.
 * Kept in the database so that backups carry it and both stores serve it alike.
 */
export const attachment = pgTable(
  'attachment',
  {
    orgId: text('org_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    /** `sales.invoice`, `sales.credit_note`, `sales.quote`, … */
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    byteSize: integer('byte_size').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('attachment_entity_ix').on(t.orgId, t.entityType, t.entityId),
    check('attachment_size_ck', sql`${t.byteSize} = octet_length(${t.bytes}) and ${t.byteSize} <= 10485760`),
  ],
);
