import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { type DocumentFilter, type DocumentType, documentConditions } from './document.repo.ts';
import { salesDocument } from './sales.table.ts';

// The totals of a filtered document list, over every row the filter keeps (not only the pages a
// screen has loaded), so the figures under a list agree with the file its export downloads.

export interface DocumentTotals {
  count: number;
  /** One row per currency, by currency code. */
  currencies: {
    currency: string;
    count: number;
    /** Tax-inclusive totals. */
    total: bigint;
    /** What is still owed (invoices) or left to apply (credit notes); drafts owe nothing yet. */
    payable: bigint;
  }[];
}

export async function documentTotals(
  q: Queryable,
  orgId: string,
  type: DocumentType,
  filter: DocumentFilter,
): Promise<DocumentTotals> {
  const rows = await q
    .select({
      currency: salesDocument.currency,
      count: sql<number>`count(*)::int`,
      // Sums of bigint columns come back as numeric text: read as bigint, never through a float.
      total: sql<string>`coalesce(sum(${salesDocument.taxInclusiveAmount}), 0)::text`,
      payable: sql<string>`coalesce(sum(${salesDocument.taxInclusiveAmount} - ${salesDocument.paidAmount} - ${salesDocument.creditedAmount}) filter (where ${salesDocument.status} <> 'draft'), 0)::text`,
    })
    .from(salesDocument)
    .where(documentConditions(orgId, type, filter))
    .groupBy(salesDocument.currency)
    .orderBy(salesDocument.currency);
  const currencies = rows.map((r) => ({
    currency: r.currency,
    count: Number(r.count),
    total: BigInt(r.total),
    payable: BigInt(r.payable),
  }));
  return { count: currencies.reduce((n, c) => n + c.count, 0), currencies };
}
