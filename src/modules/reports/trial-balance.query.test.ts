import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { trialBalanceCsv } from './csv.domain.ts';
import { getTrialBalance } from './report.service.ts';
import { createFixedLedger, type FixedLedger } from './reports.test-kit.ts';
import { trialBalance } from './trial-balance.query.ts';

let store: Store;
let books: FixedLedger;

beforeAll(async () => {
  store = await createTestStore();
  books = await createFixedLedger(store);
});
afterAll(() => store.close());

const read = (asOf: string) => books.org.run((tx) => trialBalance(tx, books.org.orgId, { asOf }));

describe('trialBalance', () => {
  it('lists every balance per account and currency at a date, with totals that balance', async () => {
    const report = await read('2026-03-31');
    expect(report.baseCurrency).toBe('GBP');
    expect(
      report.rows.map((r) => [r.accountName, r.currency, r.debit, r.credit, r.balance, r.baseBalance]),
    ).toEqual([
      ['assets:accounts receivable', 'USD', 10_000n, 0n, 10_000n, 8_000n],
      ['assets:bank:current account', 'GBP', 1_037_655n, 0n, 1_037_655n, 1_037_655n],
      ['assets:fixed assets:equipment', 'GBP', 90_000n, 0n, 90_000n, 90_000n],
      ['assets:inventory', 'GBP', 25_000n, 0n, 25_000n, 25_000n],
      ['equity:owner capital', 'GBP', 0n, 1_000_000n, -1_000_000n, -1_000_000n],
      ['expenses:office', 'GBP', 12_345n, 0n, 12_345n, 12_345n],
      ['expenses:rent', 'GBP', 50_000n, 0n, 50_000n, 50_000n],
      ['income:sales', 'GBP', 0n, 140_000n, -140_000n, -140_000n],
      ['income:sales', 'USD', 0n, 10_000n, -10_000n, -8_000n],
      ['income:services', 'GBP', 0n, 30_000n, -30_000n, -30_000n],
      ['liabilities:accounts payable', 'GBP', 0n, 25_000n, -25_000n, -25_000n],
      ['liabilities:sales tax', 'GBP', 0n, 20_000n, -20_000n, -20_000n],
    ]);
    expect(report.totals).toEqual([
      { currency: 'GBP', debit: 1_215_000n, credit: 1_215_000n, balance: 0n },
      { currency: 'USD', debit: 10_000n, credit: 10_000n, balance: 0n },
    ]);
    expect(report.baseTotals).toEqual({ debit: 1_223_000n, credit: 1_223_000n, balance: 0n });
    // Every row names its account, so a figure links to the entries behind it.
    for (const row of report.rows) expect(books.org.accounts.some((a) => a.id === row.accountId)).toBe(true);
  });

  it('counts postings on the date itself and none after it', async () => {
    const before = await read('2026-03-30');
    const bank = (r: typeof before) => r.rows.find((x) => x.accountName === 'assets:bank:current account');
    expect(bank(before)?.balance).toBe(1_007_655n);
    expect(bank(await read('2026-03-31'))?.balance).toBe(1_037_655n);
    expect((await read('2025-12-14')).rows).toEqual([]);
  });

  it('renders the CLI csv: plain decimals in major units, debits positive, zero balances left out', async () => {
    expect(trialBalanceCsv(await read('2026-03-31'))).toBe(
      [
        'account,currency,balance',
        'assets:accounts receivable,USD,100.00',
        'assets:bank:current account,GBP,10376.55',
        'assets:fixed assets:equipment,GBP,900.00',
        'assets:inventory,GBP,250.00',
        'equity:owner capital,GBP,-10000.00',
        'expenses:office,GBP,123.45',
        'expenses:rent,GBP,500.00',
        'income:sales,GBP,-1400.00',
        'income:sales,USD,-100.00',
        'income:services,GBP,-300.00',
        'liabilities:accounts payable,GBP,-250.00',
        'liabilities:sales tax,GBP,-200.00',
      ].join('\n'),
    );
  });

  it('refuses a date that is not one, naming the field', async () => {
    const error = await refusal(read('2026-02-30'));
    expect(error).toMatchObject({ code: 'INVALID_DATE', details: { field: 'asOf' } });
  });

  it('needs ledger:read', async () => {
    const error = await refusal(getTrialBalance(store.db, books.org.as('member'), { asOf: '2026-03-31' }));
    expect(error.code).toBe('FORBIDDEN');
    const report = await getTrialBalance(store.db, books.org.as('manager'), { asOf: '2026-03-31' });
    expect(report.rows).toHaveLength(12);
  });
});
