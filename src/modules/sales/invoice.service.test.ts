import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { getEntry, setExchangeRate, setLockDates } from '../ledger/index.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { applyCreditNote } from './credit-note.service.ts';
import { loadDocument } from './document.repo.ts';
import { createDocument } from './document.service.ts';
import { issueDocument, voidInvoice } from './invoice.service.ts';
import { applyPayment, recordPayment } from './payment.service.ts';
import { refundCreditNote, refundPayment } from './refund.service.ts';
import { createSalesOrg, type SalesOrg } from './sales.test-kit.ts';

// Invoices, credit notes and payments against the real ledger: what each posts, and that each
// refusal leaves nothing changed.

let store: Store;
let s: SalesOrg;
beforeAll(async () => {
  store = await createTestStore();
  s = await createSalesOrg(store);
});
afterAll(() => store.close());

describe('issuing', () => {
  it('posts receivable, income and tax; numbers INV-YYYY-0001; due date from the terms', async () => {
    const draft = await s.run((tx) =>
      createDocument(tx, s.owner, 'invoice', {
        customerId: s.customer.id,
        issueDate: '2026-02-10',
        lines: [
          { name: 'Consulting', quantity: '3', unitPrice: 10000, accountId: s.account.services },
          { name: 'Training', quantity: '1.5', unitPrice: 2000, taxRateId: s.exempt.id },
        ],
        // Totals sent by a client are never taken: this one is ignored.
        ...({ taxInclusiveAmount: 1 } as object),
      }),
    );
    expect(draft.status).toBe('draft');
    expect(draft.number).toBeNull();
    expect(draft.taxInclusiveAmount).toBe(36000n + 3000n);
    const issued = await s.run((tx) => issueDocument(tx, s.owner, 'invoice', draft.id));
    expect(issued.status).toBe('issued');
    expect(issued.number).toBe('INV-2026-0001');
    expect(issued.dueDate).toBe('2026-03-12');
    expect(issued.taxBreakdown.map((b) => [b.category, b.taxableAmount, b.taxAmount])).toEqual([
      ['S', '30000', '6000'],
      ['E', '3000', '0'],
    ]);
    expect(issued.buyer).toMatchObject({ name: 'Globex Ltd' });
    const entry = await s.run((tx) => getEntry(tx, s.orgId, issued.journalEntryId!));
    expect(entry.source).toEqual({ type: 'sales.invoice', id: issued.id });
    expect(entry.code).toBe('INV-2026-0001');
    expect(entry.lines.map((l) => [l.accountId, l.amount])).toEqual([
      [s.account.receivable, 39000n],
      [s.account.services, -30000n],
      [s.account.sales, -3000n],
      [s.account.tax, -6000n],
    ]);
    const b = await s.balances();
    expect(b[s.account.receivable]).toBe(39000n);
    expect(b[s.account.tax]).toBe(-6000n);
  });

  it('refuses issuing twice, with nothing changed', async () => {
    const invoice = await s.issue('2026-02-11', [['1', 1000]]);
    const before = await s.snapshot();
    const error = await refusal(s.run((tx) => issueDocument(tx, s.owner, 'invoice', invoice.id)));
    expect(error.code).toBe('INVOICE_ALREADY_ISSUED');
    expect(await s.snapshot()).toEqual(before);
  });

  it('refuses negative quantities and unknown tax rates by field, creating nothing', async () => {
    const before = await s.snapshot();
    const negative = await refusal(s.draft('2026-02-12', [['-2', 1000]]));
    expect([negative.code, negative.details.field]).toEqual(['NEGATIVE_QUANTITY', 'lines.0.quantity']);
    const unknown = await refusal(
      s.run((tx) =>
        createDocument(tx, s.owner, 'invoice', {
          customerId: s.customer.id,
          lines: [{ name: 'x', quantity: '1', unitPrice: 100, taxRateId: 'tax_nope' }],
        }),
      ),
    );
    expect([unknown.code, unknown.details.field]).toEqual(['UNKNOWN_TAX_RATE', 'lines.0.taxRateId']);
    expect(await s.snapshot()).toEqual(before);
  });

  it('refuses a date in a locked period: the invoice stays a draft and its number is not used', async () => {
    const draft = await s.draft('2025-06-30', [['1', 5000]]);
    await s.run((tx) => setLockDates(tx, s.owner, { lockDate: '2025-12-31', nonAccountantLockDate: null }));
    const before = await s.snapshot();
    const error = await refusal(s.run((tx) => issueDocument(tx, s.owner, 'invoice', draft.id)));
    expect(error.code).toBe('PERIOD_LOCKED');
    expect(await s.snapshot()).toEqual(before);
    const error2 = await refusal(
      s.run((tx) =>
        recordPayment(tx, s.owner, {
          customerId: s.customer.id,
          date: '2025-07-01',
          amount: 100,
          accountId: s.account.bank,
        }),
      ),
    );
    expect(error2.code).toBe('PERIOD_LOCKED');
    expect(await s.snapshot()).toEqual(before);
    const moved = await s.run((tx) =>
      issueDocument(tx, s.owner, 'invoice', draft.id, { date: '2026-01-05' }),
    );
    expect(moved.number).toBe('INV-2026-0003');
    await s.run((tx) => setLockDates(tx, s.owner, { lockDate: null, nonAccountantLockDate: null }));
  });
});

describe('payments', () => {
  it('one payment across two invoices, partial then full', async () => {
    const org = await createSalesOrg(store);
    const a = await org.issue('2026-03-01', [['1', 10000]]); // 120.00
    const b = await org.issue('2026-03-02', [['1', 5000]]); // 60.00
    const pay = await org.run((tx) =>
      recordPayment(tx, org.owner, {
        customerId: org.customer.id,
        date: '2026-03-10',
        amount: 15000,
        accountId: org.account.bank,
        allocations: [
          { invoiceId: a.id, amount: 12000 },
          { invoiceId: b.id, amount: 3000 },
        ],
      }),
    );
    expect(pay.appliedAmount).toBe(15000n);
    const early = await refusal(
      org.run((tx) =>
        recordPayment(tx, org.owner, {
          customerId: org.customer.id,
          date: '2026-02-28',
          amount: 100,
          accountId: org.account.bank,
          allocations: [{ invoiceId: b.id, amount: 100 }],
        }),
      ),
    );
    expect(early.code).toBe('SETTLED_BEFORE_ISSUE');
    const [a2, b2] = await org.run(async (tx) => [
      await loadDocument(tx, org.orgId, 'invoice', a.id),
      await loadDocument(tx, org.orgId, 'invoice', b.id),
    ]);
    expect([a2!.status, b2!.status]).toEqual(['paid', 'partially_paid']);
    let bal = await org.balances();
    expect(bal[org.account.receivable]).toBe(3000n);
    expect(bal[org.account.bank]).toBe(15000n);
    // Without allocations, the rest goes to the oldest open invoice.
    await org.run((tx) =>
      recordPayment(tx, org.owner, {
        customerId: org.customer.id,
        date: '2026-03-20',
        amount: 3000,
        accountId: org.account.bank,
      }),
    );
    expect((await org.run((tx) => loadDocument(tx, org.orgId, 'invoice', b.id))).status).toBe('paid');
    bal = await org.balances();
    expect(bal[org.account.receivable]).toBe(0n);
  });

  it('keeps an overpayment as credit, applies it to a later invoice, refunds the rest', async () => {
    const org = await createSalesOrg(store);
    const first = await org.issue('2026-04-01', [['1', 5000]]); // 60.00
    const pay = await org.run((tx) =>
      recordPayment(tx, org.owner, {
        customerId: org.customer.id,
        date: '2026-04-05',
        amount: 10000,
        accountId: org.account.bank,
        allocations: [{ invoiceId: first.id, amount: 6000 }],
      }),
    );
    expect(pay.amount - pay.appliedAmount).toBe(4000n);
    expect((await org.balances())[org.account.receivable]).toBe(-4000n);
    const second = await org.issue('2026-04-20', [['1', 2500]]); // 30.00
    const applied = await org.run((tx) => applyPayment(tx, org.owner, pay.id, { date: '2026-04-21' }));
    expect(applied.appliedAmount).toBe(9000n);
    expect((await org.run((tx) => loadDocument(tx, org.orgId, 'invoice', second.id))).status).toBe('paid');
    const refund = await org.run((tx) => refundPayment(tx, org.owner, pay.id, { date: '2026-04-30' }));
    expect(refund.amount).toBe(1000n);
    const bal = await org.balances();
    expect(bal[org.account.receivable]).toBe(0n);
    expect(bal[org.account.bank]).toBe(9000n);
    const over = await refusal(org.run((tx) => refundPayment(tx, org.owner, pay.id, { amount: 1 })));
    expect(over.code).toBe('OVER_ALLOCATION');
  });

  it('realizes the exchange difference on a foreign invoice paid at another rate', async () => {
    const org = await createSalesOrg(store);
    await org.run(async (tx) => {
      await setExchangeRate(tx, org.owner, { base: 'EUR', quote: 'GBP', date: '2026-05-01', rate: '0.85' });
      await setExchangeRate(tx, org.owner, { base: 'EUR', quote: 'GBP', date: '2026-05-20', rate: '0.8' });
    });
    const invoice = await org.issue('2026-05-02', [['1', 10000]], {
      currency: 'EUR',
      lines: [{ name: 'Work', quantity: '1', unitPrice: 10000, taxRateId: org.zero.id }],
    });
    expect(invoice.baseAmount).toBe(8500n);
    expect(invoice.exchangeRate).toBe('0.85');
    await org.run((tx) =>
      recordPayment(tx, org.owner, {
        customerId: org.customer.id,
        date: '2026-05-25',
        currency: 'EUR',
        amount: 10000,
        accountId: org.account.bank,
      }),
    );
    const bal = await org.balances();
    expect(bal[org.account.receivable]).toBe(0n);
    expect(bal[org.account.bank]).toBe(8000n);
    expect(bal[org.account.fx]).toBe(500n); // a loss: a debit on the gain/loss account
    expect(bal[org.account.sales]).toBe(-8500n);
  });
});

describe('foreign-currency credit', () => {
  it('refunds a EUR overpayment at a later rate, realizing the difference', async () => {
    const org = await createSalesOrg(store);
    await org.run(async (tx) => {
      await setExchangeRate(tx, org.owner, { base: 'EUR', quote: 'GBP', date: '2026-08-01', rate: '0.9' });
      await setExchangeRate(tx, org.owner, { base: 'EUR', quote: 'GBP', date: '2026-08-15', rate: '0.95' });
    });
    await org.issue('2026-08-02', [], {
      currency: 'EUR',
      lines: [{ name: 'Work', quantity: '1', unitPrice: 10000, taxRateId: org.zero.id }],
    });
    // 120.00 EUR received at 0.9 (108.00 GBP): 100.00 settles the invoice exactly at its own rate.
    const pay = await org.run((tx) =>
      recordPayment(tx, org.owner, {
        customerId: org.customer.id,
        date: '2026-08-05',
        currency: 'EUR',
        amount: 12000,
        accountId: org.account.bank,
      }),
    );
    expect([pay.appliedAmount, pay.baseAmount]).toEqual([10000n, 10800n]);
    // The 20.00 EUR left (carried at 18.00 GBP) goes back at 0.95: 19.00 GBP, a 1.00 GBP loss.
    const refund = await org.run((tx) => refundPayment(tx, org.owner, pay.id, { date: '2026-08-20' }));
    expect([refund.amount, refund.baseAmount]).toEqual([2000n, 1900n]);
    const bal = await org.balances();
    expect(bal[org.account.receivable]).toBe(0n);
    expect(bal[org.account.bank]).toBe(10800n - 1900n);
    expect(bal[org.account.fx]).toBe(100n);
  });
});

describe('credit notes', () => {
  it('voids an invoice with a credit note that reverses its posting; paying it then is refused', async () => {
    const org = await createSalesOrg(store);
    const invoice = await org.issue('2026-06-01', [['2', 1234]]);
    const note = await org.run((tx) => voidInvoice(tx, org.owner, invoice.id, { date: '2026-06-03' }));
    expect(note.type).toBe('credit_note');
    expect(note.number).toBe('CN-2026-0001');
    expect(note.status).toBe('applied');
    expect(note.relatedDocumentId).toBe(invoice.id);
    expect(note.taxInclusiveAmount).toBe(invoice.taxInclusiveAmount);
    expect((await org.run((tx) => loadDocument(tx, org.orgId, 'invoice', invoice.id))).status).toBe('void');
    const bal = await org.balances();
    expect(bal[org.account.receivable]).toBe(0n);
    expect(bal[org.account.sales]).toBe(0n);
    expect(bal[org.account.tax]).toBe(0n);
    const before = await org.snapshot();
    const error = await refusal(
      org.run((tx) =>
        recordPayment(tx, org.owner, {
          customerId: org.customer.id,
          date: '2026-06-05',
          amount: 100,
          accountId: org.account.bank,
          allocations: [{ invoiceId: invoice.id, amount: 100 }],
        }),
      ),
    );
    expect(error.code).toBe('INVOICE_NOT_OPEN');
    expect(await org.snapshot()).toEqual(before);
    const again = await refusal(org.run((tx) => voidInvoice(tx, org.owner, invoice.id, {})));
    expect(again.code).toBe('INVOICE_NOT_OPEN');
  });

  it('a partial credit note leaves the rest open', async () => {
    const org = await createSalesOrg(store);
    const invoice = await org.issue('2026-06-01', [['1', 10000]]);
    const note = await org.run(async (tx) => {
      const draft = await createDocument(tx, org.owner, 'credit_note', {
        customerId: org.customer.id,
        issueDate: '2026-06-02',
        relatedDocumentId: invoice.id,
        lines: [{ name: 'Refund part', quantity: '1', unitPrice: 2500 }],
      });
      return issueDocument(tx, org.owner, 'credit_note', draft.id);
    });
    expect(note.status).toBe('applied');
    const after = await org.run((tx) => loadDocument(tx, org.orgId, 'invoice', invoice.id));
    expect([after.status, after.creditedAmount]).toEqual(['partially_paid', 3000n]);
    expect((await org.balances())[org.account.receivable]).toBe(9000n);
  });

  it("a credit note on a paid invoice keeps its credit, applied later to the customer's next invoice", async () => {
    const org = await createSalesOrg(store);
    const paid = await org.issue('2026-07-01', [['1', 10000]]);
    await org.run((tx) =>
      recordPayment(tx, org.owner, {
        customerId: org.customer.id,
        date: '2026-07-02',
        amount: 12000,
        accountId: org.account.bank,
      }),
    );
    const note = await org.run(async (tx) => {
      const draft = await createDocument(tx, org.owner, 'credit_note', {
        customerId: org.customer.id,
        issueDate: '2026-07-03',
        relatedDocumentId: paid.id,
        lines: [{ name: 'Goodwill', quantity: '1', unitPrice: 1000 }],
      });
      return issueDocument(tx, org.owner, 'credit_note', draft.id);
    });
    expect([note.status, note.paidAmount]).toEqual(['issued', 0n]);
    expect((await org.balances())[org.account.receivable]).toBe(-1200n);
    const next = await org.issue('2026-07-10', [['1', 5000]]);
    const applied = await org.run((tx) => applyCreditNote(tx, org.owner, note.id, { date: '2026-07-11' }));
    expect([applied.status, applied.paidAmount]).toEqual(['applied', 1200n]);
    const after = await org.run((tx) => loadDocument(tx, org.orgId, 'invoice', next.id));
    expect([after.status, after.creditedAmount]).toEqual(['partially_paid', 1200n]);
    const none = await refusal(org.run((tx) => applyCreditNote(tx, org.owner, note.id, {})));
    expect(none.code).toBe('CREDIT_NOTE_NOT_OPEN');
  });

  it("refunds a credit note's credit to the customer's bank", async () => {
    const org = await createSalesOrg(store);
    const paid = await org.issue('2026-07-01', [['1', 10000]]);
    await org.run((tx) =>
      recordPayment(tx, org.owner, {
        customerId: org.customer.id,
        date: '2026-07-02',
        amount: 12000,
        accountId: org.account.bank,
      }),
    );
    const note = await org.run(async (tx) => {
      const draft = await createDocument(tx, org.owner, 'credit_note', {
        customerId: org.customer.id,
        issueDate: '2026-07-03',
        relatedDocumentId: paid.id,
        lines: [{ name: 'Returned', quantity: '1', unitPrice: 10000 }],
      });
      return issueDocument(tx, org.owner, 'credit_note', draft.id);
    });
    const early = await refusal(
      org.run((tx) => refundCreditNote(tx, org.owner, note.id, { date: '2026-07-01' })),
    );
    expect(early.code).toBe('REFUND_BEFORE_CREDIT');
    const refund = await org.run((tx) => refundCreditNote(tx, org.owner, note.id, { date: '2026-07-04' }));
    expect([refund.kind, refund.amount, refund.refundOfCreditNoteId]).toEqual(['refund', 12000n, note.id]);
    expect((await org.run((tx) => loadDocument(tx, org.orgId, 'credit_note', note.id))).status).toBe(
      'applied',
    );
    const bal = await org.balances();
    expect([bal[org.account.receivable], bal[org.account.bank], bal[org.account.sales]]).toEqual([
      0n,
      0n,
      0n,
    ]);
    const again = await refusal(org.run((tx) => refundCreditNote(tx, org.owner, note.id, {})));
    expect(again.code).toBe('CREDIT_NOTE_NOT_OPEN');
  });
});
