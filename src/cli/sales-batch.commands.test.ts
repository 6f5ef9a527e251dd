import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesOrg, type SalesOrg } from '../modules/sales/sales.test-kit.ts';
import type { Services } from '../services.ts';
import { createCliTestServices, runCli } from './cli.test-kit.ts';

// `ordo import customers|invoices` and `ordo export <list>` as a user runs them: files relative to
// the working directory, a dry run that writes nothing, errors by row and column with exit 1,
// --json for scripts, and exports to stdout (CSV) or a file (CSV, XLSX).

let svc: Services;
let s: SalesOrg;
let work: string;

beforeAll(async () => {
  svc = await createCliTestServices();
  s = await createSalesOrg(svc.store);
  work = mkdtempSync(path.join(tmpdir(), 'ordo-sales-batch-cli-'));
  writeFileSync(
    path.join(work, 'customers.csv'),
    'Nom;Courriel;Pays\nAcme SARL;compta@acme.example;FR\nBolt GmbH;ap@bolt.example;DE\n',
  );
  writeFileSync(
    path.join(work, 'invoices.csv'),
    'Facture;Client;Date;Libellé;Quantité;Prix;TVA\nF-1;Acme SARL;31/01/2026;Conseil;1,5;200,00;20\nF-1;Acme SARL;31/01/2026;Frais;1;10,00;Zero\n',
  );
}, 60_000);
afterAll(() => svc.close());

const cli = (...argv: string[]) => runCli(svc, argv, { cwd: work });

describe('ordo import customers|invoices', () => {
  it('maps columns by --map, checks with --dry-run, then imports; a re-run adds nothing', async () => {
    const args = [
      'customers.csv',
      '--org',
      s.slug,
      '--map',
      'name=Nom',
      '--map',
      'email=2',
      '--map',
      'country=Pays',
    ];
    const dry = await cli('import', 'customers', ...args, '--dry-run');
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toBe(
      `Dry run: 2 rows are valid; would import 2 customers from customers.csv into ${s.slug}. Nothing written.`,
    );
    const real = await cli('import', 'customers', ...args);
    expect(real.stdout).toMatch(
      new RegExp(`^Imported 2 customers from customers.csv into ${s.slug} \\(import imp_\\w+\\)\\.$`),
    );
    const again = await cli('import', 'customers', ...args, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ alreadyImported: true, created: [] });
  });

  it('lists errors by row and column and exits 1 with nothing imported', async () => {
    const bad = await cli(
      'import',
      'invoices',
      'invoices.csv',
      '--org',
      s.slug,
      '--map',
      'reference=Facture',
      '--map',
      'customerName=Client',
      '--map',
      'issueDate=Date',
      '--map',
      'description=2',
      '--map',
      'quantity=Quantité',
      '--map',
      'unitPrice=Prix',
      '--map',
      'taxRate=TVA',
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout.split('\n')[0]).toMatch(/^ROW +COLUMN +ERROR +MESSAGE$/);
    expect(bad.stdout).toMatch(/^2 +Date +INVALID_DATE +"31\/01\/2026" is not a date written YYYY-MM-DD\.$/m);
    expect(bad.stdout.split('\n')).toHaveLength(2); // the invoice's date is read once, from its first row
    expect(bad.stderr).toBe('1 of 2 rows have errors; nothing was imported.');
  });

  it('imports invoices with a stated date format and decimal commas, issued when asked', async () => {
    const ok = await cli(
      'import',
      'invoices',
      'invoices.csv',
      '--org',
      s.slug,
      '--date-format',
      'DD/MM/YYYY',
      '--issue',
      '--map',
      'reference=Facture',
      '--map',
      'customerName=Client',
      '--map',
      'issueDate=Date',
      '--map',
      'description=Libellé',
      '--map',
      'quantity=Quantité',
      '--map',
      'unitPrice=Prix',
      '--map',
      'taxRate=TVA',
    );
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(
      /^Imported 1 invoices, 1 issued \(INV-2026-0001 to INV-2026-0001\) from invoices.csv/,
    );
  });
});

describe('ordo export', () => {
  it('writes CSV to stdout and XLSX to a file', async () => {
    const csv = await cli('export', 'invoices', '--org', s.slug, '--status', 'issued');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split('\n');
    expect(lines[0]!.startsWith('id,number,status,overdue,customer_id,customer,issue_date')).toBe(true);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        /,INV-2026-0001,issued,false,cus_\w+,Acme SARL,2026-01-31,,GBP,310\.00,0\.00,310\.00,60\.00,370\.00,/,
      ),
    ]);
    const written = await cli(
      'export',
      'customers',
      '--org',
      s.slug,
      '--format',
      'xlsx',
      '--out',
      'customers.xlsx',
    );
    expect(written.stdout).toMatch(/^Wrote .*customers\.xlsx \([\d,]+ bytes\)\.$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(path.join(work, 'customers.xlsx')) as unknown as ArrayBuffer);
    const names = workbook.worksheets[0]!.getColumn(3).values.slice(2);
    expect(names.sort()).toEqual(['Acme SARL', 'Bolt GmbH', 'Globex Ltd']);
    const refused = await cli('export', 'customers', '--org', s.slug, '--format', 'xlsx');
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('--out FILE')]);
  });
});
