import { sql } from 'drizzle-orm';
import { divideRounded } from '../../core/money.ts';
import { type Queryable, queryRows } from '../../db/client.ts';

// The tax summary of a period: per tax rate and currency, the taxable amount and the tax of the
// invoices issued in it, less those of credit notes, with base-currency figures at each document's
// rate (from its posted base amount, so they agree with the ledger to the rounding of the split).

export interface TaxSummaryRow {
  taxRateId: string;
  name: string;
  category: string;
  percent: string;
  currency: string;
  taxableAmount: bigint;
  taxAmount: bigint;
  baseTaxableAmount: bigint;
  baseTaxAmount: bigint;
  documents: number;
}

export async function taxSummary(
  q: Queryable,
  orgId: string,
  from: string,
  to: string,
): Promise<TaxSummaryRow[]> {
  const rows = await queryRows<{
    id: string;
    type: string;
    currency: string;
    total: string;
    base: string;
    breakdown: {
      taxRateId: string;
      category: string;
      percent: string;
      taxableAmount: string;
      taxAmount: string;
    }[];
  }>(
    q,
    sql`select id, type, currency, tax_inclusive_amount::text as total, coalesce(base_amount, 0)::text as base,
        tax_breakdown as breakdown
      from sales_document where org_id = ${orgId} and type in ('invoice', 'credit_note') and status <> 'draft'
        and issue_date between ${from}::date and ${to}::date`,
  );
  const names = new Map(
    (
      await queryRows<{ id: string; name: string }>(
        q,
        sql`select id, name from sales_tax_rate where org_id = ${orgId}`,
      )
    ).map((r) => [r.id, r.name]),
  );
  const out = new Map<string, TaxSummaryRow>();
  for (const doc of rows) {
    const sign = doc.type === 'credit_note' ? -1n : 1n;
    const total = BigInt(doc.total);
    const base = BigInt(doc.base);
    const toBase = (amount: bigint) => (total === 0n ? 0n : divideRounded(amount * base, total));
    for (const b of doc.breakdown) {
      const key = `${b.taxRateId}|${doc.currency}`;
      const row = out.get(key) ?? {
        taxRateId: b.taxRateId,
        name: names.get(b.taxRateId) ?? b.taxRateId,
        category: b.category,
        percent: b.percent,
        currency: doc.currency,
        taxableAmount: 0n,
        taxAmount: 0n,
        baseTaxableAmount: 0n,
        baseTaxAmount: 0n,
        documents: 0,
      };
      row.taxableAmount += sign * BigInt(b.taxableAmount);
      row.taxAmount += sign * BigInt(b.taxAmount);
      row.baseTaxableAmount += sign * toBase(BigInt(b.taxableAmount));
      row.baseTaxAmount += sign * toBase(BigInt(b.taxAmount));
      row.documents += 1;
      out.set(key, row);
    }
  }
  return [...out.values()].sort(
    (a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name),
  );
}
