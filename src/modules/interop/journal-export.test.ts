import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minorToDecimalString } from '../../core/money.ts';
import type { Store } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { hledgerBalance, journalFile, newOrg, ourTrialBalance, TESTDATA } from './interop.test-kit.ts';
import { exportBeancount, exportHledger } from './journal-export.ts';
import { writeJournal } from './journal-generator.ts';

// Exports that other tools accept and that reproduce our balances: hledger reads the hledger export
// to our trial balance, Ordo reads it back to the same books; bean-check accepts the beancount
// export and bean-report's balances, mapped back through the recorded names, are ours.

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(() => store.close());

async function exported(fn: typeof exportHledger, org: Awaited<ReturnType<typeof newOrg>>) {
  let text = '';
  const result = await fn(store.db, org.actor, (chunk) => {
    text += chunk;
  });
  return { text, entries: result.entries };
}

/** bean-report's `balances` as our rows, accounts mapped back by the `name` metadata of each open. */
function beancountBalances(file: string, text: string): string[] {
  const names = new Map<string, string>();
  for (const m of text.matchAll(/^\d{4}-\d{2}-\d{2} open (\S+)\n {2}name: "((?:[^"\\]|\\.)*)"/gm))
    names.set(m[1]!, m[2]!.replace(/\\(.)/g, '$1'));
  const out = execFileSync('bean-report', [file, 'balances'], { encoding: 'utf8' });
  const rows: string[] = [];
  for (const line of out.split('\n')) {
    const m = /^(\S+)\s+(-?[\d.,]+)\s+([A-Z]{3})$/.exec(line.trim());
    if (!m) continue;
    const name = names.get(m[1]!);
    if (!name) throw new Error(`bean-report shows ${m[1]}, which no open directive names`);
    const minor = BigInt(m[2]!.replaceAll(',', '').replace('.', ''));
    if (minor !== 0n) rows.push(`${name} | ${m[3]} | ${minorToDecimalString(minor, m[3]!)}`);
  }
  return rows.sort();
}

describe('exports', () => {
  const sources: [string, () => Promise<string>][] = [
    ['sample.journal', async () => path.join(TESTDATA, 'sample.journal')],
    ['vat.journal', async () => path.join(TESTDATA, 'vat.journal')],
    [
      'a generated journal with euros, prices, codes, statuses and comments',
      async () => {
        const file = journalFile('', 'export-source.journal');
        await writeJournal(file, { transactions: 1300, seed: 11 });
        return file;
      },
    ],
  ];
  for (const [what, source] of sources)
    it(`${what}: hledger and Ordo read the hledger export back to the same books; bean-check accepts the beancount export and bean-report agrees`, async () => {
      const org = await newOrg(store);
      const imported = await org.import(await source());
      const ours = await ourTrialBalance(store, org.orgId);
      expect(ours.length).toBeGreaterThan(0);

      const hledger = await exported(exportHledger, org);
      expect(hledger.entries).toBe(imported.entries);
      const hledgerFile = journalFile(hledger.text);
      expect(hledgerBalance(hledgerFile)).toEqual(ours);
      // Dates, statuses, codes, payees, comments and memos survive: the books imported from the export
      // export to the very same text.
      const again = await newOrg(store);
      await again.import(hledgerFile);
      expect(await ourTrialBalance(store, again.orgId)).toEqual(ours);
      expect((await exported(exportHledger, again)).text).toBe(hledger.text);

      const beancount = await exported(exportBeancount, org);
      expect(beancount.text).toContain(`option "operating_currency" "${imported.baseCurrency}"`);
      const beanFile = journalFile(beancount.text, `export-${org.orgId}.beancount`);
      execFileSync('bean-check', [beanFile], { stdio: 'pipe' }); // throws unless it exits 0
      expect(beancountBalances(beanFile, beancount.text)).toEqual(ours);
    }, 120_000);

  it('writes what hledger keeps: status, code, payee | note, comments, secondary dates', async () => {
    const org = await newOrg(store);
    await org.import(
      journalFile(`account assets:bank  ; type: A
account income:sales  ; type: R

2024-03-01=2024-03-03 * (INV-9) Acme | March  ; first
    ; second
    ! assets:bank  $10.00  ; memo
    income:sales
`),
    );
    const { text } = await exported(exportHledger, org);
    expect(text).toContain(`2024-03-01=2024-03-03 * (INV-9) Acme | March  ; first
    ; second
    ! assets:bank  10.00 USD  ; memo
    income:sales  -10.00 USD
`);
    expect(text).toContain('account income:sales  ; type: R');
    const bean = (await exported(exportBeancount, org)).text;
    expect(bean).toContain(`2024-03-01 * "Acme" "March"
  code: "INV-9"
  comment: "first
second"
  date2: "2024-03-03"
  ! Assets:Bank  10.00 USD
    memo: "memo"
  Income:Sales  -10.00 USD
`);
    expect(bean).toContain('open Income:Sales\n  name: "income:sales"');
    execFileSync('bean-check', [journalFile(bean, 'kept.beancount')], { stdio: 'pipe' });
  });
});
