import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { closeYear } from '../ledger/index.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { balanceSheet } from './balance-sheet.query.ts';
import { createFixedLedger, type FixedLedger } from './reports.test-kit.ts';

let store: Store;
let books: FixedLedger;

beforeAll(async () => {
  store = await createTestStore();
  books = await createFixedLedger(store);
});
afterAll(() => store.close());

const read = (asOf: string, compareAsOf?: string) =>
  books.org.run((tx) => balanceSheet(tx, books.org.orgId, { asOf, ...(compareAsOf ? { compareAsOf } : {}) }));
const table = (rows: { name: string; isGroup: boolean; figures: bigint[] }[]) =>
  rows.map((r) => [r.name, r.isGroup, ...r.figures]);

describe('balanceSheet', () => {
  it('shows assets, liabilities and equity with the year’s earnings as their own line, and balances', async () => {
    const sheet = await read('2026-03-31', '2025-12-31');
    expect(sheet.dates).toEqual(['2026-03-31', '2025-12-31']);
    expect(table(sheet.assets.rows)).toEqual([
      ['assets', true, 1_160_655n, 40_000n],
      ['assets:accounts receivable', false, 8_000n, 0n],
      ['assets:bank', true, 1_037_655n, 40_000n],
      ['assets:bank:current account', false, 1_037_655n, 40_000n],
      ['assets:fixed assets', true, 90_000n, 0n],
      ['assets:fixed assets:equipment', false, 90_000n, 0n],
      ['assets:inventory', false, 25_000n, 0n],
    ]);
    expect(sheet.assets.total).toEqual([1_160_655n, 40_000n]);
    expect(table(sheet.liabilities.rows)).toEqual([
      ['liabilities', true, 45_000n, 0n],
      ['liabilities:accounts payable', false, 25_000n, 0n],
      ['liabilities:sales tax', false, 20_000n, 0n],
    ]);
    expect(table(sheet.equity.rows)).toEqual([
      ['equity', true, 1_000_000n, 0n],
      ['equity:owner capital', false, 1_000_000n, 0n],
    ]);
    // 2026 so far: income 1,380.00 less expenses 623.45; 2025's cash sale was never closed.
    expect(sheet.currentYearEarnings).toEqual([75_655n, 40_000n]);
    expect(sheet.currentYears).toEqual([
      { from: '2026-01-01', to: '2026-03-31' },
      { from: '2025-01-01', to: '2025-12-31' },
    ]);
    expect(sheet.priorYearsEarnings).toEqual([40_000n, 0n]);
    expect(sheet.equity.total).toEqual([1_115_655n, 40_000n]);
    expect(sheet.liabilitiesAndEquity).toEqual([1_160_655n, 40_000n]);
    expect(sheet.difference).toEqual([0n, 0n]);
    expect(sheet.balanced).toBe(true);
    expect(sheet.assets.rows[1]!.accountId).toBe(books.org.id('assets:accounts receivable'));
  });

  it('moves closed years into retained earnings and still balances', async () => {
    await books.org.run((tx) => closeYear(tx, books.org.owner, '2025-12-31'));
    const sheet = await read('2026-03-31');
    expect(table(sheet.equity.rows)).toEqual([
      ['equity', true, 1_040_000n],
      ['equity:owner capital', false, 1_000_000n],
      ['equity:retained earnings', false, 40_000n],
    ]);
    expect(sheet.priorYearsEarnings).toEqual([0n]);
    expect(sheet.currentYearEarnings).toEqual([75_655n]);
    expect(sheet.balanced).toBe(true);
    // At the year's end itself the closing entry has already moved the year's earnings.
    const yearEnd = await read('2025-12-31');
    expect(yearEnd.currentYearEarnings).toEqual([0n]);
    expect(yearEnd.balanced).toBe(true);
  });

  it('refuses a bad date naming the field', async () => {
    expect(await refusal(read('2026-03-31', '31/12/2025'))).toMatchObject({
      code: 'INVALID_DATE',
      details: { field: 'compareAsOf' },
    });
  });
});
