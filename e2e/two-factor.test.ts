import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { totp } from '../src/modules/identity/totp.test-kit.ts';
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

// Two-factor sign-in: set up on the Security page with a code from an authenticator (computed here
// from the key the page shows), then asked for at the next sign-in.

let ordo: Ordo;
let browser: Browser;
let s: Session;
const tess = { name: 'Tess Token', email: 'tess@twofactor.test', password: 'tess-guards-the-books' };
let secret = '';

beforeAll(async () => {
  [ordo, browser] = await Promise.all([startOrdo(), launchBrowser()]);
  s = await openSession(browser, ordo);
  await signUpViaApi(s.context, ordo, tess);
  await createOrgViaApi(s.context, ordo, { name: 'Token Trust Ltd', slug: 'token-trust' });
});
shootOnFailure(() => [s]);
afterAll(async () => {
  await browser?.close();
  await ordo?.close();
});

it('sets up two-factor: password, key and backup codes, then a code from the app turns it on', async () => {
  const { page } = s;
  await page.goto('/settings/security');
  await heading(page, 'Security');
  await expect(page.getByText('Off', { exact: true }).isVisible()).resolves.toBe(true);
  await page.getByLabel('Your password').fill(tess.password);
  await page.getByRole('button', { name: 'Set up two-factor' }).click();
  secret = (await page.getByTestId('totp-secret').innerText()).trim();
  expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/);
  await visit(page, 'security-two-factor-setup');

  await page.getByLabel('3. Code from the app').fill('000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page
    .getByText(/invalid|wrong/i)
    .first()
    .waitFor();
  await page.getByLabel('3. Code from the app').fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByText('On', { exact: true }).waitFor();
});

it('asks for the code after the password at the next sign-in', async () => {
  const { page } = s;
  await page.getByRole('button', { name: /^Account/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await heading(page, 'Sign in');
  await page.getByLabel('Email').fill(tess.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(tess.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, 'Two-factor sign-in');
  await visit(page, 'two-factor-prompt');

  await page.getByLabel('Authentication code').fill('123456');
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('alert').waitFor();
  expect(new URL(page.url()).pathname).toBe('/two-factor');

  await page.getByLabel('Authentication code').fill(totp(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await heading(page, /Welcome/);
  const me = (await page.evaluate(() => fetch('/api/me').then((r) => r.json()))) as {
    user: { email: string };
  };
  expect(me.user.email).toBe(tess.email);
});
