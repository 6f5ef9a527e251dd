import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { getEntry } from '../ledger/index.ts';
import { createDocument } from './document.service.ts';
import { issueDocument, voidInvoice } from './invoice.service.ts';
import { updateSalesSettings } from './numbering.service.ts';
import { createSalesOrg, type SalesOrg } from './sales.test-kit.ts';
import { taxSummary } from './tax.query.ts';

// On random invoices issued to the real ledger: the entry carries exactly the document's totals
// (receivable = tax inclusive, income = tax exclusive, tax = tax), and voiding brings every
// account and the period's tax summary back to zero.

let store: Store;
let s: SalesOrg;
beforeAll(async () => {
  store = await createTestStore();
  s = await createSalesOrg(store);
});
afterAll(() => store.close());

const nonZero = (b: Record<string, bigint>) =>
  Object.fromEntries(Object.entries(b).filter(([, v]) => v !== 0n));

const lineArb = fc.record({
  quantity: fc.integer({ min: 1, max: 5000 }).map((n) => (n % 3 === 0 ? `${n / 100}` : String(n % 40))),
  unitPrice: fc.integer({ min: 0, max: 500_000 }),
  discountPercent: fc.option(fc.constantFrom('5', '10', '12.5'), { nil: undefined }),
  rate: fc.constantFrom('standard', 'zero', 'exempt') as fc.Arbitrary<'standard' | 'zero' | 'exempt'>,
});

describe('posting random invoices', () => {
  it('posts the totals and voids back to zero', async () => {
    let day = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArb, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.constantFrom('line' as const, 'document' as const),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        async (lines, inclusive, rounding, docDiscount) => {
          day += 1;
          const date = `2027-01-${String(1 + (day % 28)).padStart(2, '0')}`;
          await s.run((tx) => updateSalesSettings(tx, s.owner, { taxRounding: rounding }));
          const draft = await s.run((tx) =>
            createDocument(tx, s.owner, 'invoice', {
              customerId: s.customer.id,
              issueDate: date,
              pricesIncludeTax: inclusive,
              discountPercent: docDiscount === undefined ? null : String(docDiscount),
              lines: lines.map((l) => ({
                name: 'Item',
                quantity: l.quantity === '0' ? '1' : l.quantity,
                unitPrice: l.unitPrice,
                discountPercent: l.discountPercent ?? null,
                taxRateId: s[l.rate].id,
              })),
            }),
          );
          if (draft.taxInclusiveAmount === 0n) return;
          const before = await s.balances();
          const issued = await s.run((tx) => issueDocument(tx, s.owner, 'invoice', draft.id));
          const entry = await s.run((tx) => getEntry(tx, s.orgId, issued.journalEntryId!));
          const sumOn = (account: string) =>
            entry.lines.filter((l) => l.accountId === account).reduce((a, l) => a + l.amount, 0n);
          expect(sumOn(s.account.receivable)).toBe(issued.taxInclusiveAmount);
          expect(sumOn(s.account.sales)).toBe(-issued.taxExclusiveAmount);
          expect(sumOn(s.account.tax)).toBe(-issued.taxAmount);
          await s.run((tx) => voidInvoice(tx, s.owner, issued.id, { date }));
          expect(nonZero(await s.balances())).toEqual(nonZero(before));
        },
      ),
      { numRuns: 25 },
    );
    const summary = await s.run((tx) => taxSummary(tx, s.orgId, '2027-01-01', '2027-01-31'));
    for (const row of summary) expect([row.taxableAmount, row.taxAmount]).toEqual([0n, 0n]);
  }, 120_000);
});
