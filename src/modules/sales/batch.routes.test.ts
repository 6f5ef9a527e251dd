import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../api/test-app.ts';
import { createCompanyTestApp, PROFILE, type Role } from '../company/company.test-kit.ts';

// CSV import and CSV/XLSX export over HTTP: the mapping step, a dry run (200 with the per-row
// errors), a real run refused as a whole (422 carrying the same errors), downloads with the list's
// filters, and roles.

let t: TestApp;
let as: (role: Role) => { key: string };

const post = (path: string, body: unknown, role: Role = 'owner') =>
  t.call('POST', `/api/sales/${path}`, body, as(role));
const get = (path: string, role: Role = 'owner') => t.call('GET', `/api/sales/${path}`, undefined, as(role));

beforeAll(async () => {
  ({ t, as } = await createCompanyTestApp());
  await t.call('PUT', '/api/company', { ...PROFILE, fiscalYearStart: '01-01' }, as('owner'));
  await t.call('POST', '/api/ledger/chart/apply-template', { templateId: 'generic' }, as('owner'));
  await post('tax-rates', { name: 'VAT 20%', category: 'S', percent: '20' });
}, 60_000);
afterAll(() => t.close());

const CUSTOMERS = 'Company,E-mail,Country\nAcme Ltd,billing@acme.example,GB\nBolt plc,bolt@bolt.example,GB\n';

describe('imports over HTTP', () => {
  it('suggests the mapping and shows the first rows, writing nothing', async () => {
    const res = await post('imports/customers/mapping', { csv: CUSTOMERS });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      encoding: 'utf-8',
      delimiter: ',',
      headers: ['Company', 'E-mail', 'Country'],
      rowCount: 2,
      mapping: { name: 'Company', email: 'E-mail', country: 'Country' },
    });
    expect(res.body.preview[0]).toEqual(['Acme Ltd', 'billing@acme.example', 'GB']);
    expect(res.body.fields.find((f: { key: string }) => f.key === 'name')).toMatchObject({ required: true });
    expect((await get('customers')).body.items).toEqual([]);
  });

  it('a dry run answers 200 with the errors; the real run 422 with the same, and nothing is written', async () => {
    const bad = `${CUSTOMERS},nobody@x.example,GB\n`;
    const dry = await post('imports/customers', { csv: bad, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.errors).toEqual([
      {
        row: 4,
        column: 'Company',
        field: 'name',
        code: 'NAME_REQUIRED',
        message: 'Every customer needs a name.',
      },
    ]);
    const real = await post('imports/customers', { csv: bad });
    expect(real.status).toBe(422);
    expect(real.body.error.code).toBe('IMPORT_ROWS_INVALID');
    expect(real.body.error.details.errors).toEqual(dry.body.errors);
    expect((await get('customers')).body.items).toEqual([]);
  });

  it('imports with an explicit mapping from base64 bytes, then the same file again adds nothing', async () => {
    const body = {
      fileBase64: Buffer.from(CUSTOMERS, 'latin1').toString('base64'),
      fileName: 'customers.csv',
      mapping: { name: 'Company', email: 2 },
    };
    const first = await post('imports/customers', body);
    expect(first.status).toBe(200);
    expect(first.body.created).toHaveLength(2);
    expect(first.body.mapping).toEqual({ name: 'Company', email: 'E-mail' });
    const again = await post('imports/customers', body);
    expect([again.status, again.body.alreadyImported, again.body.importId]).toEqual([
      200,
      true,
      first.body.importId,
    ]);
    expect((await get('customers')).body.items).toHaveLength(2);
    const badMapping = await post('imports/customers', { ...body, mapping: { name: 'Nom' } });
    expect([badMapping.status, badMapping.body.error.details.field]).toEqual([400, 'mapping.name']);
  });

  it('imports invoices as drafts or issued, and refuses a member', async () => {
    const csv = 'Invoice,Customer,Date,Description,Qty,Price,VAT\nX-1,Acme Ltd,2026-03-01,Work,2,50.00,20\n';
    expect((await post('imports/invoices', { csv, issue: true }, 'member')).status).toBe(403);
    const res = await post('imports/invoices', { csv, issue: true });
    expect(res.status).toBe(200);
    expect(res.body.created).toEqual([
      { rows: [2], reference: 'X-1', id: expect.any(String), number: 'INV-2026-0001' },
    ]);
    const invoice = await get(`invoices/${res.body.created[0].id}`);
    expect([invoice.body.status, invoice.body.taxInclusiveAmount]).toEqual(['issued', 12000]);
  });
});

describe('exports over HTTP', () => {
  it('downloads a list as CSV with its filters, and as XLSX', async () => {
    const csv = await get('exports/customers?format=csv&q=bolt');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = (csv.body as string).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',Bolt plc,bolt@bolt.example,');
    const invoices = await get('exports/invoices?status=issued');
    expect((invoices.body as string).split('\n')[1]).toMatch(
      /,INV-2026-0001,issued,false,.*,GBP,100\.00,0\.00,100\.00,20\.00,120\.00,/,
    );
    const xlsx = await get('exports/invoices?format=xlsx');
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(String(xlsx.body).slice(0, 2)).toBe('PK');
    expect((await get('exports/invoices?format=pdf')).status).toBe(400);
    expect((await get('exports/payments', 'member')).status).toBe(403);
  });
});
