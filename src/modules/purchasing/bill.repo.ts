import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { readDateIdCursor } from '../../core/cursor.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { bill, billApproval, billLine } from './bill.table.ts';
import { billNotFound } from './errors.ts';

// Reading and locking bills and vendor credits with their lines and decisions.

export type BillType = 'bill' | 'vendor_credit';
export type BillRow = typeof bill.$inferSelect;
export type BillLineRow = typeof billLine.$inferSelect;
export type Bill = BillRow & { lines: BillLineRow[] };
export type DecisionRow = typeof billApproval.$inferSelect;

/** The bill with its lines; `lock` takes its row lock until the transaction ends. */
export async function loadBill(
  q: Queryable,
  orgId: string,
  type: BillType,
  id: string,
  lock = false,
): Promise<Bill> {
  const query = q
    .select()
    .from(bill)
    .where(and(eq(bill.orgId, orgId), eq(bill.id, id), eq(bill.type, type)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw billNotFound(type, id);
  const lines = await q
    .select()
    .from(billLine)
    .where(and(eq(billLine.orgId, orgId), eq(billLine.billId, id)))
    .orderBy(asc(billLine.lineNo));
  return { ...row, lines };
}

/** Locks bills in id order (the same order everywhere, so settlements never deadlock). */
export async function lockBills(
  tx: Tx,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, BillRow>> {
  const found = new Map<string, BillRow>();
  for (const id of [...new Set(ids)].sort()) {
    const [row] = await tx
      .select()
      .from(bill)
      .where(and(eq(bill.orgId, orgId), eq(bill.id, id)))
      .for('update');
    if (row) found.set(id, row);
  }
  return found;
}

/** The decisions of one submission round, oldest first. */
export async function decisionsOf(q: Queryable, orgId: string, billId: string, round?: number) {
  return q
    .select()
    .from(billApproval)
    .where(
      and(
        eq(billApproval.orgId, orgId),
        eq(billApproval.billId, billId),
        round === undefined ? undefined : eq(billApproval.round, round),
      ),
    )
    .orderBy(asc(billApproval.createdAt), asc(billApproval.id));
}

export interface BillFilter {
  vendorId?: string;
  /** A status, or `overdue` (open with a due date before today), derived. */
  status?: string;
  today: string;
}

/** Newest first by bill date; the cursor is `date|id`. */
export async function listBills(
  q: Queryable,
  orgId: string,
  type: BillType,
  filter: BillFilter,
  page: { limit: number; cursor?: string },
): Promise<{ items: Bill[]; nextCursor: string | null }> {
  const cursor = page.cursor ? readDateIdCursor(page.cursor) : undefined;
  const rows = await q
    .select()
    .from(bill)
    .where(
      and(
        eq(bill.orgId, orgId),
        eq(bill.type, type),
        filter.vendorId ? eq(bill.vendorId, filter.vendorId) : undefined,
        filter.status === 'overdue'
          ? and(
              sql`${bill.status} in ('approved', 'scheduled', 'partially_paid')`,
              lt(bill.dueDate, filter.today),
            )
          : filter.status
            ? eq(bill.status, filter.status)
            : undefined,
        cursor ? sql`(${bill.billDate}, ${bill.id}) < (${cursor.date}::date, ${cursor.id})` : undefined,
      ),
    )
    .orderBy(desc(bill.billDate), desc(bill.id))
    .limit(page.limit + 1);
  const shown = rows.slice(0, page.limit);
  const lines = shown.length
    ? await q
        .select()
        .from(billLine)
        .where(and(eq(billLine.orgId, orgId), sql`${billLine.billId} in ${shown.map((r) => r.id)}`))
        .orderBy(asc(billLine.billId), asc(billLine.lineNo))
    : [];
  const last = shown.at(-1);
  return {
    items: shown.map((r) => ({ ...r, lines: lines.filter((l) => l.billId === r.id) })),
    nextCursor: rows.length > page.limit && last ? `${last.billDate}|${last.id}` : null,
  };
}
