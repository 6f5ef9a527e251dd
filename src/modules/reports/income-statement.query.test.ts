import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { closeYear } from '../ledger/index.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { incomeStatementCsv } from './csv.domain.ts';
import { type IncomeStatementInput, incomeStatement } from './income-statement.query.ts';
import { incomeStatementDocument } from './report-document.domain.ts';
import { createFixedLedger, type FixedLedger } from './reports.test-kit.ts';

let store: Store;
let books: FixedLedger;

beforeAll(async () => {
  store = await createTestStore();
  books = await createFixedLedger(store);
});
afterAll(() => store.close());

const read = (input: IncomeStatementInput) =>
  books.org.run((tx) => incomeStatement(tx, books.org.orgId, input));
const table = (rows: { name: string; isGroup: boolean; accountId: string | null; figures: bigint[] }[]) =>
  rows.map((r) => [r.name, r.isGroup, r.accountId !== null, ...r.figures]);

describe('incomeStatement', () => {
  it('shows income and expenses by month with subtotals by hierarchy and net income', async () => {
    const report = await read({ from: '2026-01-01', to: '2026-03-31', columns: 'month' });
    expect(report.columns.map((c) => [c.label, c.role, c.from, c.to])).toEqual([
      ['2026-01', 'period', '2026-01-01', '2026-01-31'],
      ['2026-02', 'period', '2026-02-01', '2026-02-28'],
      ['2026-03', 'period', '2026-03-01', '2026-03-31'],
      ['Total', 'total', '2026-01-01', '2026-03-31'],
    ]);
    // `income` and `expenses` are groups made from the names (no such accounts exist).
    expect(table(report.income.rows)).toEqual([
      ['income', true, false, 100_000n, 8_000n, 30_000n, 138_000n],
      ['income:sales', false, true, 100_000n, 8_000n, 0n, 108_000n],
      ['income:services', false, true, 0n, 0n, 30_000n, 30_000n],
    ]);
    expect(report.income.total).toEqual([100_000n, 8_000n, 30_000n, 138_000n]);
    expect(table(report.expenses.rows)).toEqual([
      ['expenses', true, false, 0n, 50_000n, 12_345n, 62_345n],
      ['expenses:office', false, true, 0n, 0n, 12_345n, 12_345n],
      ['expenses:rent', false, true, 0n, 50_000n, 0n, 50_000n],
    ]);
    expect(report.netIncome).toEqual([100_000n, -42_000n, 17_655n, 75_655n]);
    expect(report.income.rows[1]!.accountId).toBe(books.org.id('income:sales'));
  });

  it('compares with the prior period of equal length and with the same period a year earlier', async () => {
    const prior = await read({ from: '2026-01-01', to: '2026-03-31', compare: 'prior-period' });
    expect(prior.comparison).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(prior.columns.map((c) => c.label)).toEqual(['Total', 'Prior period', 'Change']);
    expect(prior.income.total).toEqual([138_000n, 40_000n, 98_000n]);
    expect(prior.expenses.total).toEqual([62_345n, 0n, 62_345n]);
    expect(prior.netIncome).toEqual([75_655n, 40_000n, 35_655n]);
    const lastYear = await read({ from: '2026-01-01', to: '2026-03-31', compare: 'prior-year' });
    expect(lastYear.comparison).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    expect(lastYear.netIncome).toEqual([75_655n, 0n, 75_655n]);
  });

  it('splits quarters and years and cuts the edge columns to the range', async () => {
    const report = await read({ from: '2025-12-10', to: '2026-03-31', columns: 'quarter' });
    expect(report.columns.map((c) => [c.label, c.from, c.to])).toEqual([
      ['2025 Q4', '2025-12-10', '2025-12-31'],
      ['2026 Q1', '2026-01-01', '2026-03-31'],
      ['Total', '2025-12-10', '2026-03-31'],
    ]);
    expect(report.netIncome).toEqual([40_000n, 75_655n, 115_655n]);
    const years = await read({ from: '2025-01-01', to: '2026-12-31', columns: 'year' });
    expect(years.columns.map((c) => c.label)).toEqual(['2025', '2026', 'Total']);
    expect(years.netIncome).toEqual([40_000n, 75_655n, 115_655n]);
  });

  it('renders the CLI csv per account and currency, signed as hledger signs it', async () => {
    expect(incomeStatementCsv(await read({ from: '2026-01-01', to: '2026-03-31' }))).toBe(
      [
        'account,currency,amount',
        'expenses:office,GBP,123.45',
        'expenses:rent,GBP,500.00',
        'income:sales,GBP,-1000.00',
        'income:sales,USD,-100.00',
        'income:services,GBP,-300.00',
      ].join('\n'),
    );
    // Both dates count: a one-day range holds that day's postings.
    expect(incomeStatementCsv(await read({ from: '2026-03-31', to: '2026-03-31' }))).toBe(
      'account,currency,amount\nincome:services,GBP,-300.00',
    );
  });

  it('refuses bad input naming the field', async () => {
    expect(await refusal(read({ from: '2026-13-01', to: '2026-03-31' }))).toMatchObject({
      code: 'INVALID_DATE',
      details: { field: 'from' },
    });
    expect(await refusal(read({ from: '2026-04-01', to: '2026-03-31' }))).toMatchObject({
      code: 'DATE_RANGE_REVERSED',
      details: { field: 'from' },
    });
    expect(
      await refusal(read({ from: '2026-01-01', to: '2026-03-31', columns: 'week' as never })),
    ).toMatchObject({ code: 'INVALID_CHOICE', details: { field: 'columns' } });
    expect(await refusal(read({ from: '1990-01-01', to: '2026-03-31', columns: 'month' }))).toMatchObject({
      code: 'TOO_MANY_COLUMNS',
      details: { field: 'columns' },
    });
  });

  it('leaves out year-end closing entries, so a closed year still shows its figures', async () => {
    await books.org.run((tx) => closeYear(tx, books.org.owner, '2025-12-31'));
    const closed = await read({ from: '2025-01-01', to: '2025-12-31' });
    expect(closed.income.total).toEqual([40_000n]);
    expect(closed.netIncome).toEqual([40_000n]);
    expect(incomeStatementCsv(closed)).toBe('account,currency,amount\nincome:sales,GBP,-400.00');
  });

  it('shows gross profit: income less cost of sales', async () => {
    expect((await read({ from: '2026-01-01', to: '2026-03-31' })).costOfSales).toEqual([0n]);
    await books.org.post({
      date: '2026-03-25',
      description: 'Stock sold',
      lines: [
        { accountId: books.org.id('expenses:cost of sales'), amount: 10_000n },
        { accountId: books.org.id('assets:inventory'), amount: -10_000n },
      ],
    });
    const report = await read({ from: '2026-01-01', to: '2026-03-31', columns: 'month' });
    expect(report.costOfSales).toEqual([0n, 0n, 10_000n, 10_000n]);
    expect(report.grossProfit).toEqual([100_000n, 8_000n, 20_000n, 128_000n]);
    expect(report.netIncome).toEqual([100_000n, -42_000n, 7_655n, 65_655n]);
    const doc = incomeStatementDocument(report, 'Acme');
    const gross = doc.rows.find((r) => r.cells[0] === 'Gross profit (income less cost of sales)');
    expect(gross?.cells.slice(1)).toEqual([
      { minor: 100_000n, currency: 'GBP' },
      { minor: 8_000n, currency: 'GBP' },
      { minor: 20_000n, currency: 'GBP' },
      { minor: 128_000n, currency: 'GBP' },
    ]);
  });
});
