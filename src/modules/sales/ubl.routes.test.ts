import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../api/test-app.ts';
import { createCompanyTestApp, createOtherOrg, PROFILE, type Role } from '../company/company.test-kit.ts';
import { fromUbl, validateUbl } from '../einvoice/index.ts';

// E-invoices over HTTP: an issued invoice downloads as UBL that the XSD accepts; a Peppol example
// uploads as a draft with its totals; bad uploads are 4xx with nothing written; roles and orgs hold.

let t: TestApp;
let as: (role: Role) => { key: string };
let invoiceId: string;
let invoiceNumber: string;

const EXAMPLES = path.resolve('../shared/testdata/peppol-bis-invoice-3');
const example = (file: string) => readFileSync(path.join(EXAMPLES, file), 'utf8');
const call = (method: string, url: string, body?: unknown, role: Role = 'owner') =>
  t.call(method, `/api/sales/${url}`, body, as(role));

beforeAll(async () => {
  ({ t, as } = await createCompanyTestApp());
  await t.call('PUT', '/api/company', { ...PROFILE, fiscalYearStart: '01-01' }, as('owner'));
  await t.call('POST', '/api/ledger/chart/apply-template', { templateId: 'generic' }, as('owner'));
  const vat = (await call('POST', 'tax-rates', { name: 'VAT 20%', category: 'S', percent: '20' })).body.id;
  const customer = (
    await call('POST', 'customers', {
      name: 'Initech GmbH',
      billingAddress: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      taxIds: [{ scheme: 'VAT', value: 'DE123456789' }],
      defaultTaxRateId: vat,
    })
  ).body.id;
  const draft = await call('POST', 'invoices', {
    customerId: customer,
    issueDate: '2026-05-04',
    lines: [{ name: 'Widgets', quantity: '3', unitPrice: 1999 }],
  });
  const issued = await call('POST', `invoices/${draft.body.id}/issue`, {});
  expect(issued.status).toBe(200);
  invoiceId = issued.body.id;
  invoiceNumber = issued.body.number;
}, 60_000);
afterAll(() => t.close());

describe('e-invoices over HTTP', () => {
  it('downloads an issued invoice as UBL that validates, named after its number', async () => {
    const res = await call('GET', `invoices/${invoiceId}/ubl`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/xml');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${invoiceNumber}.xml"`);
    expect(await validateUbl([res.body])).toEqual([{ valid: true, errors: [] }]);
    expect(fromUbl(res.body).totals).toMatchObject({ taxExclusive: 5997n, tax: 1199n, taxInclusive: 7196n });
  });

  it('refuses a draft with a 422 and an unknown id with a 404', async () => {
    const customers = await call('GET', 'customers');
    const draft = await call('POST', 'invoices', {
      customerId: customers.body.items[0].id,
      lines: [{ name: 'x', quantity: '1', unitPrice: 100 }],
    });
    const res = await call('GET', `invoices/${draft.body.id}/ubl`);
    expect([res.status, res.body.error.code]).toEqual([422, 'EINVOICE_NOT_ISSUED']);
    expect((await call('GET', 'credit-notes/crn_01JZZZZZZZZZZZZZZZZZZZZZZZ/ubl')).status).toBe(404);
  });

  it("uploads a Peppol invoice as a draft with the document's totals", async () => {
    const res = await call('POST', 'imports/ubl', { xml: example('Vat-category-S.xml') });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      sourceNumber: expect.any(String),
      customerMatch: 'created',
      matchesDocument: true,
      draft: { type: 'invoice', status: 'draft', taxExclusiveAmount: 700000, taxAmount: 155000 },
    });
    const negative = await call('POST', 'imports/ubl', { xml: example('base-negative-inv-correction.xml') });
    expect(negative.body).toMatchObject({ fromNegativeInvoice: true, draft: { type: 'credit_note' } });
    const again = await call('POST', 'imports/ubl', { xml: example('Vat-category-S.xml') });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ alreadyImported: true, draft: { id: res.body.draft.id } });
  });

  it('refuses what is not UBL or does not add up with a 4xx, writing nothing', async () => {
    const before = (await call('GET', 'invoices')).body.items.length;
    const notXml = await call('POST', 'imports/ubl', { xml: 'hello' });
    expect(notXml.status).toBeGreaterThanOrEqual(400);
    expect(notXml.status).toBeLessThan(500);
    const wrong = await call('POST', 'imports/ubl', {
      xml: example('Vat-category-S.xml').replace(
        '<cbc:TaxAmount currencyID="EUR">300</cbc:TaxAmount>',
        '<cbc:TaxAmount currencyID="EUR">310</cbc:TaxAmount>',
      ),
    });
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'EINVOICE_TOTALS_MISMATCH']);
    expect((await call('POST', 'imports/ubl', {})).status).toBe(400);
    expect((await call('GET', 'invoices')).body.items.length).toBe(before);
  });

  it('lets a member read but not import, and keeps another organization out', async () => {
    expect((await call('POST', 'imports/ubl', { xml: example('base-example.xml') }, 'member')).status).toBe(
      403,
    );
    const other = await createOtherOrg(t);
    const res = await t.call('GET', `/api/sales/invoices/${invoiceId}/ubl`, undefined, { key: other.key });
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain(invoiceNumber);
  });
});
