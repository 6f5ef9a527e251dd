import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStoreKind } from '../db/test-db.ts';
import { createFixedLedger, type FixedLedger } from '../modules/reports/reports.test-kit.ts';
import type { Services } from '../services.ts';
import { createCliTestServices, runCli } from './cli.test-kit.ts';

// `ordo report …` prints the reports: csv exactly as the hledger oracle tests read it, a readable
// table otherwise, errors on stderr with a non-zero exit.

let svc: Services;
let books: FixedLedger;

beforeAll(async () => {
  svc = await createCliTestServices();
  books = await createFixedLedger(svc.store);
}, 60_000);
afterAll(() => svc.close());

describe('ordo report trial-balance', () => {
  it('prints csv: account by full name, currency, balance in major units, debits positive', async () => {
    const run = await runCli(svc, [
      'report',
      'trial-balance',
      '--org',
      books.org.slug,
      '--as-of',
      '2026-02-28',
      '--format',
      'csv',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      [
        'account,currency,balance',
        'assets:accounts receivable,USD,100.00',
        'assets:bank:current account,GBP,11100.00',
        'equity:owner capital,GBP,-10000.00',
        'expenses:rent,GBP,500.00',
        'income:sales,GBP,-1400.00',
        'income:sales,USD,-100.00',
        'liabilities:sales tax,GBP,-200.00',
      ].join('\n'),
    );
  });

  it('prints a table for people, today by default', async () => {
    const run = await runCli(svc, ['report', 'trial-balance', '--org', books.org.slug]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Ledger Test Ltd: Trial balance');
    expect(lines[1]).toMatch(/^At \d{1,2} \w{3} \d{4} · base currency GBP$/);
    expect(run.stdout).toMatch(/\nassets:bank:current account\s+GBP\s+12,376\.55\s+12,376\.55\n/);
    expect(run.stdout).toMatch(/\nequity:owner capital\s+GBP\s+10,000\.00\s+-10,000\.00\n/);
    expect(run.stdout).toMatch(/\nTotal GBP\s+GBP\s+14,150\.00\s+14,150\.00\n/);
    expect(run.stdout).toMatch(/\nTotal in GBP\s+GBP\s+14,230\.00\s+14,230\.00\s+0\.00$/);
  });

  it('reports bad input on stderr with a non-zero exit', async () => {
    const badDate = await runCli(svc, [
      'report',
      'trial-balance',
      '--org',
      books.org.slug,
      '--as-of',
      '2026-02-31',
    ]);
    expect(badDate).toMatchObject({ code: 2, stdout: '' });
    expect(badDate.stderr).toMatch(/asOf: "2026-02-31" is not a date/);
    const badFormat = await runCli(svc, [
      'report',
      'trial-balance',
      '--org',
      books.org.slug,
      '--format',
      'json',
    ]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/format: "json" is not one of table, csv/);
    const noOrg = await runCli(svc, ['report', 'trial-balance', '--org', 'no-such-org']);
    expect(noOrg.code).toBe(1);
    expect(noOrg.stderr).toMatch(/No organization with the slug "no-such-org"/);
  });
});

describe('ordo report income-statement', () => {
  it('prints csv per income and expense account and currency, both dates inclusive', async () => {
    const run = await runCli(svc, [
      'report',
      'income-statement',
      '--org',
      books.org.slug,
      '--from',
      '2026-02-03',
      '--to',
      '2026-03-31',
      '--format',
      'csv',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      [
        'account,currency,amount',
        'expenses:office,GBP,123.45',
        'expenses:rent,GBP,500.00',
        'income:sales,USD,-100.00',
        'income:services,GBP,-300.00',
      ].join('\n'),
    );
  });

  it('prints a table with the hierarchy, subtotals and net income', async () => {
    const run = await runCli(svc, [
      'report',
      'income-statement',
      '--org',
      books.org.slug,
      '--from',
      '2026-01-01',
      '--to',
      '2026-03-31',
      '--columns',
      'month',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Ledger Test Ltd: Income statement\n1 Jan 2026 to 31 Mar 2026 · GBP\n/);
    expect(run.stdout).toMatch(/ACCOUNT\s+2026-01\s+2026-02\s+2026-03\s+TOTAL/);
    expect(run.stdout).toMatch(/\n {2}sales\s+1,000\.00\s+80\.00\s+0\.00\s+1,080\.00\n/);
    expect(run.stdout).toMatch(/\nNet income\s+1,000\.00\s+-420\.00\s+176\.55\s+756\.55$/);
  });

  it('requires both dates and refuses a reversed range', async () => {
    const missing = await runCli(svc, [
      'report',
      'income-statement',
      '--org',
      books.org.slug,
      '--from',
      '2026-01-01',
    ]);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe('Error: --to is required.');
    const reversed = await runCli(svc, [
      'report',
      'income-statement',
      '--org',
      books.org.slug,
      '--from',
      '2026-04-01',
      '--to',
      '2026-01-01',
    ]);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toMatch(/from: 2026-04-01 is after to/);
  });
});

describe('ordo report balance-sheet, cash-flow, general-ledger', () => {
  it('prints the balance sheet as a table, earnings on their own line', async () => {
    const run = await runCli(svc, [
      'report',
      'balance-sheet',
      '--org',
      books.org.slug,
      '--as-of',
      '2026-03-31',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Ledger Test Ltd: Balance sheet\nAt 31 Mar 2026 · GBP\n/);
    expect(run.stdout).toMatch(/\n {2}Current-year earnings\s+756\.55\n/);
    expect(run.stdout).toMatch(/\nTotal liabilities and equity\s+11,606\.55$/);
  });

  it('prints the cash flow as csv', async () => {
    const run = await runCli(svc, [
      'report',
      'cash-flow',
      '--org',
      books.org.slug,
      '--from',
      '2026-01-01',
      '--to',
      '2026-03-31',
      '--format',
      'csv',
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(',GBP');
    expect(lines).toContain('Net income,756.55');
    expect(lines).toContain('Net change in cash,9976.55');
  });

  it('prints one account’s ledger by its name, and names an unknown one', async () => {
    const run = await runCli(svc, [
      'report',
      'general-ledger',
      '--org',
      books.org.slug,
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-31',
      '--account',
      'assets:bank:current account',
      '--format',
      'csv',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'Date,Entry,Description,Currency,Debit,Credit,Balance',
      'assets:bank:current account,,,,,,',
      'Opening balance,,,GBP,,,11100.00',
      '2026-03-05,#7,Office supplies,GBP,,123.45,10976.55',
      '2026-03-15,#8,Laptop,GBP,,900.00,10076.55',
      '2026-03-31,#10,Consulting,GBP,300.00,,10376.55',
      'Closing balance,,,GBP,,,10376.55',
    ]);
    const unknown = await runCli(svc, [
      'report',
      'general-ledger',
      '--org',
      books.org.slug,
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-31',
      '--account',
      'assets:nowhere',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('Error: No account named "assets:nowhere". (ACCOUNT_NOT_FOUND)');
  });

  it('writes PDF and XLSX files with --output, and asks for --output when missing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ordo-report-out-'));
    try {
      const run = await runCli(
        svc,
        [
          'report',
          'trial-balance',
          '--org',
          books.org.slug,
          '--as-of',
          '2026-03-31',
          '--format',
          'pdf',
          '--output',
          'tb.pdf',
        ],
        { cwd: dir },
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Wrote .*tb\.pdf \([\d,]+ bytes\)\.$/);
      expect(readFileSync(path.join(dir, 'tb.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
      const xlsx = await runCli(
        svc,
        [
          'report',
          'income-statement',
          '--org',
          books.org.slug,
          '--from',
          '2026-01-01',
          '--to',
          '2026-03-31',
          '--format',
          'xlsx',
          '--output',
          'is.xlsx',
        ],
        { cwd: dir },
      );
      expect(xlsx.code).toBe(0);
      expect(readFileSync(path.join(dir, 'is.xlsx')).subarray(0, 2).toString()).toBe('PK');
      const missing = await runCli(svc, [
        'report',
        'cash-flow',
        '--org',
        books.org.slug,
        '--from',
        '2026-01-01',
        '--to',
        '2026-03-31',
        '--format',
        'pdf',
      ]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toBe('Error: --format pdf writes a file: name it with --output FILE.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(testStoreKind() !== 'pglite')('the real ordo binary', () => {
  it('prints an empty trial balance for new books', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ordo-report-cli-'));
    const ordo = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [path.resolve('bin/ordo.js'), ...args], {
          env: { ...process.env, ORDO_DATA_DIR: dataDir },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
    try {
      expect((await ordo(['org', 'create', 'fresh', '--name', 'Fresh Ltd'])).code).toBe(0);
      const run = await ordo([
        'report',
        'trial-balance',
        '--org',
        'fresh',
        '--as-of',
        '2026-01-31',
        '--format',
        'csv',
      ]);
      expect(run).toEqual({ code: 0, stdout: 'account,currency,balance\n', stderr: '' });
      const bad = await ordo([
        'report',
        'income-statement',
        '--org',
        'fresh',
        '--from',
        'yesterday',
        '--to',
        '2026-01-31',
      ]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/from: "yesterday" is not a date/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
