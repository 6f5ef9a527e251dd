import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../api/test-app.ts';
import { queryRows, sql } from '../db/client.ts';
import { readInOrg } from '../db/tenancy.ts';
import { balancesAsOf, listAccounts, verifyLedger } from '../modules/ledger/index.ts';
import type { Services } from '../services.ts';
import { seedCompany } from './company.seed.ts';
import { seedLedger } from './ledger.seed.ts';

// The demo books: a year ending in the current month, balanced, verifiable, with the shapes the
// reports need (receivables still open, VAT owed, a realized exchange loss on a dollar invoice).

let t: TestApp;
let orgId: string;
const TODAY = new Date('2026-11-23T10:00:00Z');

beforeAll(async () => {
  t = await createTestApp();
  const owner = await t.signUp('owner@demo.test');
  orgId = (await t.call('POST', '/api/orgs', { name: 'Demo', slug: 'demo' }, { cookie: owner })).body.id;
  await seedCompany({ store: t.store } as Services, orgId);
  await seedLedger({ store: t.store } as Services, orgId, TODAY);
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
