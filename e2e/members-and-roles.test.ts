import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createOrgViaApi,
  heading,
  launchBrowser,
  type Ordo,
  openSession,
  type Session,
  shootOnFailure,
  shot,
  signUpViaApi,
  startOrdo,
  visit,
} from './harness.ts';
import { linkIn } from './mailbox.ts';

// An owner invites a member by email; the member joins from the emailed link in their own browser;
// the navigation and the server both follow the role, before and after a promotion. Also the
// command palette and keyboard shortcuts, which work on the same data.

let ordo: Ordo;
let browser: Browser;
let owner: Session;
let member: Session;
const olga = { name: 'Olga Owner', email: 'olga@northwind.test', password: 'olga-owns-northwind' };
const milo = { name: 'Milo Minderbinder', email: 'milo@northwind.test', password: 'milo-buys-cotton' };

beforeAll(async () => {
  [ordo, browser] = await Promise.all([startOrdo(), launchBrowser()]);
  owner = await openSession(browser, ordo);
  await signUpViaApi(owner.context, ordo, olga);
  await createOrgViaApi(owner.context, ordo, { name: 'Northwind Trading', slug: 'northwind' });
});
shootOnFailure(() => [owner, member]);
afterAll(async () => {
  await browser?.close();
  await ordo?.close();
});

const navLinks = async (page: Page) =>
  (await page.getByRole('navigation', { name: 'Sections' }).getByRole('link').allInnerTexts()).map((t) =>
    t.trim(),
  );

it("shows the server's field error next to the email field of the invite form", async () => {
  const { page } = owner;
  await page.goto('/settings/members');
  await heading(page, 'Members');
  await page.getByRole('row', { name: /Olga Owner/ }).waitFor();
  await visit(page, 'members');

  await page.getByRole('button', { name: 'Invite member' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite a member' });
  await dialog.waitFor();
  // Passes the form's own check (something@something.something); the server refuses it.
  const email = dialog.getByRole('textbox', { name: 'Email' });
  await email.fill('milo@@northwind.test');
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  const error = dialog.getByText('"milo@@northwind.test" is not an email address.');
  await error.waitFor();
  expect(await email.getAttribute('aria-invalid')).toBe('true');
  const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
  expect(describedBy.split(' ')).toContain(await error.getAttribute('id'));
  await visit(page, 'members-invite-error');

  const invitations = await (await owner.context.request.get('/api/invitations')).json();
  expect(invitations.items).toEqual([]);
});

it('invites a member, who accepts from the emailed link in a second browser', async () => {
  const { page } = owner;
  const dialog = page.getByRole('dialog', { name: 'Invite a member' });
  await dialog.getByRole('textbox', { name: 'Email' }).fill(milo.email);
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByText(`${milo.email} will get an email with a link to join.`).waitFor();
  await page.getByRole('heading', { name: 'Pending invitations' }).waitFor();
  await page.getByText(milo.email, { exact: true }).waitFor();

  const mail = await ordo.mail.waitFor(milo.email, /You are invited to Northwind Trading on Ordo/);
  expect(mail.text).toContain('as member');
  const link = linkIn(mail, /^\/invite\//);
  expect(new URL(link).origin).toBe(ordo.url);

  member = await openSession(browser, ordo);
  const p = member.page;
  await p.goto(link);
  await heading(p, 'You are invited');
  await visit(p, 'accept-invitation');
  await p.getByRole('link', { name: 'Create account' }).click();
  await heading(p, 'Create your account');
  await p.getByLabel('Your name').fill(milo.name);
  await p.getByLabel('Work email').fill(milo.email);
  await p.getByRole('textbox', { name: 'Password', exact: true }).fill(milo.password);
  await p.getByRole('button', { name: 'Create account' }).click();

  // Back on the invitation, now signed in.
  await heading(p, 'You are invited');
  await p.getByText(`You are signed in as ${milo.email}`).waitFor();
  await p.getByRole('button', { name: 'Accept and join' }).click();
  await heading(p, 'Welcome, Milo');
  await p.getByText('You are in Northwind Trading as member.').waitFor();

  const members = await (await owner.context.request.get('/api/members')).json();
  expect(members.items.map((m: { email: string; role: string }) => `${m.email}:${m.role}`).sort()).toEqual([
    `${milo.email}:member`,
    `${olga.email}:owner`,
  ]);
});

it('gives a member no API keys or audit log, in the navigation or by typing the address', async () => {
  const p = member.page;
  const links = await navLinks(p);
  expect(links).toContain('Members');
  expect(links).toContain('Company profile');
  expect(links).not.toContain('API keys');
  expect(links).not.toContain('Audit log');
  await visit(p, 'home-member');

  await p.goto('/settings/api-keys');
  await heading(p, 'API keys');
  const alert = p.getByRole('alert').filter({ hasText: 'Could not load this' });
  await alert.waitFor();
  expect(await alert.innerText()).toContain('Your role does not allow api_key:read.');
  expect(await p.getByRole('button', { name: 'Create key' }).count()).toBe(0);
  await visit(p, 'api-keys-forbidden');

  const direct = await member.context.request.get('/api/api-keys');
  expect(direct.status()).toBe(403);
  expect((await direct.json()).error.code).toBe('FORBIDDEN');

  // A member sees the team but cannot change it.
  await p.goto('/settings/members');
  await p.getByRole('row', { name: /Olga Owner/ }).waitFor();
  expect(await p.getByRole('button', { name: 'Invite member' }).count()).toBe(0);
  expect(await p.getByRole('combobox', { name: `Role of ${olga.email}` }).count()).toBe(0);
});

it('promotes the member to admin; after a reload they get API keys and the audit log', async () => {
  const { page } = owner;
  await page.reload();
  const role = page.getByRole('combobox', { name: `Role of ${milo.email}` });
  expect(await role.inputValue()).toBe('Member');
  await role.click();
  await page.getByRole('option', { name: 'Admin' }).click();
  await page.getByText('Milo Minderbinder is now admin.').waitFor();
  await expect.poll(() => role.inputValue()).toBe('Admin'); // once the list is fetched again
  const members = await (await owner.context.request.get('/api/members')).json();
  expect(members.items.find((m: { email: string }) => m.email === milo.email).role).toBe('admin');

  const p = member.page;
  await p.goto('/');
  await p.getByText('You are in Northwind Trading as admin.').waitFor();
  const links = await navLinks(p);
  expect(links).toContain('API keys');
  expect(links).toContain('Audit log');
  await p.getByRole('link', { name: 'API keys' }).click();
  await heading(p, 'API keys');
  await p.getByText('No API keys yet').waitFor();
  expect(await p.getByRole('alert').count()).toBe(0);
  await visit(p, 'api-keys-empty');
  expect((await member.context.request.get('/api/api-keys')).status()).toBe(200);
});

it('finds the Members page and a member by name in the command palette (Ctrl+K)', async () => {
  const { page } = owner;
  await page.goto('/');
  await heading(page, 'Welcome, Olga');
  await page.keyboard.press('Control+K');
  const search = page.getByRole('textbox', { name: 'Search pages and records' });
  await search.waitFor();
  await search.fill('members');
  await page
    .getByRole('button', { name: /^Members/ })
    .first()
    .waitFor();
  await shot(page, 'command-palette-pages');
  await page.keyboard.press('Enter');
  await heading(page, 'Members');
  expect(new URL(page.url()).pathname).toBe('/settings/members');

  await page.goto('/');
  await heading(page, 'Welcome, Olga');
  await page.getByRole('button', { name: /^Search/ }).click();
  await search.fill('Minder');
  const hit = page.getByRole('button', { name: /Milo Minderbinder/ });
  await hit.waitFor();
  expect(await hit.innerText()).toContain(`${milo.email} · admin`);
  await visit(page, 'command-palette-member');
  await hit.click();
  await heading(page, 'Members');

  await page.keyboard.press('Control+K');
  await search.fill('zzzz-nothing');
  await page.getByText('Nothing matches. Try a page name, a person or a key.').waitFor();
  await page.keyboard.press('Escape');
  await search.waitFor({ state: 'hidden' });
});

it('opens the shortcut list with ?, and g-sequences move between pages', async () => {
  const { page } = owner;
  await page.goto('/');
  await heading(page, 'Welcome, Olga');
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  const rows = await dialog.getByRole('row').allInnerTexts();
  expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual(
    expect.arrayContaining(['Ctrl K Search pages and records (⌘K on a Mac)', 'g then m Go to Members']),
  );
  await visit(page, 'shortcuts');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  await page.keyboard.press('g');
  await page.keyboard.press('k');
  await heading(page, 'API keys');
  await page.keyboard.press('g');
  await page.keyboard.press('h');
  await heading(page, 'Welcome, Olga');

  // Typing in a field never triggers a shortcut.
  await page.keyboard.press('Control+K');
  await page.getByRole('textbox', { name: 'Search pages and records' }).fill('?');
  expect(await dialog.isVisible()).toBe(false);
  await page.keyboard.press('Escape');

  expect(owner.problems).toEqual([]);
  expect(member.problems).toEqual([]);
});
