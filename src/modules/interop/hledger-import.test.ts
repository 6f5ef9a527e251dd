import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { queryRows, type Store, sql } from '../../db/client.ts';
import { readInOrg, withOrg } from '../../db/tenancy.ts';
import { createTestStore } from '../../db/test-db.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { archiveAccount, createAccount, setLockDates, verifyLedger } from '../ledger/index.ts';
import { JournalError, textLines } from './hledger.parser.ts';
import { importHledgerJournal } from './hledger-import.service.ts';
import {
  bookCounts,
  hledgerBalance,
  journalFile,
  newOrg,
  ourTrialBalance,
  shelltestInputs,
  TESTDATA,
} from './interop.test-kit.ts';
import { generateJournal } from './journal-generator.ts';

// Importing into a real store: all or nothing, keyed by content, assertions checked as hledger
// checks them (hledger itself says which of these journals are valid), the books verifiable after.

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

async function refused(promise: Promise<unknown>): Promise<JournalError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(JournalError);
    return error as JournalError;
  }
  throw new Error('expected the import to be refused');
}

/** True when `hledger check` (balanced transactions, assertions) accepts the file. */
function hledgerAccepts(file: string): boolean {
  try {
    execFileSync('hledger', ['-f', file, 'check'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const EMPTY = { entries: 0, lines: 0, imports: 0, rollups: 0 };

describe('importing hledger journals', () => {
  it('imports sample.journal: counts, accounts by full name, statuses kept, books verifiable', async () => {
    const org = await newOrg(store);
    const file = path.join(TESTDATA, 'sample.journal');
    const result = await org.import(file);
    expect(result).toMatchObject({
      imported: true,
      entries: 5,
      lines: 11,
      accountsCreated: 8,
      baseCurrency: 'USD',
    });
    expect(await ourTrialBalance(store, org.orgId)).toEqual(hledgerBalance(file));
    expect(await verifyLedger(store.db, org.orgId)).toMatchObject({ ok: true, entries: 5, lines: 11 });
    expect(await verifyAuditChain(store.db, org.orgId)).toMatchObject({ ok: true });
    const [audit] = await readInOrg(store.db, org.orgId, (tx) =>
      queryRows<{ actions: string[]; events: string[] }>(
        tx,
        sql`select (select array_agg(distinct entity || ':' || action order by entity || ':' || action) from audit_log) as actions,
          (select array_agg(distinct type order by type) from outbox_event) as events`,
      ),
    );
    expect(audit!.actions).toEqual(
      expect.arrayContaining(['interop_import:create', 'journal_entry:post_bulk', 'ledger_account:create']),
    );
    expect(audit!.events).toEqual(
      expect.arrayContaining(['interop.journal_imported', 'ledger.account_created', 'ledger.entries_posted']),
    );
  });

  it('a re-import of the same content adds nothing', async () => {
    const org = await newOrg(store);
    const file = path.join(TESTDATA, 'vat.journal');
    const first = await org.import(file);
    expect(first).toMatchObject({ imported: true, entries: 4, assertions: 3, baseCurrency: 'GBP' });
    const before = await bookCounts(store, org.orgId);
    const again = await org.import(
      journalFile(await import('node:fs').then((fs) => fs.readFileSync(file, 'utf8'))),
    );
    expect(again).toMatchObject({ imported: false, importId: first.importId, entries: 0 });
    expect(await bookCounts(store, org.orgId)).toEqual(before);
  });

  it('two imports of one file at the same time: one adds the entries, the other finds it done', async () => {
    const org = await newOrg(store);
    const { text } = await generateJournal({ transactions: 300, seed: 5 });
    const [a, b] = await Promise.all([org.import(journalFile(text)), org.import(journalFile(text))]);
    expect([a.imported, b.imported].sort()).toEqual([false, true]);
    expect(a.importId).toBe(b.importId);
    expect(await bookCounts(store, org.orgId)).toMatchObject({ entries: 300, imports: 1 });
    expect(await verifyLedger(store.db, org.orgId)).toMatchObject({ ok: true, entries: 300 });
  });

  it('rejects the unbalanced inputs of check-balanced.test with the line, importing nothing', async () => {
    const inputs = [...shelltestInputs(path.join(TESTDATA, 'check-balanced.test')).values()];
    expect(inputs).toHaveLength(1);
    for (const input of inputs) {
      const org = await newOrg(store);
      const file = journalFile(input.replace(/^(\s+)a /m, '$1assets:a ').replace(/^(\s+)b /m, '$1assets:b '));
      expect(hledgerAccepts(journalFile(input))).toBe(true); // hledger 1.25 infers a price; newer ones refuse
      const error = await refused(org.import(file));
      expect(error.line).toBe(1);
      expect(error.message).toMatch(/^line 1: the transaction does not balance/);
      expect(await bookCounts(store, org.orgId)).toMatchObject({ ...EMPTY, accounts: 0 });
    }
  });

  it('a bad line 1000 lines in leaves nothing: no entries, accounts, rollups or import', async () => {
    const { text } = await generateJournal({ transactions: 1500, seed: 7 });
    const lines = text.split('\n');
    const at = lines.findIndex((l, i) => i >= 2500 && /^\d{4}-/.test(l));
    lines.splice(at + 1, 0, '    assets:bank:checking  12 POTATOES');
    const org = await newOrg(store);
    const error = await refused(org.import(journalFile(lines.join('\n'))));
    expect(error.line).toBe(at + 2);
    expect(error.reason).toMatch(/"POTATOES" is not a currency/);
    expect(await bookCounts(store, org.orgId)).toMatchObject({ ...EMPTY, accounts: 0 });
  });

  it('a posting the ledger refuses in the last batch rolls back the batches posted before it', async () => {
    const org = await newOrg(store);
    const { text } = await generateJournal({ transactions: 2200, seed: 8, secondCurrency: false });
    // An archived account takes no postings; the journal uses it only in its very last transaction.
    const archived = await withOrg(store.db, org.orgId, async (tx) => {
      const a = await createAccount(tx, org.actor, { name: 'expenses:closed', type: 'expense' });
      return archiveAccount(tx, org.actor, a.id);
    });
    expect(archived.archivedAt).not.toBeNull();
    const full = `${text}\n2023-12-31 late\n    expenses:closed  $5\n    assets:cash\n`;
    const error = await refused(org.import(journalFile(full)));
    expect(error.line).toBe(full.split('\n').indexOf('    expenses:closed  $5') + 1);
    expect(error.reason).toMatch(/"expenses:closed" is archived/);
    expect(await bookCounts(store, org.orgId)).toEqual({ ...EMPTY, accounts: 1 });
    expect(await verifyLedger(store.db, org.orgId)).toMatchObject({ ok: true, entries: 0 });
  });

  it('refuses entries in a locked period, naming the line', async () => {
    const org = await newOrg(store);
    await org.import(journalFile('2024-01-01 opening\n    assets:bank  $10\n    equity:opening\n'));
    await withOrg(store.db, org.orgId, (tx) =>
      setLockDates(tx, org.actor, { lockDate: '2024-03-31', nonAccountantLockDate: null }),
    );
    const error = await refused(
      org.import(
        journalFile(
          '2024-04-01 fine\n    assets:bank  $1\n    equity:opening\n\n2024-03-31 locked\n    assets:bank  $1\n    equity:opening\n',
        ),
      ),
    );
    expect(error.line).toBe(5);
    expect(error.reason).toMatch(/locked/i);
    expect(await bookCounts(store, org.orgId)).toMatchObject({ entries: 1, imports: 1 });
  });

  it('imports into the existing chart by full name and adds to existing books', async () => {
    const org = await newOrg(store);
    await org.import(path.join(TESTDATA, 'sample.journal'));
    const more = journalFile('2009-01-01 more\n    assets:bank:checking  $5\n    income:salary\n');
    expect(await org.import(more)).toMatchObject({ imported: true, entries: 1, accountsCreated: 0 });
    expect(await verifyLedger(store.db, org.orgId)).toMatchObject({ ok: true, entries: 6 });
  });

  it('refuses a file that is not UTF-8, and one that changes between its two readings', async () => {
    const org = await newOrg(store);
    const latin1 = journalFile('');
    writeFileSync(latin1, Buffer.from('2024-01-01 caf\xe9\n  assets:a  $1\n  equity:b\n', 'latin1'));
    const error = await refused(org.import(latin1));
    expect(error.reason).toMatch(/not UTF-8/);
    let reads = 0;
    const changing = () => {
      reads++;
      return textLines(`2024-01-01 x\n  assets:a  $${reads}\n  equity:b\n`);
    };
    const changed = await importHledgerJournal(store.db, org.actor, 'changing.journal', {
      lines: changing,
    }).catch((e: unknown) => e);
    expect(changed).toMatchObject({ code: 'FILE_CHANGED' });
    expect(await bookCounts(store, org.orgId)).toMatchObject(EMPTY);
  });

  it('needs a type for top levels it cannot tell, and says how to declare one', async () => {
    const org = await newOrg(store);
    const error = await refused(org.import(journalFile('2024-01-01 x\n    a  $1\n    b\n')));
    expect(error.line).toBe(2);
    expect(error.reason).toMatch(/cannot tell the type of account "a".*`account a {2}; type: A`/);
    const typed = journalFile(
      'account a  ; type: A\naccount b\n  ; type: E\n\n2024-01-01 x\n    a  $1\n    b\n',
    );
    expect(await org.import(typed)).toMatchObject({ imported: true, entries: 1, accountsCreated: 2 });
  });
});

describe('balance assertions, checked after posting as hledger checks them', () => {
  // Shaped like assertions.test 1–3 and 7, 16, 17, 26 with typed accounts and real postings (the
  // originals use virtual postings and commodities that are not currencies, which Ordo refuses).
  const journals: [string, string, number | null][] = [
    [
      'running balances, same-date order, inclusive and total assertions',
      `P 2013/1/1 EUR $1.10

2013/1/1
  assets:a    $1  =$1
  equity:b   $-1  =-$1

2013/1/2
  assets:a    $1  =$2
  equity:b   $-1  =$-2

2013/1/3
  assets:a    $1  = $3
  equity:b   $-1  = $-3
  equity:b    $1  = $-2
  equity:c   $-1

2013/1/4
  assets:a:x   $5
  assets:a     2 EUR
  equity:c     $0  == $-1
  equity:c

2013/1/5
  assets:a     $0  =* $8
  assets:a     $0  =  $3
  assets:a:x   $1  == $6
  equity:c
`,
      null,
    ],
    [
      'order of the file does not matter, dates do',
      `2013/1/1
  assets:a    $1  =$1
  equity:b   $-1

2013/1/3
  assets:a    $1  = $3
  equity:b

2013/1/2
  assets:a    $1  =$2
  equity:b
`,
      null,
    ],
    [
      'a later posting on the same date is not seen (assertions.test 3)',
      `2013/1/1
  assets:a    $1  =$1
  equity:b   $-1  =-$1

2013/1/2
  assets:a    $2
  equity:b    $1  = $-2
  equity:b   $-3
`,
      7,
    ],
    [
      'a total assertion sees the other commodity (assertions.test 17)',
      `P 2016/1/1 EUR $1.10
2016/1/1
    assets:a      $1
    equity:b

2016/1/2
    assets:a       1 EUR
    equity:b

2016/1/3
    assets:a       $0 == $1
    equity:b       $0
`,
      11,
    ],
  ];
  for (const [what, text, failingLine] of journals)
    it(what, async () => {
      const file = journalFile(text);
      expect(hledgerAccepts(file)).toBe(failingLine === null);
      const org = await newOrg(store);
      if (failingLine === null) {
        const result = await org.import(file);
        expect(result.assertions).toBeGreaterThan(0);
        expect(await ourTrialBalance(store, org.orgId)).toEqual(hledgerBalance(file));
      } else {
        const error = await refused(org.import(file));
        expect(error.line).toBe(failingLine);
        expect(error.reason).toMatch(/balance assertion.*failed/);
        expect(await bookCounts(store, org.orgId)).toMatchObject({ ...EMPTY, accounts: 0 });
      }
    });

  it('vat.journal asserts £0 three times and passes; a wrong assertion stops the import', async () => {
    const text = await import('node:fs').then((fs) =>
      fs.readFileSync(path.join(TESTDATA, 'vat.journal'), 'utf8'),
    );
    const org = await newOrg(store);
    const wrong = journalFile(
      text.replace(
        'liabilities:vat:payable                      £80 = £0',
        'liabilities:vat:payable                      £80 = £1',
      ),
    );
    expect(hledgerAccepts(wrong)).toBe(false);
    const error = await refused(org.import(wrong));
    expect(error.message).toMatch(
      /^line \d+: balance assertion failed: liabilities:vat:payable is 0\.00 GBP here, the file asserts 1\.00 GBP/,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(await bookCounts(store, org.orgId)).toMatchObject(EMPTY);
  });
});
