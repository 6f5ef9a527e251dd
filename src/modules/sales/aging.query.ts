import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';

// Receivables aging as of a date: what each invoice still owed at the end of that day (payments
// and credits dated after it do not count), bucketed by days past due.

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export interface AgingInvoice {
  id: string;
  number: string;
  issueDate: string;
  dueDate: string;
  daysOverdue: number;
  bucket: AgingBucket;
  open: bigint;
}

export interface AgingRow {
  customerId: string;
  customerName: string;
  currency: string;
  buckets: Record<AgingBucket, bigint>;
  total: bigint;
  invoices: AgingInvoice[];
}

export function bucketOf(daysOverdue: number): AgingBucket {
  if (daysOverdue <= 0) return 'current';
  if (daysOverdue <= 30) return '1-30';
  if (daysOverdue <= 60) return '31-60';
  if (daysOverdue <= 90) return '61-90';
  return '90+';
}

/** Open invoices as of `asOf` by customer and currency, with the invoices for drill-down. */
export async function receivablesAging(
  q: Queryable,
  orgId: string,
  asOf: string,
  customerId?: string,
): Promise<AgingRow[]> {
  const rows = await queryRows<{
    id: string;
    number: string;
    issue_date: string;
    due_date: string;
    days: number;
    open: string;
    customer_id: string;
    customer_name: string;
    currency: string;
  }>(
    q,
    sql`select d.id, d.number, d.issue_date::text, coalesce(d.due_date, d.issue_date)::text as due_date,
        (${asOf}::date - coalesce(d.due_date, d.issue_date))::int as days,
        (d.tax_inclusive_amount - coalesce(a.settled, 0))::text as open, d.customer_id, c.name as customer_name, d.currency
      from sales_document d
      join customer c on c.org_id = d.org_id and c.id = d.customer_id
      left join lateral (select sum(amount) as settled from sales_allocation
        where org_id = d.org_id and invoice_id = d.id and date <= ${asOf}::date) a on true
      where d.org_id = ${orgId} and d.type = 'invoice' and d.status <> 'draft' and d.issue_date <= ${asOf}::date
        ${customerId ? sql`and d.customer_id = ${customerId}` : sql``}
        and d.tax_inclusive_amount - coalesce(a.settled, 0) > 0
      order by c.name, d.customer_id, d.currency, due_date, d.id`,
  );
  const out = new Map<string, AgingRow>();
  for (const r of rows) {
    const key = `${r.customer_id}|${r.currency}`;
    let row = out.get(key);
    if (!row) {
      row = {
        customerId: r.customer_id,
        customerName: r.customer_name,
        currency: r.currency,
        buckets: { current: 0n, '1-30': 0n, '31-60': 0n, '61-90': 0n, '90+': 0n },
        total: 0n,
        invoices: [],
      };
      out.set(key, row);
    }
    const bucket = bucketOf(r.days);
    const open = BigInt(r.open);
    row.buckets[bucket] += open;
    row.total += open;
    row.invoices.push({
      id: r.id,
      number: r.number,
      issueDate: r.issue_date,
      dueDate: r.due_date,
      daysOverdue: Math.max(0, r.days),
      bucket,
      open,
    });
  }
  return [...out.values()];
}
