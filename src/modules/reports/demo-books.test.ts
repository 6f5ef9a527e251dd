import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliTestServices, runCli } from '../../cli/cli.test-kit.ts';
import { systemActor } from '../../core/actor.ts';
import { seedCompany } from '../../demo/company.seed.ts';
import { seedBooks } from '../../demo/ledger.seed.ts';
import type { Services } from '../../services.ts';
import { createOrganization } from '../identity/organization.service.ts';
import { addDays, lastOfMonth, nextMonth } from '../ledger/index.ts';
import { getBalanceSheet, getCashFlow, getIncomeStatement, getTrialBalance } from './report.service.ts';

// The reports on the demo books: a year of sales, collections, stock, payroll, overheads, VAT,
// depreciation and a dollar invoice settled at a loss. Every month end the balance sheet balances,
// every month's cash flow reconciles, and the year's net income is the same in each statement.

let svc: Services & { dataDir: string };
let orgId: string;
const TODAY = new Date('2026-11-23T10:00:00Z');

beforeAll(async () => {
  svc = await createCliTestServices();
  orgId = (await createOrganization(svc.store.db, { slug: 'demo-reports', name: 'Demo Trading Ltd' })).id;
  await seedCompany(svc, orgId);
  await seedBooks(svc, orgId, TODAY);
}, 120_000);
afterAll(() => svc.close());

describe('reports on the demo books', () => {
  it('balance every month end, reconcile every month’s cash, and agree on net income', async () => {
    const actor = systemActor(orgId);
    let month = '2025-12-01';
    while (month <= '2026-11-01') {
      const end = lastOfMonth(month);
      const sheet = await getBalanceSheet(svc.store.db, actor, { asOf: end });
      expect(sheet.balanced, end).toBe(true);
      const flow = await getCashFlow(svc.store.db, actor, { from: month, to: end });
      expect(flow.reconciles, month).toBe(true);
      expect(flow.netCashFlow).toBe(flow.cash.change);
      const statement = await getIncomeStatement(svc.store.db, actor, { from: month, to: end });
      expect(flow.netIncome).toBe(statement.netIncome[0]);
      const trial = await getTrialBalance(svc.store.db, actor, { asOf: end });
      expect(trial.baseTotals.balance).toBe(0n);
      month = nextMonth(month);
    }
    const year = await getIncomeStatement(svc.store.db, actor, {
      from: '2025-12-01',
      to: '2026-11-30',
      columns: 'quarter',
    });
    const sheet = await getBalanceSheet(svc.store.db, actor, { asOf: '2026-11-30' });
    // The demo's fiscal year: the balance sheet's current-year earnings are that year's net income.
    const fiscal = sheet.currentYears[0]!;
    const fiscalIncome = await getIncomeStatement(svc.store.db, actor, { from: fiscal.from, to: fiscal.to });
    expect(sheet.currentYearEarnings[0]).toBe(fiscalIncome.netIncome[0]);
    expect(year.netIncome.at(-1)).toBe(year.netIncome.slice(0, -1).reduce((s, v) => s + v, 0n));
    expect(addDays(fiscal.from, 0)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('print through the CLI', async () => {
    for (const argv of [
      ['report', 'trial-balance', '--org', 'demo-reports', '--as-of', '2026-11-30'],
      [
        'report',
        'income-statement',
        '--org',
        'demo-reports',
        '--from',
        '2025-12-01',
        '--to',
        '2026-11-30',
        '--columns',
        'quarter',
      ],
      ['report', 'balance-sheet', '--org', 'demo-reports', '--as-of', '2026-11-30'],
      ['report', 'cash-flow', '--org', 'demo-reports', '--from', '2025-12-01', '--to', '2026-11-30'],
    ]) {
      const run = await runCli(svc, argv);
      expect(run, argv.join(' ')).toMatchObject({ code: 0, stderr: '' });
      if (process.env.REPORTS_PRINT) console.log(run.stdout);
    }
  });
});
