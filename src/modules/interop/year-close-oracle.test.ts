import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { withOrg } from '../../db/tenancy.ts';
import { createTestStore } from '../../db/test-db.ts';
import { closeYear, createAccount, verifyLedger } from '../ledger/index.ts';
import {
  hledgerBalance,
  journalFile,
  newOrg,
  ourIncomeStatement,
  ourTrialBalance,
  TESTDATA,
} from './interop.test-kit.ts';
import { writeJournal } from './journal-generator.ts';

// Year-end close against `hledger close`: import a journal, close each year in Ordo (income and
// expenses to retained earnings), append hledger's own closing transaction for the same year to the
// journal, and the books must agree: our trial balance after each close equals `hledger balance`
// of the journal with hledger's closings, and a closed year still reports its income statement.

const RETAINED = 'equity:retained earnings';
let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

/** hledger's closing transaction for `year`: income and expense balances to retained earnings. */
function hledgerClosing(journal: string, year: number): string {
  return execFileSync(
    'hledger',
    ['-f', journal, 'close', '--close', '-x', '-e', `${year + 1}-01-01`, '--close-acct', RETAINED, 'type:RX'],
    { encoding: 'utf8' },
  );
}

async function closeEachYear(text: string, years: number[]) {
  const org = await newOrg(store);
  let journal = journalFile(text);
  expect((await org.import(journal)).imported).toBe(true);
  const retained = await withOrg(store.db, org.orgId, (tx) =>
    createAccount(tx, org.actor, { name: RETAINED, type: 'equity', subtype: 'retained_earnings' }),
  );
  let withClosings = text;
  for (const year of years) {
    const before = await ourIncomeStatement(store, org.orgId, `${year}-01-01`, `${year}-12-31`);
    const closed = await withOrg(store.db, org.orgId, (tx) =>
      closeYear(tx, org.actor, `${year}-12-31`, { retainedEarningsAccountId: retained.id }),
    );
    expect(closed.lockDate).toBe(`${year}-12-31`);
    // hledger's `type:` query needs the account types, which the journal's directives or names give.
    withClosings += `\n${hledgerClosing(journal, year)}`;
    journal = journalFile(withClosings);
    expect(await ourTrialBalance(store, org.orgId), `after closing ${year}`).toEqual(hledgerBalance(journal));
    // The closing entry is left out of the income statement: a closed year still shows its figures.
    expect(await ourIncomeStatement(store, org.orgId, `${year}-01-01`, `${year}-12-31`)).toEqual(before);
  }
  expect((await verifyLedger(store.db, org.orgId)).ok).toBe(true);
}

describe('year-end close agrees with hledger close', () => {
  it('on sample.journal', async () => {
    await closeEachYear(readFileSync(path.join(TESTDATA, 'sample.journal'), 'utf8'), [2008]);
  });

  it('on vat.journal', async () => {
    const text = readFileSync(path.join(TESTDATA, 'vat.journal'), 'utf8');
    const years = [...new Set([...text.matchAll(/^(\d{4})-\d\d-\d\d/gm)].map((m) => Number(m[1])))];
    await closeEachYear(text, years);
  });

  it('on a generated journal of three years in two currencies, year after year', async () => {
    const file = journalFile('', 'close-generated.journal');
    await writeJournal(file, { transactions: 600, seed: 7, startYear: 2021, years: 3 });
    await closeEachYear(readFileSync(file, 'utf8'), [2021, 2022, 2023]);
  }, 60_000);
});
