import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { verifyLedger } from '../ledger/index.ts';
import { JournalError } from './hledger.parser.ts';
import {
  hledgerBalance,
  journalFile,
  newOrg,
  nextDay,
  ourIncomeStatement,
  ourTrialBalance,
  shelltestInputs,
  TESTDATA,
} from './interop.test-kit.ts';
import { writeJournal } from './journal-generator.ts';

// hledger as the oracle: import a journal, then our trial balance (reports module, CSV) must equal
// `hledger balance` and our income statement must equal `hledger balance type:RX` over the same
// dates, commodities mapped to currency codes, costs shown as hledger's --infer-equity shows them.

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

/**
 * The journals of ../shared/testdata/hledger we hold ourselves to, and why. Journals inside the
 * .test files are found by the line of their `<`. Out of scope, each refused by the importer with
 * the line and reason:
 * - balance.test cases 7–8 ("AB.C" is no currency), 10–12, 15–17, 21 (amounts without a commodity,
 *   top-level accounts a and b that have no type);
 * - close.test inputs at lines 86, 114, 195, 322, 339 (commodities A, B, C, AAA, ABC; sub-cent
 *   dollars), 230 (year 999999), 247 (a virtual posting), 283 (type G, unknown to hledger 1.25);
 * - assertions.test: every input uses untyped accounts (a, b, c), virtual postings, balance
 *   assignments, commodities that are not currencies or sub-cent amounts; its semantics (date order,
 *   order within a date, =, ==, =*) are tested on typed journals against `hledger check` in
 *   hledger-import.test.ts and on generated journals below;
 * - csv.test: its inputs are CSV files with rules, which this importer does not read;
 * - check-balanced.test: its one input is unbalanced and must be rejected (hledger-import.test.ts).
 */
const TESTDATA_JOURNALS: { name: string; text: () => string; why: string; contains?: string }[] = [
  {
    name: 'sample.journal',
    text: () => file('sample.journal'),
    why: '$ amounts, elided postings, statuses, four-level names',
  },
  {
    name: 'vat.journal',
    text: () => file('vat.journal'),
    why: '£, comments on transactions, three = £0 assertions',
  },
  {
    name: 'balance.test <line 27>',
    text: () => shelltest('balance.test', 27),
    contains: 'revenue:clients:A',
    why: '"payee | note" descriptions, $10,000.00 thousands marks, revenue and expense top levels (inputs of cases 3–6)',
  },
  {
    name: 'balance.test <line 153>',
    text: () => shelltest('balance.test', 153),
    contains: '$10 000.00',
    why: 'a space as thousands mark (case 9)',
  },
  {
    name: 'balance.test <line 280>',
    text: () => shelltest('balance.test', 280),
    contains: 'equity:start',
    why: 'amounts with a code after the number (case 22)',
  },
  { name: 'balance.test <empty>', text: () => '', why: 'the empty journal (cases 13, 14, 19)' },
  {
    name: 'close.test <line 3>',
    text: () => shelltest('close.test', 3),
    contains: 'liabilities         $25',
    why: 'opening balances, a top-level liabilities account (input of cases 1–5)',
  },
  {
    name: 'close.test <line 141>',
    text: () => shelltest('close.test', 141),
    contains: '@ 0.95 EUR',
    why: 'dollars paid out at a unit price in euros, an elided amount taking the euro remainder',
  },
  {
    name: 'close.test <line 303>',
    text: () => shelltest('close.test', 303),
    contains: 'equity:opening/closing balances',
    why: 'a slash in an account name',
  },
];

function file(name: string) {
  return readFileSync(path.join(TESTDATA, name), 'utf8');
}

function shelltest(name: string, line: number): string {
  const text = shelltestInputs(path.join(TESTDATA, name)).get(line);
  if (text === undefined) throw new Error(`${name} has no input at line ${line}`);
  return text;
}

/** The years a journal's entries span, from hledger's own reading of it. */
function yearsOf(text: string): number[] {
  const years = [...text.matchAll(/^(\d{4})[-/.]\d/gm)].map((m) => Number(m[1]));
  if (years.length === 0) return [];
  const first = Math.min(...years);
  const last = Math.max(...years);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

async function compareWithHledger(text: string, journal: string) {
  const org = await newOrg(store);
  const result = await org.import(journal);
  expect(result.imported).toBe(true);
  expect(await ourTrialBalance(store, org.orgId)).toEqual(hledgerBalance(journal));
  const years = yearsOf(text);
  for (const year of years) {
    // A trial balance in the middle of the books, and each year's income statement.
    expect(await ourTrialBalance(store, org.orgId, `${year}-06-30`), `trial balance ${year}-06-30`).toEqual(
      hledgerBalance(journal, ['-e', `${year}-07-01`]),
    );
    expect(
      await ourIncomeStatement(store, org.orgId, `${year}-01-01`, `${year}-12-31`),
      `income ${year}`,
    ).toEqual(hledgerBalance(journal, ['-b', `${year}-01-01`, '-e', `${year + 1}-01-01`, 'type:RX']));
  }
  if (years.length) {
    const from = `${years[0]}-03-15`;
    const to = `${years.at(-1)}-10-20`;
    expect(await ourIncomeStatement(store, org.orgId, from, to), `income ${from}..${to}`).toEqual(
      hledgerBalance(journal, ['-b', from, '-e', nextDay(to), 'type:RX']),
    );
  }
  expect(await verifyLedger(store.db, org.orgId)).toMatchObject({ ok: true, entries: result.entries });
  return result;
}

describe('our trial balance and income statement equal hledger 1.25 on the test data', () => {
  for (const j of TESTDATA_JOURNALS)
    it(`${j.name}: ${j.why}`, async () => {
      const text = j.text();
      if (j.contains) expect(text).toContain(j.contains);
      await compareWithHledger(text, journalFile(text));
    });
});

describe('…and on generated journals', () => {
  for (const [seed, transactions, secondCurrency] of [
    [1, 2500, true],
    [2, 1200, true],
    [3, 800, false],
  ] as const)
    it(`seed ${seed}: ${transactions} transactions${secondCurrency ? ', dollars and euros' : ''}`, async () => {
      const journal = journalFile('', `generated-${seed}.journal`);
      const info = await writeJournal(journal, { transactions, seed, secondCurrency });
      const result = await compareWithHledger(readFileSync(journal, 'utf8'), journal);
      expect(result.entries).toBe(transactions);
      expect(result.lines).toBeGreaterThanOrEqual(info.postings);
    }, 120_000);
});

describe('balance assertions in generated journals: hledger check and our import agree', () => {
  it('seed 9 with assertions passes both; the same journal with one asserted cent wrong fails both at that line', async () => {
    const journal = journalFile('', 'generated-assertions.journal');
    await writeJournal(journal, { transactions: 1500, seed: 9, assertions: true });
    const text = readFileSync(journal, 'utf8');
    execFileSync('hledger', ['-f', journal, 'check'], { stdio: 'pipe' });
    const result = await compareWithHledger(text, journal);
    expect(result.assertions).toBeGreaterThan(20);

    const lines = text.split('\n');
    const at = lines.findIndex((l, i) => i > lines.length / 2 && /= -?\d+\.\d\d USD$/.test(l));
    lines[at] = lines[at]!.replace(
      /(\d)(\d) USD$/,
      (_, a: string, b: string) => `${a}${(Number(b) + 1) % 10} USD`,
    );
    const broken = journalFile(lines.join('\n'));
    expect(() => execFileSync('hledger', ['-f', broken, 'check'], { stdio: 'pipe' })).toThrow(
      new RegExp(`line ${at + 1}`),
    );
    const org = await newOrg(store);
    await expect(org.import(broken)).rejects.toMatchObject({
      line: at + 1,
      reason: expect.stringMatching(/balance assertion failed/),
    });
  }, 300_000); // two hledger runs and two imports of 1,500 transactions: minutes on a loaded machine
});

describe('the test-data journals out of scope are refused, with a line and a reason', () => {
  const included: Record<string, number[]> = { 'balance.test': [27, 153, 280], 'close.test': [3, 141, 303] };
  for (const name of ['balance.test', 'close.test', 'assertions.test'])
    it(name, async () => {
      const refused: string[] = [];
      const inputs = shelltestInputs(path.join(TESTDATA, name));
      const compared = new Set((included[name] ?? []).map((line) => inputs.get(line)));
      for (const [line, text] of inputs) {
        // Compared above (cases 4–6 of balance.test repeat the input of case 3), or empty.
        if (compared.has(text) || text.trim() === '') continue;
        const org = await newOrg(store);
        const outcome = await org.import(journalFile(text)).then(
          (r) => `imported ${r.entries}`,
          (e: unknown) => (e instanceof JournalError ? `line ${e.line}` : String(e)),
        );
        refused.push(`${line}: ${outcome}`);
      }
      expect(refused.length).toBeGreaterThan(0);
      for (const outcome of refused) expect(outcome).toMatch(/^\d+: line \d+$/);
    });
});
