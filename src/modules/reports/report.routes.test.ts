import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../api/test-app.ts';
import { systemActor } from '../../core/actor.ts';
import { updateCompanyProfile } from '../company/index.ts';
import { createApiKey } from '../identity/api-key.service.ts';
import { createFixedLedger, type FixedLedger } from './reports.test-kit.ts';

// The reports through HTTP: JSON with drill-down ids, downloads as CSV, XLSX (read back) and PDF
// (parsed and rendered), bad input named by field, and the permission.

let t: TestApp;
let books: FixedLedger;
let accountant: { key: string };
let member: { key: string };
let workDir: string;

beforeAll(async () => {
  t = await createTestApp();
  books = await createFixedLedger(t.store);
  await updateCompanyProfile(t.store.db, books.org.owner, {
    legalName: 'Acme Widgets Limited',
    tradingName: 'Acme Widgets',
    country: 'GB',
    baseCurrency: 'GBP',
    fiscalYearStart: '01-01',
  });
  const key = async (role: 'accountant' | 'member') => ({
    key: (await createApiKey(t.store.db, systemActor(books.org.orgId), { name: role, role })).key,
  });
  accountant = await key('accountant');
  member = await key('member');
  workDir = mkdtempSync(path.join(tmpdir(), 'ordo-reports-'));
}, 60_000);
afterAll(async () => {
  await t.close();
  rmSync(workDir, { recursive: true, force: true });
});

const get = (url: string, as = accountant) => t.call('GET', url, undefined, as);
async function download(url: string) {
  const res = await t.app.request(url, { headers: { authorization: `Bearer ${accountant.key}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('GET /api/reports/…', () => {
  it('returns the trial balance with amounts as integers and account ids on every row', async () => {
    const res = await get('/api/reports/trial-balance?asOf=2026-03-31');
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(12);
    expect(res.body.rows[1]).toMatchObject({
      accountId: books.org.id('assets:bank:current account'),
      accountName: 'assets:bank:current account',
      currency: 'GBP',
      debit: 1_037_655,
      credit: 0,
      balance: 1_037_655,
    });
    expect(res.body.baseTotals).toEqual({ debit: 1_223_000, credit: 1_223_000, balance: 0 });
  });

  it('returns the income statement by month with a comparison', async () => {
    const res = await get(
      '/api/reports/income-statement?from=2026-01-01&to=2026-03-31&columns=month&compare=prior-year',
    );
    expect(res.status).toBe(200);
    expect(res.body.columns.map((c: { label: string }) => c.label)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      'Total',
      'Prior year',
      'Change',
    ]);
    expect(res.body.netIncome).toEqual([100_000, -42_000, 17_655, 75_655, 0, 75_655]);
    expect(res.body.income.rows[1]).toMatchObject({
      name: 'income:sales',
      accountId: books.org.id('income:sales'),
    });
  });

  it('returns a balance sheet that balances and a cash flow that reconciles', async () => {
    const sheet = await get('/api/reports/balance-sheet?asOf=2026-03-31');
    expect(sheet.body).toMatchObject({ balanced: true, difference: [0], currentYearEarnings: [75_655] });
    const flow = await get('/api/reports/cash-flow?from=2026-01-01&to=2026-03-31');
    expect(flow.body).toMatchObject({ reconciles: true, netIncome: 75_655, netCashFlow: 997_655 });
  });

  it('pages the general ledger and shows one account’s activity with entry ids and sources', async () => {
    const first = await get('/api/reports/general-ledger?from=2026-01-01&to=2026-01-31&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.accounts.flatMap((a: { lines: unknown[] }) => a.lines)).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(
      `/api/reports/general-ledger?from=2026-01-01&to=2026-01-31&limit=50&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.nextCursor).toBeNull();
    const names = [...first.body.accounts, ...second.body.accounts].map((a: { name: string }) => a.name);
    expect(names).toContain('liabilities:sales tax');
    const activity = await get(
      `/api/reports/account-activity?accountId=${books.org.id('assets:accounts receivable')}&from=2026-01-01&to=2026-02-28`,
    );
    expect(
      activity.body.lines.map((l: { entryId: string; balance: number }) => [l.entryId, l.balance]),
    ).toEqual([
      [books.entries.invoice, 120_000],
      [books.entries.dollarInvoice, 10_000],
      [books.entries.payment, 0],
    ]);
    expect(activity.body.lines[0].source).toEqual({ type: 'sales.invoice', id: 'inv_1' });
    expect(activity.body.closing).toEqual([{ currency: 'USD', amount: 10_000, baseAmount: 8_000 }]);
  });

  it('refuses bad input with a 4xx naming the field, and unknown accounts with 404', async () => {
    const badDate = await get('/api/reports/cash-flow?from=2026-02-30&to=2026-03-31');
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details.field).toBe('query.from');
    const reversed = await get('/api/reports/income-statement?from=2026-04-01&to=2026-03-31');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error).toMatchObject({ code: 'DATE_RANGE_REVERSED', details: { field: 'from' } });
    const badFormat = await get('/api/reports/trial-balance?format=docx');
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.details.field).toBe('query.format');
    const missing = await get('/api/reports/general-ledger?from=2026-01-01');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.field).toBe('query.to');
    const unknown = await get(
      '/api/reports/account-activity?accountId=acc_nothere00000&from=2026-01-01&to=2026-01-31',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ACCOUNT_NOT_FOUND');
    for (const url of [
      '/api/reports/account-activity?accountId=x&from=0001-01-01&to=9999-12-31',
      '/api/reports/general-ledger?from=0001-01-01&to=9999-12-31',
      '/api/reports/cash-flow?from=0001-01-01&to=9999-12-31',
      '/api/reports/balance-sheet?asOf=9999-12-31',
      '/api/reports/income-statement?from=1000-01-01&to=9998-12-31&compare=prior-period',
    ]) {
      const edge = await get(url);
      expect(edge.status, url).toBe(400);
      expect(edge.body.error.code, url).toBe('DATE_OUT_OF_RANGE');
    }
    const tooMany = await get('/api/reports/income-statement?from=1990-01-01&to=2026-01-31&columns=month');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.field).toBe('columns');
  });

  it("never reads another organization's account", async () => {
    const other = await createFixedLedger(t.store);
    const theirs = other.org.id('assets:bank:current account');
    const activity = await get(
      `/api/reports/account-activity?accountId=${theirs}&from=2026-01-01&to=2026-12-31`,
    );
    expect(activity.status).toBe(404);
    expect(JSON.stringify(activity.body)).not.toContain(other.org.slug);
    const ledger = await get(`/api/reports/general-ledger?accountId=${theirs}&from=2026-01-01&to=2026-12-31`);
    expect(ledger.status).toBe(404);
    // And their postings do not leak into our figures.
    const trial = await get('/api/reports/trial-balance?asOf=2026-03-31');
    expect(trial.body.baseTotals.debit).toBe(1_223_000);
  });

  it('needs ledger:read', async () => {
    const res = await get('/api/reports/trial-balance', member);
    expect(res.status).toBe(403);
    const file = await t.call('GET', '/api/reports/trial-balance?format=pdf', undefined, member);
    expect(file.status).toBe(403);
  });
});

describe('report downloads', () => {
  it('sends CSV with a file name', async () => {
    const res = await download('/api/reports/trial-balance?asOf=2026-03-31&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="trial-balance-2026-03-31.csv"',
    );
    const lines = res.bytes.toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('Account,Currency,Debit,Credit,Balance GBP');
    expect(lines[1]).toBe('assets:accounts receivable,USD,100.00,,80.00');
    expect(lines.at(-1)).toBe('Total in GBP,GBP,12230.00,12230.00,0.00');
    const statement = await download(
      '/api/reports/income-statement?from=2026-01-01&to=2026-03-31&format=csv',
    );
    expect(statement.bytes.toString('utf8')).toContain('\nsales,1080.00\n');
  });

  it('sends XLSX whose cells hold the figures as numbers', async () => {
    const res = await download(
      '/api/reports/income-statement?from=2026-01-01&to=2026-03-31&columns=month&format=xlsx',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="income-statement-2026-01-01-to-2026-03-31.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('Acme Widgets');
    expect(sheet.getCell('A2').value).toBe('Income statement');
    expect([1, 2, 3, 4, 5].map((c) => sheet.getRow(5).getCell(c).value)).toEqual([
      'Account',
      '2026-01',
      '2026-02',
      '2026-03',
      'Total',
    ]);
    const rows = sheet.getSheetValues().slice(6) as unknown[][];
    const sales = rows.find((r) => r?.[1] === 'sales')!;
    expect(sales.slice(2, 6)).toEqual([1000, 80, 0, 1080]);
    const net = rows.find((r) => r?.[1] === 'Net income')!;
    expect(net.slice(2, 6)).toEqual([1000, -420, 176.55, 756.55]);
    expect(sheet.getRow(rows.indexOf(sales) + 6).getCell(2).numFmt).toBe('#,##0.00;-#,##0.00');
  });

  it('sends a PDF with the company name that renders to pages', async () => {
    const res = await download(
      '/api/reports/balance-sheet?asOf=2026-03-31&compareAsOf=2025-12-31&format=pdf',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(workDir, 'balance-sheet.pdf');
    writeFileSync(file, res.bytes);
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toMatch(/Title:\s+Balance sheet — Acme Widgets/);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toMatch(/Acme Widgets/);
    expect(text).toMatch(/Total liabilities and equity\s+11,606\.55\s+400\.00/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(workDir, 'page')]);
    expect(readFileSync(path.join(workDir, 'page-1.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('exports the whole general ledger across pages', async () => {
    const res = await download('/api/reports/general-ledger?from=2025-01-01&to=2026-12-31&format=csv');
    const text = res.bytes.toString('utf8');
    expect(text.split('\n')[0]).toBe('Date,Entry,Description,Currency,Debit,Credit,Balance');
    expect(text.match(/^\d{4}-\d{2}-\d{2},#/gm)).toHaveLength(23);
    const pdf = await download(
      `/api/reports/account-activity?accountId=${books.org.id('assets:bank:current account')}&from=2025-01-01&to=2026-12-31&format=pdf`,
    );
    expect(pdf.status).toBe(200);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
