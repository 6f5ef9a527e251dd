import { and, asc, desc, eq, gte, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { readDateIdCursor } from '../../core/cursor.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { documentNotFound } from './errors.ts';
import { customer, salesDocument, salesDocumentLine } from './sales.table.ts';

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
  /** Issue dates `YYYY-MM-DD`, both inclusive. A draft is found by the issue date it carries. */
  from?: string;
  to?: string;
  /** Part of the number, the buyer's reference or the customer's name, in any case (trimmed). */
  q?: string;
  today: string;
}

/** `%text%` for ILIKE, with the text's own `%`, `_` and `\` matched literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The rows of one kind of document that `filter` keeps: the list's pages and its totals read the same. */
export function documentConditions(
  orgId: string,
  type: DocumentType,
  filter: DocumentFilter,
): SQL | undefined {
  const status =
    filter.status === 'overdue'
      ? and(
          sql`${salesDocument.status} in ('issued', 'partially_paid')`,
          lt(salesDocument.dueDate, filter.today),
        )
      : filter.status
        ? eq(salesDocument.status, filter.status)
        : undefined;
  const words = filter.q ? containing(filter.q) : undefined;
  // The customer's name as it is now, and as the document snapshotted it at issue (it may differ).
  const search = words
    ? or(
        sql`${salesDocument.number} ilike ${words}`,
        sql`${salesDocument.buyerReference} ilike ${words}`,
        sql`${salesDocument.buyer}->>'name' ilike ${words}`,
        sql`exists (select 1 from ${customer} where ${customer.orgId} = ${salesDocument.orgId} and ${customer.id} = ${salesDocument.customerId} and ${customer.name} ilike ${words})`,
      )
    : undefined;
  return and(
    eq(salesDocument.orgId, orgId),
    eq(salesDocument.type, type),
    filter.customerId ? eq(salesDocument.customerId, filter.customerId) : undefined,
    status,
    filter.from ? gte(salesDocument.issueDate, filter.from) : undefined,
    filter.to ? lte(salesDocument.issueDate, filter.to) : undefined,
    search,
  );
}

/**
 * Newest first, by issue date then id; the cursor is `date|id` of the last item, so a page never
 * repeats or skips a row whatever the filters (they only narrow the same order).
 */
export async function listDocuments(
  q: Queryable,
  orgId: string,
  type: DocumentType,
  filter: DocumentFilter,
  page: { limit: number; cursor?: string },
): Promise<{ items: SalesDocument[]; nextCursor: string | null }> {
  const cursor = page.cursor ? readDateIdCursor(page.cursor) : undefined;
  const rows = await q
    .select()
    .from(salesDocument)
    .where(
      and(
        documentConditions(orgId, type, filter),
        cursor
          ? or(
              lt(salesDocument.issueDate, cursor.date),
              and(eq(salesDocument.issueDate, cursor.date), lt(salesDocument.id, cursor.id)),
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
