import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../api/test-app.ts';
import { createCompanyTestApp, PROFILE, type Role } from '../company/company.test-kit.ts';

// Payables end to end over HTTP: vendor → bill (totals computed here, duplicate 409 with the id)
// → approval rules stored per organization → decisions by other people → posted → partial and
// full payment → vendor page, aging and the due view; refusals are 4xx naming the field.

let t: TestApp;
let as: (role: Role) => { key: string };
let account: Record<string, string>;
let vat: string;
let vendor: string;

const call = (method: string, path: string, body?: unknown, role: Role = 'owner') =>
  t.call(method, `/api/purchasing/${path}`, body, as(role));

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
  account = {
    bank: find('assets:bank:current account'),
    office: find('expenses:office'),
    payable: find('liabilities:accounts payable'),
    tax: find('liabilities:sales tax'),
  };
  vat = (
    await t.call(
      'POST',
      '/api/sales/tax-rates',
      { name: 'VAT 20%', category: 'S', percent: '20' },
      as('owner'),
    )
  ).body.id;
  vendor = (
    await call('POST', 'vendors', {
      name: 'Paper Mill Ltd',
      paymentTermsDays: 14,
      defaultExpenseAccountId: account.office,
      defaultTaxRateId: vat,
      bankAccount: { kind: 'iban', iban: 'GB82WEST12345698765432' },
    })
  ).body.id;
}, 60_000);
afterAll(() => t.close());

describe('bills over HTTP', () => {
  it('stores approval rules per organization and refuses bad ones by field', async () => {
    const bad = await call('PUT', 'settings', {
      approvalRules: [{ id: 'x', name: 'x', aboveAmount: 0, approvals: 1, roles: ['member'] }],
    });
    expect([bad.status, bad.body.error.details.field]).toEqual([400, 'json.approvalRules.0.roles.0']);
    const noAccount = await call('PUT', 'settings', {
      approvalRules: [{ id: 'x', name: 'x', aboveAmount: 0, approvals: 1, accountIds: ['acc_nope'] }],
    });
    expect([noAccount.status, noAccount.body.error.details.field]).toEqual([
      400,
      'approvalRules.0.accountIds',
    ]);
    const accountantCannot = await call('PUT', 'settings', { approvalRules: [] }, 'member');
    expect(accountantCannot.status).toBe(403);
    const saved = await call('PUT', 'settings', {
      approvalRules: [
        { id: 'owner-1000', name: 'Owner above 1,000', aboveAmount: 100000, approvals: 1, roles: ['owner'] },
        { id: 'two-10000', name: 'Two above 10,000', aboveAmount: 1000000, approvals: 2 },
      ],
    });
    expect(saved.status).toBe(200);
    expect((await call('GET', 'settings')).body.approvalRules).toEqual([
      {
        id: 'owner-1000',
        name: 'Owner above 1,000',
        aboveAmount: 100000,
        accountIds: [],
        approvals: 1,
        roles: ['owner'],
      },
      {
        id: 'two-10000',
        name: 'Two above 10,000',
        aboveAmount: 1000000,
        accountIds: [],
        approvals: 2,
        roles: [],
      },
    ]);
  });

  it('bill → duplicate refused → submitted → approved by the owner (not its creator) → paid in two parts', async () => {
    const body = {
      vendorId: vendor,
      vendorNumber: 'PM-501',
      billDate: '2026-05-04',
      lines: [{ name: 'Paper', quantity: '10', unitPrice: 15000, taxAmount: 1 }],
      taxInclusiveAmount: 1,
    };
    const created = await call('POST', 'bills', body, 'accountant');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      dueDate: '2026-05-18',
      taxExclusiveAmount: 150000,
      taxAmount: 30000,
      taxInclusiveAmount: 180000,
      openAmount: 180000,
    });
    const duplicate = await call('POST', 'bills', { ...body, vendorNumber: 'pm 501' }, 'accountant');
    expect([duplicate.status, duplicate.body.error.code, duplicate.body.error.details.duplicateId]).toEqual([
      409,
      'DUPLICATE_BILL',
      created.body.id,
    ]);
    const id = created.body.id as string;
    const submitted = await call('POST', `bills/${id}/submit`, undefined, 'accountant');
    expect(submitted.body.status).toBe('awaiting_approval');
    const approval = await call('GET', `bills/${id}/approval`);
    expect(approval.body).toMatchObject({
      round: 1,
      baseTotal: 180000,
      required: true,
      approved: false,
      rules: [{ ruleId: 'owner-1000', needed: 1, approvers: [], met: false }],
    });
    const self = await call('POST', `bills/${id}/approve`, {}, 'accountant');
    expect([self.status, self.body.error.code]).toEqual([403, 'SELF_APPROVAL']);
    const admin = await call('POST', `bills/${id}/approve`, {}, 'admin');
    expect([admin.status, admin.body.error.code]).toEqual([403, 'APPROVER_ROLE_NOT_REQUIRED']);
    const unpaidPay = await call('POST', `bills/${id}/payments`, {
      date: '2026-05-10',
      accountId: account.bank,
    });
    expect([unpaidPay.status, unpaidPay.body.error.code]).toEqual([409, 'BILL_STATE']);
    const approved = await call('POST', `bills/${id}/approve`, { comment: 'Checked against delivery' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', number: 'BILL-2026-0001' });
    const entry = await t.call(
      'GET',
      `/api/ledger/entries/${approved.body.journalEntryId}`,
      undefined,
      as('owner'),
    );
    expect(
      (entry.body.lines as { accountId: string; amount: number }[]).map((l) => [l.accountId, l.amount]),
    ).toEqual([
      [account.payable, -180000],
      [account.office, 150000],
      [account.tax, 30000],
    ]);

    const over = await call('POST', `bills/${id}/payments`, {
      date: '2026-05-10',
      amount: 180001,
      accountId: account.bank,
    });
    expect([over.status, over.body.error.code, over.body.error.details.field]).toEqual([
      422,
      'OVERPAYMENT',
      'amount',
    ]);
    const part = await call('POST', `bills/${id}/payments`, {
      date: '2026-05-10',
      amount: 80000,
      accountId: account.bank,
    });
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({ amount: 80000, allocations: [{ billId: id, amount: 80000 }] });
    const detail = await call('GET', `vendors/${vendor}`);
    expect(detail.body.balances).toEqual([{ currency: 'GBP', payable: 100000, credit: 0, balance: 100000 }]);
    expect((detail.body.history as { kind: string }[]).map((h) => h.kind)).toEqual(['payment', 'bill']);
    const aging = await call('GET', 'aging?asOf=2026-06-20');
    expect(aging.body.totals).toEqual([
      {
        currency: 'GBP',
        buckets: { current: 0, '1-30': 0, '31-60': 100000, '61-90': 0, '90+': 0 },
        total: 100000,
      },
    ]);
    const due = await call('GET', 'due?days=7&today=2026-05-12');
    expect(due.body.cashNeeded).toEqual([
      { currency: 'GBP', overdue: 0, dueInWindow: 100000, total: 100000 },
    ]);
    const rest = await call('POST', 'payments', {
      date: '2026-05-18',
      accountId: account.bank,
      reference: 'BACS 18 May',
      allocations: [{ billId: id, amount: 100000 }],
    });
    expect(rest.status).toBe(201);
    expect((await call('GET', `bills/${id}`)).body).toMatchObject({ status: 'paid', openAmount: 0 });
    expect((await call('GET', `payments?vendorId=${vendor}`)).body.items).toHaveLength(2);
  });

  it('above 10,000: two different approvers; a member can do nothing', async () => {
    const created = await call('POST', 'bills', {
      vendorId: vendor,
      billDate: '2026-05-20',
      lines: [{ name: 'Press', quantity: '1', unitPrice: 1000000 }],
    });
    const id = created.body.id as string;
    expect((await call('POST', `bills/${id}/submit`, undefined, 'member')).status).toBe(403);
    await call('POST', `bills/${id}/submit`);
    const byAccountant = await call('POST', `bills/${id}/approve`, {}, 'accountant');
    expect(byAccountant.body.status).toBe('awaiting_approval');
    const again = await call('POST', `bills/${id}/approve`, {}, 'accountant');
    expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_DECIDED']);
    // The owner created it: an owner's approval is still needed, from someone else.
    const ownerSelf = await call('POST', `bills/${id}/approve`, {}, 'owner');
    expect(ownerSelf.body.error.code).toBe('SELF_APPROVAL');
    const rejected = await call('POST', `bills/${id}/reject`, { comment: 'Not ordered' }, 'admin');
    expect(rejected.body.status).toBe('rejected');
    const listed = await call('GET', 'bills?status=rejected');
    expect((listed.body.items as { id: string }[]).map((b) => b.id)).toContain(id);
  });
});

describe('bills from UBL over HTTP', () => {
  it('POST /purchasing/imports/ubl: 201 with a draft bill, then 200 and nothing added', async () => {
    const { readFileSync } = await import('node:fs');
    const xml = readFileSync('../shared/testdata/peppol-bis-invoice-3/Vat-category-S.xml', 'utf8');
    const first = await call('POST', 'imports/ubl', { xml }, 'accountant');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      vendorMatch: 'created',
      alreadyImported: false,
      matchesDocument: true,
      sourceNumber: 'Snippet1',
      bill: {
        type: 'bill',
        status: 'draft',
        currency: 'EUR',
        vendorNumber: 'Snippet1',
        taxInclusiveAmount: 855000,
      },
    });
    const again = await call('POST', 'imports/ubl', { xml }, 'accountant');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ alreadyImported: true, bill: { id: first.body.bill.id } });
    const broken = await call('POST', 'imports/ubl', { xml: '<Invoice>' });
    expect([broken.status, broken.body.error.code]).toEqual([400, 'EINVOICE_NOT_XML']);
    expect((await call('POST', 'imports/ubl', { xml }, 'member')).status).toBe(403);
  });
});
