import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { listAudit } from '../audit/audit.query.ts';
import { getEntry, setExchangeRate, setLockDates } from '../ledger/index.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { billApprovalOf, decideBill, submitBill } from './approval.service.ts';
import { loadBill } from './bill.repo.ts';
import { createBill, deleteBill, updateBill } from './bill.service.ts';
import { applyVendorCredit } from './bill-payment.service.ts';
import { createPurchasingOrg, type PurchasingOrg } from './purchasing.test-kit.ts';
import { updatePurchasingSettings } from './settings.service.ts';

// Bills from draft to posted: totals computed here, duplicates refused unless confirmed, locked
// periods refused, approval rules (the creator never approves; two different approvers above
// 10,000), posting on approval (payable, expense, input tax) in a foreign currency at the bill
// date's rate, and vendor credits applied to bills.

let store: Store;
let org: PurchasingOrg;

beforeAll(async () => {
  store = await createTestStore();
  org = await createPurchasingOrg(store);
}, 60_000);
afterAll(() => store.close());

const entryLines = async (id: string) =>
  (await org.run((tx) => getEntry(tx, org.orgId, id))).lines.map((l) => [
    l.accountId,
    l.currency,
    l.amount,
    l.baseAmount,
  ]);

describe('bill drafts', () => {
  it('computes every total from the lines and fills in the vendor’s defaults', async () => {
    const bill = await org.draftBill(
      '2026-02-03',
      [
        ['3', 1000],
        ['1.5', 333],
      ],
      { vendorNumber: 'NW-1001' },
    );
    expect(bill).toMatchObject({
      status: 'draft',
      currency: 'GBP',
      dueDate: '2026-03-05',
      paymentTerms: 'Net 30 days',
      taxExclusiveAmount: 3500n, // 3000 + 499.5 → 500
      taxAmount: 700n,
      taxInclusiveAmount: 4200n,
      number: null,
      journalEntryId: null,
    });
    expect(bill.lines.map((l) => [l.accountId, l.taxRateId, l.lineExtensionAmount, l.taxAmount])).toEqual([
      [org.account.office, org.standard.id, 3000n, 600n],
      [org.account.office, org.standard.id, 500n, 100n],
    ]);
    const inclusive = await org.draftBill('2026-02-03', [['1', 1200]], {
      pricesIncludeTax: true,
      confirmDuplicate: true,
    });
    expect([inclusive.taxExclusiveAmount, inclusive.taxAmount, inclusive.taxInclusiveAmount]).toEqual([
      1000n,
      200n,
      1200n,
    ]);
  });

  it('refuses a line without an account or tax rate, naming it, and writes nothing', async () => {
    const bare = await org.run((tx) =>
      import('./vendor.service.ts').then((m) => m.createVendor(tx, org.owner, { name: 'No Defaults Ltd' })),
    );
    const before = await org.snapshot();
    const noRate = await refusal(
      org.run((tx) =>
        createBill(tx, org.people.clerk, 'bill', {
          vendorId: bare.id,
          lines: [{ name: 'x', quantity: '1', unitPrice: 1, accountId: org.account.office }],
        }),
      ),
    );
    expect([noRate.code, noRate.details.field]).toEqual(['TAX_RATE_REQUIRED', 'lines.0.taxRateId']);
    const noAccount = await refusal(
      org.run((tx) =>
        createBill(tx, org.people.clerk, 'bill', {
          vendorId: bare.id,
          lines: [{ name: 'x', quantity: '1', unitPrice: 1, taxRateId: org.zero.id }],
        }),
      ),
    );
    expect([noAccount.code, noAccount.details.field]).toEqual(['ACCOUNT_REQUIRED', 'lines.0.accountId']);
    const income = await refusal(
      org.run((tx) =>
        createBill(tx, org.people.clerk, 'bill', {
          vendorId: bare.id,
          lines: [
            { name: 'x', quantity: '1', unitPrice: 1, taxRateId: org.zero.id, accountId: org.account.sales },
          ],
        }),
      ),
    );
    expect([income.code, income.details.field]).toEqual(['ACCOUNT_NOT_ALLOWED', 'lines.0.accountId']);
    const negative = await refusal(org.draftBill('2026-02-04', [['-1', 100]]));
    expect(negative.details.field).toBe('lines.0.quantity');
    expect(await org.snapshot()).toEqual(before);
  });

  it('duplicates: the same vendor number, or the same amount on the same date, answer 409 with the duplicate’s id', async () => {
    const first = await org.draftBill('2026-02-10', [['1', 5000]], { vendorNumber: 'INV 77' });
    const byNumber = await refusal(org.draftBill('2026-02-11', [['1', 999]], { vendorNumber: 'inv-77' }));
    expect([byNumber.kind, byNumber.code, byNumber.details.duplicateId, byNumber.details.match]).toEqual([
      'conflict',
      'DUPLICATE_BILL',
      first.id,
      'vendor_number',
    ]);
    const byAmount = await refusal(org.draftBill('2026-02-10', [['2', 2500]]));
    expect([byAmount.details.duplicateId, byAmount.details.match]).toEqual([first.id, 'amount_and_date']);
    const confirmed = await org.draftBill('2026-02-10', [['2', 2500]], { confirmDuplicate: true });
    expect(confirmed.status).toBe('draft');
    // Editing a bill is not a duplicate of itself.
    const edited = await org.run((tx) =>
      updateBill(tx, org.people.clerk, 'bill', first.id, { notes: 'checked' }),
    );
    expect(edited.notes).toBe('checked');
  });

  it('a bill dated in a locked period is refused (create, submit), naming billDate', async () => {
    const draft = await org.draftBill('2025-06-30', [['1', 100]]);
    await org.run((tx) =>
      setLockDates(tx, org.owner, { lockDate: '2025-12-31', nonAccountantLockDate: null }),
    );
    const before = await org.snapshot();
    const created = await refusal(org.draftBill('2025-12-31', [['1', 101]]));
    expect([created.code, created.details.field]).toEqual(['PERIOD_LOCKED', 'billDate']);
    const submitted = await refusal(org.submit(draft.id));
    expect([submitted.code, submitted.details.field]).toEqual(['PERIOD_LOCKED', 'billDate']);
    expect(await org.snapshot()).toEqual(before);
    await org.run((tx) => deleteBill(tx, org.people.clerk, 'bill', draft.id).catch(() => undefined));
    await org.run((tx) => setLockDates(tx, org.owner, { lockDate: null, nonAccountantLockDate: null }));
  });
});

describe('approval and posting', () => {
  it('with no rule applying, submitting approves and posts: payable against expense and input tax', async () => {
    const draft = await org.draftBill('2026-03-02', [['2', 4000]], { vendorNumber: 'AUTO-1' });
    const posted = await org.submit(draft.id);
    expect(posted).toMatchObject({
      status: 'approved',
      number: 'BILL-2026-0001',
      baseAmount: 9600n,
      exchangeRate: '1',
    });
    expect(await entryLines(posted.journalEntryId!)).toEqual([
      [org.account.payable, 'GBP', -9600n, -9600n],
      [org.account.office, 'GBP', 8000n, 8000n],
      [org.account.tax, 'GBP', 1600n, 1600n],
    ]);
    const approval = await org.run((tx) => billApprovalOf(tx, org.orgId, 'bill', draft.id));
    expect(approval.decisions.map((d) => [d.decision, d.actorId])).toEqual([['auto_approve', 'usr_clerk']]);
  });

  it('above 1,000 an owner approves; above 10,000 two different people; the creator never decides', async () => {
    await org.run((tx) =>
      updatePurchasingSettings(tx, org.owner, {
        approvalRules: [
          {
            id: 'owner-1000',
            name: 'Owner above 1,000',
            aboveAmount: '100000',
            accountIds: [],
            approvals: 1,
            roles: ['owner'],
          },
          {
            id: 'two-10000',
            name: 'Two above 10,000',
            aboveAmount: '1000000',
            accountIds: [],
            approvals: 2,
            roles: [],
          },
        ],
      }),
    );
    // 1,200 incl. VAT: the owner's approval.
    const mid = await org.draftBill(
      '2026-03-05',
      [['1', 100000]],
      { vendorNumber: 'MID-1' },
      org.people.owner,
    );
    const waiting = await org.submit(mid.id, org.people.owner);
    expect(waiting.status).toBe('awaiting_approval');
    const self = await refusal(org.run((tx) => decideBill(tx, org.people.owner, 'bill', mid.id, 'approve')));
    expect([self.kind, self.code]).toEqual(['forbidden', 'SELF_APPROVAL']);
    const notOwner = await refusal(
      org.run((tx) => decideBill(tx, org.people.accountant, 'bill', mid.id, 'approve')),
    );
    expect(notOwner.code).toBe('APPROVER_ROLE_NOT_REQUIRED');
    const another = org.as('owner', 'usr_otto');
    const approved = await org.run((tx) => decideBill(tx, another, 'bill', mid.id, 'approve', 'ok'));
    expect([approved.status, approved.number]).toEqual(['approved', 'BILL-2026-0002']);

    // 12,000: an owner and someone else.
    const big = await org.draftBill('2026-03-06', [['1', 1000000]], { vendorNumber: 'BIG-1' });
    await org.submit(big.id);
    const first = await org.run((tx) => decideBill(tx, org.people.owner, 'bill', big.id, 'approve'));
    expect(first.status).toBe('awaiting_approval');
    const twice = await refusal(org.run((tx) => decideBill(tx, org.people.owner, 'bill', big.id, 'approve')));
    expect(twice.code).toBe('ALREADY_DECIDED');
    const clerk = await refusal(org.run((tx) => decideBill(tx, org.people.clerk, 'bill', big.id, 'approve')));
    expect(clerk.code).toBe('SELF_APPROVAL');
    const second = await org.run((tx) => decideBill(tx, org.people.accountant, 'bill', big.id, 'approve'));
    expect([second.status, second.number]).toEqual(['approved', 'BILL-2026-0003']);
    const audit = await listAudit(store.db, org.owner, { entity: 'bill', entityId: big.id }, { limit: 50 });
    expect(audit.items.map((a) => [a.action, a.actorId]).reverse()).toEqual([
      ['create', 'usr_clerk'],
      ['submit', 'usr_clerk'],
      ['approval', 'usr_olive'],
      ['approve', 'usr_ada'],
    ]);
  });

  it('a rejection needs a reason, sends the bill back, and a new submission starts a new round', async () => {
    const draft = await org.draftBill('2026-03-09', [['1', 200000]], { vendorNumber: 'REJ-1' });
    await org.submit(draft.id);
    const noReason = await refusal(
      org.run((tx) => decideBill(tx, org.people.owner, 'bill', draft.id, 'reject')),
    );
    expect(noReason.details.field).toBe('comment');
    const rejected = await org.run((tx) =>
      decideBill(tx, org.people.owner, 'bill', draft.id, 'reject', 'Wrong price'),
    );
    expect(rejected.status).toBe('rejected');
    const fixed = await org.run((tx) =>
      updateBill(tx, org.people.clerk, 'bill', draft.id, {
        lines: [{ name: 'Fixed', quantity: '1', unitPrice: 150000 }],
      }),
    );
    expect(fixed.status).toBe('draft');
    const again = await org.submit(draft.id);
    expect([again.status, again.approvalRound]).toEqual(['awaiting_approval', 2]);
    const approved = await org.run((tx) => decideBill(tx, org.people.owner, 'bill', draft.id, 'approve'));
    expect(approved.status).toBe('approved');
    const approval = await org.run((tx) => billApprovalOf(tx, org.orgId, 'bill', draft.id));
    expect(approval.decisions.map((d) => [d.round, d.decision, d.comment])).toEqual([
      [1, 'reject', 'Wrong price'],
      [2, 'approve', null],
    ]);
  });

  it('a bill in euros posts at the bill date’s rate and keeps its carrying amount', async () => {
    await org.run((tx) =>
      setExchangeRate(tx, org.owner, { base: 'EUR', quote: 'GBP', date: '2026-03-01', rate: '0.85' }),
    );
    await org.run((tx) => updatePurchasingSettings(tx, org.owner, { approvalRules: [] }));
    const draft = await org.draftBill('2026-03-10', [['1', 10000]], {
      currency: 'EUR',
      vendorNumber: 'EUR-1',
    });
    const posted = await org.submit(draft.id);
    expect([posted.exchangeRate, posted.baseAmount]).toEqual(['0.85', 10200n]); // 120.00 EUR → 102.00 GBP
    expect(await entryLines(posted.journalEntryId!)).toEqual([
      [org.account.payable, 'EUR', -12000n, -10200n],
      [org.account.office, 'EUR', 10000n, 8500n],
      [org.account.tax, 'EUR', 2000n, 1700n],
    ]);
    const noRate = await org.draftBill('2026-03-10', [['1', 100]], { currency: 'CHF' });
    const refused = await refusal(org.submit(noRate.id));
    expect([refused.code, refused.details.field]).toEqual(['EXCHANGE_RATE_MISSING', 'exchangeRate']);
  });

  it('a posted bill cannot be changed or deleted', async () => {
    const posted = await org.submit(
      (await org.draftBill('2026-03-11', [['1', 700]], { vendorNumber: 'LOCK-1' })).id,
    );
    expect(
      (await refusal(org.run((tx) => updateBill(tx, org.people.clerk, 'bill', posted.id, { notes: 'x' }))))
        .code,
    ).toBe('BILL_STATE');
    expect((await refusal(org.run((tx) => deleteBill(tx, org.people.clerk, 'bill', posted.id)))).code).toBe(
      'BILL_STATE',
    );
    expect((await refusal(org.run((tx) => submitBill(tx, org.people.clerk, 'bill', posted.id)))).code).toBe(
      'BILL_STATE',
    );
  });
});

describe('vendor credits', () => {
  it('posts the opposite of a bill and settles part of one', async () => {
    const bill = await org.submit(
      (await org.draftBill('2026-04-01', [['10', 1000]], { vendorNumber: 'VC-BILL' })).id,
    );
    const credit = await org.run((tx) =>
      createBill(tx, org.people.clerk, 'vendor_credit', {
        vendorId: org.vendor.id,
        billDate: '2026-04-03',
        vendorNumber: 'CR-1',
        relatedBillId: bill.id,
        lines: [{ name: 'Returned', quantity: '2', unitPrice: 1000 }],
      }),
    );
    const posted = await org.run((tx) => submitBill(tx, org.people.clerk, 'vendor_credit', credit.id));
    expect([posted.status, posted.number, posted.taxInclusiveAmount]).toEqual([
      'approved',
      'VC-2026-0001',
      2400n,
    ]);
    expect(await entryLines(posted.journalEntryId!)).toEqual([
      [org.account.payable, 'GBP', 2400n, 2400n],
      [org.account.office, 'GBP', -2000n, -2000n],
      [org.account.tax, 'GBP', -400n, -400n],
    ]);
    const applied = await org.run((tx) =>
      applyVendorCredit(tx, org.people.accountant, credit.id, { billId: bill.id }),
    );
    expect([applied.status, applied.paidAmount]).toEqual(['applied', 2400n]);
    const after = await org.run((tx) => loadBill(tx, org.orgId, 'bill', bill.id));
    expect([after.status, after.creditedAmount]).toEqual(['partially_paid', 2400n]);
    const more = await refusal(
      org.run((tx) => applyVendorCredit(tx, org.people.accountant, credit.id, { billId: bill.id })),
    );
    expect(more.code).toBe('BILL_STATE');
  });
});
