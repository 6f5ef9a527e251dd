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

// An API key made in the browser is shown once, works as a Bearer token for a script, and stops
// working the moment it is revoked.

let ordo: Ordo;
let browser: Browser;
let s: Session;

beforeAll(async () => {
  [ordo, browser] = await Promise.all([startOrdo(), launchBrowser()]);
  s = await openSession(browser, ordo);
  await signUpViaApi(s.context, ordo, {
    name: 'Kira Keymaster',
    email: 'kira@keys.test',
    password: 'kira-keeps-keys',
  });
  await createOrgViaApi(s.context, ordo, { name: 'Keys & Locks GmbH', slug: 'keys-locks' });
});
shootOnFailure(() => [s]);
afterAll(async () => {
  await browser?.close();
  await ordo?.close();
});

const getOrg = (key: string) => fetch(`${ordo.url}/api/org`, { headers: { authorization: `Bearer ${key}` } });

it('creates a key that is shown once and works with Authorization: Bearer', async () => {
  const { page } = s;
  await page.goto('/settings/api-keys');
  await heading(page, 'API keys');
  await page.getByText('No API keys yet').waitFor();

  await page.getByRole('button', { name: 'Create key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create an API key' });
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await dialog.getByText('Name the key after the tool that will use it').waitFor();
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Nightly export');
  await dialog
    .getByRole('textbox', { name: 'Role' })
    .or(dialog.getByRole('combobox', { name: 'Role' }))
    .click();
  await page.getByRole('option', { name: 'manager' }).click();
  await visit(page, 'api-keys-create');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await dialog.waitFor({ state: 'hidden' });

  const shown = page.getByRole('status').filter({ hasText: 'Key "Nightly export" created' });
  await shown.waitFor();
  expect(await shown.innerText()).toContain('it is shown only this once');
  const key = (await page.getByTestId('new-api-key').innerText()).trim();
  expect(key.length).toBeGreaterThan(20);
  const row = page.getByTestId('api-key-Nightly export');
  expect(await row.getByRole('cell').nth(1).textContent()).toBe('manager');
  const prefix = (await row.getByText(/…$/).innerText()).replace('…', '');
  expect(key.startsWith(prefix)).toBe(true);
  await visit(page, 'api-keys-created');

  const response = await getOrg(key);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ name: 'Keys & Locks GmbH', slug: 'keys-locks' });

  // The key has the chosen role, no more: a manager may not list keys.
  const keys = await fetch(`${ordo.url}/api/api-keys`, { headers: { authorization: `Bearer ${key}` } });
  expect(keys.status).toBe(403);

  // Shown once: after a reload only the prefix is left.
  await page.reload();
  await heading(page, 'API keys');
  await row.waitFor();
  expect(await page.getByTestId('new-api-key').count()).toBe(0);
  expect(await page.content()).not.toContain(key);
  expect(await row.getByRole('cell').nth(3).textContent()).not.toBe('Never'); // the call above was recorded
  const listed = await (await s.context.request.get('/api/api-keys')).json();
  expect(listed.items).toHaveLength(1);
  expect(listed.items[0].lastUsedAt).not.toBeNull();
  expect(JSON.stringify(listed)).not.toContain(key);
});

it('revokes the key; the same call is then refused with 401', async () => {
  const { page } = s;
  const row = page.getByTestId('api-key-Nightly export');
  const key = await (async () => {
    // The key is not on the page any more; make a second one to revoke while the first stays.
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API key' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Old script');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('status').filter({ hasText: 'Key "Old script" created' }).waitFor();
    return (await page.getByTestId('new-api-key').innerText()).trim();
  })();
  expect((await getOrg(key)).status).toBe(200);

  page.once('dialog', (confirm) => {
    expect(confirm.message()).toBe('Revoke "Old script"? Anything using it stops working at once.');
    void confirm.accept();
  });
  const old = page.getByTestId('api-key-Old script');
  await old.getByRole('button', { name: 'Revoke Old script' }).click();
  await page.getByText('Key revoked. Tools using it are locked out now.').waitFor();
  await old.getByText('Revoked').waitFor();
  expect(await row.getByRole('button', { name: 'Revoke Nightly export' }).isVisible()).toBe(true);

  const refused = await getOrg(key);
  expect(refused.status).toBe(401);
  expect(await refused.json()).toMatchObject({
    error: { code: 'INVALID_API_KEY', message: 'The API key is not valid or has been revoked.' },
  });
  await visit(page, 'api-keys-revoked');

  // Dismissing the confirmation revokes nothing.
  page.once('dialog', (confirm) => void confirm.dismiss());
  await row.getByRole('button', { name: 'Revoke Nightly export' }).click();
  const listed = await (await s.context.request.get('/api/api-keys')).json();
  expect(
    listed.items.map((k: { name: string; revokedAt: string | null }) => `${k.name}:${Boolean(k.revokedAt)}`),
  ).toEqual(expect.arrayContaining(['Nightly export:false', 'Old script:true']));
  expect(s.problems).toEqual([]);
});
