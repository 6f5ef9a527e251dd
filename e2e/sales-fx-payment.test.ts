import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createOrgViaApi,
  heading,
  launchBrowser,
  type Ordo,
  openSession,
  type Session,
  shootOnFailure,
  signUpViaApi,
  startOrdo,
  visit,
} from './harness.ts';

// A EUR invoice paid in pounds: the customer's bank sent GBP into our GBP account. The payment form
// takes what arrived and what it settles; the invoice is paid in full, the payment shows both
// amounts, and the books realize the difference from the invoice's rate.

let ordo: Ordo;
let browser: Browser;
let s: Session;

const user = { name: 'Fiona Exchange', email: 'fiona@fx.test', password: 'fiona-counts-in-euros' };

const api = async (method: 'get' | 'post' | 'put', path: string, data?: unknown) => {
  const response = await s.context.request[method](path, { data, headers: { origin: ordo.url } });
  const body = await response.json().catch(() => null);
  expect(response.ok(), `${method} ${path}: ${JSON.stringify(body)}`).toBe(true);
  return body;
};

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  [ordo, browser] = await Promise.all([startOrdo(), launchBrowser()]);
  s = await openSession(browser, ordo);
  await signUpViaApi(s.context, ordo, user);
  await createOrgViaApi(s.context, ordo, { name: 'Channel Crossing Ltd', slug: 'channel' });
  await api('put', '/api/company', {
    legalName: 'Channel Crossing Ltd',
    country: 'GB',
    baseCurrency: 'GBP',
    fiscalYearStart: '01-01',
    address: { line1: '2 Harbour Road', city: 'Dover', postalCode: 'CT16 1JA', country: 'GB' },
  });
  await api('post', '/api/ledger/chart/apply-template', { templateId: 'generic' });
  await api('post', '/api/ledger/exchange-rates', { base: 'EUR', quote: 'GBP', date: day(-10), rate: '0.9' });
});
shootOnFailure(() => [s]);
afterAll(async () => {
  await browser?.close();
  await ordo?.close();
});

it('records pounds received for a euro invoice, and shows what each side was', async () => {
  const zero = await api('post', '/api/sales/tax-rates', {
    name: 'Export, zero-rated',
    category: 'Z',
    percent: '0',
  });
  const customer = await api('post', '/api/sales/customers', { name: 'Boulangerie Dupont', currency: 'EUR' });
  const draft = await api('post', '/api/sales/invoices', {
    customerId: customer.id,
    currency: 'EUR',
    issueDate: day(-5),
    lines: [{ name: 'Ovens serviced', quantity: '1', unitPrice: 100000, taxRateId: zero.id }],
  });
  const invoice = await api('post', `/api/sales/invoices/${draft.id}/issue`, {});
  const due = invoice.payableAmount as number; // in EUR cents, carried at 0.9

  const { page } = s;
  await page.goto(`/finance/invoices/${invoice.id}`);
  await heading(page, new RegExp(invoice.number));
  await page.getByRole('button', { name: 'Record payment' }).click();
  const dialog = page.getByRole('dialog', { name: `Record a payment for ${invoice.number}` });
  await dialog.getByRole('combobox', { name: 'Received in' }).click();
  await page.getByRole('option', { name: 'GBP', exact: true }).click();
  const settles = dialog.getByRole('textbox', { name: `Settles of ${invoice.number} (EUR)` });
  expect(await settles.inputValue()).toBe((due / 100).toFixed(2));
  // What the bank statement says arrived: 5.00 GBP less than the invoice is worth at its own rate.
  const received = ((due * 0.9 - 500) / 100).toFixed(2);
  await dialog.getByRole('textbox', { name: 'Amount (GBP)' }).fill(received);
  await expect
    .poll(() => dialog.getByRole('combobox', { name: 'Paid into' }).inputValue())
    .toContain('assets:bank');
  await visit(page, 'sales-fx-payment-dialog');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await dialog.waitFor({ state: 'hidden' });

  await page.getByText('Paid', { exact: true }).first().waitFor();
  const payments = page.getByRole('table', { name: 'Payments on this invoice' });
  await expect
    .poll(async () => (await payments.innerText()).replace(/\s+/g, ' '), { timeout: 20_000 })
    .toMatch(new RegExp(`€${(due / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })} paid with £`));
  await visit(page, 'sales-fx-invoice-paid');

  const [payment] = (await api('get', '/api/sales/payments')).items;
  expect(payment).toMatchObject({ currency: 'GBP', amount: due * 0.9 - 500, appliedAmount: due * 0.9 - 500 });
  expect(payment.allocations).toMatchObject([
    { invoiceId: invoice.id, amount: due, paymentAmount: due * 0.9 - 500 },
  ]);
  await page.goto(`/finance/payments/${payment.id}`);
  const settled = page.getByRole('table', { name: 'Invoices settled' });
  await expect
    .poll(async () => (await settled.innerText()).replace(/\s+/g, ' '), { timeout: 20_000 })
    .toContain(`€${(due / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`);
  await visit(page, 'sales-fx-payment-page');

  // The 5.00 GBP short is a realized exchange loss.
  const tb = await api('get', `/api/reports/trial-balance?asOf=${day(0)}`);
  const fx = (tb.rows as { accountName: string; baseBalance: number }[]).filter((r) =>
    r.accountName.includes('exchange gains and losses'),
  );
  expect(fx.reduce((sum, r) => sum + r.baseBalance, 0)).toBe(500);
});
