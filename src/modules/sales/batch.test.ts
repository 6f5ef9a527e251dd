import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryOne, type Store, sql } from '../../db/client.ts';
import { createTestStore } from '../../db/test-db.ts';
import { setLockDates } from '../ledger/index.ts';
import { refusal } from '../ledger/ledger.test-kit.ts';
import { listCustomers } from './customer.service.ts';
import { importCustomers } from './customer-import.service.ts';
import { listDocuments, loadDocument } from './document.repo.ts';
import { importInvoices } from './invoice-import.service.ts';
import { createSalesOrg, type SalesOrg } from './sales.test-kit.ts';
import { exportSalesList, type SalesExportRequest } from './sales-export.service.ts';

// CSV import of customers and invoices and CSV/XLSX export of the lists, on the real store: dry
// runs write nothing, any row error writes nothing and names its row and column, a re-run adds
// nothing, and an export imports back.

let store: Store;
let s: SalesOrg;
beforeAll(async () => {
  store = await createTestStore();
  s = await createSalesOrg(store);
});
afterAll(() => store.close());

const file = (text: string, name = 'file.csv') => ({ file: { text, name } });
const count = async (org: SalesOrg, table: 'customer' | 'sales_document' | 'sales_import_record') =>
  Number(
    (await org.run((tx) =>
      queryOne<{ n: string }>(tx, sql`select count(*)::text as n from ${sql.raw(table)}`),
    ))!.n,
  );
const download = async (org: SalesOrg, request: SalesExportRequest, pageSize?: number) => {
  const exported = await exportSalesList(store.db, org.owner, request, pageSize);
  const chunks: Uint8Array[] = [];
  for await (const chunk of exported.chunks) chunks.push(chunk);
  return { ...exported, bytes: Buffer.concat(chunks) };
};

const CUSTOMERS = `Customer ID,Company,E-mail,VAT number,Address,City,Post code,Country,Payment terms
C-1,Acme Ltd,billing@acme.example,GB123456789,1 High St,London,EC1A 1AA,gb,30
C-2,"Bolt, Nuts & Co",accounts@bolt.example,,2 Low Rd,Leeds,LS1 1AA,GB,Net 14 days
C-3,Crane Person,,,,,,,
`;

describe('customer import', () => {
  it('dry run reports what it would create and writes nothing', async () => {
    const before = await s.snapshot();
    const customers = await count(s, 'customer');
    const report = await importCustomers(store.db, s.owner, { ...file(CUSTOMERS), dryRun: true });
    expect(report.errors).toEqual([]);
    expect(report.mapping).toMatchObject({ externalRef: 'Customer ID', name: 'Company', email: 'E-mail' });
    expect([report.rowsParsed, report.rowsValid, report.created.length]).toEqual([3, 3, 3]);
    expect(await count(s, 'customer')).toBe(customers);
    expect(await s.snapshot()).toEqual(before);
  });

  it('imports every row, then a re-run of the file or of a longer one adds nothing twice', async () => {
    const report = await importCustomers(store.db, s.owner, file(CUSTOMERS));
    expect(report.errors).toEqual([]);
    expect(report.created.map((c) => [c.rows, c.reference])).toEqual([
      [[2], 'C-1'],
      [[3], 'C-2'],
      [[4], 'C-3'],
    ]);
    const listed = await s.run((tx) => listCustomers(tx, s.orgId, { limit: 50, q: 'acme' }));
    expect(listed.items[0]).toMatchObject({
      name: 'Acme Ltd',
      email: 'billing@acme.example',
      taxIds: [{ scheme: 'VAT', value: 'GB123456789' }],
      paymentTermsDays: 30,
      billingAddress: { line1: '1 High St', city: 'London', postalCode: 'EC1A 1AA', country: 'GB' },
    });
    const bolt = await s.run((tx) => listCustomers(tx, s.orgId, { limit: 5, q: 'bolt' }));
    expect(bolt.items[0]).toMatchObject({ name: 'Bolt, Nuts & Co', paymentTermsDays: 14 });

    const customers = await count(s, 'customer');
    const again = await importCustomers(store.db, s.owner, file(CUSTOMERS));
    expect([again.alreadyImported, again.importId, again.created]).toEqual([true, report.importId, []]);
    const longer = await importCustomers(
      store.db,
      s.owner,
      file(`${CUSTOMERS}C-4,Delta GmbH,info@delta.example,DE999,,,,DE,\n`),
    );
    expect([longer.errors, longer.created.map((c) => c.reference)]).toEqual([[], ['C-4']]);
    expect(longer.skipped.map((c) => [c.reference, c.reason])).toEqual([
      ['C-1', 'imported before'],
      ['C-2', 'imported before'],
      ['C-3', 'imported before'],
    ]);
    // Another file, another reference, but an email we know: the same customer.
    const renamed = await importCustomers(
      store.db,
      s.owner,
      file('ref,name,email\nX-9,Acme Renamed,BILLING@acme.example\n'),
    );
    expect(renamed.skipped.map((c) => [c.reference, c.reason, c.id])).toEqual([
      ['X-9', 'exists (same email)', report.created[0]!.id],
    ]);
    expect(await count(s, 'customer')).toBe(customers + 1);
  });

  it('any row error: nothing written, each error with its row and column', async () => {
    const before = await s.snapshot();
    const customers = await count(s, 'customer');
    const report = await importCustomers(
      store.db,
      s.owner,
      file(
        'Name,Email,Country,Currency,Tax rate\nGood One,good@x.example,GB,GBP,20\n,nobody@x.example,GB,,\nBad Mail,not-an-email,Germany,XXX,Reduced\nGood One,good@x.example,,,\n',
      ),
    );
    expect(report.rowsParsed).toBe(4);
    expect(report.rowsValid).toBe(1);
    expect(report.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'Name', 'NAME_REQUIRED'],
      [4, 'Email', 'INVALID_EMAIL'],
      [4, 'Currency', 'INVALID_CURRENCY'],
      [4, 'Country', 'INVALID_COUNTRY'],
      [4, 'Tax rate', 'UNKNOWN_TAX_RATE'],
      [5, 'Email', 'DUPLICATE_ROW'],
    ]);
    expect(report.errors[5]!.message).toBe('The same customer as row 2.');
    expect(report.created).toHaveLength(1); // what would have been, had every row been good
    expect(await count(s, 'customer')).toBe(customers);
    expect(await s.snapshot()).toEqual(before);
  });

  it('reads a Windows-1252 file with semicolons and maps columns by number', async () => {
    const bytes = new Uint8Array([
      ...Buffer.from('Nom;Courriel\n'),
      ...Buffer.from('Soci'),
      0xe9,
      ...Buffer.from('t'),
      0xe9,
      ...Buffer.from(' G'),
      0xe9,
      ...Buffer.from('n'),
      0xe9,
      ...Buffer.from('rale ;sg@example.fr\n'),
    ]);
    const report = await importCustomers(store.db, s.owner, {
      file: { bytes, name: 'clients.csv' },
      mapping: { name: 1, email: 2 },
    });
    expect([report.encoding, report.delimiter, report.errors]).toEqual(['windows-1252', ';', []]);
    const found = await s.run((tx) => listCustomers(tx, s.orgId, { limit: 5, q: 'sg@example.fr' }));
    expect(found.items.map((c) => c.name)).toEqual(['Société Générale']);
  });

  it('needs customer:write', async () => {
    const refused = await refusal(importCustomers(store.db, s.as('member'), file(CUSTOMERS)));
    expect(refused.code).toBe('FORBIDDEN');
  });
});

const INVOICES = `Invoice;Customer;Email;Date;Due;Description;Qty;Unit price;VAT
A-100;Acme Ltd;;05/01/2026;04/02/2026;Consulting;2,5;100,00;VAT 20%
A-100;Acme Ltd;;05/01/2026;;Travel;1;12,50;0 %
A-101;;accounts@bolt.example;06/01/2026;;Support;1;1.000,00;20
`;

describe('invoice import', () => {
  it('groups lines by reference, finds customers by name or email and tax rates by name or percent; dry run writes nothing', async () => {
    const before = await s.snapshot();
    const dry = await importInvoices(store.db, s.owner, {
      ...file(INVOICES),
      dateFormat: 'DD/MM/YYYY',
      dryRun: true,
    });
    expect(dry.errors.map((e) => [e.row, e.column, e.code])).toEqual([[3, 'VAT', 'AMBIGUOUS_TAX_RATE']]);
    expect(await s.snapshot()).toEqual(before);
  });

  it('imports drafts with totals computed here', async () => {
    const text = INVOICES.replace('0 %', 'Zero');
    const report = await importInvoices(store.db, s.owner, { ...file(text), dateFormat: 'DD/MM/YYYY' });
    expect(report.errors).toEqual([]);
    expect(report.decimalSeparator).toBe(',');
    expect(report.created.map((c) => [c.reference, c.rows, c.number])).toEqual([
      ['A-100', [2, 3], null],
      ['A-101', [4], null],
    ]);
    const a100 = await s.run((tx) => loadDocument(tx, s.orgId, 'invoice', report.created[0]!.id));
    expect(a100).toMatchObject({
      status: 'draft',
      issueDate: '2026-01-05',
      dueDate: '2026-02-04',
      currency: 'GBP',
      taxExclusiveAmount: 26250n,
      taxAmount: 5000n,
      taxInclusiveAmount: 31250n,
    });
    expect(a100.lines.map((l) => [l.name, l.quantity, l.unitPrice, l.taxRateId])).toEqual([
      ['Consulting', '2.5', 10000n, s.standard.id],
      ['Travel', '1', 1250n, s.zero.id],
    ]);
    const a101 = await s.run((tx) => loadDocument(tx, s.orgId, 'invoice', report.created[1]!.id));
    expect([a101.taxInclusiveAmount, a101.dueDate]).toEqual([120000n, '2026-01-20']); // Bolt: net 14 days

    const documents = await count(s, 'sales_document');
    const again = await importInvoices(store.db, s.owner, {
      ...file(`${text}A-102;Acme Ltd;;07/01/2026;;Extra;1;5;20\n`),
      dateFormat: 'DD/MM/YYYY',
    });
    expect(again.skipped.map((x) => [x.reference, x.reason])).toEqual([
      ['A-100', 'imported before'],
      ['A-101', 'imported before'],
    ]);
    expect(again.created.map((x) => x.reference)).toEqual(['A-102']);
    expect(await count(s, 'sales_document')).toBe(documents + 1);
  });

  it('issues through the issue use case when asked: numbered in file order and posted', async () => {
    const report = await importInvoices(store.db, s.owner, {
      ...file(
        'ref,customer,date,description,quantity,price,tax\nB-1,Globex Ltd,2026-02-01,Work,1,100.00,VAT 20%\nB-2,Globex Ltd,2026-02-02,Work,3,10.00,VAT 20%\n',
      ),
      issue: true,
    });
    expect(report.errors).toEqual([]);
    expect(report.created.map((c) => c.number)).toEqual(['INV-2026-0001', 'INV-2026-0002']);
    const issued = await s.run((tx) => loadDocument(tx, s.orgId, 'invoice', report.created[0]!.id));
    expect([issued.status, issued.taxInclusiveAmount, issued.journalEntryId !== null]).toEqual([
      'issued',
      12000n,
      true,
    ]);
    const balances = await s.balances();
    expect(balances[s.account.receivable]).toBe(12000n + 3600n);
  });

  it('any row error: nothing written; bad date, unknown tax rate, negative quantity, missing customer, each by row and column', async () => {
    const before = await s.snapshot();
    const records = await count(s, 'sales_import_record');
    const report = await importInvoices(store.db, s.owner, {
      ...file(
        [
          'Invoice,Customer,Date,Description,Qty,Unit price,VAT',
          'E-1,Globex Ltd,2026-02-30,Work,1,10.00,VAT 20%',
          'E-2,Globex Ltd,2026-02-03,Work,1,10.00,Luxury 25%',
          'E-3,Globex Ltd,2026-02-03,Work,-2,10.00,VAT 20%',
          'E-4,,2026-02-03,Work,1,10.00,VAT 20%',
          'E-5,Nobody Inc,2026-02-03,Work,1,10.00,VAT 20%',
          'E-6,Globex Ltd,2026-02-03,Fine,1,10.00,VAT 20%',
          ',Globex Ltd,2026-02-03,Orphan,1,1.00,VAT 20%',
        ].join('\n'),
      ),
      issue: true,
    });
    expect(report.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'Date', 'INVALID_DATE'],
      [3, 'VAT', 'UNKNOWN_TAX_RATE'],
      [4, 'Qty', 'NEGATIVE_QUANTITY'],
      [5, 'Customer', 'CUSTOMER_REQUIRED'],
      [6, 'Customer', 'UNKNOWN_CUSTOMER'],
      [8, 'Invoice', 'REFERENCE_REQUIRED'],
    ]);
    expect([report.rowsParsed, report.rowsValid]).toEqual([7, 1]);
    expect(await s.snapshot()).toEqual(before);
    expect(await count(s, 'sales_import_record')).toBe(records);
  });

  it('a refusal of the issue use case (a locked period) is the row’s error too, and undoes the whole file', async () => {
    await s.run((tx) => setLockDates(tx, s.owner, { lockDate: '2025-12-31', nonAccountantLockDate: null }));
    const before = await s.snapshot();
    const report = await importInvoices(store.db, s.owner, {
      ...file(
        'ref,customer,date,description,quantity,price,tax\nL-1,Globex Ltd,2026-03-01,Work,1,1.00,20\nL-2,Globex Ltd,2025-12-01,Work,1,1.00,VAT 20%\n',
      ),
      issue: true,
    });
    expect(await s.snapshot()).toEqual(before);
    await s.run((tx) => setLockDates(tx, s.owner, { lockDate: null, nonAccountantLockDate: null }));
    expect(report.errors.map((e) => [e.row, e.column, e.code])).toEqual([[3, 'date', 'PERIOD_LOCKED']]);
    expect(report.created.map((c) => c.reference)).toEqual(['L-1']);
  });
});

describe('export', () => {
  it('customers export and import back into another organization, field for field; back into this one adds nothing', async () => {
    const exported = await download(s, { list: 'customers', format: 'csv' }, 2);
    expect(exported.fileName).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = exported.bytes.toString('utf8');
    const rows = text.trimEnd().split('\n');
    expect(rows[0]).toBe(
      'id,kind,name,email,phone,tax_id_scheme,tax_id,other_tax_ids,currency,payment_terms_days,default_tax_rate,address_line1,address_line2,city,region,postal_code,country,notes,created_at',
    );
    const ours = await s.run((tx) => listCustomers(tx, s.orgId, { limit: 500 }));
    expect(rows).toHaveLength(ours.items.length + 1);

    const other = await createSalesOrg(store);
    const report = await importCustomers(store.db, other.owner, file(text));
    expect(report.errors).toEqual([]);
    const theirs = await other.run((tx) => listCustomers(tx, other.orgId, { limit: 500 }));
    const shape = (c: (typeof ours.items)[number]) => ({
      name: c.name,
      kind: c.kind,
      email: c.email,
      taxIds: c.taxIds,
      billingAddress: c.billingAddress,
      paymentTermsDays: c.paymentTermsDays,
      currency: c.currency,
    });
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    // The other org had its own Globex Ltd already: it is skipped by name, the rest arrive.
    expect(theirs.items.map(shape).sort(byName)).toEqual(ours.items.map(shape).sort(byName));
    expect(report.skipped.map((x) => x.reason)).toEqual(['exists (same name)']);

    const back = await importCustomers(store.db, s.owner, file(text.replace('\n', '\n\n')));
    expect([back.alreadyImported, back.created, back.errors]).toEqual([false, [], []]);
    expect(back.skipped).toHaveLength(ours.items.length);
  });

  it('invoices as XLSX: opens with exceljs, one row per invoice, amounts as numbers with the currency, filters as the list', async () => {
    const exported = await download(s, { list: 'invoices', format: 'xlsx', status: 'issued' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['id', 'number', 'status']);
    const listed = await s.run((tx) =>
      listDocuments(tx, s.orgId, 'invoice', { status: 'issued', today: '2026-12-31' }, { limit: 500 }),
    );
    expect(sheet.rowCount).toBe(listed.items.length + 1);
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = listed.items.map((_, i) => sheet.getRow(i + 2));
    expect(rows.map((r) => r.getCell(col('number')).value)).toEqual(listed.items.map((d) => d.number));
    const first = rows.find((r) => r.getCell(col('number')).value === 'INV-2026-0001')!;
    expect(first.getCell(col('tax_inclusive')).value).toBe(120);
    expect(first.getCell(col('tax_inclusive')).numFmt).toBe('#,##0.00');
    expect(first.getCell(col('currency')).value).toBe('GBP');
    expect(first.getCell(col('issue_date')).value).toEqual(new Date('2026-02-01T00:00:00Z'));
  });

  it('every list exports as CSV, a page at a time, with amounts as decimals beside the currency', async () => {
    const drafts = await download(s, { list: 'invoices', format: 'csv', status: 'draft' }, 1);
    const lines = drafts.bytes.toString('utf8').trimEnd().split('\n');
    const listed = await s.run((tx) =>
      listDocuments(tx, s.orgId, 'invoice', { status: 'draft', today: '2026-12-31' }, { limit: 500 }),
    );
    expect(lines).toHaveLength(listed.items.length + 1);
    expect(lines.some((l) => /,GBP,262\.50,0\.00,262\.50,50\.00,312\.50,0\.00,0\.00,312\.50,/.test(l))).toBe(
      true,
    );
    for (const list of ['credit-notes', 'quotes', 'payments', 'items', 'tax-rates'] as const) {
      const out = await download(s, { list, format: 'csv' });
      expect(out.bytes.toString('utf8').split('\n')[0]).toMatch(/^id,/);
    }
    const rates = (await download(s, { list: 'tax-rates', format: 'csv' })).bytes.toString('utf8');
    expect(rates).toContain(`${s.standard.id},VAT 20%,S,20,`);
  });
});
