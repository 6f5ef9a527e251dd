import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import type { Store } from '../db/client.ts';
import { createTestStore } from '../db/test-db.ts';
import { createMailer } from '../modules/comms/index.ts';
import { createAuth } from '../modules/identity/auth.ts';
import { createApp } from './app.ts';

export interface Caller {
  cookie?: string;
  key?: string;
  org?: string;
  headers?: Record<string, string>;
}

/**
 * A real app on a fresh test store, driven in process through `app.request` (real auth, real
 * database, mail written as .eml files). For tests only.
 */
export async function createTestApp(options: { signInPerMinute?: number; maxBodyBytes?: number } = {}) {
  const store: Store = await createTestStore();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ordo-test-'));
  const config = {
    ...loadConfig({ ORDO_DATA_DIR: dataDir, PORT: '3999' }),
    maxBodyBytes: options.maxBodyBytes ?? 1_048_576,
  };
  const mailer = createMailer({ from: config.mailFrom, dataDir });
  const resetLinks: { to: string; url: string }[] = [];
  const auth = createAuth({
    db: store.db,
    baseUrl: config.baseUrl,
    secret: 'test-secret-that-is-long-enough-0123456789',
    signInPerMinute: options.signInPerMinute,
    sendResetPassword: async (to, url) => {
      resetLinks.push({ to, url });
    },
  });
  const app = createApp({ store, auth, config, mailer });

  async function call(method: string, url: string, body?: unknown, as: Caller = {}) {
    const headers: Record<string, string> = { origin: config.baseUrl, ...as.headers };
    if (as.cookie) headers.cookie = as.cookie;
    if (as.key) headers.authorization = `Bearer ${as.key}`;
    if (as.org) headers['x-ordo-org'] = as.org;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await app.request(url, { method, headers, body: payload });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    // biome-ignore lint/suspicious/noExplicitAny: test convenience: assertions read arbitrary JSON
    return { status: res.status, body: json as any, headers: res.headers };
  }

  /** Signs up through better-auth and returns the session cookie. */
  async function signUp(email: string, name = email.split('@')[0]!, password = 'correct-horse-battery') {
    const res = await app.request('/api/auth/sign-up/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: config.baseUrl },
      body: JSON.stringify({ email, password, name }),
    });
    if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
    return sessionCookie(res);
  }

  async function signIn(email: string, password = 'correct-horse-battery') {
    const res = await app.request('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: config.baseUrl },
      body: JSON.stringify({ email, password }),
    });
    return {
      status: res.status,
      cookie: res.status === 200 ? sessionCookie(res) : undefined,
      body: await res.json(),
    };
  }

  return {
    app,
    store,
    auth,
    config,
    dataDir,
    resetLinks,
    call,
    signUp,
    signIn,
    async close() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function sessionCookie(res: Response): string {
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const session = cookies.find((c) => c.startsWith('ordo.session_token='));
  if (!session) throw new Error(`no session cookie in ${cookies.join(', ')}`);
  return cookies.join('; ');
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
