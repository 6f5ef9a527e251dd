import { and, asc, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { documentNotFound } from './errors.ts';
import { salesDocument, salesDocumentLine } from './sales.table.ts';

// Reading and locking documents (invoices, credit notes, quotes) with their lines.

export type DocumentType = 'invoice' | 'credit_note' | 'quote';
export type DocumentRow = typeof salesDocument.$inferSelect;
export type LineRow = typeof salesDocumentLine.$inferSelect;
export type SalesDocument = DocumentRow & { lines: LineRow[] };

/** The document with its lines; `lock` takes its row lock until the transaction ends. */
export async function loadDocument(
  q: Queryable,
  orgId: string,
  type: DocumentType,
  id: string,
  lock = false,
): Promise<SalesDocument> {
  const query = q
    .select()
    .from(salesDocument)
    .where(and(eq(salesDocument.orgId, orgId), eq(salesDocument.id, id), eq(salesDocument.type, type)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw documentNotFound(type, id);
  const lines = await q
    .select()
    .from(salesDocumentLine)
    .where(and(eq(salesDocumentLine.orgId, orgId), eq(salesDocumentLine.documentId, id)))
    .orderBy(asc(salesDocumentLine.lineNo));
  return { ...row, lines };
}

/** Locks invoices in id order (the same order everywhere, so settlements never deadlock). */
export async function lockInvoices(
  tx: Tx,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, DocumentRow>> {
  const found = new Map<string, DocumentRow>();
  for (const id of [...new Set(ids)].sort()) {
    const [row] = await tx
      .select()
      .from(salesDocument)
      .where(and(eq(salesDocument.orgId, orgId), eq(salesDocument.id, id), eq(salesDocument.type, 'invoice')))
      .for('update');
    if (row) found.set(id, row);
  }
  return found;
}

export interface DocumentFilter {
  customerId?: string;
  status?: string;
  today: string;
}

/** Newest first, by issue date then id; the cursor is `date|id` of the last item. */
export async function listDocuments(
  q: Queryable,
  orgId: string,
  type: DocumentType,
  filter: DocumentFilter,
  page: { limit: number; cursor?: string },
): Promise<{ items: SalesDocument[]; nextCursor: string | null }> {
  const [cursorDate, cursorId] = page.cursor?.split('|') ?? [];
  const status =
    filter.status === 'overdue'
      ? and(
          sql`${salesDocument.status} in ('issued', 'partially_paid')`,
          lt(salesDocument.dueDate, filter.today),
        )
      : filter.status
        ? eq(salesDocument.status, filter.status)
        : undefined;
  const rows = await q
    .select()
    .from(salesDocument)
    .where(
      and(
        eq(salesDocument.orgId, orgId),
        eq(salesDocument.type, type),
        filter.customerId ? eq(salesDocument.customerId, filter.customerId) : undefined,
        status,
        cursorDate && cursorId && /^\d{4}-\d{2}-\d{2}$/.test(cursorDate)
          ? or(
              lt(salesDocument.issueDate, cursorDate),
              and(eq(salesDocument.issueDate, cursorDate), lt(salesDocument.id, cursorId)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(salesDocument.issueDate), desc(salesDocument.id))
    .limit(page.limit + 1);
  const shown = rows.slice(0, page.limit);
  const lines = shown.length
    ? await q
        .select()
        .from(salesDocumentLine)
        .where(
          and(
            eq(salesDocumentLine.orgId, orgId),
            sql`${salesDocumentLine.documentId} in (${sql.join(
              shown.map((r) => sql`${r.id}`),
              sql`, `,
            )})`,
          ),
        )
        .orderBy(asc(salesDocumentLine.lineNo))
    : [];
  const items = shown.map((r) => ({ ...r, lines: lines.filter((l) => l.documentId === r.id) }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? `${last.issueDate}|${last.id}` : null };
}

/**
 * Issued invoices and credit notes numbered `number` (at most one of each type: numbers are unique
 * per type), for modules that look documents up by number (e-invoice export, imports).
 */
export async function findIssuedByNumber(
  q: Queryable,
  orgId: string,
  number: string,
): Promise<SalesDocument[]> {
  const rows = await q
    .select({ id: salesDocument.id, type: salesDocument.type })
    .from(salesDocument)
    .where(
      and(
        eq(salesDocument.orgId, orgId),
        eq(salesDocument.number, number),
        sql`${salesDocument.type} in ('invoice', 'credit_note')`,
      ),
    )
    .orderBy(asc(salesDocument.type));
  return Promise.all(rows.map((r) => loadDocument(q, orgId, r.type as DocumentType, r.id)));
}
