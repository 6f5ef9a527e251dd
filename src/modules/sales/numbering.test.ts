import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Store, sql } from '../../db/client.ts';
import { createTestStore, testStoreKind } from '../../db/test-db.ts';
import { setLockDates } from '../ledger/index.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { loadDocument, type SalesDocument } from './document.repo.ts';
import { issueDocument } from './invoice.service.ts';
import { checkPattern, formatNumber, periodOf, updateSalesSettings } from './numbering.service.ts';
import { recordPayment } from './payment.service.ts';
import { createSalesOrg, type SalesOrg } from './sales.test-kit.ts';

// Invoice numbers are gapless: parallel issues (on PostgreSQL, each in its own connection) get
// 1…n with no hole and no repeat, even when some of them fail and roll back. Parallel payments
// settle each invoice once.

describe('number patterns', () => {
  it('formats counters, years and months; restarts by the period the pattern shows', () => {
    expect(formatNumber('INV-{YYYY}-{0000}', '2026-03-04', 7)).toBe('INV-2026-0007');
    expect(formatNumber('{YY}{MM}/{000}', '2026-03-04', 12)).toBe('2603/012');
    expect(periodOf('INV-{YYYY}-{0000}', '2026-03-04')).toBe('2026');
    expect(periodOf('F{0000}', '2026-03-04')).toBe('');
    expect(() => checkPattern('INV-{YYYY}', 'p')).toThrow(/counter/);
    expect(() => checkPattern('INV-{0000}-{00}', 'p')).toThrow(/counter/);
  });
});

describe(`gapless numbering on ${testStoreKind()}`, () => {
  let store: Store;
  let s: SalesOrg;
  beforeAll(async () => {
    store = await createTestStore({ poolSize: 12 });
    s = await createSalesOrg(store);
  });
  afterAll(() => store.close());

  it('parallel issues, some refused in a locked period, leave no hole', async () => {
    await s.run((tx) => updateSalesSettings(tx, s.owner, { invoicePattern: 'F-{YYYY}-{00000}' }));
    await s.run((tx) => setLockDates(tx, s.owner, { lockDate: '2025-12-31', nonAccountantLockDate: null }));
    const dates = Array.from({ length: 24 }, (_, i) =>
      i % 4 === 3 ? '2025-12-15' : `2026-07-${String(1 + (i % 28)).padStart(2, '0')}`,
    );
    const drafts = [];
    for (const date of dates) drafts.push(await s.draft(date, [['1', 1000 + drafts.length]]));
    const results = await Promise.allSettled(
      drafts.map((d) => s.run((tx) => issueDocument(tx, s.owner, 'invoice', d.id))),
    );
    const issued = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(6);
    for (const r of refused) expect((r as PromiseRejectedResult).reason.code).toBe('PERIOD_LOCKED');
    const numbers = issued.map((d) => d.number!).sort();
    expect(numbers).toEqual(Array.from({ length: 18 }, (_, i) => `F-2026-${String(i + 1).padStart(5, '0')}`));
  });
});

describe('a number pattern changed mid-stream', () => {
  it('refuses a number that already exists, naming it, and leaves the draft a draft', async () => {
    const store = await createTestStore();
    try {
      const s = await createSalesOrg(store);
      await s.run((tx) => updateSalesSettings(tx, s.owner, { invoicePattern: 'A{0}' }));
      for (let i = 0; i < 2; i++) await s.issue('2026-01-05', [['1', 100]]); // A1, A2
      const clash = await s.draft('2026-01-07', [['1', 100]]);
      // As if the pattern had been changed and back: the counter is behind the numbers in use.
      await s.run((tx) =>
        tx.execute(sql`update sales_number_sequence set last_number = 1 where kind = 'invoice'`),
      );
      const error = await refusal(s.run((tx) => issueDocument(tx, s.owner, 'invoice', clash.id)));
      expect([error.code, error.details.number]).toEqual(['DOCUMENT_NUMBER_TAKEN', 'A2']);
      expect((await s.run((tx) => loadDocument(tx, s.orgId, 'invoice', clash.id))).status).toBe('draft');
    } finally {
      await store.close();
    }
  });
});

describe(`concurrent payments on ${testStoreKind()}`, () => {
  let store: Store;
  let s: SalesOrg;
  beforeAll(async () => {
    store = await createTestStore({ poolSize: 12 });
    s = await createSalesOrg(store);
  });
  afterAll(() => store.close());

  it('eight payments racing for three invoices settle them once; the rest is credit', async () => {
    const invoices: SalesDocument[] = [];
    for (const day of ['01', '02', '03']) invoices.push(await s.issue(`2026-09-${day}`, [['1', 1000]])); // 12.00 each
    const payments = await Promise.all(
      Array.from({ length: 8 }, () =>
        s.run((tx) =>
          recordPayment(tx, s.owner, {
            customerId: s.customer.id,
            date: '2026-09-10',
            amount: 700,
            accountId: s.account.bank,
          }),
        ),
      ),
    );
    const applied = payments.reduce((sum, p) => sum + p.appliedAmount, 0n);
    expect(applied).toBe(3600n);
    const docs = await s.run((tx) =>
      Promise.all(invoices.map((i) => loadDocument(tx, s.orgId, 'invoice', i.id))),
    );
    expect(docs.map((d) => [d.status, d.paidAmount])).toEqual(docs.map(() => ['paid', 1200n]));
    const bal = await s.balances();
    expect(bal[s.account.receivable]).toBe(3600n - 8n * 700n);
  });
});
