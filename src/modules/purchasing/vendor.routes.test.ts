import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../api/test-app.ts';
import { createCompanyTestApp, createOtherOrg, PROFILE, type Role } from '../company/company.test-kit.ts';

// Vendors over HTTP: bank details checked (IBAN country length and check digits, BIC, US routing
// numbers) with 4xx naming the field and nothing written; defaults checked; patches change only
// what they name; archive; roles; another organization's vendors are not found.

let t: TestApp;
let as: (role: Role) => { key: string };
let expense: string;
let bank: string;
let vat: string;

const post = (path: string, body: unknown, role: Role = 'owner') =>
  t.call('POST', `/api/purchasing/${path}`, body, as(role));
const patch = (path: string, body: unknown, role: Role = 'owner') =>
  t.call('PATCH', `/api/purchasing/${path}`, body, as(role));
const get = (path: string, role: Role = 'owner') =>
  t.call('GET', `/api/purchasing/${path}`, undefined, as(role));

beforeAll(async () => {
  ({ t, as } = await createCompanyTestApp());
  await t.call('PUT', '/api/company', { ...PROFILE, fiscalYearStart: '01-01' }, as('owner'));
  const chart = await t.call(
    'POST',
    '/api/ledger/chart/apply-template',
    { templateId: 'generic' },
    as('owner'),
  );
  const items = chart.body.items as { id: string; name: string }[];
  const find = (name: string) => items.find((a) => a.name === name)!.id;
  expense = find('expenses:software');
  bank = find('assets:bank:current account');
  vat = (
    await t.call(
      'POST',
      '/api/sales/tax-rates',
      { name: 'VAT 20%', category: 'S', percent: '20' },
      as('owner'),
    )
  ).body.id;
}, 60_000);
afterAll(() => t.close());

const SUPPLIER = {
  name: 'Northwind Supplies',
  legalName: 'Northwind Supplies GmbH',
  email: 'ap@northwind.example',
  address: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  taxIds: [{ scheme: 'VAT', value: 'DE123456789' }],
  currency: 'EUR',
  paymentTermsDays: 30,
  bankAccount: {
    kind: 'iban',
    iban: 'de89 3704 0044 0532 0130 00',
    bic: 'cobadeffxxx',
    accountName: 'Northwind',
  },
  isContractor: false,
  notes: 'Office supplies',
};

describe('vendors over HTTP', () => {
  it('adds a vendor with its bank account normalized and its defaults', async () => {
    const created = await post('vendors', {
      ...SUPPLIER,
      defaultExpenseAccountId: expense,
      defaultTaxRateId: vat,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Northwind Supplies',
      kind: 'company',
      bankAccount: {
        kind: 'iban',
        iban: 'DE89370400440532013000',
        bic: 'COBADEFFXXX',
        accountName: 'Northwind',
      },
      currency: 'EUR',
      paymentTermsDays: 30,
      defaultExpenseAccountId: expense,
      defaultTaxRateId: vat,
      isContractor: false,
      archivedAt: null,
    });
    const read = await get(`vendors/${created.body.id}`);
    expect(read.body.name).toBe('Northwind Supplies');
  });

  it('a US contractor paid by account and routing number', async () => {
    const created = await post('vendors', {
      name: 'Jane Doe Design',
      kind: 'person',
      isContractor: true,
      taxIds: [{ scheme: 'EIN', value: '12-3456789' }],
      bankAccount: {
        kind: 'aba',
        routingNumber: '021000021',
        accountNumber: '1234 5678 90',
        accountType: 'savings',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'person',
      isContractor: true,
      bankAccount: {
        kind: 'aba',
        routingNumber: '021000021',
        accountNumber: '1234567890',
        accountType: 'savings',
      },
    });
  });

  it('refuses bad bank details and defaults with a 4xx naming the field, and writes nothing', async () => {
    const before = (await get('vendors?limit=500')).body.items.length;
    const cases: [unknown, number, string, string][] = [
      [{ kind: 'iban', iban: 'DE89370400440532013001' }, 400, 'INVALID_IBAN', 'bankAccount.iban'],
      [{ kind: 'iban', iban: 'DE8937040044053201300' }, 400, 'INVALID_IBAN', 'bankAccount.iban'],
      [{ kind: 'iban', iban: 'GB82WEST12345698765432', bic: 'NWBK' }, 400, 'INVALID_BIC', 'bankAccount.bic'],
      [{ kind: 'iban' }, 400, 'IBAN_REQUIRED', 'bankAccount.iban'],
      [
        { kind: 'aba', routingNumber: '021000022', accountNumber: '12345' },
        400,
        'INVALID_ROUTING_NUMBER',
        'bankAccount.routingNumber',
      ],
      [
        { kind: 'aba', routingNumber: '021000021', accountNumber: 'abc' },
        400,
        'INVALID_ACCOUNT_NUMBER',
        'bankAccount.accountNumber',
      ],
    ];
    for (const [bankAccount, status, code, field] of cases) {
      const res = await post('vendors', { name: 'Bad bank', bankAccount });
      expect(
        [res.status, res.body.error.code, res.body.error.details.field],
        JSON.stringify(bankAccount),
      ).toEqual([status, code, field]);
    }
    const wrongKind = await post('vendors', { name: 'x', bankAccount: { kind: 'swift' } });
    expect([wrongKind.status, wrongKind.body.error.details.field]).toEqual([400, 'json.bankAccount.kind']);
    const income = await post('vendors', { name: 'x', defaultExpenseAccountId: bank });
    expect([income.status, income.body.error.code, income.body.error.details.field]).toEqual([
      422,
      'ACCOUNT_NOT_ALLOWED',
      'defaultExpenseAccountId',
    ]);
    const noRate = await post('vendors', { name: 'x', defaultTaxRateId: 'tax_nope' });
    expect([noRate.status, noRate.body.error.details.field]).toEqual([400, 'defaultTaxRateId']);
    const currency = await post('vendors', { name: 'x', currency: 'XXY' });
    expect([currency.status, currency.body.error.details.field]).toEqual([400, 'json.currency']);
    const noName = await post('vendors', { name: '  ' });
    expect([noName.status, noName.body.error.details.field]).toEqual([400, 'json.name']);
    expect((await get('vendors?limit=500')).body.items.length).toBe(before);
  });

  it('a patch changes only what it names; archiving hides a vendor from the list', async () => {
    const created = (await post('vendors', { ...SUPPLIER, name: 'Patch Me Ltd', kind: 'person' })).body;
    const noted = await patch(`vendors/${created.id}`, { notes: 'Call first' });
    expect(noted.status).toBe(200);
    expect(noted.body).toMatchObject({
      notes: 'Call first',
      kind: 'person',
      currency: 'EUR',
      bankAccount: created.bankAccount,
    });
    const badIban = await patch(`vendors/${created.id}`, {
      bankAccount: { kind: 'iban', iban: 'GB00WEST12345698765432' },
    });
    expect([badIban.status, badIban.body.error.details.field]).toEqual([400, 'bankAccount.iban']);
    const removed = await patch(`vendors/${created.id}`, { bankAccount: null });
    expect(removed.body.bankAccount).toBeNull();
    const archived = await patch(`vendors/${created.id}`, { archived: true });
    expect(archived.body.archivedAt).not.toBeNull();
    const list = (await get('vendors?q=Patch')).body.items as { id: string }[];
    expect(list.map((v) => v.id)).not.toContain(created.id);
    const all = (await get('vendors?q=Patch&archived=true')).body.items as { id: string }[];
    expect(all.map((v) => v.id)).toContain(created.id);
    const audit = await t.call(
      'GET',
      `/api/audit?entity=vendor&entityId=${created.id}`,
      undefined,
      as('owner'),
    );
    expect((audit.body.items as { action: string }[]).map((a) => a.action)).toEqual(
      expect.arrayContaining(['create', 'update', 'archive']),
    );
  });

  it('members may not read or write vendors; other organizations do not see them', async () => {
    expect((await get('vendors', 'member')).status).toBe(403);
    expect((await post('vendors', { name: 'x' }, 'member')).status).toBe(403);
    const vendor = (await post('vendors', { name: 'Private Vendor' })).body;
    const other = await createOtherOrg(t);
    const res = await t.call('GET', `/api/purchasing/vendors/${vendor.id}`, undefined, { key: other.key });
    expect([res.status, res.body.error.code]).toEqual([404, 'VENDOR_NOT_FOUND']);
  });
});
