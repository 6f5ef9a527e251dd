import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encodePng } from '../src/demo/png.ts';
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

// The company profile is edited in the browser, the logo uploaded through the page's file input;
// after a reload both come back from the server as saved.

let ordo: Ordo;
let browser: Browser;
let s: Session;

beforeAll(async () => {
  [ordo, browser] = await Promise.all([startOrdo(), launchBrowser()]);
  s = await openSession(browser, ordo);
  await signUpViaApi(s.context, ordo, {
    name: 'Freya Fjord',
    email: 'freya@fjord.test',
    password: 'freya-fishes-fjords',
  });
  await createOrgViaApi(s.context, ordo, { name: 'Fjord Fisheries', slug: 'fjord' });
});
shootOnFailure(() => [s]);
afterAll(async () => {
  await browser?.close();
  await ordo?.close();
});

/** A 48×32 PNG: a blue field with a white stripe, so a broken decode would show. */
const logo = encodePng(48, 32, (_x, y) => (y >= 12 && y < 20 ? [255, 255, 255, 255] : [20, 80, 160, 255]));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const field = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });
const combobox = (page: Page, name: string) => page.getByRole('combobox', { name, exact: true });

/** Picks a value in a searchable Mantine Select by typing and choosing the option. */
async function choose(page: Page, name: string, typed: string, option: string | RegExp) {
  const box = combobox(page, name);
  await box.click();
  if (typed) await box.fill(typed);
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

it('saves the edited company profile', async () => {
  const { page } = s;
  await page.goto('/settings/company');
  await heading(page, 'Company');
  await page.getByText('Not saved yet.').waitFor();
  await visit(page, 'company-new');

  await field(page, 'Legal name').fill('Fjord Fisheries AS');
  await field(page, 'Trading name').fill('Fjord Fish');
  await field(page, 'Address line 1').fill('Bryggen 12');
  await field(page, 'City').fill('Bergen');
  await field(page, 'Postal code').fill('5003');
  await choose(page, 'Country', 'Norw', 'Norway');
  await choose(page, 'Base currency', 'NOK', /^NOK · /);
  await choose(page, 'Fiscal year starts in', '', 'July');
  await choose(page, 'on day', '', '1');
  await page.getByRole('button', { name: 'Add a number' }).click();
  await field(page, 'Number 1').fill('NO 923 456 789 MVA');
  await field(page, 'Email').fill('post@fjord.test');
  await field(page, 'Website').fill('fjord.test');
  await page.getByText('You have unsaved changes.').waitFor();
  await visit(page, 'company-edited');

  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('The company profile is up to date.').waitFor();
  await page.getByText(/^Last saved /).waitFor();

  const saved = await (await s.context.request.get('/api/company')).json();
  expect(saved).toMatchObject({
    legalName: 'Fjord Fisheries AS',
    tradingName: 'Fjord Fish',
    country: 'NO',
    baseCurrency: 'NOK',
    fiscalYearStart: '07-01',
    address: { line1: 'Bryggen 12', city: 'Bergen', postalCode: '5003' },
    email: 'post@fjord.test',
  });
  expect(saved.taxIds).toEqual([{ scheme: 'VAT', value: 'NO 923 456 789 MVA' }]);
  expect(saved.website).toMatch(/fjord\.test/);
});

it('uploads a logo through the file input', async () => {
  const { page } = s;
  await page.getByText('No logo yet. Drop an image here.').waitFor();
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name: 'fjord-logo.png', mimeType: 'image/png', buffer: logo });
  await page.getByText('It will appear on new documents.').waitFor();
  const image = page.getByRole('img', { name: 'Logo of Fjord Fish' });
  await image.waitFor();
  await page.getByText(/^PNG · 48×32 px · 1 KB · uploaded /).waitFor();
  await page.getByRole('button', { name: 'Replace logo' }).waitFor();

  const stored = await s.context.request.get('/api/company/logo');
  expect(stored.status()).toBe(200);
  expect(stored.headers()['content-type']).toBe('image/png');
  expect(sha256(await stored.body())).toBe(sha256(logo));
});

it('shows the same profile and logo after a reload', async () => {
  const { page } = s;
  await page.reload();
  await heading(page, 'Company');
  expect(await field(page, 'Legal name').inputValue()).toBe('Fjord Fisheries AS');
  expect(await field(page, 'Trading name').inputValue()).toBe('Fjord Fish');
  expect(await field(page, 'Address line 1').inputValue()).toBe('Bryggen 12');
  expect(await field(page, 'City').inputValue()).toBe('Bergen');
  expect(await field(page, 'Postal code').inputValue()).toBe('5003');
  expect(await combobox(page, 'Country').inputValue()).toBe('Norway');
  expect(await combobox(page, 'Base currency').inputValue()).toMatch(/^NOK · /);
  expect(await combobox(page, 'Fiscal year starts in').inputValue()).toBe('July');
  expect(await combobox(page, 'on day').inputValue()).toBe('1');
  expect(await field(page, 'Number 1').inputValue()).toBe('NO 923 456 789 MVA');
  expect(await field(page, 'Email').inputValue()).toBe('post@fjord.test');
  await page.getByText(/^Last saved /).waitFor();

  // The logo is drawn from the stored bytes: decoded at its real size.
  const image = page.getByRole('img', { name: 'Logo of Fjord Fish' });
  await image.waitFor();
  await expect
    .poll(() =>
      image.evaluate((img) => [
        (img as { naturalWidth: number }).naturalWidth,
        (img as { naturalHeight: number }).naturalHeight,
      ]),
    )
    .toEqual([48, 32]);
  await visit(page, 'company-saved');

  // The start page's checklist follows: the profile step is done.
  await page.goto('/');
  await heading(page, 'Welcome, Freya');
  const step = page.getByRole('listitem').filter({ hasText: 'Complete the company profile' });
  await expect.poll(() => step.innerText()).toContain('Done.');
  expect(s.problems).toEqual([]);
});
