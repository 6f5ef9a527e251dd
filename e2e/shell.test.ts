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
  shot,
  signUpViaApi,
  startOrdo,
  visit,
} from './harness.ts';

// The workspace around every module: each section page renders inside the shell and passes the
// accessibility check; on a 375 px phone the navigation folds behind the burger and still works.

let ordo: Ordo;
let browser: Browser;
let desktop: Session;
let phone: Session;
const sam = { name: 'Sam Shell', email: 'sam@shell.test', password: 'sam-sells-sea-shells' };

beforeAll(async () => {
  [ordo, browser] = await Promise.all([startOrdo(), launchBrowser()]);
  desktop = await openSession(browser, ordo);
  await signUpViaApi(desktop.context, ordo, sam);
  await createOrgViaApi(desktop.context, ordo, { name: 'Seaside Shells Co', slug: 'seaside' });
});
shootOnFailure(() => [desktop, phone]);
afterAll(async () => {
  await browser?.close();
  await ordo?.close();
});

/** Whether any of the element is inside the viewport (a collapsed navbar is moved off-screen). */
async function onScreen(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).boundingBox();
  const viewport = page.viewportSize();
  if (!box || !viewport) return false;
  return box.x + box.width > 0 && box.x < viewport.width && box.y + box.height > 0 && box.y < viewport.height;
}

/** The element that has keyboard focus, described by its role-ish attributes and text. */
const focused = (page: Page) =>
  page.evaluate(
    `(() => { const e = document.activeElement; return e ? { inNav: Boolean(e.closest('nav[aria-label="Sections"]')), text: (e.getAttribute('aria-label') || e.textContent || '').trim() } : null })()`,
  ) as Promise<{ inNav: boolean; text: string } | null>;

/** Header controls that stick out of the viewport, e.g. `Account: … right 389 > 375`. */
async function headerOverflow(page: Page): Promise<string[]> {
  const width = page.viewportSize()!.width;
  const out: string[] = [];
  for (const control of await page.locator('header').getByRole('button').or(page.locator('header a')).all()) {
    if (!(await control.isVisible())) continue;
    const box = (await control.boundingBox())!;
    if (box.x < 0 || box.x + box.width > width)
      out.push(
        `${await control.getAttribute('aria-label')}: ${Math.round(box.x)}–${Math.round(box.x + box.width)} of ${width}`,
      );
  }
  return out;
}

/** The navigation link marked as the current page. */
const currentNav = (page: Page) =>
  page.getByRole('navigation', { name: 'Sections' }).locator('a[aria-current="page"]').innerText();

const PAGES = [
  { nav: 'Finance overview', path: '/finance', title: 'Finance', shot: 'finance' },
  { nav: 'Operations overview', path: '/operations', title: 'Operations', shot: 'operations' },
  { nav: 'Team', path: '/people', title: 'Team', shot: 'people' },
  { nav: 'Health check', path: '/insights', title: 'Health check', shot: 'insights' },
  { nav: 'Security', path: '/settings/security', title: 'Security', shot: 'security' },
];

it('opens every section page from the navigation, marks it current and titles the tab', async () => {
  const { page } = desktop;
  await page.goto('/');
  await heading(page, 'Welcome, Sam');
  for (const target of PAGES) {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: target.nav }).click();
    await heading(page, target.title);
    expect(new URL(page.url()).pathname).toBe(target.path);
    expect(await currentNav(page)).toBe(target.nav);
    expect(await page.title()).toBe(`${target.title} · Ordo`);
    await page.getByRole('progressbar').or(page.getByRole('status')).first().waitFor({ state: 'hidden' });
    await visit(page, target.shot);
  }
  await page.getByText('Two-factor sign-in').first().waitFor();
  await page.getByRole('button', { name: 'Set up two-factor' }).waitFor();
});

it('shows the audit log page to the owner', async () => {
  const { page } = desktop;
  await page.goto('/settings/audit');
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  expect(await currentNav(page)).toBe('Audit log');
  await page.waitForLoadState('networkidle');
  await visit(page, 'audit');
});

it('says so when an address leads nowhere', async () => {
  const { page } = desktop;
  await page.goto('/settings/no-such-page');
  await heading(page, 'Page not found');
  await visit(page, 'not-found');
  await page.getByRole('link', { name: 'Go to the start page' }).click();
  await heading(page, 'Welcome, Sam');
  expect(desktop.problems).toEqual([]);
});

it('folds the navigation behind the burger at 375 px, and it still works', async () => {
  phone = await openSession(browser, ordo, { viewport: PHONE, isMobile: true, hasTouch: true });
  const signIn = await phone.context.request.post('/api/auth/sign-in/email', {
    data: { email: sam.email, password: sam.password },
    headers: { origin: ordo.url },
  });
  expect(signIn.status()).toBe(200);
  const { page } = phone;
  await page.goto('/');
  await heading(page, 'Welcome, Sam');
  const nav = page.getByRole('navigation', { name: 'Sections' });
  const burger = page.getByRole('button', { name: 'Open navigation' });
  expect(await burger.isVisible()).toBe(true);
  expect(await onScreen(page, 'nav[aria-label="Sections"]')).toBe(false);
  // Folded away means out of the keyboard's way too: Tab from the last header control skips it.
  await page.getByRole('button', { name: `Account: ${sam.email}` }).focus();
  await page.keyboard.press('Tab');
  expect((await focused(page))?.inNav).toBe(false);
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
  expect(await headerOverflow(page)).toEqual([]);
  await visit(page, 'home-375');
  await page.setViewportSize({ width: 320, height: PHONE.height }); // the smallest phones still sold
  expect(await headerOverflow(page)).toEqual([]);
  await shot(page, 'home-320');
  await page.setViewportSize(PHONE);

  await burger.click();
  await nav.waitFor();
  await expect.poll(() => onScreen(page, 'nav[aria-label="Sections"]')).toBe(true);
  expect(await burger.getAttribute('aria-expanded')).toBe('true');
  await visit(page, 'navigation-open-375');
  await nav.getByRole('link', { name: 'Members' }).click();
  await heading(page, 'Members');
  await expect.poll(() => onScreen(page, 'nav[aria-label="Sections"]')).toBe(false); // closes after choosing
  expect(new URL(page.url()).pathname).toBe('/settings/members');
  await page.getByText(sam.email).first().waitFor();
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
  await visit(page, 'members-375');

  await burger.click();
  await nav.getByRole('link', { name: 'Health check' }).click();
  await heading(page, 'Health check');
  await visit(page, 'insights-375');

  // The search stays reachable on a phone.
  await page.getByRole('button', { name: /^Search/ }).click();
  await page.getByRole('textbox', { name: 'Search pages and records' }).fill('security');
  await page.keyboard.press('Enter');
  await heading(page, 'Security');
  await visit(page, 'security-375');
  expect(phone.problems).toEqual([]);
});
