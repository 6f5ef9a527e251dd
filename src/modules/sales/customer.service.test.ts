import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Store, sql } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { getEntry } from '../ledger/index.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { customerBalances, customerHistory } from './customer.query.ts';
import {
  createCustomer,
  findCustomerByVatIdOrName,
  getCustomer,
  mergeCustomers,
} from './customer.service.ts';
import { findIssuedByNumber, loadDocument } from './document.repo.ts';
import { issueDocument } from './invoice.service.ts';
import { updateSalesSettings } from './numbering.service.ts';
import { recordPayment } from './payment.service.ts';
import { createRecurringInvoice, getRecurringInvoice } from './recurring.service.ts';
import { reminderOptOutOf, setReminderOptOut } from './reminder.service.ts';
import { createSalesOrg, type SalesOrg } from './sales.test-kit.ts';

// Customers (merge, balance, history, tenancy) and what every change leaves behind: an audit row
// and an outbox event in the same transaction.

let store: Store;
let s: SalesOrg;
beforeAll(async () => {
  store = await createTestStore();
  s = await createSalesOrg(store);
});
afterAll(() => store.close());

describe('customers', () => {
  it('merges a duplicate: documents and payments move, the duplicate stays archived and refuses new documents', async () => {
    const dup = await s.run((tx) =>
      createCustomer(tx, s.owner, {
        name: 'Globex Limited',
        email: 'ap@globex.example',
        taxIds: [{ scheme: 'VAT', value: 'GB999' }],
        contacts: [{ name: 'Hank Scorpio' }],
        defaultTaxRateId: s.standard.id,
      }),
    );
    const invoice = await s.issue('2026-02-01', [['1', 1000]], { customerId: dup.id });
    await s.run((tx) =>
      recordPayment(tx, s.owner, {
        customerId: dup.id,
        date: '2026-02-02',
        amount: 500,
        accountId: s.account.bank,
      }),
    );
    const merged = await s.run((tx) => mergeCustomers(tx, s.owner, s.customer.id, dup.id));
    expect(merged.email).toBe('ap@globex.example');
    expect(merged.taxIds).toEqual([{ scheme: 'VAT', value: 'GB999' }]);
    expect(merged.contacts.map((c) => c.name)).toEqual(['Hank Scorpio']);
    expect((await s.run((tx) => loadDocument(tx, s.orgId, 'invoice', invoice.id))).customerId).toBe(
      s.customer.id,
    );
    expect((await s.run((tx) => getCustomer(tx, s.orgId, dup.id))).mergedIntoId).toBe(s.customer.id);
    const balances = await s.run((tx) => customerBalances(tx, s.orgId, s.customer.id));
    expect(balances).toEqual([{ currency: 'GBP', receivable: 700n, credit: 0n, balance: 700n }]);
    const history = await s.run((tx) => customerHistory(tx, s.orgId, s.customer.id));
    expect(history.map((h) => h.kind)).toEqual(['payment', 'invoice']);
    const refused = await refusal(s.draft('2026-02-03', [['1', 1]], { customerId: dup.id }));
    expect([refused.code, refused.details.field]).toEqual(['CUSTOMER_MERGED', 'customerId']);
    expect(
      (await refusal(s.run((tx) => mergeCustomers(tx, s.owner, s.customer.id, s.customer.id)))).code,
    ).toBe('MERGE_SELF');
  });

  it('moves a duplicate’s repeating invoices and its wish not to be reminded to the customer that stays', async () => {
    const org = await createSalesOrg(store);
    const dup = await org.run((tx) => createCustomer(tx, org.owner, { name: 'Globex (old record)' }));
    const schedule = await org.run((tx) =>
      createRecurringInvoice(
        tx,
        org.owner,
        {
          customerId: dup.id,
          lines: [{ name: 'Support plan', quantity: '1', unitPrice: 50_000, taxRateId: org.standard.id }],
          preset: { kind: 'monthly', dayOfMonth: 1 },
          startDate: '2026-01-01',
          mode: 'draft',
        },
        '2026-01-01',
      ),
    );
    await org.run((tx) => setReminderOptOut(tx, org.owner, dup.id, true, 'Pays by standing order'));
    await org.run((tx) => mergeCustomers(tx, org.owner, org.customer.id, dup.id));
    expect((await org.run((tx) => getRecurringInvoice(tx, org.orgId, schedule.id))).customerId).toBe(
      org.customer.id,
    );
    const kept = await org.run((tx) => reminderOptOutOf(tx, org.orgId, org.customer.id));
    expect(kept).toMatchObject({ optedOut: true, reason: 'Pays by standing order' });
  });

  it('finds an e-invoice’s buyer by VAT id however it is written, else by name, never a merged record', async () => {
    const org = await createSalesOrg(store);
    const [vat, named] = await org.run(async (tx) => [
      await createCustomer(tx, org.owner, {
        name: 'Initech',
        taxIds: [{ scheme: 'VAT', value: 'GB 123.456-789' }],
      }),
      await createCustomer(tx, org.owner, { name: '  Acme   Widgets Ltd ' }),
    ]);
    const find = (buyer: { vatId?: string | null; names: string[] }) =>
      org.run((tx) => findCustomerByVatIdOrName(tx, org.orgId, buyer));
    expect(await find({ vatId: 'gb123456789', names: ['Someone else'] })).toMatchObject({
      customer: { id: vat.id },
      match: 'vat_id',
    });
    expect(await find({ vatId: 'GB000', names: ['acme widgets ltd'] })).toMatchObject({
      customer: { id: named.id },
      match: 'name',
    });
    expect(await find({ names: ['Acme_Widgets%'] })).toBeNull();
    await org.run((tx) => mergeCustomers(tx, org.owner, org.customer.id, named.id));
    expect(await find({ names: ['Acme Widgets Ltd'] })).toBeNull();
  });

  it('checks the role in the use case itself, not only at the API', async () => {
    const before = await s.snapshot();
    const member = await refusal(s.run((tx) => createCustomer(tx, s.as('member'), { name: 'Nope' })));
    expect([member.code, member.details.permission]).toEqual(['FORBIDDEN', 'customer:write']);
    const manager = await refusal(
      s.run((tx) =>
        recordPayment(tx, s.as('manager'), {
          customerId: s.customer.id,
          date: '2026-05-01',
          amount: 1,
          accountId: s.account.bank,
        }),
      ),
    );
    expect([manager.code, manager.details.permission]).toEqual(['FORBIDDEN', 'payment:write']);
    expect(await s.snapshot()).toEqual(before);
  });

  it("another organization's customer is not found", async () => {
    const other = await createSalesOrg(store);
    const error = await refusal(other.run((tx) => getCustomer(tx, other.orgId, s.customer.id)));
    expect(error.code).toBe('CUSTOMER_NOT_FOUND');
    // Even asking for it with the right id under the wrong organization finds nothing (row-level security).
    const rows = await other.run((tx) =>
      queryRows(tx, sql`select id from customer where id = ${s.customer.id}`),
    );
    expect(rows).toEqual([]);
    const draft = await refusal(other.draft('2026-02-01', [['1', 1]], { customerId: s.customer.id }));
    expect(draft.code).toBe('CUSTOMER_NOT_FOUND');
  });
});

describe('tax-inclusive prices, rounded per document', () => {
  it('posts the net income and the tax taken out of the prices; the audit and the outbox record the issue', async () => {
    const org = await createSalesOrg(store);
    await org.run((tx) => updateSalesSettings(tx, org.owner, { taxRounding: 'document' }));
    const draft = await org.draft(
      '2026-03-01',
      [
        ['1', 999],
        ['1', 999],
        ['1', 999],
      ],
      { pricesIncludeTax: true },
    );
    // 29.97 including 20 %: tax = 29.97 / 6 = 4.995 → 5.00 once for the document (per line it would be 3 × 1.67 = 5.01).
    expect([draft.taxInclusiveAmount, draft.taxAmount, draft.taxExclusiveAmount]).toEqual([
      2997n,
      500n,
      2497n,
    ]);
    const issued = await org.run((tx) => issueDocument(tx, org.owner, 'invoice', draft.id));
    const entry = await org.run((tx) => getEntry(tx, org.orgId, issued.journalEntryId!));
    expect(entry.lines.map((l) => [l.accountId, l.amount])).toEqual([
      [org.account.receivable, 2997n],
      [org.account.sales, -2497n],
      [org.account.tax, -500n],
    ]);
    const events = await org.run((tx) =>
      queryRows<{ type: string }>(
        tx,
        sql`select type from outbox_event where payload->>'id' = ${issued.id} order by id`,
      ),
    );
    expect(events.map((e) => e.type)).toEqual(['invoice.created', 'invoice.issued']);
    const audits = await org.run((tx) =>
      queryRows<{ action: string }>(
        tx,
        sql`select action from audit_log where entity_id = ${issued.id} order by seq`,
      ),
    );
    expect(audits.map((a) => a.action)).toEqual(['create', 'issue']);
    const found = await org.run((tx) => findIssuedByNumber(tx, org.orgId, issued.number!));
    expect(found.map((d) => d.id)).toEqual([issued.id]);
    expect(await org.run((tx) => findIssuedByNumber(tx, org.orgId, 'INV-1999-0001'))).toEqual([]);
  });
});
