import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { bucketOf } from '../sales/aging.query.ts';

// What the business owes: per vendor (balance and history), payables aging as of a date, and the
// bills due soon with the cash they need.

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export interface VendorBalance {
  currency: string;
  /** Open on posted bills. */
  payable: bigint;
  /** Vendor credits not yet applied. */
  credit: bigint;
  /** payable − credit: what is owed. */
  balance: bigint;
}

export async function vendorBalances(
  q: Queryable,
  orgId: string,
  vendorId: string,
): Promise<VendorBalance[]> {
  const rows = await queryRows<{ currency: string; payable: string; credit: string }>(
    q,
    sql`select currency,
        coalesce(sum(tax_inclusive_amount - paid_amount - credited_amount) filter (where type = 'bill'), 0)::text as payable,
        coalesce(sum(tax_inclusive_amount - paid_amount) filter (where type = 'vendor_credit'), 0)::text as credit
      from bill where org_id = ${orgId} and vendor_id = ${vendorId}
        and status in ('approved', 'scheduled', 'partially_paid')
      group by currency order by currency`,
  );
  return rows.map((r) => ({
    currency: r.currency,
    payable: BigInt(r.payable),
    credit: BigInt(r.credit),
    balance: BigInt(r.payable) - BigInt(r.credit),
  }));
}

export interface VendorHistoryItem {
  kind: 'bill' | 'vendor_credit' | 'payment';
  id: string;
  number: string | null;
  vendorNumber: string | null;
  date: string;
  dueDate: string | null;
  status: string;
  currency: string;
  amount: bigint;
  open: bigint;
}

export async function vendorHistory(q: Queryable, orgId: string, vendorId: string, limit = 100) {
  const rows = await queryRows<{
    kind: VendorHistoryItem['kind'];
    id: string;
    number: string | null;
    vendor_number: string | null;
    date: string;
    due_date: string | null;
    status: string;
    currency: string;
    amount: string;
    open: string;
  }>(
    q,
    sql`select * from (
        select type as kind, id, number, vendor_number, bill_date::text as date, due_date::text as due_date, status, currency,
          tax_inclusive_amount::text as amount,
          (case when status in ('approved', 'scheduled', 'partially_paid') then tax_inclusive_amount - paid_amount - credited_amount else 0 end)::text as open
          from bill where org_id = ${orgId} and vendor_id = ${vendorId}
        union all
        select 'payment', id, reference, null, date::text, null, 'paid', currency, amount::text, '0'
          from bill_payment where org_id = ${orgId} and vendor_id = ${vendorId}) h
      order by date desc, id desc limit ${limit}`,
  );
  return rows.map(
    (r): VendorHistoryItem => ({
      kind: r.kind,
      id: r.id,
      number: r.number,
      vendorNumber: r.vendor_number,
      date: r.date,
      dueDate: r.due_date,
      status: r.status,
      currency: r.currency,
      amount: BigInt(r.amount),
      open: BigInt(r.open),
    }),
  );
}

export interface AgingBill {
  id: string;
  number: string;
  vendorNumber: string | null;
  billDate: string;
  dueDate: string;
  daysOverdue: number;
  bucket: AgingBucket;
  open: bigint;
}

export interface PayablesAgingRow {
  vendorId: string;
  vendorName: string;
  currency: string;
  buckets: Record<AgingBucket, bigint>;
  total: bigint;
  bills: AgingBill[];
}

/**
 * Posted bills as of `asOf` by vendor and currency: what each still owed at the end of that day
 * (payments and credits dated after it do not count), bucketed by days past due.
 */
export async function payablesAging(
  q: Queryable,
  orgId: string,
  asOf: string,
  vendorId?: string,
): Promise<PayablesAgingRow[]> {
  const rows = await queryRows<{
    id: string;
    number: string;
    vendor_number: string | null;
    bill_date: string;
    due_date: string;
    days: number;
    open: string;
    vendor_id: string;
    vendor_name: string;
    currency: string;
  }>(
    q,
    sql`select b.id, b.number, b.vendor_number, b.bill_date::text, coalesce(b.due_date, b.bill_date)::text as due_date,
        (${asOf}::date - coalesce(b.due_date, b.bill_date))::int as days,
        (b.tax_inclusive_amount - coalesce(a.settled, 0))::text as open, b.vendor_id, v.name as vendor_name, b.currency
      from bill b
      join vendor v on v.org_id = b.org_id and v.id = b.vendor_id
      left join lateral (select sum(amount) as settled from bill_allocation
        where org_id = b.org_id and bill_id = b.id and date <= ${asOf}::date) a on true
      where b.org_id = ${orgId} and b.type = 'bill' and b.journal_entry_id is not null and b.bill_date <= ${asOf}::date
        ${vendorId ? sql`and b.vendor_id = ${vendorId}` : sql``}
        and b.tax_inclusive_amount - coalesce(a.settled, 0) > 0
      order by v.name, b.vendor_id, b.currency, due_date, b.id`,
  );
  const out = new Map<string, PayablesAgingRow>();
  for (const r of rows) {
    const key = `${r.vendor_id}|${r.currency}`;
    let row = out.get(key);
    if (!row) {
      row = {
        vendorId: r.vendor_id,
        vendorName: r.vendor_name,
        currency: r.currency,
        buckets: { current: 0n, '1-30': 0n, '31-60': 0n, '61-90': 0n, '90+': 0n },
        total: 0n,
        bills: [],
      };
      out.set(key, row);
    }
    const bucket = bucketOf(r.days);
    const open = BigInt(r.open);
    row.buckets[bucket] += open;
    row.total += open;
    row.bills.push({
      id: r.id,
      number: r.number,
      vendorNumber: r.vendor_number,
      billDate: r.bill_date,
      dueDate: r.due_date,
      daysOverdue: Math.max(0, r.days),
      bucket,
      open,
    });
  }
  return [...out.values()];
}

export interface DueBill {
  id: string;
  number: string | null;
  vendorNumber: string | null;
  vendorId: string;
  vendorName: string;
  dueDate: string;
  status: string;
  overdue: boolean;
  currency: string;
  open: bigint;
}

export interface DueSoon {
  from: string;
  to: string;
  bills: DueBill[];
  /** Cash needed per currency: everything open and due by `to`, overdue included. */
  cashNeeded: { currency: string; overdue: bigint; dueInWindow: bigint; total: bigint }[];
}

/** Open bills due on or before `to` (overdue ones included), with the cash they need per currency. */
export async function billsDueSoon(q: Queryable, orgId: string, today: string, to: string): Promise<DueSoon> {
  const rows = await queryRows<{
    id: string;
    number: string | null;
    vendor_number: string | null;
    vendor_id: string;
    vendor_name: string;
    due_date: string;
    status: string;
    currency: string;
    open: string;
  }>(
    q,
    sql`select b.id, b.number, b.vendor_number, b.vendor_id, v.name as vendor_name,
        coalesce(b.due_date, b.bill_date)::text as due_date, b.status, b.currency,
        (b.tax_inclusive_amount - b.paid_amount - b.credited_amount)::text as open
      from bill b join vendor v on v.org_id = b.org_id and v.id = b.vendor_id
      where b.org_id = ${orgId} and b.type = 'bill' and b.status in ('approved', 'scheduled', 'partially_paid')
        and coalesce(b.due_date, b.bill_date) <= ${to}::date
      order by coalesce(b.due_date, b.bill_date), v.name, b.id`,
  );
  const bills = rows.map(
    (r): DueBill => ({
      id: r.id,
      number: r.number,
      vendorNumber: r.vendor_number,
      vendorId: r.vendor_id,
      vendorName: r.vendor_name,
      dueDate: r.due_date,
      status: r.status,
      overdue: r.due_date < today,
      currency: r.currency,
      open: BigInt(r.open),
    }),
  );
  const cash = new Map<string, { currency: string; overdue: bigint; dueInWindow: bigint; total: bigint }>();
  for (const b of bills) {
    const c = cash.get(b.currency) ?? { currency: b.currency, overdue: 0n, dueInWindow: 0n, total: 0n };
    if (b.overdue) c.overdue += b.open;
    else c.dueInWindow += b.open;
    c.total += b.open;
    cash.set(b.currency, c);
  }
  return {
    from: today,
    to,
    bills,
    cashNeeded: [...cash.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}
