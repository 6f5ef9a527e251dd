import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { queryOne, type Store, type Tx } from '../../db/client.ts';
import { createSalesOrg } from '../sales/sales.test-kit.ts';
import { submitBill } from './approval.service.ts';
import { type BillInput, createBill } from './bill.service.ts';
import { createVendor } from './vendor.service.ts';

// Shared by the payables tests: the sales test organization (GBP, the generic chart, VAT 20 %,
// zero and exempt rates) with a vendor whose defaults are office expenses at 20 %, people in each
// approving role, and helpers to draft, submit and fingerprint what payables and the ledger hold.

export async function createPurchasingOrg(store: Store, options: { baseCurrency?: string } = {}) {
  const org = await createSalesOrg(store, options);
  const account = {
    ...org.account,
    payable: org.id('liabilities:accounts payable'),
    office: org.id('expenses:office'),
    software: org.id('expenses:software'),
    rent: org.id('expenses:rent'),
    fxLoss: org.id('income:exchange gains and losses'),
  };
  const vendor = await org.run((tx) =>
    createVendor(tx, org.owner, {
      name: 'Northwind Supplies',
      taxIds: [{ scheme: 'VAT', value: 'GB999999973' }],
      paymentTermsDays: 30,
      defaultExpenseAccountId: account.office,
      defaultTaxRateId: org.standard.id,
    }),
  );
  const people = {
    clerk: org.as('manager', 'usr_clerk'),
    owner: org.as('owner', 'usr_olive'),
    accountant: org.as('accountant', 'usr_ada'),
    admin: org.as('admin', 'usr_adam'),
  };
  /** A draft bill from `vendor` on `date`: one line per [quantity, unit price]. */
  const draftBill = (
    date: string,
    lines: [string, number][],
    extra: Partial<BillInput> = {},
    actor: Actor = people.clerk,
  ) =>
    org.run((tx) =>
      createBill(tx, actor, 'bill', {
        vendorId: vendor.id,
        billDate: date,
        lines: lines.map(([quantity, unitPrice]) => ({ name: 'Supplies', quantity, unitPrice })),
        ...extra,
      }),
    );
  const submit = (id: string, actor: Actor = people.clerk) =>
    org.run((tx) => submitBill(tx, actor, 'bill', id));
  /** A fingerprint of what payables and the ledger hold: equal before and after a refusal. */
  const snapshot = (tx?: Tx) => {
    const read = (q: Tx) =>
      queryOne<Record<string, string>>(
        q,
        sql`select (select count(*) from journal_entry)::text as entries,
          (select count(*) from audit_log)::text as audits, (select count(*) from outbox_event)::text as events,
          (select coalesce(string_agg(id || status || coalesce(number, '') || paid_amount || credited_amount || tax_inclusive_amount, ',' order by id), '') from bill) as bills,
          (select count(*) from bill_approval)::text as decisions,
          (select count(*) from bill_payment)::text as payments,
          (select count(*) from vendor)::text as vendors`,
      );
    return tx ? read(tx) : org.run(read);
  };
  return { ...org, account, vendor, people, draftBill, submit, snapshot };
}

export type PurchasingOrg = Awaited<ReturnType<typeof createPurchasingOrg>>;
