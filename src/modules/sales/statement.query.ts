import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { companyProfileOf } from '../company/index.ts';
import { AGING_BUCKETS, type AgingBucket, receivablesAging } from './aging.query.ts';
import { getCustomer } from './customer.service.ts';

// A customer's statement of account for a date range, per currency: the balance brought forward,
// every invoice, credit note, payment and refund dated in the range with the running balance, the
// closing balance, and how the invoices still open at the end of the range are aged.
//
// The balance is what the customer owes: invoices and refunds raise it, credit notes and payments
// lower it. It equals the open invoices less unapplied payments and credit (the customer page's
// balance) at any date, because settlements move amounts between documents, never in or out.

export type StatementEntryKind = 'invoice' | 'credit_note' | 'payment' | 'refund';

export interface StatementEntry {
  date: string;
  kind: StatementEntryKind;
  id: string;
  /** The document number, or the payment's reference. */
  number: string | null;
  /** Invoices: when payment is due. */
  dueDate: string | null;
  /** Invoices, refunds. */
  debit: bigint;
  /** Credit notes, payments. */
  credit: bigint;
  /** The balance after this entry. */
  balance: bigint;
}

export interface StatementAging {
  buckets: Record<AgingBucket, bigint>;
  /** Open on invoices at the end of the range: the sum of the buckets. */
  openInvoices: bigint;
  /** Payments and credit notes not applied to an invoice by then (openInvoices − closingBalance). */
  unappliedCredit: bigint;
}

export interface StatementSection {
  currency: string;
  openingBalance: bigint;
  entries: StatementEntry[];
  totalDebit: bigint;
  totalCredit: bigint;
  closingBalance: bigint;
  aging: StatementAging;
}

export interface CustomerStatement {
  customer: { id: string; name: string };
  from: string;
  to: string;
  /** One per currency the customer has dealt in up to `to`; the customer's (or base) currency when none. */
  sections: StatementSection[];
}

const ORDER: Record<StatementEntryKind, number> = { invoice: 0, credit_note: 1, payment: 2, refund: 3 };

/** The statement of `customerId` from `from` to `to` (business dates, both included). */
export async function customerStatement(
  q: Queryable,
  orgId: string,
  customerId: string,
  range: { from: string; to: string },
): Promise<CustomerStatement> {
  const customer = await getCustomer(q, orgId, customerId);
  // Every entry as (date, debit, credit); the opening balance sums those before `from` in SQL, so a
  // long history costs one aggregate, and only the range's entries are read.
  const entries = (dated: (column: SQL) => SQL) => sql`
      select type as kind, id, number, issue_date as date, case when type = 'invoice' then due_date end as due_date,
        currency,
        case when type = 'invoice' then tax_inclusive_amount else 0 end as debit,
        case when type = 'credit_note' then tax_inclusive_amount else 0 end as credit
      from sales_document
      where org_id = ${orgId} and customer_id = ${customerId} and type in ('invoice', 'credit_note')
        and status <> 'draft' and ${dated(sql.raw('issue_date'))}
    union all
      select kind, id, reference, date, null, currency,
        case when kind = 'refund' then amount else 0 end,
        case when kind = 'payment' then amount else 0 end
      from sales_payment
      where org_id = ${orgId} and customer_id = ${customerId} and ${dated(sql.raw('date'))}`;
  const opening = await queryRows<{ currency: string; balance: string }>(
    q,
    sql`select currency, sum(debit - credit)::text as balance
      from (${entries((d) => sql`${d} < ${range.from}::date`)}) e group by currency`,
  );
  const rows = await queryRows<{
    kind: StatementEntryKind;
    id: string;
    number: string | null;
    date: string;
    due_date: string | null;
    currency: string;
    debit: string;
    credit: string;
  }>(
    q,
    sql`select kind, id, number, date::text, due_date::text, currency, debit::text, credit::text
      from (${entries((d) => sql`${d} between ${range.from}::date and ${range.to}::date`)}) e`,
  );
  rows.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      ORDER[a.kind] - ORDER[b.kind] ||
      (a.number ?? a.id).localeCompare(b.number ?? b.id),
  );
  const aging = await receivablesAging(q, orgId, range.to, customerId);
  const currencies = [
    ...new Set([
      ...opening.map((o) => o.currency),
      ...rows.map((r) => r.currency),
      ...aging.map((a) => a.currency),
    ]),
  ].sort();
  if (currencies.length === 0)
    currencies.push(customer.currency ?? (await companyProfileOf(q, orgId)).baseCurrency ?? 'EUR');

  const sections = currencies.map((currency): StatementSection => {
    const openingBalance = BigInt(opening.find((o) => o.currency === currency)?.balance ?? '0');
    let balance = openingBalance;
    let totalDebit = 0n;
    let totalCredit = 0n;
    const lines: StatementEntry[] = [];
    for (const r of rows) {
      if (r.currency !== currency) continue;
      const debit = BigInt(r.debit);
      const credit = BigInt(r.credit);
      balance += debit - credit;
      totalDebit += debit;
      totalCredit += credit;
      lines.push({
        date: r.date,
        kind: r.kind,
        id: r.id,
        number: r.number,
        dueDate: r.due_date,
        debit,
        credit,
        balance,
      });
    }
    const aged = aging.find((a) => a.currency === currency);
    const buckets = Object.fromEntries(AGING_BUCKETS.map((b) => [b, aged?.buckets[b] ?? 0n])) as Record<
      AgingBucket,
      bigint
    >;
    const openInvoices = aged?.total ?? 0n;
    return {
      currency,
      openingBalance,
      entries: lines,
      totalDebit,
      totalCredit,
      closingBalance: balance,
      aging: { buckets, openInvoices, unappliedCredit: openInvoices - balance },
    };
  });
  return { customer: { id: customer.id, name: customer.name }, from: range.from, to: range.to, sections };
}
