import {
  bigint,
  foreignKey,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orgRef } from '../../db/columns.ts';
import { journalEntry } from '../ledger/ledger.table.ts';

// Plain-text accounting interop: which files were imported (keyed by content, so a re-run adds
// nothing), and what hledger says about an entry that the ledger has no column for.

/** One imported journal file: its content hash, what it added, which entries (by number). */
export const interopImport = pgTable(
  'interop_import',
  {
    orgId: orgRef(),
    id: text('id').notNull(),
    /** `hledger`. */
    format: text('format').notNull(),
    /** sha256 of the file's bytes. */
    contentHash: text('content_hash').notNull(),
    fileName: text('file_name'),
    entryCount: integer('entry_count').notNull(),
    lineCount: integer('line_count').notNull(),
    accountCount: integer('account_count').notNull(),
    firstSeq: bigint('first_seq', { mode: 'number' }),
    lastSeq: bigint('last_seq', { mode: 'number' }),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
    importedBy: text('imported_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('interop_import_content_uq').on(t.orgId, t.format, t.contentHash),
  ],
);

/**
 * What a journal says about an entry beyond the ledger's columns: the status mark (`*` cleared,
 * `!` pending), the secondary date, the transaction's comment and the postings' status marks
 * (one character per line, space for none). Only entries with any of these have a row.
 */
export const interopEntry = pgTable(
  'interop_entry',
  {
    orgId: orgRef(),
    entryId: text('entry_id').notNull(),
    status: text('status'),
    date2: text('date2'),
    comment: text('comment'),
    lineStatuses: text('line_statuses'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.entryId] }),
    foreignKey({
      name: 'interop_entry_entry_fk',
      columns: [t.orgId, t.entryId],
      foreignColumns: [journalEntry.orgId, journalEntry.id],
    }),
  ],
);
