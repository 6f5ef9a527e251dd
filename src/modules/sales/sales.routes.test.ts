import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../api/test-app.ts';
import { createCompanyTestApp, createOtherOrg, PROFILE, type Role } from '../company/company.test-kit.ts';

// Receivables end to end through HTTP: quote → invoice → issue → payments → aging and tax summary,
// refusals as 4xx naming the field with nothing changed, roles, and another organization's ids.

let t: TestApp;
let as: (role: Role) => { key: string };
let account: Record<string, string>;
let vat: string;
let exempt: string;
let customer: string;

const post = (path: string, body: unknown, role: Role = 'owner') =>
  t.call('POST', `/api/sales/${path}`, body, as(role));
const get = (path: string, role: Role = 'owner') => t.call('GET', `/api/sales/${path}`, undefined, as(role));

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
  account = { bank: find('assets:bank:current account'), receivable: find('assets:accounts receivable') };
  vat = (await post('tax-rates', { name: 'VAT 20%', category: 'S', percent: '20' })).body.id;
  exempt = (
    await post('tax-rates', {
      name: 'Exempt',
      category: 'E',
      percent: '0',
      exemptionReasonCode: 'VATEX-EU-132',
    })
  ).body.id;
  customer = (
    await post('customers', {
      name: 'Initech GmbH',
      billingAddress: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      taxIds: [{ scheme: 'VAT', value: 'DE123456789' }],
      paymentTermsDays: 14,
      defaultTaxRateId: vat,
    })
  ).body.id;
}, 60_000);
afterAll(() => t.close());

describe('sales over HTTP', () => {
  it('refuses bad tax rates by field', async () => {
    const zeroStandard = await post('tax-rates', { name: 'x', category: 'S', percent: '0' });
    expect([zeroStandard.status, zeroStandard.body.error.details.field]).toEqual([400, 'percent']);
    const noReason = await post('tax-rates', { name: 'x', category: 'E', percent: '0' });
    expect(noReason.body.error.code).toBe('EXEMPTION_REASON_REQUIRED');
  });

  it('quote → accepted → invoice → issued, with totals computed on the server', async () => {
    const item = await post('items', {
      name: 'Widget',
      sku: 'W-1',
      unitCode: 'C62',
      prices: { GBP: 1999 },
      taxRateId: vat,
    });
    expect(item.status).toBe(201);
    expect((await post('items', { name: 'Other', sku: 'W-1' })).body.error.code).toBe('SKU_TAKEN');
    const old = await post('items', { name: 'Old widget', prices: { GBP: 1 }, taxRateId: vat });
    const drafted = await post('invoices', {
      customerId: customer,
      lines: [{ itemId: old.body.id, quantity: '1' }],
    });
    await t.call('PATCH', `/api/sales/items/${old.body.id}`, { archived: true }, as('owner'));
    // A draft that already has it can still be edited; a new line cannot take it.
    const edited = await t.call(
      'PATCH',
      `/api/sales/invoices/${drafted.body.id}`,
      { notes: 'Edited' },
      as('owner'),
    );
    expect([edited.status, edited.body.notes]).toEqual([200, 'Edited']);
    await t.call('DELETE', `/api/sales/invoices/${drafted.body.id}`, undefined, as('owner'));
    const archived = await post('invoices', {
      customerId: customer,
      lines: [{ itemId: old.body.id, quantity: '1' }],
    });
    expect([archived.status, archived.body.error.code, archived.body.error.details.field]).toEqual([
      422,
      'ITEM_ARCHIVED',
      'lines.0.itemId',
    ]);
    const quote = await post('quotes', {
      customerId: customer,
      issueDate: '2026-01-05',
      lines: [
        { itemId: item.body.id, quantity: '3', discountPercent: '10' },
        { name: 'Course', quantity: 1, unitPrice: 5000, taxRateId: exempt },
      ],
      discountAmount: 100,
      taxInclusiveAmount: 999_999,
    });
    expect(quote.status).toBe(201);
    // 3 × 19.99 = 59.97 − 6.00 (10 %) = 53.97; + 50.00; document discount 1.00 spread 0.52 / 0.48.
    expect(quote.body.lineExtensionAmount).toBe(5397 + 5000);
    expect(quote.body.allowanceTotalAmount).toBe(100);
    expect(quote.body.taxAmount).toBe(1069); // 20 % of 53.45
    expect(quote.body.taxInclusiveAmount).toBe(10297 + 1069);
    expect((await post(`quotes/${quote.body.id}/mark-sent`, undefined)).body.number).toBe('QUO-2026-0001');
    expect((await post(`quotes/${quote.body.id}/invoice`, undefined)).body.error.code).toBe('QUOTE_STATE');
    await post(`quotes/${quote.body.id}/accept`, undefined);
    const invoice = await post(`quotes/${quote.body.id}/invoice`, undefined);
    expect([invoice.status, invoice.body.status, invoice.body.relatedDocumentId]).toEqual([
      201,
      'draft',
      quote.body.id,
    ]);
    const issued = await post(`invoices/${invoice.body.id}/issue`, { date: '2026-01-10' });
    expect(issued.status).toBe(200);
    expect([issued.body.number, issued.body.dueDate, issued.body.payableAmount]).toEqual([
      'INV-2026-0001',
      '2026-01-24',
      11366,
    ]);
    expect(issued.body.buyer.taxIds).toEqual([{ scheme: 'VAT', value: 'DE123456789' }]);
    expect(issued.body.taxBreakdown.map((b: { category: string }) => b.category)).toEqual(['S', 'E']);
    const again = await post(`invoices/${invoice.body.id}/issue`, {});
    expect([again.status, again.body.error.code]).toEqual([409, 'INVOICE_ALREADY_ISSUED']);
    const entry = await t.call(
      'GET',
      `/api/ledger/entries/${issued.body.journalEntryId}`,
      undefined,
      as('owner'),
    );
    expect(entry.body.lines[0]).toMatchObject({ accountId: account.receivable, amount: 11366 });
    const detail = await get(`customers/${customer}`);
    expect(detail.body.balances).toEqual([{ currency: 'GBP', receivable: 11366, credit: 0, balance: 11366 }]);
    expect(detail.body.history.map((h: { kind: string }) => h.kind).sort()).toEqual(['invoice', 'quote']);
  });

  it('refuses bad documents with 4xx naming the field, creating nothing', async () => {
    const before = (await get('invoices')).body.items.length;
    const negative = await post('invoices', {
      customerId: customer,
      lines: [{ name: 'x', quantity: '-1', unitPrice: 100 }],
    });
    expect([negative.status, negative.body.error.code, negative.body.error.details.field]).toEqual([
      400,
      'NEGATIVE_QUANTITY',
      'lines.0.quantity',
    ]);
    const unknown = await post('invoices', {
      customerId: customer,
      lines: [{ name: 'x', quantity: '1', unitPrice: 100, taxRateId: 'tax_missing' }],
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'UNKNOWN_TAX_RATE']);
    expect((await get('invoices')).body.items.length).toBe(before);
    expect((await post('invoices', { customerId: customer, lines: [] }, 'member')).status).toBe(403);
  });

  it('ages open invoices into buckets on fixed dates, and drills down', async () => {
    const make = async (issueDate: string, dueDate: string, unitPrice: number) => {
      const draft = await post('invoices', {
        customerId: customer,
        issueDate,
        dueDate,
        lines: [{ name: 'x', quantity: '1', unitPrice, taxRateId: exempt }],
      });
      return (await post(`invoices/${draft.body.id}/issue`, {})).body;
    };
    await make('2026-01-02', '2026-02-15', 100); // 1–30 on 2026-03-01 (14 days); the quote's invoice is 36 days due
    await make('2025-12-01', '2025-12-31', 200); // 31–60 (60 days)
    await make('2025-10-01', '2025-11-30', 400); // 90+ (91 days)
    const paidLater = await make('2026-02-20', '2026-03-20', 800); // current
    await post('payments', {
      customerId: customer,
      date: '2026-03-05',
      amount: 800,
      accountId: account.bank,
      allocations: [{ invoiceId: paidLater.id, amount: 800 }],
    });
    const aging = await get('aging?asOf=2026-03-01');
    expect(aging.status).toBe(200);
    const row = aging.body.items.find((r: { customerId: string }) => r.customerId === customer);
    expect(row.buckets).toEqual({ current: 800, '1-30': 100, '31-60': 200 + 11366, '61-90': 0, '90+': 400 });
    expect(row.invoices.map((i: { bucket: string }) => i.bucket)).toContain('90+');
    // On 2026-03-05 the payment has settled the current invoice.
    const later = await get(`aging?asOf=2026-03-05&customerId=${customer}`);
    expect(later.body.items[0].buckets.current).toBe(0);
  });

  it('summarizes tax by rate for a period', async () => {
    const summary = await get('tax-summary?from=2026-01-01&to=2026-01-31');
    expect(summary.status).toBe(200);
    const standard = summary.body.items.find((r: { category: string }) => r.category === 'S');
    expect([standard.taxableAmount, standard.taxAmount]).toEqual([5345, 1069]);
    expect((await get('tax-summary?from=2026-02-01&to=2026-01-01')).status).toBe(400);
  });

  it('records a payment once when the client retries with the same Idempotency-Key', async () => {
    const body = { customerId: customer, date: '2026-03-31', amount: 50, accountId: account.bank };
    const headers = { 'idempotency-key': 'pay-retry-1' };
    const first = await t.call('POST', '/api/sales/payments', body, { ...as('owner'), headers });
    const second = await t.call('POST', '/api/sales/payments', body, { ...as('owner'), headers });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    const intoReceivable = await post('payments', { ...body, accountId: account.receivable });
    expect([intoReceivable.status, intoReceivable.body.error.code]).toEqual([422, 'NOT_A_MONEY_ACCOUNT']);
    const listed = await get(`payments?customerId=${customer}&limit=500`);
    expect(listed.body.items.filter((p: { id: string }) => p.id === first.body.id)).toHaveLength(1);
    expect(
      listed.body.items.filter((p: { date: string; amount: number }) => p.date === '2026-03-31'),
    ).toHaveLength(1);
  });

  it('changes only the fields a patch names (no defaults fill in for the others)', async () => {
    const person = await post('customers', { kind: 'person', name: 'Pat Person' });
    const noted = await t.call(
      'PATCH',
      `/api/sales/customers/${person.body.id}`,
      { notes: 'VIP' },
      as('owner'),
    );
    expect([noted.status, noted.body.kind, noted.body.notes]).toEqual([200, 'person', 'VIP']);
    const hours = await post('items', {
      name: 'Survey',
      kind: 'product',
      unitCode: 'HUR',
      prices: { GBP: 500 },
    });
    const archived = await t.call(
      'PATCH',
      `/api/sales/items/${hours.body.id}`,
      { archived: true },
      as('owner'),
    );
    expect([archived.status, archived.body.kind, archived.body.unitCode]).toEqual([200, 'product', 'HUR']);
    expect(archived.body.archivedAt).not.toBeNull();
  });

  it('finds customers by name, email or tax id', async () => {
    await post('customers', { name: 'Umbrella 100% Corp', email: 'billing@umbrella.example' });
    const byTaxId = await get('customers?q=de1234');
    expect(byTaxId.body.items.map((c: { name: string }) => c.name)).toEqual(['Initech GmbH']);
    const byPercent = await get(`customers?q=${encodeURIComponent('100%')}`);
    expect(byPercent.body.items.map((c: { name: string }) => c.name)).toEqual(['Umbrella 100% Corp']);
    expect((await get('customers?q=UMBRELLA.EXAMPLE')).body.items).toHaveLength(1);
  });

  it('lists overdue invoices (derived from the due date), deletes drafts only', async () => {
    const overdue = (await get('invoices?status=overdue&limit=500')).body.items as {
      overdue: boolean;
      dueDate: string;
    }[];
    expect(overdue.length).toBeGreaterThan(0);
    const today = new Date().toISOString().slice(0, 10);
    for (const i of overdue) expect([i.overdue, i.dueDate < today]).toEqual([true, true]);
    const draft = await post('invoices', {
      customerId: customer,
      lines: [{ name: 'x', quantity: '1', unitPrice: 1 }],
    });
    expect(
      (await t.call('DELETE', `/api/sales/invoices/${draft.body.id}`, undefined, as('owner'))).status,
    ).toBe(204);
    expect((await get(`invoices/${draft.body.id}`)).status).toBe(404);
    const issued = (await get('invoices?status=issued')).body.items[0];
    const refused = await t.call('DELETE', `/api/sales/invoices/${issued.id}`, undefined, as('owner'));
    expect([refused.status, refused.body.error.code]).toEqual([409, 'INVOICE_ALREADY_ISSUED']);
  });

  it("another organization's customer and invoice are not found", async () => {
    const other = await createOtherOrg(t);
    expect(
      (await t.call('GET', `/api/sales/customers/${customer}`, undefined, { key: other.key })).status,
    ).toBe(404);
    const invoices = (await get('invoices')).body.items;
    const res = await t.call('POST', `/api/sales/invoices/${invoices[0].id}/issue`, {}, { key: other.key });
    expect(res.status).toBe(404);
    const pay = await t.call(
      'POST',
      '/api/sales/payments',
      { customerId: customer, date: '2026-03-01', amount: 100, accountId: account.bank },
      { key: other.key },
    );
    expect([pay.status, pay.body.error.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
  });
});
