import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemActor } from '../../core/actor.ts';
import { currencyExponent, minorToDecimalString } from '../../core/money.ts';
import { queryRows, type Store, sql } from '../../db/client.ts';
import { readInOrg } from '../../db/tenancy.ts';
import { createOrganization } from '../identity/organization.service.ts';
import { incomeStatement, incomeStatementCsv, trialBalance, trialBalanceCsv } from '../reports/index.ts';
import { currencyOf } from './hledger-amount.ts';
import { importHledgerJournal } from './hledger-import.service.ts';

// Shared by the interop tests: journals on disk, hledger as the oracle, our reports as CSV rows.

export const TESTDATA = path.resolve('../shared/testdata/hledger');

const dir = mkdtempSync(path.join(tmpdir(), 'ordo-interop-'));
let files = 0;

/** Writes a journal to a temporary file and returns its path. */
export function journalFile(text: string, name = `j${++files}.journal`): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

let orgs = 0;

/** A new organization (no company profile, no chart), as `ordo import` creates one. */
export async function newOrg(store: Store) {
  const slug = `imp-${process.pid}-${++orgs}`;
  const org = await createOrganization(store.db, { name: slug, slug });
  const actor = systemActor(org.id, 'test');
  return {
    orgId: org.id,
    actor,
    import: (file: string) => importHledgerJournal(store.db, actor, file),
  };
}

/** `account,currency,amount` rows (our CSV or hledger's mapped to it), sorted, as one text. */
export type Rows = string[];

/** A decimal as hledger prints it (`1,000.50`, `-1000,50`, `10.0000`) in minor units. */
function hledgerNumber(text: string, currency: string): string {
  let t = text.trim();
  const lastPoint = t.lastIndexOf('.');
  const lastComma = t.lastIndexOf(',');
  let decimal = lastPoint > lastComma ? '.' : ',';
  // A single comma followed by exactly three digits is a thousands mark (hledger's own default).
  if (decimal === ',' && lastPoint < 0 && (t.split(',').length > 2 || /,\d{3}$/.test(t))) decimal = '.';
  t = t
    .replaceAll(decimal === '.' ? ',' : '.', '')
    .replace(decimal, '.')
    .replaceAll(' ', '');
  const negative = t.startsWith('-');
  const [whole = '0', fraction = ''] = t.replace(/^[-+]/, '').split('.');
  const digits = BigInt(`${whole}${fraction}` || '0');
  // Exact: hledger may print more decimals than the currency has, all of them zeros.
  const shift = currencyExponent(currency) - fraction.length;
  const minor = shift >= 0 ? digits * 10n ** BigInt(shift) : digits / 10n ** BigInt(-shift);
  if (shift < 0 && digits % 10n ** BigInt(-shift) !== 0n)
    throw new Error(`hledger printed ${text} for ${currency}`);
  return minorToDecimalString(negative ? -minor : minor, currency);
}

/** `hledger balance` over `file` as sorted rows `account,currency,amount`, commodities mapped to codes, zero sums dropped. */
export function hledgerBalance(file: string, args: string[] = []): Rows {
  const csv = execFileSync(
    'hledger',
    ['-f', file, 'balance', '--flat', '-N', '-O', 'csv', '--layout', 'bare', '--infer-equity', ...args],
    { encoding: 'utf8' },
  );
  const sums = new Map<string, bigint>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [account, commodity, balance] = parseCsvLine(line);
    if (!account || account === 'total' || commodity === undefined || balance === undefined) continue;
    const currency = currencyOf(commodity);
    if (!currency) throw new Error(`hledger shows commodity ${commodity}`);
    const value = hledgerNumber(balance, currency);
    const key = `${account}\u0001${currency}`;
    const minor = BigInt(value.replace('.', ''));
    sums.set(key, (sums.get(key) ?? 0n) + minor);
  }
  return [...sums.entries()]
    .filter(([, v]) => v !== 0n)
    .map(([key, v]) => {
      const [account, currency] = key.split('\u0001') as [string, string];
      return csvRow(account, currency, minorToDecimalString(v, currency));
    })
    .sort();
}

export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      cells.push(value);
      i++;
    } else {
      const end = line.indexOf(',', i);
      cells.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return cells;
}

const csvRow = (account: string, currency: string, amount: string) => `${account} | ${currency} | ${amount}`;

function rowsOfCsv(csv: string): Rows {
  return csv
    .split('\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => {
      const [account, currency, amount] = parseCsvLine(l);
      return csvRow(account!, currency!, amount!);
    })
    .sort();
}

/** Our trial balance at `asOf` (the reports module's CSV) as rows. */
export async function ourTrialBalance(store: Store, orgId: string, asOf = '2999-12-31'): Promise<Rows> {
  const report = await readInOrg(store.db, orgId, (tx) => trialBalance(tx, orgId, { asOf }));
  return rowsOfCsv(trialBalanceCsv(report));
}

/** Our income statement over a range (the reports module's CSV, hledger's signs) as rows. */
export async function ourIncomeStatement(
  store: Store,
  orgId: string,
  from: string,
  to: string,
): Promise<Rows> {
  const report = await readInOrg(store.db, orgId, (tx) => incomeStatement(tx, orgId, { from, to }));
  return rowsOfCsv(incomeStatementCsv(report)).filter((r) => !/ \| -?0(\.0+)?$/.test(r));
}

/** The day after `date` (hledger's -e is exclusive). */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The input journals of a shelltestrunner file, by the line of their `<`. */
export function shelltestInputs(file: string): Map<number, string> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const inputs = new Map<number, string>();
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '<') continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.startsWith('$ ')) body.push(lines[j++]!);
    inputs.set(i + 1, `${body.join('\n')}\n`);
  }
  return inputs;
}

/** Facts about what was imported into an organization: entries, lines, accounts, imports. */
export async function bookCounts(store: Store, orgId: string) {
  const [row] = await readInOrg(store.db, orgId, (tx) =>
    queryRows<{ entries: number; lines: number; accounts: number; imports: number; rollups: number }>(
      tx,
      sql`select (select count(*)::int from journal_entry) as entries, (select count(*)::int from journal_line) as lines,
        (select count(*)::int from ledger_account) as accounts, (select count(*)::int from interop_import) as imports,
        (select count(*)::int from ledger_balance) as rollups`,
    ),
  );
  return row!;
}
