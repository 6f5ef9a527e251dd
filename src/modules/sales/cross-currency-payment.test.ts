import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { findAccountByName, getEntry, setExchangeRate, sumPostings } from '../ledger/index.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { loadDocument } from './document.repo.ts';
import { issueDocument } from './invoice.service.ts';
import { applyPayment, recordPayment } from './payment.service.ts';
import { refundPayment } from './refund.service.ts';
import { createSalesOrg, type SalesOrg } from './sales.test-kit.ts';

// Money received in one currency for an invoice in another: the bank gets what arrived, the invoice
// is settled in its own currency, and the difference from its carrying amount is a realized
// exchange gain or loss. The books are in GBP.

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

/** A GBP organization with EUR at 0.9 from 1 August and 0.95 from 15 August, USD at 0.8 throughout. */
async function orgWithRates() {
  const org = await createSalesOrg(store);
  await org.run(async (tx) => {
    await setExchangeRate(tx, org.owner, { base: 'EUR', quote: 'GBP', date: '2026-08-01', rate: '0.9' });
    await setExchangeRate(tx, org.owner, { base: 'EUR', quote: 'GBP', date: '2026-08-15', rate: '0.95' });
    await setExchangeRate(tx, org.owner, { base: 'USD', quote: 'GBP', date: '2026-08-01', rate: '0.8' });
  });
  return org;
}

/** A zero-rated invoice of `amount` minor units in `currency`, issued on `date`. */
const issueIn = (org: SalesOrg, currency: string, amount: number, date = '2026-08-02') =>
  org.issue(date, [], {
    currency,
    lines: [{ name: 'Work', quantity: '1', unitPrice: amount, taxRateId: org.zero.id }],
  });

/** The receivable's balance per currency, in that currency's minor units. */
async function receivableByCurrency(org: SalesOrg) {
  const rows = await org.run((tx) => sumPostings(tx, org.orgId));
  const out: Record<string, bigint> = {};
  for (const r of rows)
    if (r.accountId === org.account.receivable) out[r.currency] = (out[r.currency] ?? 0n) + r.amount;
  return out;
}

describe('a payment in another currency than the invoice', () => {
  it('settles a EUR invoice with the GBP that arrived, realizing the difference', async () => {
    const org = await orgWithRates();
    const invoice = await issueIn(org, 'EUR', 10000); // carried at 90.00 GBP
    // The customer sent 88.00 GBP for the 100.00 EUR.
    const pay = await org.run((tx) =>
      recordPayment(tx, org.owner, {
        customerId: org.customer.id,
        date: '2026-08-05',
        currency: 'GBP',
        amount: 8800,
        accountId: org.account.bank,
        allocations: [{ invoiceId: invoice.id, amount: 10000, paymentAmount: 8800 }],
      }),
    );
    expect([pay.appliedAmount, pay.baseAmount]).toEqual([8800n, 8800n]);
    expect(pay.allocations.map((a) => [a.amount, a.paymentAmount])).toEqual([[10000n, 8800n]]);
    const paid = await org.run((tx) => loadDocument(tx, org.orgId, 'invoice', invoice.id));
    expect([paid.status, paid.paidAmount]).toEqual(['paid', 10000n]);
    const bal = await org.balances();
    expect(bal[org.account.receivable]).toBe(0n);
    expect(bal[org.account.bank]).toBe(8800n);
    expect(bal[org.account.fx]).toBe(200n); // a 2.00 GBP loss
    // No EUR is left owed; GBP holds only the realized difference, as for any settlement at another rate.
    expect((await receivableByCurrency(org)).EUR).toBe(0n);
    // The GBP side and the EUR side of the exchange are worth the same: nothing in the base currency.
    const conversion = await org.run(async (tx) => [
      await findAccountByName(tx, org.orgId, 'equity:conversion:EUR-GBP:EUR'),
      await findAccountByName(tx, org.orgId, 'equity:conversion:EUR-GBP:GBP'),
    ]);
    expect(conversion.map((a) => bal[a!.id])).toEqual([8800n, -8800n]);
    const entry = await org.run((tx) => getEntry(tx, org.orgId, pay.journalEntryId));
    expect(entry.lines.reduce((sum, l) => sum + (l.baseAmount ?? 0n), 0n)).toBe(0n);
  });

  it('converts at the day’s rates when the payment does not say what it gave', async () => {
    const org = await orgWithRates();
    const invoice = await issueIn(org, 'EUR', 10000);
    // On 16 August 100.00 EUR is 95.00 GBP: that much of the payment settles it; 5.00 stays as credit.
    const pay = await org.run((tx) =>
      recordPayment(tx, org.owner, {
        customerId: org.customer.id,
        date: '2026-08-16',
        currency: 'GBP',
        amount: 10000,
        accountId: org.account.bank,
        allocations: [{ invoiceId: invoice.id, amount: 10000 }],
      }),
    );
    expect([pay.appliedAmount, pay.amount - pay.appliedAmount]).toEqual([9500n, 500n]);
    const bal = await org.balances();
    expect(bal[org.account.fx]).toBe(-500n); // carried at 90.00, settled at 95.00: a 5.00 gain
    expect(bal[org.account.receivable]).toBe(-500n); // the customer's 5.00 GBP credit
    expect(bal[org.account.bank]).toBe(10000n);
  });

  it('settles across two foreign currencies through the base currency', async () => {
    const org = await orgWithRates();
    const invoice = await issueIn(org, 'EUR', 8000); // 80.00 EUR carried at 72.00 GBP
    // 80.00 EUR at 0.9 is 72.00 GBP, which at 0.8 is 90.00 USD.
    const pay = await org.run((tx) =>
      recordPayment(tx, org.owner, {
        customerId: org.customer.id,
        date: '2026-08-05',
        currency: 'USD',
        amount: 9000,
        accountId: org.account.bank,
        allocations: [{ invoiceId: invoice.id, amount: 8000 }],
      }),
    );
    expect([pay.appliedAmount, pay.baseAmount]).toEqual([9000n, 7200n]);
    const bal = await org.balances();
    expect([bal[org.account.receivable], bal[org.account.fx] ?? 0n, bal[org.account.bank]]).toEqual([
      0n,
      0n,
      7200n,
    ]);
    const byCurrency = await receivableByCurrency(org);
    expect([byCurrency.EUR, byCurrency.USD]).toEqual([0n, 0n]);
  });

  it('settles a GBP invoice with EUR received, the bank keeping the EUR', async () => {
    const org = await orgWithRates();
    const invoice = await issueIn(org, 'GBP', 10000);
    // 120.00 EUR at 0.9 is 108.00 GBP for a 100.00 GBP invoice: an 8.00 gain.
    const pay = await org.run((tx) =>
      recordPayment(tx, org.owner, {
        customerId: org.customer.id,
        date: '2026-08-05',
        currency: 'EUR',
        amount: 12000,
        accountId: org.account.bank,
        allocations: [{ invoiceId: invoice.id, amount: 10000, paymentAmount: 12000 }],
      }),
    );
    expect(pay.baseAmount).toBe(10800n);
    const bal = await org.balances();
    expect([bal[org.account.receivable], bal[org.account.fx], bal[org.account.bank]]).toEqual([
      0n,
      -800n,
      10800n,
    ]);
    expect((await receivableByCurrency(org)).EUR).toBe(0n);
  });

  it('applies GBP credit to a EUR invoice later, and refunds what is left', async () => {
    const org = await orgWithRates();
    const pay = await org.run((tx) =>
      recordPayment(tx, org.owner, {
        customerId: org.customer.id,
        date: '2026-08-03',
        currency: 'GBP',
        amount: 10000,
        accountId: org.account.bank,
      }),
    );
    expect(pay.appliedAmount).toBe(0n); // no open GBP invoice: all credit
    const invoice = await issueIn(org, 'EUR', 10000, '2026-08-16'); // carried at 95.00 GBP
    const applied = await org.run((tx) =>
      applyPayment(tx, org.owner, pay.id, {
        date: '2026-08-17',
        allocations: [{ invoiceId: invoice.id, amount: 10000, paymentAmount: 9300 }],
      }),
    );
    expect(applied.appliedAmount).toBe(9300n);
    const refund = await org.run((tx) => refundPayment(tx, org.owner, pay.id, { date: '2026-08-18' }));
    expect(refund.amount).toBe(700n);
    const bal = await org.balances();
    expect([bal[org.account.receivable], bal[org.account.fx], bal[org.account.bank]]).toEqual([
      0n,
      200n,
      9300n,
    ]);
    expect((await receivableByCurrency(org)).EUR).toBe(0n);
  });

  it('refuses, changing nothing: a payment amount for an invoice in the payment’s currency, no rate, too much', async () => {
    const org = await orgWithRates();
    const gbp = await issueIn(org, 'GBP', 10000);
    const eur = await issueIn(org, 'EUR', 10000);
    // CHF has no rate in the table: this invoice was issued at a rate given by hand.
    const chfDraft = await org.draft('2026-08-02', [], {
      currency: 'CHF',
      lines: [{ name: 'Work', quantity: '1', unitPrice: 10000, taxRateId: org.zero.id }],
    });
    await org.run((tx) => issueDocument(tx, org.owner, 'invoice', chfDraft.id, { exchangeRate: '0.88' }));
    const before = await org.snapshot();
    const pay = (allocations: { invoiceId: string; amount: number; paymentAmount?: number }[]) =>
      refusal(
        org.run((tx) =>
          recordPayment(tx, org.owner, {
            customerId: org.customer.id,
            date: '2026-08-05',
            currency: 'GBP',
            amount: 10000,
            accountId: org.account.bank,
            allocations,
          }),
        ),
      );
    const same = await pay([{ invoiceId: gbp.id, amount: 10000, paymentAmount: 9000 }]);
    expect([same.code, same.details.field]).toEqual([
      'PAYMENT_AMOUNT_NOT_ALLOWED',
      'allocations.0.paymentAmount',
    ]);
    const noRate = await pay([{ invoiceId: chfDraft.id, amount: 5000 }]);
    expect([noRate.code, noRate.details.field]).toEqual([
      'EXCHANGE_RATE_MISSING',
      'allocations.0.paymentAmount',
    ]);
    const tooMuch = await pay([
      { invoiceId: eur.id, amount: 5000, paymentAmount: 6000 },
      { invoiceId: gbp.id, amount: 5000 },
    ]);
    expect([tooMuch.code, tooMuch.details.field]).toEqual(['OVER_ALLOCATION', 'allocations']);
    expect(await org.snapshot()).toEqual(before);
    // With what the payment gave stated, the CHF invoice is settled without a rate.
    const paid = await org.run((tx) =>
      recordPayment(tx, org.owner, {
        customerId: org.customer.id,
        date: '2026-08-05',
        currency: 'GBP',
        amount: 8700,
        accountId: org.account.bank,
        allocations: [{ invoiceId: chfDraft.id, amount: 10000, paymentAmount: 8700 }],
      }),
    );
    expect(paid.appliedAmount).toBe(8700n);
    expect((await org.balances())[org.account.fx]).toBe(100n);
  });
});
