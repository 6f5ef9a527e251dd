import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { heading, launchBrowser, type Ordo, openSession, type Session, startOrdo, visit } from './harness.ts';
import { linkIn } from './mailbox.ts';

// Signed-out pages and the first run: sign-up, first organization, sign-in errors, password reset
// through the emailed link, and the theme switch on the start page.

let ordo: Ordo;
let browser: Browser;
let s: Session;
const ada = { name: 'Ada Lovelace', email: 'ada@harbour.test', password: 'analytical-engine-1843' };

beforeAll(async () => {
  [ordo, browser] = await Promise.all([startOrdo(), launchBrowser()]);
  s = await openSession(browser, ordo);
});
afterAll(async () => {
  await browser?.close();
  await ordo?.close();
});

it('sends a signed-out visitor to sign-in, and a wrong password gets a message, not a page change', async () => {
  const { page } = s;
  await page.goto('/settings/members');
  await heading(page, 'Sign in');
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  expect(new URL(page.url()).searchParams.get('redirect')).toBe('/settings/members');
  await visit(page, 'sign-in');

  // The form checks what it can before asking the server.
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email address').isVisible()).resolves.toBe(true);

  await page.getByLabel('Email').fill('nobody@harbour.test');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.innerText()).toMatch(/invalid email or password/i);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await visit(page, 'sign-in-error');
});

it('signs up, creates the first organization and lands in it as owner', async () => {
  const { page } = s;
  await page.getByRole('link', { name: 'Create an account' }).click();
  await heading(page, 'Create your account');
  await visit(page, 'sign-up');

  await page.getByLabel('Your name').fill(ada.name);
  await page.getByLabel('Work email').fill(ada.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('Use at least 10 characters').waitFor();
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ada.password);
  await page.getByRole('button', { name: 'Create account' }).click();

  // The sign-in link remembered /settings/members; signing up from there goes back to it, which
  // needs an organization first.
  await heading(page, 'Create an organization');
  expect(new URL(page.url()).pathname).toBe('/welcome');
  await visit(page, 'welcome-new-organization');

  await page.getByLabel('Organization name').fill('Harbour Bakery Ltd');
  expect(await page.getByLabel('Short name (slug)').inputValue()).toBe('harbour-bakery-ltd');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.waitForURL('**/settings/company');

  await page.getByRole('link', { name: 'Ordo, start page' }).click();
  await heading(page, 'Welcome, Ada');
  await expect(page.getByText('You are in Harbour Bakery Ltd as owner.').isVisible()).resolves.toBe(true);
  await expect(
    page.getByRole('button', { name: 'Organization: Harbour Bakery Ltd. Switch organization' }).isVisible(),
  ).resolves.toBe(true);

  const me = await (await s.context.request.get('/api/me')).json();
  expect(me.user.email).toBe(ada.email);
  expect(me.actor.role).toBe('owner');
  expect(me.memberships.map((m: { slug: string }) => m.slug)).toEqual(['harbour-bakery-ltd']);
});

it('switches the start page to the dark theme and keeps the choice across a reload', async () => {
  const { page } = s;
  await page.getByText('Getting started').waitFor();
  await visit(page, 'home-light');
  const scheme = () => page.evaluate('document.documentElement.dataset.mantineColorScheme');
  expect(await scheme()).toBe('light');

  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  expect(await scheme()).toBe('dark');
  expect(await page.evaluate("localStorage.getItem('ordo.color-scheme')")).toBe('dark');
  await page.reload();
  await heading(page, 'Welcome, Ada');
  await page.getByText('Getting started').waitFor();
  expect(await scheme()).toBe('dark');
  await visit(page, 'home-dark');

  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  expect(await scheme()).toBe('light');
  expect(await page.evaluate("localStorage.getItem('ordo.color-scheme')")).toBe('light');
});

it('resets the password through the emailed link, which signs out other sessions', async () => {
  const { page } = s;
  // A second device, signed in with the old password.
  const other = await openSession(browser, ordo);
  const signIn = await other.context.request.post('/api/auth/sign-in/email', {
    data: { email: ada.email, password: ada.password },
    headers: { origin: ordo.url },
  });
  expect(signIn.status()).toBe(200);

  await page.getByRole('button', { name: `Account: ${ada.email}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await heading(page, 'Sign in');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await heading(page, 'Reset your password');
  await visit(page, 'forgot-password');

  await page.getByLabel('Email').fill(ada.email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  const sent = page.getByRole('status').filter({ hasText: 'Check your email' });
  await sent.waitFor();
  expect(await sent.innerText()).toContain(`If an account exists for ${ada.email}`);

  const mail = await ordo.mail.waitFor(ada.email, /Reset your Ordo password/);
  const link = linkIn(mail, /reset-password/);
  expect(new URL(link).origin).toBe(ordo.url);

  await page.goto(link);
  await heading(page, 'Choose a new password');
  expect(new URL(page.url()).pathname).toBe('/reset-password');
  expect(new URL(page.url()).searchParams.get('token')).toBeTruthy();
  await visit(page, 'reset-password');

  const fresh = 'difference-engine-1822';
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill(fresh);
  await page.getByRole('textbox', { name: 'Repeat the new password' }).fill(`${fresh}x`);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('The two passwords differ').waitFor();
  await page.getByRole('textbox', { name: 'Repeat the new password' }).fill(fresh);
  await page.getByRole('button', { name: 'Change password' }).click();
  await heading(page, 'Sign in');
  await page.getByText('Password changed. Sign in with the new one.').waitFor();

  // The link is single use.
  await page.goto(link);
  await heading(page, 'Choose a new password');
  await page.getByText('This reset link is invalid or has expired').waitFor();

  // The old password no longer works, the new one does.
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(ada.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ada.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  expect(await page.getByRole('alert').innerText()).toMatch(/invalid email or password/i);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(fresh);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, 'Welcome, Ada');

  // The other device's session ended with the reset.
  await other.page.goto('/');
  await heading(other.page, 'Sign in');
  await other.context.close();

  expect(s.problems).toEqual([]);
});
