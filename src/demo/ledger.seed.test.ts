import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../api/test-app.ts';
import { queryRows, sql } from '../db/client.ts';
import { readInOrg } from '../db/tenancy.ts';
import { balancesAsOf, listAccounts, verifyLedger } from '../modules/ledger/index.ts';
import { receivablesAging } from '../modules/sales/index.ts';
import { listRecurringInvoices } from '../modules/sales/recurring.service.ts';
import { reminderSettingsOf } from '../modules/sales/reminder.service.ts';
import type { Services } from '../services.ts';
import { seedCompany } from './company.seed.ts';
import { seedBooks } from './ledger.seed.ts';

// The demo books: a year ending in the current month, balanced, verifiable, with the shapes the
// reports need (receivables still open, VAT owed, a realized exchange loss on a dollar invoice),
// and the receivables behind them: invoices paid, open, overdue, part paid and credited.

let t: TestApp;
let orgId: string;
const TODAY = new Date('2026-11-23T10:00:00Z');

beforeAll(async () => {
  t = await createTestApp();
  const owner = await t.signUp('owner@demo.test');
  orgId = (await t.call('POST', '/api/orgs', { name: 'Demo', slug: 'demo' }, { cookie: owner })).body.id;
  await seedCompany({ store: t.store } as Services, orgId);
  await seedBooks({ store: t.store } as Services, orgId, TODAY);
}, 120_000);
afterAll(() => t.close());

describe('demo ledger', () => {
  it('posts twelve months of entries that verify', async () => {
    const result = await verifyLedger(t.store.db, orgId);
    expect(result.ok).toBe(true);
    expect(result.entries).toBeGreaterThan(150);
    const dates = await readInOrg(t.store.db, orgId, (q) =>
      queryRows(q, sql`select min(date)::text as first, max(date)::text as last from journal_entry`),
    );
    expect(dates[0]).toEqual({ first: '2025-12-01', last: '2026-11-30' });
  });

  it('leaves books that balance, with money in the bank, open receivables and a dollar loss', async () => {
    const { balances, accounts } = await readInOrg(t.store.db, orgId, async (q) => ({
      balances: await balancesAsOf(q, orgId, '2026-11-30'),
      accounts: await listAccounts(q, orgId),
    }));
    const total = balances.reduce((sum, b) => sum + b.baseAmount, 0n);
    expect(total).toBe(0n);
    const base = (name: string) => {
      const id = accounts.find((a) => a.name === name)!.id;
      return balances.filter((b) => b.accountId === id).reduce((sum, b) => sum + b.baseAmount, 0n);
    };
    expect(base('assets:bank:current account')).toBeGreaterThan(0n);
    expect(base('assets:accounts receivable')).toBeGreaterThan(0n);
    expect(base('liabilities:sales tax')).toBeLessThan(0n);
    expect(base('income:exchange gains and losses')).toBe(2_400n);
    expect(base('assets:bank:usd account')).toBe(187_200n);
    expect(base('equity:owner capital')).toBe(-4_000_000n);
  });
});

describe('demo receivables', () => {
  const read = <T>(work: Parameters<typeof readInOrg<T>>[2]) => readInOrg(t.store.db, orgId, work);

  it('issues a year of invoices, most of them paid, with one credited and one paid in part', async () => {
    const counts = await read((q) =>
      queryRows<{ type: string; status: string; n: number }>(
        q,
        sql`select type, status, count(*)::int as n from sales_document group by 1, 2 order by 1, 2`,
      ),
    );
    const n = (type: string, status: string) =>
      counts.find((c) => c.type === type && c.status === status)?.n ?? 0;
    expect(n('invoice', 'paid')).toBeGreaterThan(40);
    expect(n('invoice', 'issued')).toBeGreaterThanOrEqual(4);
    expect(n('invoice', 'partially_paid')).toBe(1);
    expect(n('credit_note', 'applied')).toBe(1);
    expect(n('invoice', 'draft')).toBe(0);
  });

  it('leaves a few invoices overdue, and the aging adds up to the receivable in the books', async () => {
    const { aging, balances, accounts } = await read(async (q) => ({
      aging: await receivablesAging(q, orgId, '2026-11-23'),
      balances: await balancesAsOf(q, orgId, '2026-11-23'),
      accounts: await listAccounts(q, orgId),
    }));
    const gbp = aging.filter((row) => row.currency === 'GBP');
    const bucket = (b: 'current' | '1-30' | '31-60' | '61-90') =>
      gbp.reduce((sum, row) => sum + row.buckets[b], 0n);
    expect(bucket('current')).toBeGreaterThan(0n);
    expect(bucket('31-60') + bucket('61-90')).toBeGreaterThan(0n);
    const overdue = gbp.flatMap((row) => row.invoices).filter((i) => i.daysOverdue > 0);
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    expect(overdue.length).toBeLessThanOrEqual(8);
    const receivable = accounts.find((a) => a.name === 'assets:accounts receivable')!.id;
    const inBooks = balances
      .filter((b) => b.accountId === receivable)
      .reduce((sum, b) => sum + b.baseAmount, 0n);
    expect(gbp.reduce((sum, row) => sum + row.total, 0n)).toBe(inBooks);
    expect(aging.some((row) => row.currency === 'USD')).toBe(false);
  });

  it('has two recurring invoices, one run this month, and reminders switched on', async () => {
    const { schedules, reminders } = await read(async (q) => ({
      schedules: await listRecurringInvoices(q, orgId, { limit: 10 }),
      reminders: await reminderSettingsOf(q, orgId),
    }));
    expect(schedules.items.map((r) => [r.name, r.lastDate, r.nextDate]).sort()).toEqual([
      ['Classroom furniture support plan', null, '2026-11-30'],
      ['Espresso bar maintenance contract', '2026-11-01', '2026-12-01'],
    ]);
    expect(reminders.enabled).toBe(true);
  });
});
