import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { getEntry, setExchangeRate } from '../ledger/index.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { decideBill, submitBill } from './approval.service.ts';
import { loadBill } from './bill.repo.ts';
import { createBill, scheduleBill } from './bill.service.ts';
import { billAllocation } from './bill.table.ts';
import { applyVendorCredit, payBill, payBills } from './bill-payment.service.ts';
import { billsDueSoon, payablesAging, vendorBalances, vendorHistory } from './payables.query.ts';
import { createPurchasingOrg, type PurchasingOrg } from './purchasing.test-kit.ts';
import { updatePurchasingSettings } from './settings.service.ts';

// Paying bills: partial and full payments posted to the ledger (bank against payable), paying
// more than is due refused with nothing changed, an unapproved bill refused, exchange differences
// on a foreign bill, scheduling, and the payables views: vendor balance and history, aging and
// the bills due soon with the cash they need.

let store: Store;
let org: PurchasingOrg;

beforeAll(async () => {
  store = await createTestStore();
  org = await createPurchasingOrg(store);
}, 60_000);
afterAll(() => store.close());

const approved = async (
  date: string,
  unitPrice: number,
  extra: Parameters<PurchasingOrg['draftBill']>[2] = {},
) => org.submit((await org.draftBill(date, [['1', unitPrice]], { confirmDuplicate: true, ...extra })).id);

describe('bill payments', () => {
  it('a partial then a full payment: bank against payable, statuses move, the balance follows', async () => {
    const bill = await approved('2026-01-10', 10000); // 120.00 with VAT
    const part = await org.run((tx) =>
      payBill(tx, org.people.accountant, bill.id, {
        date: '2026-01-20',
        amount: 5000,
        accountId: org.account.bank,
        reference: 'TR-1',
      }),
    );
    expect(part).toMatchObject({ amount: 5000n, currency: 'GBP', baseAmount: 5000n });
    expect(part.allocations.map((a) => [a.billId, a.amount])).toEqual([[bill.id, 5000n]]);
    const entry = await org.run((tx) => getEntry(tx, org.orgId, part.journalEntryId!));
    expect(entry.lines.map((l) => [l.accountId, l.amount])).toEqual([
      [org.account.payable, 5000n],
      [org.account.bank, -5000n],
    ]);
    expect((await org.run((tx) => loadBill(tx, org.orgId, 'bill', bill.id))).status).toBe('partially_paid');
    expect(await org.run((tx) => vendorBalances(tx, org.orgId, org.vendor.id))).toEqual([
      { currency: 'GBP', payable: 7000n, credit: 0n, balance: 7000n },
    ]);
    const rest = await org.run((tx) =>
      payBill(tx, org.people.accountant, bill.id, { date: '2026-01-25', accountId: org.account.bank }),
    );
    expect(rest.amount).toBe(7000n);
    const paid = await org.run((tx) => loadBill(tx, org.orgId, 'bill', bill.id));
    expect([paid.status, paid.paidAmount]).toEqual(['paid', 12000n]);
    const history = await org.run((tx) => vendorHistory(tx, org.orgId, org.vendor.id));
    expect(history.map((h) => [h.kind, h.amount, h.open])).toEqual([
      ['payment', 7000n, 0n],
      ['payment', 5000n, 0n],
      ['bill', 12000n, 0n],
    ]);
  });

  it('paying more than is due, an unapproved bill, a non-bank account or a date before the bill: 4xx, nothing changed', async () => {
    const bill = await approved('2026-02-01', 1000); // 12.00
    const draft = await org.draftBill('2026-02-01', [['1', 50]], { confirmDuplicate: true });
    const before = await org.snapshot();
    const over = await refusal(
      org.run((tx) =>
        payBill(tx, org.people.accountant, bill.id, {
          date: '2026-02-02',
          amount: 1201,
          accountId: org.account.bank,
        }),
      ),
    );
    expect([over.kind, over.code, over.details.field, over.details.open]).toEqual([
      'unprocessable',
      'OVERPAYMENT',
      'amount',
      '1200',
    ]);
    const notApproved = await refusal(
      org.run((tx) =>
        payBills(tx, org.people.accountant, {
          date: '2026-02-02',
          accountId: org.account.bank,
          allocations: [{ billId: draft.id, amount: 10 }],
        }),
      ),
    );
    expect([notApproved.code, notApproved.details.field]).toEqual(['BILL_STATE', 'allocations.0.amount']);
    const wrongAccount = await refusal(
      org.run((tx) =>
        payBill(tx, org.people.accountant, bill.id, { date: '2026-02-02', accountId: org.account.office }),
      ),
    );
    expect([wrongAccount.code, wrongAccount.details.field]).toEqual(['NOT_A_MONEY_ACCOUNT', 'accountId']);
    const early = await refusal(
      org.run((tx) =>
        payBill(tx, org.people.accountant, bill.id, { date: '2026-01-31', accountId: org.account.bank }),
      ),
    );
    expect([early.code, early.details.field]).toEqual(['PAID_BEFORE_BILL_DATE', 'date']);
    const manager = await refusal(
      org.run((tx) =>
        payBill(tx, org.people.clerk, bill.id, { date: '2026-02-02', accountId: org.account.bank }),
      ),
    );
    expect(manager.code).toBe('FORBIDDEN');
    expect(await org.snapshot()).toEqual(before);
  });

  it('one payment for two bills of a vendor; scheduling a bill keeps it scheduled until money moves', async () => {
    const a = await approved('2026-02-10', 2000);
    const b = await approved('2026-02-11', 3000);
    const scheduled = await org.run((tx) => scheduleBill(tx, org.people.accountant, b.id, '2026-03-01'));
    expect([scheduled.status, scheduled.scheduledDate]).toEqual(['scheduled', '2026-03-01']);
    const payment = await org.run((tx) =>
      payBills(tx, org.people.accountant, {
        date: '2026-03-01',
        accountId: org.account.bank,
        allocations: [
          { billId: a.id, amount: 2400 },
          { billId: b.id, amount: 1000 },
        ],
      }),
    );
    expect(payment.amount).toBe(3400n);
    const [afterA, afterB] = await org.run((tx) =>
      Promise.all([loadBill(tx, org.orgId, 'bill', a.id), loadBill(tx, org.orgId, 'bill', b.id)]),
    );
    expect([afterA.status, afterB.status]).toEqual(['paid', 'partially_paid']);
  });

  it('a euro bill paid at a later rate posts the realized exchange difference', async () => {
    await org.run(async (tx) => {
      await setExchangeRate(tx, org.owner, { base: 'EUR', quote: 'GBP', date: '2026-03-01', rate: '0.85' });
      await setExchangeRate(tx, org.owner, { base: 'EUR', quote: 'GBP', date: '2026-04-01', rate: '0.9' });
    });
    const bill = await approved('2026-03-15', 10000, { currency: 'EUR' }); // 120.00 EUR = 102.00 GBP
    expect(bill.baseAmount).toBe(10200n);
    const payment = await org.run((tx) =>
      payBill(tx, org.people.accountant, bill.id, { date: '2026-04-02', accountId: org.account.bank }),
    );
    expect(payment.baseAmount).toBe(10800n);
    const entry = await org.run((tx) => getEntry(tx, org.orgId, payment.journalEntryId!));
    expect(entry.lines.map((l) => [l.accountId, l.currency, l.amount, l.baseAmount])).toEqual([
      [org.account.payable, 'EUR', 12000n, 10800n],
      [org.account.bank, 'EUR', -12000n, -10800n],
      [org.account.payable, 'GBP', -600n, -600n],
      [org.account.fx, 'GBP', 600n, 600n],
    ]);
  });

  it('a euro vendor credit applied in two parts: each application keeps its own exchange-difference entry', async () => {
    await org.run(async (tx) => {
      await setExchangeRate(tx, org.owner, { base: 'EUR', quote: 'GBP', date: '2026-07-01', rate: '0.85' });
      await setExchangeRate(tx, org.owner, { base: 'EUR', quote: 'GBP', date: '2026-08-01', rate: '0.9' });
    });
    const bill = await approved('2026-07-15', 10000, { currency: 'EUR' }); // 120.00 EUR = 102.00 GBP
    const draft = await org.run((tx) =>
      createBill(tx, org.people.clerk, 'vendor_credit', {
        vendorId: org.vendor.id,
        currency: 'EUR',
        billDate: '2026-08-02',
        lines: [{ name: 'Returned', quantity: '1', unitPrice: 2000 }],
      }),
    );
    const credit = await org.run((tx) => submitBill(tx, org.people.clerk, 'vendor_credit', draft.id));
    expect(credit.baseAmount).toBe(2160n); // 24.00 EUR at 0.9
    for (const _ of [1, 2])
      await org.run((tx) =>
        applyVendorCredit(tx, org.people.accountant, credit.id, { billId: bill.id, amount: 1200 }),
      );
    const allocations = await org.run((tx) =>
      tx
        .select()
        .from(billAllocation)
        .where(and(eq(billAllocation.orgId, org.orgId), eq(billAllocation.creditId, credit.id)))
        .orderBy(asc(billAllocation.createdAt), asc(billAllocation.id)),
    );
    expect(allocations.map((a) => [a.amount, a.carryingBaseAmount, a.settlementBaseAmount])).toEqual([
      [1200n, 1020n, 1080n],
      [1200n, 1020n, 1080n],
    ]);
    const [first, second] = allocations.map((a) => a.journalEntryId);
    expect(first).toBeTruthy();
    expect(second).toBeTruthy();
    expect(first).not.toBe(second);
    for (const entryId of [first!, second!]) {
      const entry = await org.run((tx) => getEntry(tx, org.orgId, entryId));
      expect(entry.lines.map((l) => [l.accountId, l.currency, l.amount])).toEqual([
        [org.account.payable, 'GBP', -60n],
        [org.account.fx, 'GBP', 60n],
      ]);
    }
  });
});

describe('payables views', () => {
  it('aging buckets what each bill owed on the day; the due view sums the cash needed', async () => {
    const view = await createPurchasingOrg(store);
    await view.run((tx) => updatePurchasingSettings(tx, view.owner, { approvalRules: [] }));
    const bill = (date: string, due: string, price: number) =>
      view
        .draftBill(date, [['1', price]], { dueDate: due, confirmDuplicate: true })
        .then((d) => view.submit(d.id));
    await bill('2026-01-01', '2026-01-31', 1000); // 12.00, 100 days overdue on 10 May → 90+
    await bill('2026-03-01', '2026-03-31', 2000); // 24.00, 40 days → 31-60
    await bill('2026-04-20', '2026-05-09', 3000); // 36.00, 1 day → 1-30
    const current = await bill('2026-05-01', '2026-05-15', 4000); // 48.00 current
    await bill('2026-05-02', '2026-06-30', 5000); // 60.00 due later
    const draft = await view.draftBill('2026-05-03', [['1', 9999]], { dueDate: '2026-05-04' }); // drafts owe nothing
    await view.run((tx) =>
      payBill(tx, view.people.accountant, current.id, {
        date: '2026-05-11',
        amount: 800,
        accountId: view.account.bank,
      }),
    );
    const [aging] = await view.run((tx) => payablesAging(tx, view.orgId, '2026-05-10'));
    expect(aging!.buckets).toEqual({
      current: 10800n,
      '1-30': 3600n,
      '31-60': 2400n,
      '61-90': 0n,
      '90+': 1200n,
    });
    expect(aging!.total).toBe(18000n);
    const [later] = await view.run((tx) => payablesAging(tx, view.orgId, '2026-05-11'));
    expect(later!.buckets.current).toBe(10000n);
    const week = await view.run((tx) => billsDueSoon(tx, view.orgId, '2026-05-10', '2026-05-17'));
    expect(week.bills.map((b) => [b.dueDate, b.overdue, b.open])).toEqual([
      ['2026-01-31', true, 1200n],
      ['2026-03-31', true, 2400n],
      ['2026-05-09', true, 3600n],
      ['2026-05-15', false, 4000n],
    ]);
    expect(week.cashNeeded).toEqual([{ currency: 'GBP', overdue: 7200n, dueInWindow: 4000n, total: 11200n }]);
    const month = await view.run((tx) => billsDueSoon(tx, view.orgId, '2026-05-10', '2026-07-09'));
    expect(month.cashNeeded[0]!.total).toBe(17200n);
    expect(month.bills.map((b) => b.id)).not.toContain(draft.id);
  });
});

describe('approval rules by account', () => {
  it('a rule naming an account applies only to bills booked to it', async () => {
    await org.run((tx) =>
      updatePurchasingSettings(tx, org.owner, {
        approvalRules: [
          {
            id: 'software',
            name: 'Software needs the owner',
            aboveAmount: '0',
            accountIds: [org.account.software],
            approvals: 1,
            roles: ['owner'],
          },
        ],
      }),
    );
    const office = await approved('2026-05-01', 100);
    expect(office.status).toBe('approved');
    const software = await org
      .submit(
        (
          await org
            .draftBill('2026-05-01', [['1', 100]], { confirmDuplicate: true, vendorNumber: 'SW-1' })
            .then((d) => d)
        ).id,
      )
      .catch(() => null);
    expect(software?.status).toBe('approved'); // booked to office: the rule does not apply
    const onSoftware = await org.run((tx) =>
      import('./bill.service.ts').then((m) =>
        m.createBill(tx, org.people.clerk, 'bill', {
          vendorId: org.vendor.id,
          billDate: '2026-05-02',
          lines: [{ name: 'Licence', quantity: '1', unitPrice: 100, accountId: org.account.software }],
        }),
      ),
    );
    expect((await org.submit(onSoftware.id)).status).toBe('awaiting_approval');
    const done = await org.run((tx) => decideBill(tx, org.people.owner, 'bill', onSoftware.id, 'approve'));
    expect(done.status).toBe('approved');
  });
});
