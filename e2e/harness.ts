import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { afterEach, expect, inject } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { Mailbox } from './mailbox.ts';
import { SHOTS_DIR } from './paths.ts';

export interface Ordo {
  /** The origin the browser uses; also the server's base URL (emailed links, CSRF checks). */
  url: string;
  mail: Mailbox;
  dataDir: string;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, so the base URL can name the port before the server listens. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * The real server, in process, on a fresh embedded store (a copy of the migrated template), sending mail to a real SMTP server.
 * The port is picked first because the base URL is derived from PORT: with PORT=0 it would say
 * `:0` and every emailed link and the CSRF origin check would be wrong.
 */
export async function startOrdo(): Promise<Ordo> {
  const mail = await Mailbox.start();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ordo-e2e-'));
  cpSync(inject('e2eDataTemplate'), dataDir, { recursive: true });
  const port = await freePort();
  const server = await startServer(
    loadConfig({
      ORDO_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      ORDO_DEMO: '0',
      SMTP_URL: mail.url,
      MAIL_FROM: 'Ordo <ordo@e2e.test>',
    }),
    () => {},
  );
  expect(server.url).toBe(`http://127.0.0.1:${port}`);
  return {
    url: server.url,
    mail,
    dataDir,
    async close() {
      await server.close();
      await mail.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with a fresh profile per context (never a downloaded browser). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and Content-Security-Policy violations seen in the page. */
  problems: string[];
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

/** A new browser context (own cookies and storage) with one page on the app's origin. */
export async function openSession(
  browser: Browser,
  ordo: Ordo,
  options: BrowserContextOptions = {},
): Promise<Session> {
  const context = await browser.newContext({
    baseURL: ordo.url,
    viewport: DESKTOP,
    colorScheme: 'light',
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    reducedMotion: 'reduce',
    ...options,
  });
  context.setDefaultTimeout(10_000);
  const problems: string[] = [];
  context.on('weberror', (error) => problems.push(`uncaught: ${error.error().message}`));
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text()))
      problems.push(`csp: ${message.text()}`);
  });
  const page = await context.newPage();
  return { context, page, problems };
}

/** A full-page PNG in test-results/e2e/<name>.png, to look at after the run. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: path.join(SHOTS_DIR, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core in the page and fails on serious or critical violations, naming the rule, its help
 * text and the offending elements. axe is evaluated through the DevTools protocol, so the app's
 * Content-Security-Policy stays on (a CSP break must show up, not be bypassed).
 */
export async function checkA11y(page: Page, label: string): Promise<void> {
  await page.evaluate(axe.source);
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`,
  )) as AxeViolation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map(
    (v) =>
      `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes
        .slice(0, 8)
        .map(
          (n) =>
            `    ${JSON.stringify(n.target)}${n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1).join(' ').trim()}` : ''}`,
        )
        .join('\n')}`,
  );
  expect(report, `accessibility violations on ${label} (${page.url()})`).toEqual([]);
}

/** Screenshot and accessibility check of the page as it is now. */
export async function visit(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0); // no hover state or tooltip left over from the last click
  await shot(page, name);
  await checkA11y(page, name);
}

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

/**
 * Signs a user up through the API with the context's own cookie jar (quicker than the form, which
 * has its own test), so the browser in that context is signed in as them.
 */
export async function signUpViaApi(context: BrowserContext, ordo: Ordo, user: TestUser): Promise<void> {
  const response = await context.request.post('/api/auth/sign-up/email', {
    data: user,
    headers: { origin: ordo.url },
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** Creates an organization as the context's signed-in user; they become its owner. */
export async function createOrgViaApi(
  context: BrowserContext,
  ordo: Ordo,
  org: { name: string; slug: string },
): Promise<void> {
  const response = await context.request.post('/api/orgs', { data: org, headers: { origin: ordo.url } });
  expect(response.status(), await response.text()).toBe(201);
}

/** Waits until the app has rendered a page heading (lazy chunks loaded, data fetched). */
export async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/**
 * After a failed test, a screenshot of every open page (`FAILED-<test>-<n>.png`), since the
 * assertion alone seldom says what the user would have seen.
 */
export function shootOnFailure(sessions: () => (Session | undefined)[]): void {
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    let n = 0;
    for (const session of sessions())
      for (const page of session?.context.pages() ?? [])
        await shot(page, `FAILED-${name}-${++n}`).catch(() => {});
  });
}
