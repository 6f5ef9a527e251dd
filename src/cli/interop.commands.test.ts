import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hledgerBalance, parseCsvLine } from '../modules/interop/interop.test-kit.ts';
import type { Services } from '../services.ts';
import { createCliTestServices, runCli } from './cli.test-kit.ts';

// `ordo import hledger` / `ordo export hledger|beancount` as a user runs them: files relative to the
// working directory, counts on stdout, --json for scripts, errors with the journal line on stderr;
// and the reports' CSV (`ordo report … --format csv`) equal to hledger's on what was imported.

const TESTDATA = path.resolve('../shared/testdata/hledger');
let svc: Services;
let work: string;

beforeAll(async () => {
  svc = await createCliTestServices();
  work = mkdtempSync(path.join(tmpdir(), 'ordo-interop-cli-'));
}, 60_000);
afterAll(() => svc.close());

/** CSV rows (header dropped) as `account | currency | amount`, sorted. */
const csvRows = (csv: string) =>
  csv
    .trim()
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => parseCsvLine(l).join(' | '))
    .sort();

describe('ordo import hledger / export', () => {
  it('imports a file relative to the working directory, creating the organization, and adds nothing the second time', async () => {
    const first = await runCli(svc, ['import', 'hledger', 'sample.journal', '--org', 'books'], {
      cwd: TESTDATA,
    });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(
      /^Imported 5 entries \(11 postings\) into books: 8 accounts created, 0 balance assertions checked, books in USD, [\d.]+ s\.$/,
    );
    const again = await runCli(svc, ['import', 'hledger', 'sample.journal', '--org', 'books', '--json'], {
      cwd: TESTDATA,
    });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ org: 'books', imported: false, entries: 0, lines: 0 });
    expect((await runCli(svc, ['ledger', 'verify', '--org', 'books'])).code).toBe(0);
  });

  it('the reports say what hledger says about the imported journal', async () => {
    const file = path.join(TESTDATA, 'sample.journal');
    const trial = await runCli(svc, [
      'report',
      'trial-balance',
      '--org',
      'books',
      '--as-of',
      '2008-12-31',
      '--format',
      'csv',
    ]);
    expect(trial.code).toBe(0);
    expect(trial.stdout.split('\n')[0]).toBe('account,currency,balance');
    expect(csvRows(trial.stdout)).toEqual(hledgerBalance(file, ['-e', '2009-01-01']));
    const income = await runCli(svc, [
      'report',
      'income-statement',
      '--org',
      'books',
      '--from',
      '2008-01-01',
      '--to',
      '2008-12-31',
      '--format',
      'csv',
    ]);
    expect(income.code).toBe(0);
    expect(csvRows(income.stdout)).toEqual(
      hledgerBalance(file, ['-b', '2008-01-01', '-e', '2009-01-01', 'type:RX']),
    );
  });

  it('exports hledger to stdout and beancount to a file that bean-check accepts', async () => {
    const hledger = await runCli(svc, ['export', 'hledger', '--org', 'books']);
    expect(hledger.code).toBe(0);
    const exported = path.join(work, 'books.journal');
    writeFileSync(exported, `${hledger.stdout}\n`);
    expect(hledgerBalance(exported)).toEqual(hledgerBalance(path.join(TESTDATA, 'sample.journal')));
    const bean = await runCli(svc, ['export', 'beancount', '--org', 'books', '--output', 'books.beancount'], {
      cwd: work,
    });
    expect(bean).toMatchObject({ code: 0, stdout: '' });
    expect(bean.stderr).toMatch(/Wrote 5 entries to .*books\.beancount/);
    const text = readFileSync(path.join(work, 'books.beancount'), 'utf8');
    expect(text).toContain('option "operating_currency" "USD"');
    execFileSync('bean-check', [path.join(work, 'books.beancount')], { stdio: 'pipe' });
  });

  it('stops at a line it cannot read, with the line and reason, exit 2, nothing imported', async () => {
    writeFileSync(
      path.join(work, 'bad.journal'),
      '2024-01-01 fine\n  assets:a  $1\n  equity:b\n\n2024-01-02 bad\n  assets:a  1 XYZZY\n  equity:b\n',
    );
    const bad = await runCli(svc, ['import', 'hledger', 'bad.journal', '--org', 'bad-books'], { cwd: work });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Error: line 6: the commodity "XYZZY" is not a currency/);
    const trial = await runCli(svc, ['report', 'trial-balance', '--org', 'bad-books', '--format', 'csv']);
    expect(trial.stdout).toBe('account,currency,balance');
    const missing = await runCli(svc, ['import', 'hledger', 'nowhere.journal', '--org', 'books'], {
      cwd: work,
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Error: There is no file .*nowhere\.journal\. \(FILE_NOT_FOUND\)$/);
  });
});
