import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { closeYear } from '../ledger/index.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { cashFlowStatement } from './cash-flow.query.ts';
import { createFixedLedger, type FixedLedger } from './reports.test-kit.ts';

let store: Store;
let books: FixedLedger;

beforeAll(async () => {
  store = await createTestStore();
  books = await createFixedLedger(store);
});
afterAll(() => store.close());

const read = (from: string, to: string) =>
  books.org.run((tx) => cashFlowStatement(tx, books.org.orgId, { from, to }));
const lines = (ls: { name: string; amount: bigint }[]) => ls.map((l) => [l.name, l.amount]);

describe('cashFlowStatement', () => {
  it('starts from net income, adjusts for working capital, adds investing and financing, and reconciles to cash', async () => {
    const flow = await read('2026-01-01', '2026-03-31');
    expect(flow.netIncome).toBe(75_655n);
    expect(lines(flow.operating.workingCapital)).toEqual([
      ['assets:accounts receivable', -8_000n],
      ['assets:inventory', -25_000n],
      ['liabilities:accounts payable', 25_000n],
      ['liabilities:sales tax', 20_000n],
    ]);
    expect(flow.operating.nonCash).toEqual([]);
    expect(flow.operating.total).toBe(87_655n);
    expect(lines(flow.investing.lines)).toEqual([['assets:fixed assets:equipment', -90_000n]]);
    expect(lines(flow.financing.lines)).toEqual([['equity:owner capital', 1_000_000n]]);
    expect(flow.netCashFlow).toBe(997_655n);
    expect(flow.cash).toMatchObject({ opening: 40_000n, closing: 1_037_655n, change: 997_655n });
    expect(flow.cash.accounts.map((a) => [a.name, a.opening, a.closing, a.change])).toEqual([
      ['assets:bank:current account', 40_000n, 1_037_655n, 997_655n],
    ]);
    expect(flow.reconciles).toBe(true);
    expect(flow.investing.lines[0]!.accountId).toBe(books.org.id('assets:fixed assets:equipment'));
  });

  it('puts a loan under financing and adds depreciation back', async () => {
    await books.org.post({
      date: '2026-04-30',
      description: 'Depreciation',
      lines: [
        { accountId: books.org.id('expenses:depreciation'), amount: 2_500n },
        { accountId: books.org.id('assets:fixed assets:accumulated depreciation'), amount: -2_500n },
      ],
    });
    const flow = await read('2026-04-01', '2026-04-30');
    expect(flow.netIncome).toBe(-2_500n);
    expect(lines(flow.operating.nonCash)).toEqual([['assets:fixed assets:accumulated depreciation', 2_500n]]);
    expect(flow.operating.total).toBe(0n);
    expect(lines(flow.financing.lines)).toEqual([['liabilities:loans', 200_000n]]);
    expect(flow.cash.change).toBe(200_000n);
    expect(flow.reconciles).toBe(true);
  });

  it('leaves closing entries out, so closing a year moves no cash', async () => {
    await books.org.run((tx) => closeYear(tx, books.org.owner, '2025-12-31'));
    const flow = await read('2025-12-01', '2025-12-31');
    expect(flow.netIncome).toBe(40_000n);
    expect(flow.financing.lines).toEqual([]);
    expect(flow.cash.change).toBe(40_000n);
    expect(flow.reconciles).toBe(true);
  });

  it('refuses a reversed range', async () => {
    expect(await refusal(read('2026-02-01', '2026-01-01'))).toMatchObject({ code: 'DATE_RANGE_REVERSED' });
  });
});
