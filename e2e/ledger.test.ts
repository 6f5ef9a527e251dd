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

// The ledger in the browser: a chart of accounts from a template, an account added by hand, a
// journal entry typed from the keyboard (posting refused while it does not balance), the entry in
// the journal and in the account's balance, and its reversal. Then the same pages on a phone in the
// dark theme, and a chart chosen while creating an organization.

let ordo: Ordo;
let browser: Browser;
let s: Session;
let phone: Session | undefined;

const user = { name: 'Lena Ledger', email: 'lena@ledger.test', password: 'lena-likes-ledgers' };

beforeAll(async () => {
  [ordo, browser] = await Promise.all([startOrdo(), launchBrowser()]);
  s = await openSession(browser, ordo);
  await signUpViaApi(s.context, ordo, user);
  await createOrgViaApi(s.context, ordo, { name: 'Ledger Lane Ltd', slug: 'ledger-lane' });
  const profile = await s.context.request.put('/api/company', {
    data: { legalName: 'Ledger Lane Ltd', country: 'GB', baseCurrency: 'GBP', fiscalYearStart: '01-01' },
    headers: { origin: ordo.url },
  });
  expect(profile.status(), await profile.text()).toBe(200);
});
shootOnFailure(() => [s, phone]);
afterAll(async () => {
  await browser?.close();
  await ordo?.close();
});

const line = (page: Page, n: number) => page.getByRole('group', { name: `Line ${n}`, exact: true });
const accountRow = (page: Page, name: string) => page.getByTestId(`account-${name}`);
/**
 * The few browser globals the in-page checks use, typed here because the test project compiles
 * without the DOM library (functions passed to `evaluate` run in the page, where these exist).
 */
interface Dom {
  document: {
    activeElement: {
      labels?: { textContent: string | null }[];
      getAttribute(name: string): string | null;
    } | null;
    documentElement: { scrollWidth: number };
  };
  innerWidth: number;
  getComputedStyle(element: unknown): { paddingLeft: string };
}

const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = (globalThis as unknown as Dom).document.activeElement;
    return el?.labels?.[0]?.textContent?.trim() ?? el?.getAttribute('aria-label') ?? '';
  });

it('applies a chart template from the empty chart of accounts', async () => {
  const { page } = s;
  await page.goto('/finance/accounts');
  await heading(page, 'Chart of accounts');
  await page.getByRole('heading', { name: 'Start your chart of accounts' }).waitFor();
  await page.getByRole('button', { name: 'Use this chart: United States (GAAP style)' }).waitFor();
  await visit(page, 'ledger-accounts-empty');

  await page.getByRole('button', { name: 'Use this chart: Small business (generic)' }).click();
  await page.getByText(/accounts from “Small business \(generic\)”/).waitFor();
  await accountRow(page, 'assets:bank:current account').waitFor();
  // The tree: a level without an account of its own still gets a row, and children are indented.
  await expect.poll(() => accountRow(page, 'assets').innerText()).toContain('assets');
  const indent = (name: string) =>
    accountRow(page, name)
      .locator('td')
      .first()
      .locator('div')
      .first()
      .evaluate((d) => (globalThis as unknown as Dom).getComputedStyle(d).paddingLeft);
  expect(Number.parseFloat(await indent('assets:bank:current account'))).toBeGreaterThan(
    Number.parseFloat(await indent('assets:bank')),
  );
  const settings = await (await s.context.request.get('/api/ledger/settings')).json();
  expect(settings.chartTemplate).toBe('generic');

  // Search keeps the matches and the levels above them.
  await page.getByRole('textbox', { name: 'Search' }).fill('savings');
  await expect.poll(() => page.locator('[data-testid^="account-"]').count()).toBe(3);
  await page.getByRole('textbox', { name: 'Search' }).fill('');
  await visit(page, 'ledger-accounts');
});

it('creates an account, with the server’s objections next to the fields', async () => {
  const { page } = s;
  await page.getByRole('button', { name: 'New account' }).click();
  const dialog = page.getByRole('dialog', { name: 'New account' });
  await dialog.waitFor();
  const name = dialog.getByRole('textbox', { name: 'Name' });
  const code = dialog.getByRole('textbox', { name: 'Code' });

  // Checked in the browser: a name with an empty level.
  await name.fill('expenses::coffee');
  await dialog.getByRole('button', { name: 'Add account' }).click();
  await dialog.getByText('Each part between colons needs a name').waitFor();

  // Checked by the server: the code belongs to another account.
  await name.fill('expenses:office:coffee');
  await dialog.getByText('Goes below expenses:office.').waitFor();
  await code.fill('1000');
  await dialog.getByRole('button', { name: 'Add account' }).click();
  await dialog.getByText('Another account already has the code 1000.').waitFor();
  expect(await code.getAttribute('aria-invalid')).toBe('true');
  await visit(page, 'ledger-account-form-error');

  await code.fill('6310');
  await dialog.getByRole('button', { name: 'Add account' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await accountRow(page, 'expenses:office:coffee').waitFor();
  const created = (await (await s.context.request.get('/api/ledger/accounts')).json()).items.find(
    (a: { name: string }) => a.name === 'expenses:office:coffee',
  );
  expect(created).toMatchObject({ code: '6310', type: 'expense', subtype: 'expense', archivedAt: null });
});

it('enters a journal entry from the keyboard and posts it only once it balances', async () => {
  const { page } = s;
  await page.goto('/finance/journal/new');
  await heading(page, 'New journal entry');
  const description = page.getByRole('textbox', { name: 'Description' });
  await expect
    .poll(() => description.evaluate((el) => el === (globalThis as unknown as Dom).document.activeElement))
    .toBe(true);
  await page.keyboard.type('Office coffee for March');
  // Enter moves on through the header fields to the first line's account.
  await page.keyboard.press('Enter');
  await page.keyboard.type('Bean Brothers');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  expect(await focusedLabel(page)).toBe('Account');

  // Account by code, Enter picks it and moves to Debit.
  await page.keyboard.type('6310');
  await page.getByRole('option', { name: '6310 · expenses:office:coffee' }).waitFor();
  await page.keyboard.press('Enter');
  await expect.poll(() => focusedLabel(page)).toBe('Debit');
  await page.keyboard.type('120.50');
  await page.keyboard.press('Enter'); // credit
  await page.keyboard.press('Enter'); // currency
  await page.keyboard.press('Enter'); // memo (the rate is only for foreign currencies)
  expect(await focusedLabel(page)).toBe('Memo');
  await page.keyboard.type('Two bags a week');
  await page.keyboard.press('Enter');

  // Line 2 by part of its name; Tab moves on like Enter.
  expect(await focusedLabel(page)).toBe('Account');
  await page.keyboard.type('current acc');
  await page.getByRole('option', { name: '1000 · assets:bank:current account' }).waitFor();
  await page.keyboard.press('Enter');
  await expect.poll(() => focusedLabel(page)).toBe('Debit');
  await page.keyboard.press('Tab');
  expect(await focusedLabel(page)).toBe('Credit');
  await page.keyboard.type('100');
  // A third, empty line is already there to type into.
  await line(page, 3).waitFor();

  // Unbalanced: the difference shows and posting is refused.
  const post = page.getByRole('button', { name: 'Post entry' });
  await page.getByTestId('difference-GBP').waitFor();
  expect(await page.getByTestId('difference-GBP').innerText()).toBe('Difference £20.50 (more debits)');
  expect(await post.isDisabled()).toBe(true);
  await page.keyboard.press('Control+Enter');
  await page.waitForTimeout(300);
  expect(page.url()).toMatch(/\/finance\/journal\/new$/);
  await visit(page, 'ledger-entry-unbalanced');

  // `=` in the empty cell types the amount that balances it.
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('=');
  expect(await line(page, 2).getByRole('textbox', { name: 'Credit' }).inputValue()).toBe('120.50');
  await page.getByText('Balanced: debits equal credits.').waitFor();
  expect(await post.isDisabled()).toBe(false);
  await expect.poll(() => page.getByTestId('difference-GBP').count()).toBe(0);
  await visit(page, 'ledger-entry-balanced');

  await page.keyboard.press('Control+Enter');
  await heading(page, 'Journal entry #1');
  await page.getByText('Posted as journal entry #1.').waitFor();
  const lines = page.getByRole('table', { name: 'Lines' });
  await lines.getByRole('link', { name: '6310 · expenses:office:coffee' }).waitFor();
  await lines.getByText('Two bags a week').waitFor();
  await visit(page, 'ledger-entry-posted');

  const entries = (await (await s.context.request.get('/api/ledger/entries')).json()).items;
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({
    seq: 1,
    status: 'posted',
    description: 'Office coffee for March',
    payee: 'Bean Brothers',
  });
  expect(entries[0].lines.map((l: { amount: number; memo: string | null }) => [l.amount, l.memo])).toEqual([
    [12050, 'Two bags a week'],
    [-12050, null],
  ]);
});

it('shows the entry in the journal and in the account’s balance', async () => {
  const { page } = s;
  await page.goto('/finance/journal');
  await heading(page, 'Journal');
  const row = page.getByTestId('entry-1');
  await row.waitFor();
  const text = (await row.innerText()).replace(/\s+/g, ' ');
  expect(text).toContain('Office coffee for March');
  expect(text).toContain('Bean Brothers');
  expect(text).toMatch(/posted/i);
  expect(text).toContain('Manual');
  expect(text).toContain('£120.50');
  await visit(page, 'ledger-journal');

  // Typed words filter the journal once the typing pauses, and land in the address.
  const words = page.getByRole('searchbox', { name: 'Search' });
  await words.fill('bean brothers');
  await expect.poll(() => new URL(page.url()).searchParams.get('search')).toBe('bean brothers');
  await row.waitFor();
  await words.fill('no such entry');
  await row.waitFor({ state: 'detached' });
  await words.fill('');
  await row.waitFor();

  await page.goto('/finance/accounts');
  await heading(page, 'Chart of accounts');
  await expect.poll(() => accountRow(page, 'expenses:office:coffee').innerText()).toContain('£120.50');
  // A parent's balance includes the accounts below it; the bank shows its balance as money out.
  await expect.poll(() => accountRow(page, 'expenses').innerText()).toContain('£120.50');
  await expect.poll(() => accountRow(page, 'assets:bank:current account').innerText()).toContain('-£120.50');

  // The account's name opens its activity.
  await accountRow(page, 'expenses:office:coffee').getByRole('link', { name: 'coffee' }).click();
  await heading(page, 'Journal');
  await page.getByText('Account activity').waitFor();
  await expect.poll(() => page.getByTestId('account-balance').innerText()).toBe('£120.50');
  await page.getByTestId('entry-1').waitFor();
  await visit(page, 'ledger-account-activity');
});

it('reports the entry, and every figure drills down to it', async () => {
  const { page } = s;
  await page.keyboard.press('g');
  await page.keyboard.press('r');
  await heading(page, 'Reports');
  await visit(page, 'ledger-reports');

  await page.getByRole('link', { name: 'Income statement' }).click();
  await heading(page, 'Income statement');
  const coffee = page.getByTestId('row-expenses:office:coffee');
  await expect.poll(() => coffee.innerText()).toContain('£120.50');
  await expect.poll(() => page.getByTestId('total-Net income').innerText()).toContain('-£120.50');
  await visit(page, 'ledger-income-statement');
  // Quarters against last year: the settings go to the URL and the columns follow.
  await page.getByRole('combobox', { name: 'Columns' }).click();
  await page.getByRole('option', { name: 'By quarter' }).click();
  await page.getByRole('combobox', { name: 'Compare with' }).click();
  await page.getByRole('option', { name: 'Same period last year' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('compare')).toBe('prior-year');
  const header = page.getByRole('table', { name: 'Income statement' }).locator('thead');
  await expect.poll(async () => (await header.locator('th').count()) > 3).toBe(true);
  await visit(page, 'ledger-income-statement-quarters');

  // The figure opens the account's activity for the column's dates, and a line opens its entry.
  await coffee
    .getByRole('link', { name: /^£120\.50: expenses:office:coffee/ })
    .first()
    .click();
  await heading(page, 'Account activity');
  await page.getByRole('link', { name: 'Journal entry #1' }).waitFor();
  await page.getByText(/^Closing balance on /).waitFor();
  await visit(page, 'ledger-account-activity-report');
  await page.getByRole('link', { name: 'Journal entry #1' }).click();
  await heading(page, 'Journal entry #1');

  await page.goto('/finance/reports/trial-balance');
  await heading(page, 'Trial balance');
  const table = page.getByRole('table', { name: /^Trial balance at the end of / });
  await expect
    .poll(async () => (await table.locator('tfoot').innerText()).replace(/\s+/g, ' '))
    .toBe('Total GBP £120.50 £120.50');
  // Downloads carry the same figures.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^CSV: download/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8');
  expect(csv).toContain('expenses:office:coffee');
  expect(csv).toContain('120.50');
  await visit(page, 'ledger-trial-balance');

  for (const [path, title, shotName] of [
    ['/finance/reports/balance-sheet', 'Balance sheet', 'ledger-balance-sheet'],
    ['/finance/reports/cash-flow', 'Cash flow statement', 'ledger-cash-flow'],
    ['/finance/reports/general-ledger', 'General ledger', 'ledger-general-ledger'],
  ] as const) {
    await page.goto(path);
    await heading(page, title);
    await page.locator('table').first().waitFor();
    await visit(page, shotName);
  }
  await page.getByRole('region', { name: 'assets:bank:current account' }).waitFor();
});

it('reverses the posted entry on a chosen date', async () => {
  const { page } = s;
  await page.goto('/finance/journal');
  await page.getByRole('link', { name: '#1: Office coffee for March' }).click();
  await heading(page, 'Journal entry #1');
  await page.getByRole('button', { name: 'Reverse…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reverse journal entry #1' });
  await dialog.waitFor();
  const date = dialog.getByLabel('Reversal date');
  const entryDate = (await (await s.context.request.get('/api/ledger/entries')).json()).items[0].date;
  expect(await date.inputValue()).toBe(entryDate);
  await visit(page, 'ledger-reverse-dialog');
  await dialog.getByRole('button', { name: 'Post reversal' }).click();

  await heading(page, 'Journal entry #2');
  await page.getByText('This entry reverses').waitFor();
  await page.getByRole('link', { name: 'journal entry #1' }).click();
  await heading(page, 'Journal entry #1');
  await page.getByText('Reversed by').waitFor();
  expect(await page.getByRole('button', { name: 'Reverse…' }).count()).toBe(0);
  await visit(page, 'ledger-entry-reversed');

  await page.goto('/finance/accounts');
  await heading(page, 'Chart of accounts');
  await expect.poll(() => accountRow(page, 'expenses:office:coffee').innerText()).toContain('£0.00');
  const entries = (await (await s.context.request.get('/api/ledger/entries')).json()).items;
  expect(entries.map((e: { seq: number; reversesEntryId: string | null }) => e.seq)).toEqual([2, 1]);
  expect(entries[0].reversesEntryId).toBe(entries[1].id);
});

it('archives, unarchives and deletes accounts; a used account is kept', async () => {
  const { page } = s;
  page.on('dialog', (d) => d.accept());
  await page.goto('/finance/accounts');
  await heading(page, 'Chart of accounts');
  const act = async (name: string, action: string) => {
    await page.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: action }).click();
  };

  await act('assets:cash', 'Archive');
  await page.getByText(/^Archived assets:cash/).waitFor();
  await accountRow(page, 'assets:cash').waitFor({ state: 'detached' });
  await page.getByRole('switch', { name: 'Show archived (1)' }).check();
  await expect.poll(() => accountRow(page, 'assets:cash').innerText()).toMatch(/archived/i);
  await act('assets:cash', 'Unarchive');
  await page.getByText('assets:cash is open again.').waitFor();

  await act('expenses:insurance', 'Delete');
  await page.getByText('Deleted expenses:insurance.').waitFor();
  await accountRow(page, 'expenses:insurance').waitFor({ state: 'detached' });

  // A used account offers no Delete, only the reason and the way out.
  await page.getByRole('button', { name: 'Actions for expenses:office:coffee' }).click();
  const refused = page.getByRole('menuitem', { name: 'Delete: it has postings, archive it instead' });
  expect(await refused.getAttribute('data-disabled')).toBe('true');
  await page.keyboard.press('Escape');
  await accountRow(page, 'expenses:office:coffee').waitFor();
  page.removeAllListeners('dialog');
});

it('keeps lock dates and exchange rates on the ledger settings page', async () => {
  const { page } = s;
  await page.keyboard.press('g');
  await page.keyboard.press('d');
  await heading(page, 'Ledger settings');
  await page.getByRole('table', { name: 'Fiscal years' }).waitFor();

  // The help lists the ledger's g-shortcuts and the journal entry screen's keys.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor();
  const rows = (await help.getByRole('row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
  expect(rows).toEqual(
    expect.arrayContaining([
      'g then l Go to Chart of accounts',
      'g then j Go to Journal',
      'g then r Go to Reports',
      '= In an empty debit or credit: the amount that balances the entry',
      'Ctrl + Enter Post the entry (when it balances)',
    ]),
  );
  await help.getByRole('heading', { name: 'On the journal entry screen' }).waitFor();
  await visit(page, 'ledger-shortcuts');
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
  await page.getByRole('textbox', { name: '1 unit of' }).fill('usd');
  await page.getByRole('textbox', { name: 'is worth' }).fill('0.79');
  await page.getByRole('button', { name: 'Add rate' }).click();
  await page.getByRole('table', { name: 'Exchange rates' }).getByText('USD → GBP').waitFor();
  await page.getByLabel('Lock date for non-accountants').fill('2020-12-31');
  await page.getByRole('button', { name: 'Save lock dates' }).click();
  await expect
    .poll(
      async () => (await (await s.context.request.get('/api/ledger/settings')).json()).nonAccountantLockDate,
    )
    .toBe('2020-12-31');
  await visit(page, 'ledger-settings');
  expect(s.problems).toEqual([]);
});

it('puts the server’s objection next to the line it names; saves, edits and posts a draft', async () => {
  const { page } = s;
  await page.goto('/finance/journal/new');
  await heading(page, 'New journal entry');
  await page.getByRole('textbox', { name: 'Description' }).fill('Coffee from Lyon');
  const pick = async (n: number, typed: string, option: string) => {
    await line(page, n).getByRole('combobox', { name: 'Account' }).fill(typed);
    await page.getByRole('option', { name: option }).click();
  };
  await pick(1, '6310', '6310 · expenses:office:coffee');
  await line(page, 1).getByRole('textbox', { name: 'Debit' }).fill('10');
  await line(page, 1).getByRole('textbox', { name: 'Currency' }).fill('EUR');
  await pick(2, '1000', '1000 · assets:bank:current account');
  await line(page, 2).getByRole('textbox', { name: 'Credit' }).fill('10');
  await line(page, 2).getByRole('textbox', { name: 'Currency' }).fill('EUR');
  await page.getByText('Balanced: debits equal credits.').waitFor();

  // No EUR rate is recorded: the server names line 1's rate, and the message lands there.
  await page.getByRole('button', { name: 'Post entry' }).click();
  const rate1 = line(page, 1).getByRole('textbox', { name: 'Rate' });
  await expect.poll(() => rate1.getAttribute('aria-invalid')).toBe('true');
  await line(page, 1)
    .locator('.ordo-entry-line-errors')
    .getByText(/^Rate: There is no EUR→GBP exchange rate on or before/)
    .waitFor();
  await visit(page, 'ledger-entry-server-error');

  // Saved as a draft instead (Ctrl+S), then edited and posted.
  await rate1.fill('0.86');
  await line(page, 2).getByRole('textbox', { name: 'Rate' }).fill('0.86');
  await page.keyboard.press('Control+s');
  await heading(page, 'Draft journal entry');
  await page.getByText('Draft saved.').waitFor();
  await visit(page, 'ledger-draft');
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await heading(page, 'Edit draft journal entry');
  const debit = line(page, 1).getByRole('textbox', { name: 'Debit' });
  expect(await debit.inputValue()).toBe('10.00');
  expect(await line(page, 1).getByRole('textbox', { name: 'Currency' }).inputValue()).toBe('EUR');
  await debit.fill('12');
  await line(page, 2).getByRole('textbox', { name: 'Credit' }).fill('12');
  await page.getByRole('button', { name: 'Post entry' }).click();
  await heading(page, 'Journal entry #3');
  const lines = page.getByRole('table', { name: 'Lines' });
  // 12 EUR at 0.86 is £10.32, shown beside the rate.
  await expect.poll(async () => (await lines.innerText()).replace(/\s+/g, ' ')).toContain('0.86 £10.32');
  await visit(page, 'ledger-entry-foreign');
});

it('works on a phone in the dark theme', async () => {
  phone = await openSession(browser, ordo, { viewport: PHONE, colorScheme: 'dark' });
  const { page } = phone;
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(user.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, /Welcome/);

  for (const [path, title, shotName] of [
    ['/finance/accounts', 'Chart of accounts', 'ledger-phone-accounts'],
    ['/finance/journal', 'Journal', 'ledger-phone-journal'],
    ['/finance/ledger-settings', 'Ledger settings', 'ledger-phone-settings'],
    ['/finance/reports/income-statement', 'Income statement', 'ledger-phone-income-statement'],
    ['/finance/reports/general-ledger', 'General ledger', 'ledger-phone-general-ledger'],
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
  await page.goto('/finance/journal');
  await page.getByRole('link', { name: /^#1: / }).click();
  await heading(page, 'Journal entry #1');
  await visit(page, 'ledger-phone-entry');

  await page.goto('/finance/journal/new');
  await heading(page, 'New journal entry');
  await line(page, 1).getByRole('combobox', { name: 'Account' }).fill('coffee');
  await page.getByRole('option', { name: '6310 · expenses:office:coffee' }).click();
  await line(page, 1).getByRole('textbox', { name: 'Debit' }).fill('5');
  await page.getByTestId('difference-GBP').waitFor();
  const overflow = await page.evaluate(() => {
    const dom = globalThis as unknown as Dom;
    return dom.document.documentElement.scrollWidth - dom.innerWidth;
  });
  expect(overflow).toBeLessThanOrEqual(0);
  await visit(page, 'ledger-phone-entry-editor');
  expect(phone.problems).toEqual([]);

  // The same editor on a desktop in the dark theme: the row layout, with a line's error across it.
  await page.setViewportSize({ width: 1280, height: 800 });
  await line(page, 1).getByRole('textbox', { name: 'Currency' }).fill('XX');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await line(page, 1)
    .locator('.ordo-entry-line-errors')
    .getByText(/^Currency: /)
    .waitFor();
  await visit(page, 'ledger-dark-entry-editor');
  await page.goto('/finance/reports/income-statement');
  await heading(page, 'Income statement');
  await page.getByRole('table', { name: 'Income statement' }).waitFor();
  await visit(page, 'ledger-dark-income-statement');
});

it('sets up the chart of accounts while creating an organization', async () => {
  const { page } = s;
  await page.goto('/settings/organizations/new');
  await heading(page, 'Create an organization');
  await page.getByRole('textbox', { name: 'Organization name' }).fill('Euro Ledger GmbH');
  await page.getByRole('radio', { name: /European Union \(VAT\)/ }).check();
  await visit(page, 'ledger-new-org');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await heading(page, 'Company');
  const settings = await (
    await s.context.request.get('/api/ledger/settings', { headers: { 'x-ordo-org': 'euro-ledger-gmbh' } })
  ).json();
  expect(settings.chartTemplate).toBe('eu-vat');
  await page.goto('/finance/accounts');
  await heading(page, 'Chart of accounts');
  await page.getByRole('table', { name: 'Accounts' }).waitFor();
  expect(await page.locator('[data-testid^="account-"]').count()).toBeGreaterThan(10);
});
