import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';

// A customer's open balance per currency and history of documents and payments, newest first.

export interface CustomerBalance {
  currency: string;
  /** Open on issued invoices. */
  receivable: bigint;
  /** Unapplied payments and credit notes. */
  credit: bigint;
  /** receivable − credit. */
  balance: bigint;
}

export interface HistoryItem {
  kind: 'invoice' | 'credit_note' | 'quote' | 'payment' | 'refund';
  id: string;
  number: string | null;
  date: string;
  status: string;
  currency: string;
  amount: bigint;
}

export async function customerBalances(
  q: Queryable,
  orgId: string,
  customerId: string,
): Promise<CustomerBalance[]> {
  const rows = await queryRows<{ currency: string; receivable: string; credit: string }>(
    q,
    sql`select currency, sum(receivable)::text as receivable, sum(credit)::text as credit from (
        select currency, tax_inclusive_amount - paid_amount - credited_amount as receivable, 0 as credit
          from sales_document where org_id = ${orgId} and customer_id = ${customerId} and type = 'invoice'
            and status in ('issued', 'partially_paid')
        union all
        select currency, 0, tax_inclusive_amount - paid_amount from sales_document
          where org_id = ${orgId} and customer_id = ${customerId} and type = 'credit_note' and status = 'issued'
        union all
        select currency, 0, amount - applied_amount from sales_payment
          where org_id = ${orgId} and customer_id = ${customerId} and kind = 'payment') x
      group by currency order by currency`,
  );
  return rows.map((r) => ({
    currency: r.currency,
    receivable: BigInt(r.receivable),
    credit: BigInt(r.credit),
    balance: BigInt(r.receivable) - BigInt(r.credit),
  }));
}

export async function customerHistory(
  q: Queryable,
  orgId: string,
  customerId: string,
  limit = 100,
): Promise<HistoryItem[]> {
  const rows = await queryRows<{
    kind: HistoryItem['kind'];
    id: string;
    number: string | null;
    date: string;
    status: string;
    currency: string;
    amount: string;
  }>(
    q,
    sql`select * from (
        select type as kind, id, number, issue_date::text as date, status, currency, tax_inclusive_amount::text as amount
          from sales_document where org_id = ${orgId} and customer_id = ${customerId}
        union all
        select kind, id, reference, date::text, case when amount = applied_amount then 'applied' else 'open' end,
          currency, amount::text from sales_payment where org_id = ${orgId} and customer_id = ${customerId}) h
      order by date desc, id desc limit ${limit}`,
  );
  return rows.map((r) => ({ ...r, amount: BigInt(r.amount) }));
}
