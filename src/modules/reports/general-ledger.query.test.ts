import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { accountActivity, type GeneralLedger, generalLedger } from './general-ledger.query.ts';
import { createFixedLedger, type FixedLedger } from './reports.test-kit.ts';

let store: Store;
let books: FixedLedger;
let bank: string;

beforeAll(async () => {
  store = await createTestStore();
  books = await createFixedLedger(store);
  bank = books.org.id('assets:bank:current account');
});
afterAll(() => store.close());

const ledger = (input: { from: string; to: string; accountId?: string }, limit = 100, cursor?: string) =>
  books.org.run((tx) => generalLedger(tx, books.org.orgId, input, { limit, ...(cursor ? { cursor } : {}) }));

describe('generalLedger', () => {
  it('lists per account the opening balance, each line with its running balance, and the closing balance', async () => {
    const report = await ledger({ from: '2026-02-01', to: '2026-03-31' });
    expect(report.nextCursor).toBeNull();
    expect(report.accounts.map((a) => [a.name, a.lines.length, a.complete])).toEqual([
      ['assets:accounts receivable', 2, true],
      ['assets:bank:current account', 5, true],
      ['assets:fixed assets:equipment', 1, true],
      ['assets:inventory', 1, true],
      ['equity:owner capital', 0, true],
      ['expenses:office', 1, true],
      ['expenses:rent', 1, true],
      ['income:sales', 1, true],
      ['income:services', 1, true],
      ['liabilities:accounts payable', 1, true],
      ['liabilities:sales tax', 0, true],
    ]);
    const bankSection = report.accounts[1]!;
    expect(bankSection.opening).toEqual([{ currency: 'GBP', amount: 1_040_000n, baseAmount: 1_040_000n }]);
    expect(bankSection.lines.map((l) => [l.date, l.description, l.amount, l.balance])).toEqual([
      ['2026-02-03', 'Rent', -50_000n, 990_000n],
      ['2026-02-20', 'INV-1 paid', 120_000n, 1_110_000n],
      ['2026-03-05', 'Office supplies', -12_345n, 1_097_655n],
      ['2026-03-15', 'Laptop', -90_000n, 1_007_655n],
      ['2026-03-31', 'Consulting', 30_000n, 1_037_655n],
    ]);
    expect(bankSection.closing).toEqual([{ currency: 'GBP', amount: 1_037_655n, baseAmount: 1_037_655n }]);
    // Lines link to their entries.
    expect(bankSection.lines[0]!.entryId).toBe(books.entries.rent);
    const receivable = report.accounts[0]!;
    expect(receivable.opening).toEqual([{ currency: 'GBP', amount: 120_000n, baseAmount: 120_000n }]);
    expect(receivable.lines.map((l) => [l.currency, l.amount, l.balance, l.baseBalance])).toEqual([
      ['USD', 10_000n, 10_000n, 128_000n],
      ['GBP', -120_000n, 0n, 8_000n],
    ]);
    expect(receivable.closing).toEqual([{ currency: 'USD', amount: 10_000n, baseAmount: 8_000n }]);
  });

  it('pages through the lines without losing or repeating one, running balances carrying over', async () => {
    const all = await ledger({ from: '2025-01-01', to: '2026-12-31' }, 1000);
    const flat = (r: GeneralLedger) =>
      r.accounts.flatMap((a) => a.lines.map((l) => [a.name, l.entryId, l.lineNo, l.balance]));
    const paged: unknown[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await ledger({ from: '2025-01-01', to: '2026-12-31' }, 3, cursor);
      expect(page.accounts.reduce((n, a) => n + a.lines.length, 0)).toBeLessThanOrEqual(3);
      paged.push(...flat(page));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 50);
    expect(paged).toEqual(flat(all));
    expect(paged).toHaveLength(23);
  });

  it('reads one account, and refuses an unknown account, a bad cursor and a bad limit', async () => {
    const one = await ledger({ from: '2026-01-01', to: '2026-01-31', accountId: bank });
    expect(one.accounts.map((a) => [a.name, a.lines.map((l) => l.balance)])).toEqual([
      ['assets:bank:current account', [1_040_000n]],
    ]);
    expect(
      await refusal(ledger({ from: '2026-01-01', to: '2026-01-31', accountId: 'acc_nope0000000' })),
    ).toMatchObject({
      code: 'ACCOUNT_NOT_FOUND',
    });
    expect(await refusal(ledger({ from: '2026-01-01', to: '2026-01-31' }, 10, 'garbage'))).toMatchObject({
      code: 'INVALID_CURSOR',
      details: { field: 'cursor' },
    });
    expect(await refusal(ledger({ from: '2026-01-01', to: '2026-01-31' }, 0))).toMatchObject({
      details: { field: 'limit' },
    });
  });
});

describe('accountActivity', () => {
  it('shows one account’s lines in a range with opening, running and closing balances', async () => {
    const read = (limit: number, cursor?: string) =>
      books.org.run((tx) =>
        accountActivity(
          tx,
          books.org.orgId,
          { accountId: bank, from: '2026-02-01', to: '2026-03-10' },
          { limit, ...(cursor ? { cursor } : {}) },
        ),
      );
    const first = await read(2);
    expect(first).toMatchObject({
      name: 'assets:bank:current account',
      opening: [{ currency: 'GBP', amount: 1_040_000n, baseAmount: 1_040_000n }],
      closing: [{ currency: 'GBP', amount: 1_097_655n, baseAmount: 1_097_655n }],
      change: [{ currency: 'GBP', amount: 57_655n, baseAmount: 57_655n }],
      complete: false,
    });
    expect(first.lines.map((l) => l.balance)).toEqual([990_000n, 1_110_000n]);
    const second = await read(2, first.nextCursor!);
    expect(second.lines.map((l) => [l.description, l.balance])).toEqual([['Office supplies', 1_097_655n]]);
    expect(second.nextCursor).toBeNull();
    expect(second.lines[0]!.source).toBeNull();
    const receivable = await books.org.run((tx) =>
      accountActivity(
        tx,
        books.org.orgId,
        { accountId: books.org.id('assets:accounts receivable'), from: '2026-01-01', to: '2026-01-31' },
        { limit: 10 },
      ),
    );
    expect(receivable.lines[0]!.source).toEqual({ type: 'sales.invoice', id: 'inv_1' });
  });
});
