import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { documentCsv } from './document-csv.domain.ts';
import { type LedgerRequest, readReportDocument, streamLedgerCsv } from './report.service.ts';
import { createFixedLedger, type FixedLedger } from './reports.test-kit.ts';

// Ledger CSVs stream a page at a time; what arrives must be the same file as the one-piece export,
// wherever the pages break (inside an account, at its end, between currencies).

let store: Store;
let books: FixedLedger;

beforeAll(async () => {
  store = await createTestStore();
  books = await createFixedLedger(store);
});
afterAll(() => store.close());

async function streamed(request: LedgerRequest, pageSize: number) {
  const file = await streamLedgerCsv(store.db, books.org.owner, request, pageSize);
  let text = '';
  for await (const chunk of file.chunks) text += chunk;
  return { fileName: file.fileName, text };
}

describe('streamLedgerCsv', () => {
  it('streams the general ledger in pages of any size to the same file as the one-piece export', async () => {
    const request = { report: 'general-ledger', from: '2025-01-01', to: '2026-12-31' } as const;
    const whole = documentCsv(await readReportDocument(store.db, books.org.owner, request));
    expect(whole.split('\n').filter((l) => /^\d{4}-/.test(l))).toHaveLength(23);
    for (const size of [1, 2, 3, 5, 8, 1000]) {
      const file = await streamed(request, size);
      expect(file.text, `pages of ${size}`).toBe(whole);
      expect(file.fileName).toBe('general-ledger-2025-01-01-to-2026-12-31.csv');
    }
  });

  it('streams one account’s activity the same way', async () => {
    const request = {
      report: 'account-activity',
      accountId: books.org.id('assets:bank:current account'),
      from: '2026-01-01',
      to: '2026-12-31',
    } as const;
    const whole = documentCsv(await readReportDocument(store.db, books.org.owner, request));
    for (const size of [1, 4, 1000]) expect((await streamed(request, size)).text).toBe(whole);
    expect(whole.split('\n').slice(0, 4)).toEqual([
      'Date,Entry,Description,Currency,Debit,Credit,Balance',
      'assets:bank:current account,,,,,,',
      'Opening balance,,,GBP,,,400.00',
      "2026-01-10,#2,Owner's capital,GBP,10000.00,,10400.00",
    ]);
  });

  it('refuses before streaming: permission, dates, unknown account', async () => {
    expect(
      (
        await refusal(
          streamLedgerCsv(store.db, books.org.as('member'), {
            report: 'general-ledger',
            from: '2026-01-01',
            to: '2026-01-31',
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await refusal(
          streamLedgerCsv(store.db, books.org.owner, {
            report: 'general-ledger',
            from: '2026-02-01',
            to: '2026-01-31',
          }),
        )
      ).code,
    ).toBe('DATE_RANGE_REVERSED');
    expect(
      (
        await refusal(
          streamLedgerCsv(store.db, books.org.owner, {
            report: 'account-activity',
            accountId: 'acc_missing000000',
            from: '2026-01-01',
            to: '2026-01-31',
          }),
        )
      ).code,
    ).toBe('ACCOUNT_NOT_FOUND');
  });
});
