import { readFile } from 'node:fs/promises';
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

// An invoice's files in the browser: the empty card that says what to do, a file chosen and one
// dropped, the server's refusal of a type it does not keep, a download whose bytes are the upload's,
// removal after a confirm. Then the invoice list filtered by issue dates and a search on the server:
// rows, totals of every match and the CSV agree, and a saved view keeps the filters. Phone, dark.

let ordo: Ordo;
let browser: Browser;
let s: Session;
let phone: Session | undefined;

const user = { name: 'Ada Attach', email: 'ada@attach.test', password: 'ada-keeps-the-papers' };

/** The few browser globals the in-page checks use (the test project compiles without the DOM library). */
interface Dom {
  document: { documentElement: { scrollWidth: number } };
  innerWidth: number;
}

const api = async (method: 'get' | 'post' | 'put', path: string, data?: unknown) => {
  const response = await s.context.request[method](path, { data, headers: { origin: ordo.url } });
  const body = await response.json().catch(() => null);
  expect(response.ok(), `${method} ${path}: ${JSON.stringify(body)}`).toBe(true);
  return body;
};

const invoices: { id: string; number: string; issueDate: string }[] = [];

/** Polls long enough for a debounced search and its request on a machine busy with other work. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

beforeAll(async () => {
  [ordo, browser] = await Promise.all([startOrdo(), launchBrowser()]);
  s = await openSession(browser, ordo);
  await signUpViaApi(s.context, ordo, user);
  await createOrgViaApi(s.context, ordo, { name: 'Paper Trail Ltd', slug: 'paper' });
  await api('put', '/api/company', {
    legalName: 'Paper Trail Ltd',
    country: 'GB',
    baseCurrency: 'GBP',
    fiscalYearStart: '01-01',
    address: { line1: '2 Filing Row', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' },
  });
  await api('post', '/api/ledger/chart/apply-template', { templateId: 'generic' });
  const vat = (await api('post', '/api/sales/tax-rates', { name: 'VAT 20%', category: 'S', percent: '20' }))
    .id;
  const acme = (await api('post', '/api/sales/customers', { name: 'Acme Widgets Ltd' })).id;
  const bolt = (await api('post', '/api/sales/customers', { name: 'Bolt Bikes' })).id;
  // Five invoices over three months, issued in date order (numbers follow dates).
  for (const [customerId, issueDate, price] of [
    [acme, '2026-01-10', 10_000],
    [bolt, '2026-02-03', 20_000],
    [acme, '2026-02-17', 30_000],
    [bolt, '2026-02-27', 40_000],
    [acme, '2026-03-05', 50_000],
  ] as const) {
    const draft = await api('post', '/api/sales/invoices', {
      customerId,
      issueDate,
      lines: [{ name: 'Service', quantity: '1', unitPrice: price, taxRateId: vat }],
    });
    const issued = await api('post', `/api/sales/invoices/${draft.id}/issue`, {});
    invoices.push({ id: issued.id, number: issued.number, issueDate });
  }
});
shootOnFailure(() => [s, phone]);
afterAll(async () => {
  await browser?.close();
  await ordo?.close();
});

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const NOTE = 'Delivered 3 March, signed by J. Smith at the loading bay.\n';

async function downloadBytes(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
}

it('attaches files to an invoice, downloads them byte for byte, and removes one', async () => {
  const { page } = s;
  const invoice = invoices[4]!;
  await page.goto(`/finance/invoices/${invoice.id}`);
  await heading(page, `Invoice ${invoice.number}`);
  const card = page.getByRole('region', { name: /^Attachments/ });
  await card.getByTestId('attachments-empty').waitFor();
  expect(await card.getByTestId('attachments-empty').innerText()).toContain(
    'choose Attach files, or drop them here',
  );
  await visit(page, 'sales-attachments-empty');

  // Chosen with the file picker (the button opens it; the input is what a picker fills).
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    card.getByRole('button', { name: 'Attach files' }).click(),
  ]);
  await chooser.setFiles({ name: 'purchase-order.pdf', mimeType: 'application/pdf', buffer: PDF });
  const rows = card.getByTestId('attachment');
  await poll(() => rows.count()).toBe(1);
  expect(await rows.first().innerText()).toMatch(/purchase-order\.pdf[\s\S]*bytes[\s\S]*by you/);

  // Dropped onto the card.
  const dropped = await page.evaluateHandle(
    `(() => { const dt = new DataTransfer(); dt.items.add(new File([${JSON.stringify(NOTE)}], 'delivery note.txt', { type: 'text/plain' })); return dt; })()`,
  );
  await card.dispatchEvent('dragover', { dataTransfer: dropped });
  await poll(() => card.getAttribute('data-dragging')).toBe('true');
  await shotCard(page, 'sales-attachments-dragging');
  await card.dispatchEvent('drop', { dataTransfer: dropped });
  await poll(() => rows.count()).toBe(2);
  await card.getByRole('button', { name: 'Download delivery note.txt' }).waitFor();

  // The server's refusal of a type it does not keep, in its own words, next to the card.
  await chooserFiles(page, card, {
    name: 'setup.exe',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0xff, 0xff]),
  });
  const refusal = card.getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.innerText()).toContain('setup.exe is not a PDF, an image');
  // Too large: said at once, before any byte is sent.
  await chooserFiles(page, card, {
    name: 'scan.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
  });
  await card.getByText('scan.pdf is 10 MB: attachments are at most 10 MB.').waitFor();
  await visit(page, 'sales-attachments');
  await card.getByRole('button', { name: 'Dismiss' }).first().click();
  await card.getByRole('button', { name: 'Dismiss' }).first().click();
  await poll(() => card.getByRole('alert').count()).toBe(0);
  expect(await rows.count()).toBe(2);

  // Downloads, from the keyboard: the bytes are the upload's, the name the file's.
  const pdf = await downloadBytes(page, async () => {
    await card.getByRole('button', { name: 'Download purchase-order.pdf' }).focus();
    await page.keyboard.press('Enter');
  });
  expect(pdf.name).toBe('purchase-order.pdf');
  expect(pdf.bytes.equals(PDF)).toBe(true);
  const note = await downloadBytes(page, () =>
    card.getByRole('button', { name: 'Download delivery note.txt' }).click(),
  );
  expect(note.name).toBe('delivery note.txt');
  expect(note.bytes.toString('utf8')).toBe(NOTE);

  // Removed after a confirm; dismissing the confirm keeps it.
  page.once('dialog', (d) => void d.dismiss());
  await card.getByRole('button', { name: 'Remove delivery note.txt' }).click();
  expect(await rows.count()).toBe(2);
  page.once('dialog', (d) => {
    expect(d.message()).toContain('Remove delivery note.txt from this invoice?');
    void d.accept();
  });
  await card.getByRole('button', { name: 'Remove delivery note.txt' }).click();
  await poll(() => rows.count()).toBe(1);
  const left = await api('get', `/api/sales/invoices/${invoice.id}/attachments`);
  expect(left.items.map((a: { fileName: string }) => a.fileName)).toEqual(['purchase-order.pdf']);
  expect(s.problems).toEqual([]);
});

it('filters the invoice list by issue dates and a search on the server; totals, CSV and views agree', async () => {
  const { page } = s;
  await page.goto('/finance/invoices');
  await heading(page, 'Invoices');
  const rows = page.getByRole('table', { name: 'Invoices' }).locator('tbody tr');
  await poll(() => rows.count()).toBe(5);

  await page.getByLabel('From', { exact: true }).fill('2026-02-01');
  await page.getByLabel('To', { exact: true }).fill('2026-02-28');
  await poll(() => rows.count()).toBe(3);
  const shown = async () => (await rows.allInnerTexts()).map((r) => /INV-\d{4}-\d{4}/.exec(r)?.[0]);
  expect(await shown()).toEqual([invoices[3]!.number, invoices[2]!.number, invoices[1]!.number]);
  // The totals are the server's over every match: 200 + 300 + 400 net, with 20 % VAT.
  await poll(() => text(page, 'list-total-GBP')).toBe('Total GBP £1,080.00 £1,080.00');

  // The search narrows within the range: a customer's name…
  await page.getByRole('searchbox', { name: 'Search' }).fill('bolt');
  await poll(() => shown()).toEqual([invoices[3]!.number, invoices[1]!.number]);
  expect(new URL(page.url()).searchParams.get('q')).toBe('bolt');
  // …or a number, in any case.
  await page.getByRole('searchbox', { name: 'Search' }).fill(invoices[2]!.number.toLowerCase());
  await poll(() => shown()).toEqual([invoices[2]!.number]);
  await poll(() => text(page, 'list-total-GBP')).toBe('Total GBP £360.00 £360.00');
  await visit(page, 'sales-invoices-filtered');

  // The CSV holds exactly the rows shown.
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV: download the list as CSV' }).click(),
  ]);
  const lines = (await readFile((await csv.path())!, 'utf8')).trimEnd().split('\n').slice(1);
  expect(lines.map((l) => l.split(',')[1])).toEqual([invoices[2]!.number]);

  // A view keeps the dates and the search.
  await page.getByRole('searchbox', { name: 'Search' }).fill('acme');
  await poll(() => shown()).toEqual([invoices[2]!.number]);
  await page.getByRole('button', { name: 'Views' }).click();
  await page.getByRole('menuitem', { name: 'Save these filters as a view…' }).click();
  const name = page.getByRole('dialog', { name: 'Save these filters as a view' });
  await name.getByRole('textbox', { name: 'View name' }).fill('Acme in February');
  await name.getByRole('button', { name: 'Save view' }).click();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await poll(() => rows.count()).toBe(5);
  await page.getByRole('button', { name: 'Views' }).click();
  await page.getByRole('menuitem', { name: 'Acme in February' }).click();
  await poll(() => shown()).toEqual([invoices[2]!.number]);
  const params = new URL(page.url()).searchParams;
  expect([params.get('from'), params.get('to'), params.get('q')]).toEqual([
    '2026-02-01',
    '2026-02-28',
    'acme',
  ]);

  // A range that ends before it starts says so instead of a list.
  await page.getByLabel('To', { exact: true }).fill('2026-01-01');
  await page.getByText('The start date is after the end date').waitFor();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await poll(() => rows.count()).toBe(5);
  expect(s.problems).toEqual([]);
});

it('works on a phone in the dark theme', async () => {
  phone = await openSession(browser, ordo, { viewport: PHONE, colorScheme: 'dark' });
  const { page } = phone;
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(user.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, /Welcome/);
  const invoice = invoices[4]!;
  const empty = invoices[0]!;
  for (const [path, title, shotName] of [
    [`/finance/invoices/${invoice.id}`, `Invoice ${invoice.number}`, 'sales-phone-attachments'],
    [`/finance/invoices/${empty.id}`, `Invoice ${empty.number}`, 'sales-phone-attachments-empty'],
    ['/finance/invoices?from=2026-02-01&to=2026-02-28&q=bolt', 'Invoices', 'sales-phone-invoices-filtered'],
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
  await shotCard(page, 'sales-phone-attachments-card', `/finance/invoices/${invoice.id}`);
  expect(phone.problems).toEqual([]);
});

const text = async (page: Page, testId: string) =>
  (await page.getByTestId(testId).innerText()).replace(/\s+/g, ' ').trim();

async function chooserFiles(
  page: Page,
  card: ReturnType<Page['getByRole']>,
  file: { name: string; mimeType: string; buffer: Buffer },
) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    card.getByRole('button', { name: 'Attach files' }).click(),
  ]);
  // A 10 MB file takes a while through the DevTools protocol on a busy machine.
  await chooser.setFiles(file, { timeout: 60_000 });
}

/** The attachments card alone, to look at closely. */
async function shotCard(page: Page, name: string, path?: string) {
  if (path) {
    await page.goto(path);
    await page.getByRole('region', { name: /^Attachments/ }).waitFor();
    await page.waitForLoadState('networkidle');
  }
  const { SHOTS_DIR } = await import('./paths.ts');
  await page
    .getByRole('region', { name: /^Attachments/ })
    .screenshot({ path: `${SHOTS_DIR}/${name}.png`, animations: 'disabled' });
}
