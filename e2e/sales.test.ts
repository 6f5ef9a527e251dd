import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createOrgViaApi,
  heading,
  launchBrowser,
  type Ordo,
  openSession,
  PHONE,
  type Session,
  shootOnFailure,
  signUpViaApi,
  startOrdo,
  visit,
} from './harness.ts';
import { SHOTS_DIR } from './paths.ts';

// Receivables in the browser, the way a new business meets them: empty pages that say what to do
// first, a tax rate and an item, a customer, an invoice typed from the keyboard with live totals
// (and the server's objection shown next to the line field it names), issued, previewed and
// downloaded as a PDF, partly paid; the customer's balance and the aging show the rest, and the
// aging opens the invoices behind its figures. Then the same pages on a phone in the dark theme.

let ordo: Ordo;
let browser: Browser;
let s: Session;
let phone: Session | undefined;

const user = { name: 'Rita Receivable', email: 'rita@sales.test', password: 'rita-rings-the-till' };

/** The few browser globals the in-page checks use (the test project compiles without the DOM library). */
interface Dom {
  document: {
    activeElement: {
      labels?: { textContent: string | null }[];
      getAttribute(name: string): string | null;
    } | null;
    documentElement: { scrollWidth: number };
  };
  innerWidth: number;
}

const api = async (method: 'get' | 'post' | 'put', path: string, data?: unknown) => {
  const response = await s.context.request[method](path, { data, headers: { origin: ordo.url } });
  const body = await response.json().catch(() => null);
  expect(response.ok(), `${method} ${path}: ${JSON.stringify(body)}`).toBe(true);
  return body;
};

beforeAll(async () => {
  [ordo, browser] = await Promise.all([startOrdo(), launchBrowser()]);
  s = await openSession(browser, ordo);
  await signUpViaApi(s.context, ordo, user);
  await createOrgViaApi(s.context, ordo, { name: 'Till & Co Ltd', slug: 'till' });
  await api('put', '/api/company', {
    legalName: 'Till & Co Ltd',
    country: 'GB',
    baseCurrency: 'GBP',
    fiscalYearStart: '01-01',
    address: { line1: '1 Counting House Lane', city: 'Bristol', postalCode: 'BS1 4DJ', country: 'GB' },
    taxIds: [{ scheme: 'VAT', value: 'GB123456789' }],
    email: 'accounts@till.test',
  });
  await api('post', '/api/ledger/chart/apply-template', { templateId: 'generic' });
});
shootOnFailure(() => [s, phone]);
afterAll(async () => {
  await browser?.close();
  await ordo?.close();
});

const line = (page: Page, n: number) => page.getByRole('group', { name: `Line ${n}`, exact: true });
const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = (globalThis as unknown as Dom).document.activeElement;
    return el?.labels?.[0]?.textContent?.replace('*', '').trim() ?? el?.getAttribute('aria-label') ?? '';
  });
const text = async (page: Page, testId: string) =>
  (await page.getByTestId(testId).innerText()).replace(/\s+/g, ' ').trim();

it('starts from empty pages that say what to do first', async () => {
  const { page } = s;
  await page.goto('/finance/invoices');
  await heading(page, 'Invoices');
  await page.getByRole('heading', { name: 'No invoices yet' }).waitFor();
  await visit(page, 'sales-invoices-empty');

  await page.goto('/finance/customers');
  await heading(page, 'Customers');
  await page.getByRole('heading', { name: 'No customers yet' }).waitFor();
  await visit(page, 'sales-customers-empty');

  // Without a tax rate the editor says where to add one.
  await page.goto('/finance/invoices/new');
  await heading(page, 'New invoice');
  await page.getByText('Add a tax rate first').waitFor();
  await page.getByRole('link', { name: 'Add your tax rates' }).click();
  await heading(page, 'Sales settings');
  await page.getByRole('button', { name: 'Add a tax rate' }).click();
  const dialog = page.getByRole('dialog', { name: 'New tax rate' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('VAT 20%');
  await dialog.getByRole('textbox', { name: 'Percent' }).fill('20');
  await dialog.getByRole('button', { name: 'Save tax rate' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('table', { name: 'Tax rates' }).getByText('VAT 20%').waitFor();
  await visit(page, 'sales-settings');

  await page.goto('/finance/items');
  await heading(page, 'Items');
  await page.getByRole('heading', { name: 'No items yet' }).waitFor();
  await page.getByRole('button', { name: 'New item' }).first().click();
  const item = page.getByRole('dialog', { name: 'New item' });
  await item.getByRole('textbox', { name: 'Name' }).fill('Consulting hour');
  await item.getByRole('textbox', { name: 'SKU' }).fill('CONS-H');
  await item.getByRole('combobox', { name: 'Unit' }).click();
  await page.getByRole('option', { name: 'Hour' }).click();
  await item.getByRole('combobox', { name: 'Tax rate' }).click();
  await page.getByRole('option', { name: 'VAT 20%' }).click();
  await item.getByRole('textbox', { name: 'Price' }).fill('95');
  await visit(page, 'sales-item-form');
  await item.getByRole('button', { name: 'Add item' }).click();
  await item.waitFor({ state: 'hidden' });
  await expect.poll(() => text(page, 'item-Consulting hour')).toContain('£95.00');
  const items = (await api('get', '/api/sales/items')).items;
  expect(items[0]).toMatchObject({
    name: 'Consulting hour',
    sku: 'CONS-H',
    unitCode: 'HUR',
    prices: { GBP: 9500 },
  });
  await visit(page, 'sales-items');
});

it('adds a customer and types an invoice from the keyboard, with live totals the server agrees with', async () => {
  const { page } = s;
  await page.goto('/finance/customers');
  await page.getByRole('button', { name: 'New customer' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New customer' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Acme Widgets Ltd');
  await dialog.getByRole('textbox', { name: 'Email' }).fill('ap@acme.test');
  await dialog.getByRole('textbox', { name: 'Address', exact: true }).fill('7 Sprocket Street');
  await dialog.getByRole('textbox', { name: 'Postcode' }).fill('M1 1AA');
  await dialog.getByRole('textbox', { name: 'City' }).fill('Manchester');
  await dialog.getByRole('textbox', { name: 'Country' }).fill('gb');
  await dialog.getByRole('textbox', { name: 'Payment terms (days)' }).fill('30');
  await visit(page, 'sales-customer-form');
  await dialog.getByRole('button', { name: 'Add customer' }).click();
  await heading(page, 'Acme Widgets Ltd');
  await page.getByText('Nothing owed: every invoice is settled.').waitFor();
  await visit(page, 'sales-customer-new');

  await page.getByRole('link', { name: 'New invoice' }).click();
  await heading(page, 'New invoice');
  expect(await page.getByRole('combobox', { name: 'Customer' }).inputValue()).toBe('Acme Widgets Ltd');
  // Line 1 from the catalog: typing picks the item, Enter takes it and moves to the quantity.
  await line(page, 1).getByRole('combobox', { name: 'Item' }).click();
  await page.keyboard.type('consult');
  await page.getByRole('option', { name: 'Consulting hour · CONS-H' }).waitFor();
  await page.keyboard.press('Enter');
  await expect.poll(() => focusedLabel(page)).toBe('Quantity');
  expect(await line(page, 1).getByRole('textbox', { name: 'Price' }).inputValue()).toBe('95.00');
  await page.keyboard.type('10');
  await page.keyboard.press('Enter'); // price
  await page.keyboard.press('Enter'); // discount
  await page.keyboard.type('10');
  await page.keyboard.press('Enter'); // tax
  expect(await focusedLabel(page)).toBe('Tax');
  // Enter past the last cell goes on to a new line.
  await page.keyboard.press('Enter');
  expect(await focusedLabel(page)).toBe('Item');
  await line(page, 2).waitFor();

  // Line 2 typed by hand: Tab past the item to the description.
  await page.keyboard.press('Tab');
  expect(await focusedLabel(page)).toBe('Description');
  await page.keyboard.type('Train fare to the workshop');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter'); // quantity: 1 by default
  await page.keyboard.type('42.50');
  await page.keyboard.press('Enter'); // discount
  await page.keyboard.press('Enter'); // tax
  await page.keyboard.type('vat');
  await page.getByRole('option', { name: 'VAT 20%' }).waitFor();
  await page.keyboard.press('Enter');
  // The arrows move between lines, in the same column.
  await page.keyboard.press('ArrowUp');
  expect(await focusedLabel(page)).toBe('Tax');
  expect(
    await line(page, 1)
      .getByRole('combobox', { name: 'Tax' })
      .evaluate((el) => el === (globalThis as unknown as Dom).document.activeElement),
  ).toBe(true);
  await line(page, 3).waitFor();

  // 10 × 95.00 less 10% = 855.00, plus 42.50: 897.50 net, VAT 179.50, total 1,077.00.
  await expect.poll(() => text(page, 'line-amount-1')).toBe('£855.00');
  await expect.poll(() => text(page, 'total-net')).toBe('£897.50');
  expect(await text(page, 'total-gross')).toBe('£1,077.00');
  await page.getByRole('region', { name: 'Totals' }).getByText('VAT 20% on £897.50').waitFor();
  await visit(page, 'sales-invoice-editor');

  await page.keyboard.press('Control+Enter');
  await heading(page, 'Draft invoice');
  await page.getByText('Draft invoice saved.').waitFor();
  const invoices = (await api('get', '/api/sales/invoices')).items;
  expect(invoices).toHaveLength(1);
  expect(invoices[0]).toMatchObject({
    status: 'draft',
    lineExtensionAmount: 89750,
    taxAmount: 17950,
    taxInclusiveAmount: 107700,
  });
  expect(invoices[0].lines.map((l: { name: string; quantity: string }) => [l.name, l.quantity])).toEqual([
    ['Consulting hour', '10'],
    ['Train fare to the workshop', '1'],
  ]);
  // The page shows the server's totals.
  await expect.poll(() => text(page, 'preview-total')).toBe('£1,077.00');
  await visit(page, 'sales-invoice-draft');
});

it('puts the server’s objection next to the line field it names', async () => {
  const { page } = s;
  await page.goto('/finance/invoices/new');
  await heading(page, 'New invoice');
  await page.getByRole('combobox', { name: 'Customer' }).fill('acme');
  await page.getByRole('option', { name: 'Acme Widgets Ltd' }).click();
  await page.getByRole('textbox', { name: 'Currency' }).fill('EUR');
  await line(page, 1).getByRole('combobox', { name: 'Item' }).fill('consult');
  await page.getByRole('option', { name: 'Consulting hour · CONS-H' }).click();
  await line(page, 1).getByRole('textbox', { name: 'Quantity' }).fill('2');
  // The item has a price in pounds only: in euros the price stays empty, and the server says so.
  const price = line(page, 1).getByRole('textbox', { name: 'Price' });
  expect(await price.inputValue()).toBe('');
  await page.getByRole('button', { name: 'Save invoice' }).click();
  await expect.poll(() => price.getAttribute('aria-invalid')).toBe('true');
  await line(page, 1)
    .locator('.ordo-doc-line-errors')
    .getByText('Price: Enter a unit price (the item has no EUR price).')
    .waitFor();
  expect(new URL(page.url()).pathname).toBe('/finance/invoices/new');
  await visit(page, 'sales-invoice-server-error');

  await price.fill('110');
  await expect.poll(() => text(page, 'total-gross')).toBe('€264.00');
  await page.getByRole('button', { name: 'Save invoice' }).click();
  await heading(page, 'Draft invoice');
  expect(await text(page, 'preview-total')).toBe('€264.00');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete' }).click();
  await heading(page, 'Invoices');
  expect((await api('get', '/api/sales/invoices')).items).toHaveLength(1);
});

it('issues the invoice, previews it, and records a partial payment', async () => {
  const { page } = s;
  await page.goto('/finance/invoices');
  await heading(page, 'Invoices');
  await page.getByRole('link', { name: 'Draft', exact: true }).click();
  await heading(page, 'Draft invoice');
  await page.getByRole('button', { name: 'Issue…' }).click();
  const issue = page.getByRole('dialog', { name: 'Issue draft invoice' });
  await visit(page, 'sales-issue-dialog');
  await issue.getByRole('button', { name: 'Issue' }).click();
  const number = `INV-${new Date().getFullYear()}-0001`;
  await heading(page, `Invoice ${number}`);
  await page.getByText(`Issued as ${number}.`).waitFor();
  const preview = page.getByTestId('document-preview');
  await preview.getByText(number).waitFor();
  expect(await text(page, 'balance-due')).toBe('£1,077.00');
  await preview.screenshot({
    path: path.join(SHOTS_DIR, 'sales-invoice-preview.png'),
    animations: 'disabled',
  });
  await visit(page, 'sales-invoice-issued');

  // The PDF the customer gets: rendered to a PNG to look at, and its text read back.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the PDF' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${number}.pdf`);
  const pdf = path.join(SHOTS_DIR, `sales-${number}.pdf`);
  await download.saveAs(pdf);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '60',
    '-f',
    '1',
    '-l',
    '1',
    pdf,
    path.join(SHOTS_DIR, 'sales-invoice-pdf'),
  ]);
  const printed = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const expected of [
    number,
    'Acme Widgets Ltd',
    'Till & Co Ltd',
    'Consulting hour',
    '1,077.00',
    '179.50',
  ])
    expect(printed).toContain(expected);

  // Sent by email from the page, logged under the preview with how delivery went.
  await page.getByRole('button', { name: 'Send…' }).click();
  const send = page.getByRole('dialog', { name: `Send invoice ${number}` });
  expect(await send.getByRole('textbox', { name: 'To' }).inputValue()).toBe('ap@acme.test');
  await send
    .getByRole('textbox', { name: 'Message' })
    .fill('Thank you for the workshop. The invoice is attached.');
  await visit(page, 'sales-send-dialog');
  await send.getByRole('button', { name: 'Send', exact: true }).click();
  await send.waitFor({ state: 'hidden' });
  const mail = await ordo.mail.waitFor('ap@acme.test', new RegExp(number));
  expect(mail.subject).toBe(`Invoice ${number} from Till & Co Ltd`);
  const log = page.getByRole('table', { name: 'Messages' });
  await expect
    .poll(async () => (await log.innerText()).replace(/\s+/g, ' '), { timeout: 10_000 })
    .toMatch(/ap@acme\.test .*sent/i);

  await page.getByRole('button', { name: 'Record payment' }).click();
  const dialog = page.getByRole('dialog', { name: `Record a payment for ${number}` });
  const amount = dialog.getByRole('textbox', { name: 'Amount (GBP)' });
  expect(await amount.inputValue()).toBe('1077.00');
  await expect
    .poll(() => dialog.getByRole('combobox', { name: 'Paid into' }).inputValue())
    .toBe('1000 · assets:bank:current account');
  await amount.fill('500');
  await dialog.getByRole('textbox', { name: 'Reference' }).fill('BACS 4471');
  await visit(page, 'sales-payment-dialog');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await expect.poll(() => text(page, 'balance-due')).toBe('£577.00');
  await page.getByText('Partly paid').first().waitFor();
  await page.getByRole('table', { name: 'Payments on this invoice' }).getByText('BACS 4471').waitFor();
  await visit(page, 'sales-invoice-partly-paid');
  const [saved] = (await api('get', '/api/sales/invoices')).items;
  expect(saved).toMatchObject({ number, status: 'partially_paid', paidAmount: 50000, payableAmount: 57700 });
});

it('shows the rest on the customer’s page', async () => {
  const { page } = s;
  await page.getByRole('link', { name: 'Acme Widgets Ltd' }).click();
  await heading(page, 'Acme Widgets Ltd');
  await expect.poll(() => text(page, 'customer-balance-GBP')).toBe('£577.00');
  const history = page.getByRole('table', { name: 'History' });
  await history.getByRole('link', { name: /^Invoice INV-/ }).waitFor();
  await history.getByRole('link', { name: /^Payment/ }).waitFor();
  await visit(page, 'sales-customer-balance');

  // The statement for the year so far, as the PDF the customer would get.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Statement (PDF)' }).click(),
  ]);
  const pdf = path.join(SHOTS_DIR, 'sales-statement.pdf');
  await download.saveAs(pdf);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '60',
    '-f',
    '1',
    '-l',
    '1',
    pdf,
    path.join(SHOTS_DIR, 'sales-statement'),
  ]);
  const printed = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const expected of ['Acme Widgets Ltd', '1,077.00', '500.00', '577.00'])
    expect(printed).toContain(expected);
});

it('ages what is owed, and opens the invoices behind each figure', async () => {
  const { page } = s;
  // A second invoice, issued 45 days ago and due at once: 31–60 days late today.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const [customer] = (await api('get', '/api/sales/customers')).items;
  const [item] = (await api('get', '/api/sales/items')).items;
  const draft = await api('post', '/api/sales/invoices', {
    customerId: customer.id,
    issueDate: day(-45),
    paymentTermsDays: 0,
    lines: [{ itemId: item.id, quantity: '1' }],
  });
  const late = await api('post', `/api/sales/invoices/${draft.id}/issue`, {});
  expect(late.taxInclusiveAmount).toBe(11400);

  await page.goto('/finance/aging');
  await heading(page, 'Receivables aging');
  const row = page.getByTestId('aging-Acme Widgets Ltd-GBP');
  await expect
    .poll(() => text(page, 'aging-Acme Widgets Ltd-GBP'))
    .toBe('Acme Widgets Ltd £577.00 £114.00 £691.00');
  await page.getByRole('button', { name: 'Show the invoices of Acme Widgets Ltd (GBP)' }).click();
  await page.getByTestId(`aging-invoice-${late.number}`).waitFor();
  expect(await text(page, `aging-invoice-${late.number}`)).toContain('45 days late');
  await visit(page, 'sales-aging');
  await row.waitFor();
  await page.getByRole('link', { name: late.number }).click();
  await heading(page, `Invoice ${late.number}`);
  await page.getByText('Overdue').first().waitFor();
});

it('filters the invoice list, totals it, and keeps the filters as a named view', async () => {
  const { page } = s;
  await page.goto('/finance/invoices');
  await heading(page, 'Invoices');
  const rows = page.getByRole('table', { name: 'Invoices' }).locator('tbody tr');
  await expect.poll(() => rows.count()).toBe(2);
  await expect.poll(() => text(page, 'list-total-GBP')).toBe('Total GBP £1,191.00 £691.00');
  await visit(page, 'sales-invoices');

  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Overdue' }).click();
  await expect.poll(() => rows.count()).toBe(1);
  expect(new URL(page.url()).searchParams.get('status')).toBe('overdue');
  await page.getByRole('button', { name: 'Views' }).click();
  await page.getByRole('menuitem', { name: 'Save these filters as a view…' }).click();
  const name = page.getByRole('dialog', { name: 'Save these filters as a view' });
  await name.getByRole('textbox', { name: 'View name' }).fill('Chase these');
  await name.getByRole('button', { name: 'Save view' }).click();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect.poll(() => rows.count()).toBe(2);

  await page.getByRole('button', { name: 'Views' }).click();
  await page.getByRole('menuitem', { name: 'Chase these' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('overdue');
  await expect.poll(() => rows.count()).toBe(1);
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // The list downloads as CSV with the server's filters.
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV: download the list as CSV' }).click(),
  ]);
  const rowsCsv = await (await import('node:fs/promises')).readFile((await csv.path())!, 'utf8');
  expect(rowsCsv).toMatch(/INV-\d{4}-0001/);
  expect(rowsCsv).toMatch(/INV-\d{4}-0002/);

  // The number search and the date range are applied as you type.
  await page.getByRole('searchbox', { name: 'Search' }).fill('0001');
  await expect.poll(() => rows.count()).toBe(1);
  expect(await rows.first().innerText()).toContain('0001');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect.poll(() => rows.count()).toBe(2);
  expect(s.problems).toEqual([]);
});

it('turns an accepted quote into an invoice, and voids an invoice with a credit note from its page', async () => {
  const { page } = s;
  await page.goto('/finance/quotes');
  await heading(page, 'Quotes');
  await page.getByRole('heading', { name: 'No quotes yet' }).waitFor();
  await page.getByRole('link', { name: 'New quote' }).first().click();
  await heading(page, 'New quote');
  await page.getByRole('combobox', { name: 'Customer' }).fill('acme');
  await page.getByRole('option', { name: 'Acme Widgets Ltd' }).click();
  await line(page, 1).getByRole('combobox', { name: 'Item' }).fill('consult');
  await page.getByRole('option', { name: 'Consulting hour · CONS-H' }).click();
  await line(page, 1).getByRole('textbox', { name: 'Quantity' }).fill('4');
  await expect.poll(() => text(page, 'total-gross')).toBe('£456.00');
  await page.keyboard.press('Control+Enter');
  await heading(page, 'Draft quote');
  await page.getByRole('button', { name: 'Accepted' }).click();
  await page.getByRole('button', { name: 'Create invoice' }).click();
  await heading(page, 'Draft invoice');
  expect(await text(page, 'preview-total')).toBe('£456.00');
  await visit(page, 'sales-invoice-from-quote');
  // Issued by mistake: voided from its page, which credits it in full.
  await page.getByRole('button', { name: 'Issue…' }).click();
  await page
    .getByRole('dialog', { name: 'Issue draft invoice' })
    .getByRole('button', { name: 'Issue' })
    .click();
  await heading(page, /^Invoice INV-\d{4}-0003$/);
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Void…' }).click();
  const voiding = page.getByRole('dialog', { name: /^Void invoice INV-/ });
  await voiding.getByRole('textbox', { name: 'Reason' }).fill('Quoted twice');
  await visit(page, 'sales-void-dialog');
  await voiding.getByRole('button', { name: 'Void invoice' }).click();
  await page.getByText('Void: credited in full, nothing is owed.').waitFor();
  await page
    .getByText(/^Credited by/)
    .getByRole('link', { name: /^CN-/ })
    .waitFor();

  // The late invoice, credited in full: a credit note made from its lines, issued, leaves nothing owed.
  const late = (await api('get', '/api/sales/invoices')).items.find((d: { number: string | null }) =>
    d.number?.endsWith('0002'),
  );
  await page.goto(`/finance/invoices/${late.id}`);
  await heading(page, `Invoice ${late.number}`);
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Credit' }).click();
  await heading(page, 'New credit note');
  await page.getByText(`Credits invoice ${late.number}`).waitFor();
  await expect.poll(() => text(page, 'total-gross')).toBe('£114.00');
  await visit(page, 'sales-credit-note-editor');
  await page.getByRole('button', { name: 'Save credit note' }).click();
  await heading(page, 'Draft credit note');
  await page.getByRole('button', { name: 'Issue…' }).click();
  await page
    .getByRole('dialog', { name: 'Issue draft credit note' })
    .getByRole('button', { name: 'Issue' })
    .click();
  await heading(page, /^Credit note CN-/);
  await page.getByRole('link', { name: `invoice ${late.number}` }).click();
  await heading(page, `Invoice ${late.number}`);
  await page.getByText('Void: credited in full, nothing is owed.').waitFor();
  expect(await text(page, 'balance-due')).toBe('£0.00');
  await visit(page, 'sales-invoice-credited');
});

it('repeats an invoice on a schedule, paused and resumed from its page', async () => {
  const { page } = s;
  const first = (await api('get', '/api/sales/invoices')).items.find((d: { number: string | null }) =>
    d.number?.endsWith('0001'),
  );
  await page.goto('/finance/recurring-invoices');
  await heading(page, 'Recurring invoices');
  await page.getByRole('heading', { name: 'Nothing recurs yet' }).waitFor();
  await visit(page, 'sales-recurring-empty');

  await page.goto(`/finance/invoices/${first.id}`);
  await heading(page, `Invoice ${first.number}`);
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Make recurring…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Make recurring' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Acme retainer');
  await visit(page, 'sales-make-recurring');
  await dialog.getByRole('button', { name: 'Save schedule' }).click();
  await heading(page, 'Recurring invoices');
  const row = page.getByTestId('schedule-Acme retainer');
  await expect.poll(async () => (await row.innerText()).replace(/\s+/g, ' ')).toMatch(/monthly on the/i);
  expect(await row.innerText()).toMatch(/active/i);
  // The first one is next month: the invoice it was made from covers this one.
  expect(await row.innerText()).toContain('0 made');
  await page.getByRole('button', { name: 'Show the runs of Acme retainer' }).click();
  await page.getByText(/^No runs yet: the first is on /).waitFor();
  await visit(page, 'sales-recurring');

  await page.getByRole('button', { name: 'Actions for Acme retainer' }).click();
  await page.getByRole('menuitem', { name: 'Pause' }).click();
  await expect.poll(() => row.innerText()).toMatch(/paused/i);
  await page.getByRole('button', { name: 'Actions for Acme retainer' }).click();
  await page.getByRole('menuitem', { name: 'Resume' }).click();
  await expect.poll(() => row.innerText()).toMatch(/active/i);
  const [schedule] = (await api('get', '/api/sales/recurring-invoices')).items;
  expect(schedule).toMatchObject({ name: 'Acme retainer', status: 'active', customerId: first.customerId });
  expect(schedule.lines).toHaveLength(2);
});

it('sets up payment reminders, and leaves one customer out', async () => {
  const { page } = s;
  await page.goto('/finance/reminders');
  await heading(page, 'Payment reminders');
  await page.getByRole('table', { name: 'Placeholders' }).waitFor();
  await visit(page, 'sales-reminders');
  await page.getByRole('switch', { name: 'Send payment reminders' }).check();
  await page.getByRole('button', { name: 'Add a step' }).click();
  const steps = await page.getByRole('heading', { name: /^Step \d+$/ }).count();
  const subject = page.getByRole('textbox', { name: 'Subject' }).nth(steps - 1);
  // A placeholder the server does not know is refused, and the message lands on that subject.
  await subject.fill('Invoice {{invoice.nmber}} is late');
  await page.getByRole('button', { name: 'Save reminders' }).click();
  await expect.poll(() => subject.getAttribute('aria-invalid')).toBe('true');
  await visit(page, 'sales-reminders-error');
  await subject.fill('Invoice {{invoice.number}} is late');
  await page.getByRole('button', { name: 'Save reminders' }).click();
  await page.getByText('Reminders are on.').waitFor();
  const settings = await api('get', '/api/sales/reminder-settings');
  expect(settings.enabled).toBe(true);
  // Saved in the server's order: by day, the repeat last.
  expect(settings.steps).toContainEqual(
    expect.objectContaining({ offsetDays: 14, subject: 'Invoice {{invoice.number}} is late' }),
  );
  await page.getByRole('button', { name: 'Show what would go out today' }).click();
  await page.getByRole('heading', { name: 'Today’s reminders' }).waitFor();

  const [customer] = (await api('get', '/api/sales/customers')).items;
  await page.goto(`/finance/customers/${customer.id}`);
  await heading(page, 'Acme Widgets Ltd');
  await page.getByRole('textbox', { name: 'Reason, if you leave them out' }).fill('Pays by standing order');
  await page.getByRole('switch', { name: 'Send this customer payment reminders' }).uncheck();
  await page.getByText('No more payment reminders for this customer.').waitFor();
  const optOut = await api('get', `/api/sales/customers/${customer.id}/reminder-opt-out`);
  expect(optOut).toMatchObject({ optedOut: true, reason: 'Pays by standing order' });
  await visit(page, 'sales-customer-opted-out');
});

it('shows the outbox under Settings', async () => {
  const { page } = s;
  await page.goto('/settings/outbox');
  await heading(page, 'Outbox');
  // This server delivers through SMTP (the test's mailbox), so nothing is kept as a file.
  await page.getByText('Mail leaves through the mail server (SMTP)').waitFor();
  await page.getByRole('heading', { name: 'No messages' }).waitFor();
  await visit(page, 'sales-outbox');
});

it('works on a phone in the dark theme', async () => {
  phone = await openSession(browser, ordo, { viewport: PHONE, colorScheme: 'dark' });
  const { page } = phone;
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(user.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, /Welcome/);
  const [invoice] = (await api('get', '/api/sales/invoices')).items.filter((d: { number: string | null }) =>
    d.number?.endsWith('0001'),
  );
  const [customer] = (await api('get', '/api/sales/customers')).items;
  for (const [path, title, shotName] of [
    ['/finance/invoices', 'Invoices', 'sales-phone-invoices'],
    [`/finance/invoices/${invoice.id}`, `Invoice ${invoice.number}`, 'sales-phone-invoice'],
    ['/finance/invoices/new', 'New invoice', 'sales-phone-editor'],
    [`/finance/customers/${customer.id}`, 'Acme Widgets Ltd', 'sales-phone-customer'],
    ['/finance/customers', 'Customers', 'sales-phone-customers'],
    ['/finance/aging', 'Receivables aging', 'sales-phone-aging'],
    ['/finance/items', 'Items', 'sales-phone-items'],
  ] as const) {
    await page.goto(path);
    await heading(page, title);
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate(() => {
      const dom = globalThis as unknown as Dom;
      return dom.document.documentElement.scrollWidth - dom.innerWidth;
    });
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    await visit(page, shotName);
  }
  expect(phone.problems).toEqual([]);
});
